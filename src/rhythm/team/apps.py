from django.apps import AppConfig


class TeamConfig(AppConfig):
    name = "rhythm.team"
    label = "team"
