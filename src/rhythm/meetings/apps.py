from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "rhythm.meetings"
    label = "meetings"
