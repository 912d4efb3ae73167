"""Helpers for the page tests: log in, today's date, and accounts with a known queue."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from rhythm.accounts.models import Account
from rhythm.team.models import TeamMember
from tests.factories import ActivityFactory, account_owned_by


def logged_in(client, member: TeamMember):
    """Log the client in as the member's user."""
    client.force_login(member.user)
    return client


def today() -> dt.date:
    """Return the date the pages treat as today."""
    return timezone.localdate()


def with_late_call(member: TeamMember, name: str, days_ago: int = 20) -> Account:
    """Create an account in the member's book whose P1 cadence call (CAD-1) is late.

    The factory's premium account has no green use case, so it is P1 (calls every 14
    days); a last call `days_ago` days ago makes the next one late, not yet non-engaged.
    """
    account = account_owned_by(member, name=name)
    ActivityFactory(account=account, kind="cadence_call", date=today() - dt.timedelta(days_ago))
    return account


def shown_items(response) -> list:
    """Return the work items a My day response shows, section by section."""
    return [row.item for section in response.context["sections"] for row in section.rows]
