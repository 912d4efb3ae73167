from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "rhythm.surveys"
    label = "surveys"
