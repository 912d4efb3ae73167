"""Every write to renewals and expansion playbooks goes through here: the UI, the API, imports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from rhythm.accounts.models import Account
from rhythm.lib.dates import date_range_error, record_date_error
from rhythm.lib.upsert import Outcome, check_fields, lock_row, save_changes
from rhythm.playbook.queue import account_settings
from rhythm.playbook.rules.renewals import stage_label
from rhythm.renewals.models import (
    ExpansionPlaybook,
    ExpansionStageChange,
    Renewal,
    RenewalOutcome,
    RenewalReview,
)
from rhythm.team.models import TeamMember
from rhythm.timeline.models import Activity, ActivityKind
from rhythm.timeline.services import check_activity, upsert_activity


def upsert_open_renewal(
    *, account: Account, renewal_date: dt.date, outlook: str | None = None
) -> tuple[Renewal, Outcome]:
    """Set the date and outlook of the account's open renewal, creating it when there is none.

    The ARR up for renewal is copied from the account, so set the account's ARR first. An
    outlook of None keeps the stored one (flat for a new renewal). A closed renewal is
    history and is never changed here, and the open one comes after the last one closed: a
    date before it is a typo that would put the next renewal before the last, and refused.
    """
    renewals = Renewal.objects.filter(account=account)
    renewal = renewals.filter(outcome=RenewalOutcome.OPEN).order_by("renewal_date").first()
    last = renewals.exclude(outcome=RenewalOutcome.OPEN).order_by("-renewal_date").first()
    if last is not None and renewal_date == last.renewal_date:
        message = f"The renewal of {renewal_date.isoformat()} is already closed."
        raise ValidationError({"renewal_date": [message]})
    if last is not None and renewal_date < last.renewal_date:
        message = (
            f"The next renewal comes after the last one closed: the renewal of "
            f"{last.renewal_date.isoformat()}, {last.get_outcome_display().lower()}."
        )
        raise ValidationError({"renewal_date": [message]})
    if out_of_range := date_range_error(renewal_date):
        raise ValidationError({"renewal_date": out_of_range})
    if too_early := renewal_before_start_error(renewal_date, account.initial_transaction_date):
        raise ValidationError({"renewal_date": [too_early]})
    renewal = renewal or Renewal(account=account)
    values: dict[str, Any] = {"renewal_date": renewal_date, "arr": account.arr}
    if outlook is not None:
        values["outlook"] = outlook
    return renewal, save_changes(renewal, values)


def renewal_before_start_error(renewal_date: dt.date, started: dt.date | None) -> str | None:
    """Say why an open renewal dated before the account's initial transaction is refused.

    A subscription renews after it was bought: such a date is a typo, and every rule would
    ignore the renewal. A date already past but after the purchase is an overdue renewal.
    """
    if started is None or renewal_date >= started:
        return None
    return (
        f"The renewal date {renewal_date.isoformat()} is before the account's initial "
        f"transaction on {started.isoformat()}."
    )


def open_renewal_before_start(account: Account) -> str | None:
    """Say why the account's open renewal no longer fits its initial transaction, if it
    does not: the purchase was moved after it (`renewal_before_start_error`)."""
    started = account.initial_transaction_date
    if started is None:
        return None
    renewals = Renewal.objects.filter(account=account, outcome=RenewalOutcome.OPEN)
    early = renewals.filter(renewal_date__lt=started).order_by("renewal_date").first()
    return None if early is None else renewal_before_start_error(early.renewal_date, started)


def upsert_expansion(
    *,
    account: Account,
    kind: str,
    opened_on: dt.date,
    changed_on: dt.date | None = None,
    **values: Any,
) -> tuple[ExpansionPlaybook, Outcome]:
    """Open an expansion playbook, or update the given fields of the one opened that day.

    Each stage entered is recorded (on `opened_on` for the first one, on `changed_on`, by
    default today, for a change) so the days spent per stage can be counted. Accepted
    fields: stage, closed_on, outcome. Both dates are days that have come (it was opened,
    and closed, then), not before 1970.
    """
    check_fields(values, {"stage", "closed_on", "outcome"})
    dates = {
        "opened_on": (opened_on, "record a playbook once it is opened."),
        "closed_on": (values.get("closed_on"), "record a playbook closed once it has closed."),
    }
    errors = {
        name: refused
        for name, (day, advice) in dates.items()
        if day and (refused := record_date_error(day, advice))
    }
    if errors:
        raise ValidationError(errors)
    playbook = ExpansionPlaybook.objects.filter(
        account=account, kind=kind, opened_on=opened_on
    ).first()
    playbook = playbook or ExpansionPlaybook(account=account, kind=kind, opened_on=opened_on)
    previous_stage = None if playbook._state.adding else playbook.stage
    outcome = save_changes(playbook, values)
    if playbook.stage and playbook.stage != previous_stage:
        entered_on = opened_on if previous_stage is None else changed_on or timezone.localdate()
        ExpansionStageChange.objects.create(
            playbook=playbook, stage=playbook.stage, entered_on=entered_on
        )
    return playbook, outcome


def record_closed_renewal(
    *,
    account: Account,
    renewal_date: dt.date,
    outcome: str,
    closed_on: dt.date,
    arr: Decimal | None = None,
    renewed_arr: Decimal | None = None,
    next_renewal_date: dt.date | None = None,
) -> tuple[Renewal, Outcome]:
    """Record how a renewal ended (renewed or churned), the ARR renewed, and the next one.

    Closed renewals are the history behind the renewal rate and net revenue retention
    (REN-6). The ARR up for renewal defaults to the one recorded (else the account's); the
    ARR renewed to all of it when renewed, and is nothing when churned. A next renewal
    date opens the account's next renewal, which REN-1 and REN-2 then plan the reviews of.
    """
    renewal = Renewal.objects.filter(account=account, renewal_date=renewal_date).first()
    renewal = renewal or Renewal(account=account, renewal_date=renewal_date)
    arr = arr if arr is not None else renewal.arr if renewal.arr is not None else account.arr
    if renewed_arr is None:
        renewed_arr = arr if outcome == RenewalOutcome.RENEWED else Decimal(0)
    errors = check_closed_renewal(
        account=account,
        renewal_date=renewal_date,
        outcome=outcome,
        closed_on=closed_on,
        renewed_arr=renewed_arr,
        next_renewal_date=next_renewal_date,
    )
    if errors:
        raise ValidationError(errors)
    values = {"outcome": outcome, "closed_on": closed_on, "arr": arr, "renewed_arr": renewed_arr}
    with transaction.atomic():
        result = save_changes(renewal, values)
        if next_renewal_date is not None:
            upsert_open_renewal(account=account, renewal_date=next_renewal_date)
    return renewal, result


def check_closed_renewal(
    *,
    account: Account,
    renewal_date: dt.date,
    outcome: str,
    closed_on: dt.date | None,
    renewed_arr: Decimal | None,
    next_renewal_date: dt.date | None,
) -> dict[str, list[str]]:
    """Say what `record_closed_renewal` refuses in a renewal's closing, by field, writing
    nothing. A form refused on its own fields (no closing date) asks this of the others,
    so all its errors show at once; a closing date not known (None) is not checked."""
    errors: dict[str, list[str]] = {}
    if out_of_range := date_range_error(renewal_date):
        errors["renewal_date"] = out_of_range
    if outcome not in (RenewalOutcome.RENEWED, RenewalOutcome.CHURNED):
        errors["outcome"] = [f"{outcome!r} is not a closed outcome; use renewed or churned."]
    closing = "record a renewal once it has closed."
    if closed_on is not None and (refused := record_date_error(closed_on, closing)):
        errors["closed_on"] = refused
    if renewed_arr is not None and renewed_arr < 0:
        errors["renewed_arr"] = ["The ARR renewed cannot be negative."]
    elif outcome == RenewalOutcome.CHURNED and renewed_arr:
        errors["renewed_arr"] = ["A churned renewal renews no ARR; leave it empty or 0."]
    if next_renewal_date is not None and next_renewal_date <= renewal_date:
        later = f"The next renewal comes after this one ({renewal_date.isoformat()})."
        errors["next_renewal_date"] = [later]
    elif next_renewal_date is not None and (out_of_range := date_range_error(next_renewal_date)):
        errors["next_renewal_date"] = out_of_range
    elif next_renewal_date is not None and (
        too_early := renewal_before_start_error(next_renewal_date, account.initial_transaction_date)
    ):
        errors["next_renewal_date"] = [too_early]
    return errors


def record_renewal_review(
    *,
    renewal: Renewal,
    stage: str,
    held_on: dt.date,
    attendee_emails: Sequence[str] | None = None,
    logged_by: TeamMember | None = None,
    notes: str = "",
) -> tuple[RenewalReview, Outcome]:
    """Record the 5- or 3-month renewal review as held, and log it on the timeline.

    The timeline entry carries the attendees, so REN-2 can check that the account team it
    asks for (`renewals.attendee_roles`: the CSM, AE and SA) was there; the member logging
    it is not added. Attendees not given (None) and empty notes keep what an entry of that
    day already has.
    One meeting is one review: a day already recorded as another stage's review is refused.
    Everything is checked before anything is written (`check_renewal_review`), in the
    write's transaction with the account's row locked, so a second request recording the
    same day as another stage's review waits for the first and is then refused.
    """
    details: dict[str, Any] = {"logged_by": logged_by}
    if attendee_emails is not None:
        details["attendee_emails"] = attendee_emails
    if notes.strip():
        details["notes"] = notes
    with transaction.atomic():
        lock_row(Account, renewal.account_id)
        errors = check_renewal_review(
            renewal=renewal,
            stage=stage,
            held_on=held_on,
            attendee_emails=attendee_emails,
            notes=notes,
        )
        if errors:
            raise ValidationError(errors)
        activity, _ = upsert_activity(
            account=renewal.account, kind=ActivityKind.RENEWAL_REVIEW, date=held_on, **details
        )
        review = RenewalReview.objects.filter(renewal=renewal, stage=stage).first()
        review = review or RenewalReview(renewal=renewal, stage=stage)
        outcome = save_changes(review, {"held_on": held_on, "activity": activity})
    return review, outcome


def check_renewal_review(
    *,
    renewal: Renewal,
    stage: str,
    held_on: dt.date | None,
    attendee_emails: Sequence[str] | None = None,
    notes: str = "",
) -> dict[str, list[str]]:
    """Say what `record_renewal_review` refuses in a review, by field, writing nothing; it
    asks this first, so every error shows at once: a day in the future or already recorded
    as another stage's review (one meeting is one review), and the timeline entry's notes
    and attendees as `check_activity` checks an activity's. A form refused on its own
    fields asks this of what it took: a day not known (None: one that did not parse) is
    not checked."""
    errors = check_activity(
        account=renewal.account,
        kind=ActivityKind.RENEWAL_REVIEW,
        date=None,
        notes=notes,
        attendee_emails=attendee_emails or (),
    )
    if held_on is None:
        return errors
    if refused := record_date_error(held_on, "record a review once it is held."):
        errors["held_on"] = refused
    elif found := _other_review_on(renewal, stage, held_on):
        reviews = account_settings(renewal.account).renewals.reviews
        recorded = (
            f"the {stage_label(found.stage, reviews)} review of the renewal on "
            f"{found.renewal.renewal_date.isoformat()}"
        )
        errors["held_on"] = [
            f"The renewal review of {held_on.isoformat()} is already recorded as "
            f"another review ({recorded}); one meeting is one review."
        ]
    return errors


def _other_review_on(renewal: Renewal, stage: str, held_on: dt.date) -> RenewalReview | None:
    """Return the review of another renewal or stage recorded on the timeline entry that a
    review held on `held_on` is logged on (the one `upsert_activity` finds), if any."""
    entry = Activity.objects.filter(
        account=renewal.account, kind=ActivityKind.RENEWAL_REVIEW, date=held_on
    )
    activity = entry.order_by("id").first()
    if activity is None:
        return None
    other = RenewalReview.objects.filter(activity=activity).exclude(renewal=renewal, stage=stage)
    return other.select_related("renewal").first()
