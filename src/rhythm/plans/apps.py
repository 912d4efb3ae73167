from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "rhythm.plans"
    label = "plans"
