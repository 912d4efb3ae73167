from django.apps import AppConfig


class PlaybookConfig(AppConfig):
    name = "rhythm.playbook"
    label = "playbook"
