"""Reads of renewals, scoped to the asking user."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rhythm.accounts.models import Account
from rhythm.playbook.rules.renewals import review_due
from rhythm.renewals.models import Renewal, RenewalOutcome

if TYPE_CHECKING:
    from rhythm.playbook.settings import RenewalReviewSettings


def review_due_on(
    user: Any, account: Account, due: dt.date, reviews: Sequence[RenewalReviewSettings]
) -> tuple[Renewal, str] | None:
    """Return the open renewal and the review stage whose review is due on `due`, if any.

    `reviews` are the playbook's review stages (REN-1: five and three months before the
    renewal), so an item's due date names the review it asks for.
    """
    renewals = Renewal.objects.visible_to(user).filter(account=account, outcome=RenewalOutcome.OPEN)
    for renewal in renewals.order_by("renewal_date"):
        for review in reviews:
            if review_due(renewal.renewal_date, review) == due:
                return renewal, review.stage
    return None
