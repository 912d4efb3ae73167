"""Reads of timeline activities, scoped to the asking user."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

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


def get_activity(user: Any, account: Account, activity_id: int) -> Activity:
    """Return one activity of the account's timeline, or raise 404 (another account's too).

    The 404 names the id asked for, the same whether the activity is another account's,
    outside the user's view, or unknown.
    """
    activity = list_activities(user, account).filter(pk=activity_id).first()
    if activity is None:
        raise Http404(f"No such activity: {activity_id}.")
    return activity
