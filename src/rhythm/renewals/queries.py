"""Reads of renewals, scoped to the asking user."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from rhythm.accounts.models import Account
from rhythm.playbook.queue import AccountCalendar
from rhythm.renewals.models import Renewal, RenewalOutcome

if TYPE_CHECKING:
    from rhythm.playbook.settings import RenewalReviewSettings


def review_due_on(
    user: Any, account: Account, due: dt.date, reviews: Sequence[RenewalReviewSettings]
) -> tuple[Renewal, str] | None:
    """Return the open renewal and the review stage whose review is due on `due`, if any.

    `reviews` are the playbook's review stages (REN-1: five and three months before the
    renewal), so an item's due date names the review it asks for: a lead in business days
    counted in the account's working calendar, as REN-1 counts it (`review_due`).
    """
    renewals = Renewal.objects.visible_to(user).filter(account=account, outcome=RenewalOutcome.OPEN)
    days = AccountCalendar(account)
    for renewal in renewals.order_by("renewal_date"):
        for review in reviews:
            if days.shift(renewal.renewal_date, review.before, before=True) == due:
                return renewal, review.stage
    return None


def open_renewal(user: Any, account: Account) -> Renewal | None:
    """Return the account's next open renewal, with its reviews, if it has one."""
    renewals = Renewal.objects.visible_to(user).filter(account=account, outcome=RenewalOutcome.OPEN)
    return renewals.prefetch_related("reviews").order_by("renewal_date").first()


def closed_renewals(user: Any, account: Account) -> list[Renewal]:
    """Return the account's closed renewals, latest first."""
    closed = Renewal.objects.visible_to(user).filter(account=account)
    return list(closed.exclude(outcome=RenewalOutcome.OPEN).order_by("-renewal_date"))


def list_renewals(user: Any, account: Account) -> QuerySet[Renewal]:
    """Return the account's renewals, latest first, with their reviews."""
    renewals = Renewal.objects.visible_to(user).filter(account=account)
    return renewals.prefetch_related("reviews").order_by("-renewal_date")


def renewal_on(user: Any, account: Account, renewal_date: dt.date | None) -> Renewal:
    """Return the account's renewal of that date, or its next open one when no date is given.

    Refuse, naming the field, when there is none: a review or a closing needs its renewal.
    """
    if renewal_date is None:
        renewal = open_renewal(user, account)
        missing = f"{account.name} has no open renewal; send the renewal's date."
    else:
        renewal = list_renewals(user, account).filter(renewal_date=renewal_date).first()
        missing = f"{account.name} has no renewal on {renewal_date.isoformat()}."
    if renewal is None:
        raise ValidationError({"renewal_date": [missing]})
    return renewal
