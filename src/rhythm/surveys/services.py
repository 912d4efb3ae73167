"""Every write to survey responses goes through here: the UI, the API and imports."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from rhythm.accounts.models import Account
from rhythm.contacts.models import Contact
from rhythm.lib.dates import record_date_error
from rhythm.lib.upsert import Outcome, check_fields, lock_row, save_changes
from rhythm.surveys.models import SURVEY_COMMENT, SurveyKind, SurveyResponse

SCORE_RANGES: dict[str, tuple[int, int]] = {
    SurveyKind.NPS.value: (0, 10),
    SurveyKind.CSAT.value: (1, 5),
}


def score_error(kind: str, score: int) -> str | None:
    """Say why a score does not fit its survey's scale (`SCORE_RANGES`), or return None when
    it does (or the kind has no scale known here: the kind is checked on its own)."""
    if kind not in SCORE_RANGES:
        return None
    low, high = SCORE_RANGES[kind]
    if low <= score <= high:
        return None
    return f"{score} is outside the {kind.upper()} scale of {low} to {high}."


def record_survey_response(
    *,
    account: Account,
    kind: str,
    date: dt.date,
    score: int,
    contact: Contact | None = None,
    nth: int = 1,
    **values: Any,
) -> tuple[SurveyResponse, Outcome]:
    """Record a survey answer, or update the score of the same contact's answer that day.

    An answer with a contact is known by account, contact, kind and date: the contact's
    answer sent again with another score updates it. An anonymous answer has no one to
    tell it by, so it is known by all it says (account, kind, date, score and comment):
    the same again is the same answer, and any other is another person's, kept beside it.
    Several people may give the same anonymous answer on a day: `nth` says which of those
    identical answers this is (an import counts its identical rows, so importing a file
    again matches each row to its own answer). The score must fit the kind's scale
    (`SCORE_RANGES`: NPS 0-10, CSAT 1-5). Accepted extra field: comment.
    """
    check_fields(values, {"comment"})
    errors = check_survey_response(
        account=account,
        kind=kind,
        date=date,
        score=score,
        contact=contact,
        comment=values.get("comment"),
    )
    if errors:
        raise ValidationError(errors)
    if contact is None:
        values["comment"] = values.get("comment", "").strip()
    with transaction.atomic():
        lock_row(Account, account.pk)  # the same answer sent twice at once is kept once
        same = SurveyResponse.objects.filter(account=account, contact=contact, kind=kind, date=date)
        if contact is None:
            identical = same.filter(score=score, comment=values["comment"]).order_by("id")
            response = identical[nth - 1 : nth].first()
        else:
            response = same.first()
        response = response or SurveyResponse(
            account=account, contact=contact, kind=kind, date=date
        )
        return response, save_changes(response, {"score": score, **values})


def check_survey_response(
    *,
    account: Account,
    kind: str,
    date: dt.date | None,
    score: int | None,
    contact: Contact | None = None,
    comment: str | None = None,
) -> dict[str, list[str]]:
    """Say what `record_survey_response` refuses in an answer, by field, writing nothing: a
    date in the future, a contact of another account, a score off its survey's scale, a
    comment too long. `record_survey_response` asks this first; a form refused on its own
    fields (no date) asks it of the others, so all its errors show at once. A date or
    score not known (None: one the form could not read) is not checked."""
    errors: dict[str, list[str]] = {}
    if date is not None and (refused := record_date_error(date, "record answers received.")):
        errors["date"] = refused
    if contact is not None and contact.account_id != account.pk:
        errors["contact"] = [f"{contact.email or contact.name} is not a contact of {account}."]
    if score is not None and (off_scale := score_error(kind, score)):
        errors["score"] = [off_scale]
    if too_long := SURVEY_COMMENT.errors(comment):
        errors["comment"] = too_long
    return errors
