from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "rhythm.contacts"
    label = "contacts"
