from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "rhythm.health"
    label = "health"
