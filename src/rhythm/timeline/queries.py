"""Reads of timeline activities, scoped to the asking user."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from rhythm.accounts.models import Account
from rhythm.timeline.models import Activity


def list_activities(user: Any, account: Account) -> QuerySet[Activity]:
    """Return an account's timeline, newest first, with attendees loaded up front."""
    return (
        Activity.objects.visible_to(user)
        .filter(account=account)
        .select_related("logged_by", "session")
        .prefetch_related("contacts", "members")
    )
