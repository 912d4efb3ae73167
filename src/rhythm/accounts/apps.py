from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "rhythm.accounts"
    label = "accounts"
