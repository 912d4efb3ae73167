from django.contrib.auth import views as auth_views
from django.urls import path

from rhythm.web import views

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.home, name="home"),
    path("accounts/", views.account_list, name="account-list"),
    path("accounts/<int:account_id>/", views.account_detail, name="account-detail"),
    path(
        "accounts/<int:account_id>/activities/",
        views.account_log_activity,
        name="account-log-activity",
    ),
]
