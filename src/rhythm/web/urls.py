from django.contrib.auth import views as auth_views
from django.urls import path

from rhythm.web.login import EmailLoginForm
from rhythm.web.views import accounts, actions, day, plans, records, sessions, team, timeline

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=EmailLoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", day.my_day, name="home"),
    path("team/", team.team_dashboard, name="team"),
    path("team/time-off/", team.team_time_off, name="team-time-off"),
    path(
        "team/time-off/<int:period_id>/withdraw/",
        team.team_withdraw_time_off,
        name="team-withdraw-time-off",
    ),
    path("sessions/", sessions.session_list, name="sessions"),
    path("accounts/", accounts.account_list, name="account-list"),
    path("accounts/<int:account_id>/", accounts.account_detail, name="account-detail"),
    path(
        "accounts/<int:account_id>/activities/",
        accounts.account_log_activity,
        name="account-log-activity",
    ),
    path(
        "accounts/<int:account_id>/activities/<int:activity_id>/",
        timeline.account_activity,
        name="account-activity",
    ),
    path(
        "accounts/<int:account_id>/activities/<int:activity_id>/edit/",
        timeline.activity_edit,
        name="account-activity-edit",
    ),
    path(
        "accounts/<int:account_id>/timeline/",
        accounts.account_timeline,
        name="account-timeline",
    ),
    path(
        "accounts/<int:account_id>/contacts/",
        accounts.account_add_contact,
        name="account-add-contact",
    ),
    path("accounts/<int:account_id>/plans/", plans.account_save_plan, name="account-save-plan"),
    path(
        "accounts/<int:account_id>/plans/<str:kind>/objectives/",
        plans.account_add_objective,
        name="account-add-objective",
    ),
    path(
        "accounts/<int:account_id>/action-items/",
        plans.account_open_action_item,
        name="account-open-action-item",
    ),
    path(
        "accounts/<int:account_id>/action-items/<int:item_id>/",
        plans.account_close_action_item,
        name="account-close-action-item",
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
    # Last: a use case, a milestone, the next EBR or check-in (`records.RECORDS`).
    path(
        "accounts/<int:account_id>/<slug:what>/",
        records.account_record,
        name="account-record",
    ),
]
