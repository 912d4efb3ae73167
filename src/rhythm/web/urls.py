from django.contrib.auth import views as auth_views
from django.urls import path

from rhythm.web.views import accounts, actions, day, plans, records, team

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
        records.account_record_use_case,
        name="account-record-use-case",
    ),
    path("accounts/<int:account_id>/ebrs/", records.account_plan_ebr, name="account-plan-ebr"),
    path(
        "accounts/<int:account_id>/check-ins/",
        records.account_plan_check_in,
        name="account-plan-check-in",
    ),
    path(
        "accounts/<int:account_id>/milestones/",
        records.account_record_milestone,
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
        "accounts/<int:account_id>/queue/<slug:slug>/",
        actions.item_action,
        name="item-action",
    ),
]
