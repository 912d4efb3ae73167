from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "rhythm.web"
    label = "web"
