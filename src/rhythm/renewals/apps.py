from django.apps import AppConfig


class RenewalsConfig(AppConfig):
    name = "rhythm.renewals"
    label = "renewals"
