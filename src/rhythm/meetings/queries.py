"""Reads of EBRs and leadership check-ins, scoped to the asking user."""

from __future__ import annotations

from typing import Any

from rhythm.accounts.models import Account
from rhythm.meetings.models import Ebr, LeadershipCheckIn


def ebr_being_prepared(user: Any, account: Account) -> Ebr | None:
    """Return the account's EBR being prepared, as the rules see it (EBR-2, EBR-3)."""
    return Ebr.objects.visible_to(user).filter(account=account).in_preparation()


def last_ebr_held(user: Any, account: Account) -> Ebr | None:
    """Return the account's latest EBR held that Rhythm tracked (not only logged)."""
    return Ebr.objects.visible_to(user).filter(account=account).last_held()


def check_in_planned(user: Any, account: Account) -> LeadershipCheckIn | None:
    """Return the account's leadership check-in planned and not held yet."""
    return LeadershipCheckIn.objects.visible_to(user).filter(account=account).planned()
