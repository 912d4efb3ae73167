from django.apps import AppConfig


class AdoptionConfig(AppConfig):
    name = "rhythm.adoption"
    label = "adoption"
