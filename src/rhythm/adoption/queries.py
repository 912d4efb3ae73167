"""Reads of adoption data (use-case statuses, milestones), scoped to the asking user."""

from __future__ import annotations

from typing import Any

from rhythm.accounts.models import Account
from rhythm.adoption.models import Milestone, UseCaseStatus


def current_use_cases(user: Any, account: Account) -> list[UseCaseStatus]:
    """Return each tracked use case's latest status, by use case.

    The rules read the same history (ADOPT-1, PRIO-1): the latest record wins.
    """
    statuses = UseCaseStatus.objects.visible_to(user).filter(account=account)
    latest: dict[str, UseCaseStatus] = {}
    for record in statuses.order_by("date", "pk"):
        latest[record.use_case] = record
    return [latest[use_case] for use_case in sorted(latest)]


def list_milestones(user: Any, account: Account) -> list[Milestone]:
    """Return the milestones the account has reached, in order."""
    return list(Milestone.objects.visible_to(user).filter(account=account).order_by("reached_on"))
