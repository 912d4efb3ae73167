"""Reads of account health, scoped to the asking user."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from rhythm.accounts.models import Account
from rhythm.health.models import HealthUpdate


def list_health(user: Any, account: Account) -> QuerySet[HealthUpdate]:
    """Return an account's health assessments, newest first, with who made each."""
    updates = HealthUpdate.objects.visible_to(user).filter(account=account)
    return updates.select_related("updated_by").order_by("-date")
