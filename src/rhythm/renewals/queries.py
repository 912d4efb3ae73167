"""Reads of renewals, scoped to the asking user."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from rhythm.accounts.models import Account
from rhythm.playbook.rules.dates import Duration, shift
from rhythm.renewals.models import Renewal, RenewalOutcome


def review_due_on(
    user: Any, account: Account, due: dt.date, stages: Sequence[tuple[str, Duration]]
) -> tuple[Renewal, str] | None:
    """Return the open renewal and the review stage whose review is due on `due`, if any.

    `stages` are the playbook's review stages and how long before the renewal each is due
    (REN-1: five and three months), so an item's due date names the review it asks for.
    """
    renewals = Renewal.objects.visible_to(user).filter(account=account, outcome=RenewalOutcome.OPEN)
    for renewal in renewals.order_by("renewal_date"):
        for stage, before in stages:
            if shift(renewal.renewal_date, before, before=True) == due:
                return renewal, stage
    return None
