from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "rhythm.imports"
    label = "imports"
