"""Every write to survey responses goes through here: the UI, the API and imports."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError

from rhythm.accounts.models import Account
from rhythm.contacts.models import Contact
from rhythm.lib.dates import record_date_error
from rhythm.lib.upsert import Outcome, check_fields, save_changes
from rhythm.surveys.models import SurveyKind, SurveyResponse

SCORE_RANGES: dict[str, tuple[int, int]] = {
    SurveyKind.NPS.value: (0, 10),
    SurveyKind.CSAT.value: (1, 5),
}


def record_survey_response(
    *,
    account: Account,
    kind: str,
    date: dt.date,
    score: int,
    contact: Contact | None = None,
    **values: Any,
) -> tuple[SurveyResponse, Outcome]:
    """Record a survey answer, or update the score of the same contact's answer that day.

    A response is known by account, contact (or none), kind and date. The score must fit
    the kind's scale: NPS 0-10, CSAT 1-5. Accepted extra field: comment.
    """
    check_fields(values, {"comment"})
    errors = {}
    if refused := record_date_error(date, "record answers received."):
        errors["date"] = refused
    if contact is not None and contact.account_id != account.pk:
        errors["contact"] = [f"{contact.email or contact.name} is not a contact of {account}."]
    if kind in SCORE_RANGES:
        low, high = SCORE_RANGES[kind]
        if not low <= score <= high:
            errors["score"] = [f"{score} is outside the {kind.upper()} scale of {low} to {high}"]
    if errors:
        raise ValidationError(errors)
    response = SurveyResponse.objects.filter(
        account=account, contact=contact, kind=kind, date=date
    ).first()
    response = response or SurveyResponse(account=account, contact=contact, kind=kind, date=date)
    return response, save_changes(response, {"score": score, **values})
