"""The account's renewal as its page shows it: the open one with its reviews, the closed
ones, and the form that closes the open one (REN-1, REN-2, REN-6).

The reviews shown are those the rules count: recorded as reviews, or logged only on the
timeline as a renewal review meeting (which counts for the stage due nearest to it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from rhythm.accounts.models import Account
from rhythm.playbook.rules import AccountFacts
from rhythm.playbook.rules.renewals import stage_label
from rhythm.playbook.settings import PlaybookSettings
from rhythm.renewals.models import Renewal
from rhythm.renewals.queries import closed_renewals, open_renewal
from rhythm.web.forms import CloseRenewalForm, form_ids


@dataclass(frozen=True)
class ReviewHeld:
    """A review of the open renewal as the rules count it, and who of the team was there."""

    stage: str
    held_on: dt.date
    roles: tuple[str, ...]
    recorded: bool  # False: logged only on the timeline
    label: str  # when the stage is due, as the account's settings have it: '5 months before'


@dataclass(frozen=True)
class ClosedRenewal:
    """A closed renewal, and how its ARR moved: renewed higher, lower, the same, or lost."""

    renewal: Renewal

    @property
    def change(self) -> Decimal | None:
        """Return the ARR renewed less the ARR that was up, or None when either is unknown."""
        renewed, was = self.renewal.renewed_arr, self.renewal.arr
        return None if renewed is None or was is None else renewed - was

    @property
    def size(self) -> Decimal | None:
        """Return how much the ARR moved, up or down (None if unknown)."""
        change = self.change
        return None if change is None else abs(change)

    @property
    def change_percent(self) -> Decimal | None:
        """Return the size of the change in percent of the ARR that was up, to a tenth (None
        if unknown)."""
        size, was = self.size, self.renewal.arr
        if size is None or not was:
            return None
        return (100 * size / was).quantize(Decimal("0.1"))

    @property
    def direction(self) -> str:
        """Say how the ARR moved: 'up', 'down', 'flat', or '' when it is not known."""
        change = self.change
        if change is None:
            return ""
        return "up" if change > 0 else "down" if change < 0 else "flat"


@dataclass(frozen=True)
class RenewalSection:
    """The open renewal (None when there is none), its reviews held, the closed ones, and
    the closing form."""

    open: Renewal | None
    reviews: tuple[ReviewHeld, ...]
    closed: tuple[ClosedRenewal, ...]
    close_form: CloseRenewalForm | None
    overdue: bool = False  # the open renewal's date has passed with no outcome recorded


def renewal_section(
    user: Any,
    account: Account,
    bound: Mapping[str, Any],
    facts: AccountFacts | None,
    settings: PlaybookSettings,
) -> RenewalSection:
    """Build the section; `bound` may hold a submitted "renewal" form, `facts` are the
    account as the rules saw it today (its renewals with the reviews they count), and
    `settings` the playbook it ran on (which names each review's stage)."""
    current = open_renewal(user, account)
    form = bound.get("renewal")
    reviews: tuple[ReviewHeld, ...] = ()
    if current is not None:
        if form is None:
            form = CloseRenewalForm(renewal_date=current.renewal_date, auto_id=form_ids("renewal"))
        recorded = {(review.stage, review.held_on) for review in current.reviews.all()}
        counted = next(
            (
                r.reviews
                for r in (facts.renewals if facts else ())
                if r.renewal_date == current.renewal_date
            ),
            (),
        )
        reviews = tuple(
            ReviewHeld(
                r.stage,
                r.held_on,
                r.attendee_roles,
                (r.stage, r.held_on) in recorded,
                stage_label(r.stage, settings.renewals.reviews),
            )
            for r in counted
        )
    return RenewalSection(
        open=current,
        reviews=reviews,
        closed=tuple(ClosedRenewal(r) for r in closed_renewals(user, account)),
        close_form=form,
        overdue=current is not None and current.renewal_date < timezone.localdate(),
    )
