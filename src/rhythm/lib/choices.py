"""Fixed enumerations shared by several apps (the playbook's code lists are settings instead)."""

from django.db import models


class Rag(models.TextChoices):
    """A red / yellow / green status, used for health, use cases and plans."""

    GREEN = "green", "Green"
    YELLOW = "yellow", "Yellow"
    RED = "red", "Red"
