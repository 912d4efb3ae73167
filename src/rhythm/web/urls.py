from django.contrib.auth import views as auth_views
from django.urls import path

from rhythm.web.views import accounts, actions, adoption, day, plans, team

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", day.my_day, name="home"),
    path("team/", team.team_dashboard, name="team"),
    path("accounts/", accounts.account_list, name="account-list"),
    path("accounts/<int:account_id>/", accounts.account_detail, name="account-detail"),
    path(
        "accounts/<int:account_id>/activities/",
        accounts.account_log_activity,
        name="account-log-activity",
    ),
    path(
        "accounts/<int:account_id>/contacts/",
        accounts.account_add_contact,
        name="account-add-contact",
    ),
    path("accounts/<int:account_id>/plans/", plans.account_save_plan, name="account-save-plan"),
    path(
        "accounts/<int:account_id>/use-cases/",
        adoption.account_record_use_case,
        name="account-record-use-case",
    ),
    path(
        "accounts/<int:account_id>/milestones/",
        adoption.account_record_milestone,
        name="account-record-milestone",
    ),
    path(
        "accounts/<int:account_id>/plans/<str:kind>/objectives/",
        plans.account_add_objective,
        name="account-add-objective",
    ),
    path(
        "accounts/<int:account_id>/priority/",
        accounts.account_override_priority,
        name="account-override-priority",
    ),
    path(
        "accounts/<int:account_id>/queue/log/",
        actions.item_log_activity,
        name="item-log-activity",
    ),
    path(
        "accounts/<int:account_id>/queue/renewal-review/",
        actions.item_log_renewal_review,
        name="item-log-renewal-review",
    ),
    path(
        "accounts/<int:account_id>/queue/survey/",
        actions.item_record_survey,
        name="item-record-survey",
    ),
    path(
        "accounts/<int:account_id>/queue/plan-ebr/",
        actions.item_plan_ebr,
        name="item-plan-ebr",
    ),
    path(
        "accounts/<int:account_id>/queue/hold-ebr/",
        actions.item_hold_ebr,
        name="item-hold-ebr",
    ),
    path(
        "accounts/<int:account_id>/queue/after-ebr/",
        actions.item_after_ebr,
        name="item-after-ebr",
    ),
    path(
        "accounts/<int:account_id>/queue/use-case/",
        actions.item_record_use_case,
        name="item-record-use-case",
    ),
    path(
        "accounts/<int:account_id>/queue/usage/",
        actions.item_record_usage,
        name="item-record-usage",
    ),
    path(
        "accounts/<int:account_id>/queue/milestone/",
        actions.item_record_milestone,
        name="item-record-milestone",
    ),
    path(
        "accounts/<int:account_id>/queue/plan-date/",
        actions.item_plan_date,
        name="item-plan-date",
    ),
    path(
        "accounts/<int:account_id>/queue/health/",
        actions.item_record_health,
        name="item-record-health",
    ),
    path(
        "accounts/<int:account_id>/queue/review/",
        actions.item_review_priority,
        name="item-review-priority",
    ),
    path(
        "accounts/<int:account_id>/queue/follow-up/",
        actions.item_open_action,
        name="item-open-action",
    ),
]
