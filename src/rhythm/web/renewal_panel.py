"""The account's renewal as its page shows it: the open one with its reviews, the closed
ones, and the form that closes the open one (REN-1, REN-2, REN-6).

The reviews shown are those the rules count: recorded as reviews, or logged only on the
timeline as a renewal review meeting (which counts for the stage due nearest to it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rhythm.accounts.models import Account
from rhythm.playbook.rules import AccountFacts
from rhythm.renewals.models import Renewal, ReviewStage
from rhythm.renewals.queries import closed_renewals, open_renewal
from rhythm.web.forms import CloseRenewalForm, form_ids


@dataclass(frozen=True)
class ReviewHeld:
    """A review of the open renewal as the rules count it, and who of the team was there."""

    stage: str
    held_on: dt.date
    roles: tuple[str, ...]
    recorded: bool  # False: logged only on the timeline

    @property
    def label(self) -> str:
        """Name the stage as the review form does ('5 months before')."""
        labels = dict(ReviewStage.choices)
        return str(labels.get(self.stage, self.stage.replace("_", " ")))


@dataclass(frozen=True)
class RenewalSection:
    """The open renewal (None when there is none), its reviews held, the closed ones, and
    the closing form."""

    open: Renewal | None
    reviews: tuple[ReviewHeld, ...]
    closed: list[Renewal]
    close_form: CloseRenewalForm | None


def renewal_section(
    user: Any, account: Account, bound: Mapping[str, Any], facts: AccountFacts | None
) -> RenewalSection:
    """Build the section; `bound` may hold a submitted "renewal" form, and `facts` are the
    account as the rules saw it today (its renewals with the reviews they count)."""
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
            ReviewHeld(r.stage, r.held_on, r.attendee_roles, (r.stage, r.held_on) in recorded)
            for r in counted
        )
    return RenewalSection(
        open=current, reviews=reviews, closed=closed_renewals(user, account), close_form=form
    )
