"""API: record a customer's NPS or CSAT answer (NPS-1)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Status

from rhythm.accounts.queries import get_writable_account
from rhythm.contacts.queries import answering_contact
from rhythm.lib.api_status import status_of
from rhythm.surveys.schemas import SurveyResponseIn, SurveyResponseOut
from rhythm.surveys.services import record_survey_response

router = Router(tags=["surveys"])


@router.post(
    "/accounts/{account_id}/surveys",
    summary="Record a survey answer (NPS-1)",
    response={200: SurveyResponseOut, 201: SurveyResponseOut},
)
def create_survey_response(request: HttpRequest, account_id: int, payload: SurveyResponseIn):
    """Record an NPS or CSAT answer, which clears NPS-1.

    The same contact's answer of the same kind and day is updated (200) instead of counted
    twice; `contact` must be one of the account's contacts. Without `contact`, another score
    or comment is another person's answer (201), and the same again is not counted twice.
    """
    account = get_writable_account(request.user, account_id)
    contact = answering_contact(request.user, account, payload.contact)
    response, outcome = record_survey_response(
        account=account,
        kind=payload.kind,
        score=payload.score,
        date=payload.date or timezone.localdate(),
        contact=contact,
        comment=payload.comment.strip(),
    )
    return Status(status_of(outcome), response)
