"""Every write to adoption data goes through here: use-case statuses, milestones and usage."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError

from rhythm.accounts.models import Account
from rhythm.adoption.models import LicenseUsage, Milestone, UseCaseStatus
from rhythm.lib import codes
from rhythm.lib.dates import record_date_error
from rhythm.lib.upsert import Outcome, check_codes, check_fields, save_changes

MATURITY_SCORE_MAX = 100


def record_use_case_status(
    *, account: Account, use_case: str, date: dt.date, status: str, **values: Any
) -> tuple[UseCaseStatus, Outcome]:
    """Record a use case's status on a date, or update the status already recorded that day.

    One status per use case per day keeps the history replayable. Accepted extra field:
    maturity_score, from 0 to 100: the handbook names CI and DevSecOps maturity scores
    without a scale, and a score out of 100 holds any narrower one (1 to 5, say).
    """
    check_fields(values, {"maturity_score"})
    check_codes({"use_case": use_case}, {"use_case": (codes.USE_CASES, "use case")})
    if refused := record_date_error(date, "record a status once it is assessed."):
        raise ValidationError({"date": refused})
    score = values.get("maturity_score")
    if score is not None and not 0 <= score <= MATURITY_SCORE_MAX:
        message = f"{score} is outside the maturity score's scale of 0 to {MATURITY_SCORE_MAX}."
        raise ValidationError({"maturity_score": [message]})
    record = UseCaseStatus.objects.filter(account=account, use_case=use_case, date=date).first()
    record = record or UseCaseStatus(account=account, use_case=use_case, date=date)
    return record, save_changes(record, {"status": status, **values})


def _before_transaction(account: Account, day: dt.date, why: str) -> list[str]:
    """Refuse a day before the account's initial transaction, where time to value starts."""
    bought = account.initial_transaction_date
    if bought is None or day >= bought:
        return []
    return [f"{day.isoformat()} is before {account.name}'s initial transaction, {bought}; {why}"]


def record_milestone(
    *, account: Account, milestone: str, reached_on: dt.date
) -> tuple[Milestone, Outcome]:
    """Record the date an account reached an onboarding milestone, correcting an earlier date.

    An account reaches each milestone once, so a new date replaces the old one. Onboarding
    starts with the initial transaction (time to first value is counted from it), so a
    milestone dated before it is refused.
    """
    if refused := record_date_error(reached_on, "record a milestone once it is reached."):
        raise ValidationError({"reached_on": refused})
    if refused := _before_transaction(account, reached_on, "a milestone is reached after it."):
        raise ValidationError({"reached_on": refused})
    record = Milestone.objects.filter(account=account, milestone=milestone).first()
    record = record or Milestone(account=account, milestone=milestone)
    return record, save_changes(record, {"reached_on": reached_on})


def record_usage(
    *, account: Account, date: dt.date, licenses_activated: int
) -> tuple[LicenseUsage, Outcome]:
    """Record the licenses activated on a date, and keep the account's figure at the latest.

    `Account.licenses_activated` is what lists and rules read, so it must follow the newest
    usage record whatever order the records arrive in. Correcting it counts as an update.
    A count dated after today is refused, and so is one before the initial transaction:
    licenses are activated once bought, and first value is counted from the purchase.
    """
    if refused := record_date_error(date, "record usage once it is counted."):
        raise ValidationError({"date": refused})
    if refused := _before_transaction(account, date, "licenses are activated once bought."):
        raise ValidationError({"date": refused})
    record = LicenseUsage.objects.filter(account=account, date=date).first()
    record = record or LicenseUsage(account=account, date=date)
    outcome = save_changes(record, {"licenses_activated": licenses_activated})
    latest = LicenseUsage.objects.filter(account=account).order_by("-date").first()
    if latest is not None and account.licenses_activated != latest.licenses_activated:
        account.licenses_activated = latest.licenses_activated
        account.save(update_fields=["licenses_activated", "updated_at"])
        outcome = "updated" if outcome == "unchanged" else outcome
    return record, outcome
