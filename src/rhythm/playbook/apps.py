from django.apps import AppConfig
from django.core import checks


class PlaybookConfig(AppConfig):
    name = "rhythm.playbook"
    label = "playbook"

    def ready(self) -> None:
        from rhythm.playbook.checks import playbook_file, playbook_teams

        checks.register(playbook_file)
        checks.register(playbook_teams)
