"""API: record a use case's health (ADOPT-2), an onboarding milestone (TTV-1, TTV-2) and the
licenses activated (TTV-2's first value)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Status

from rhythm.accounts.queries import get_writable_account
from rhythm.adoption.schemas import (
    MilestoneIn,
    MilestoneOut,
    UsageIn,
    UsageOut,
    UseCaseStatusIn,
    UseCaseStatusOut,
)
from rhythm.adoption.services import record_milestone, record_usage, record_use_case_status
from rhythm.lib.api_status import status_of

router = Router(tags=["adoption"])


@router.post(
    "/accounts/{account_id}/use-cases",
    summary="Record a use case's health (ADOPT-2)",
    response={200: UseCaseStatusOut, 201: UseCaseStatusOut},
)
def create_use_case_status(request: HttpRequest, account_id: int, payload: UseCaseStatusIn):
    """Record a use case's health, which clears ADOPT-2; the same day again updates it."""
    account = get_writable_account(request.user, account_id)
    values = payload.model_dump(exclude_unset=True, include={"maturity_score"})
    record, outcome = record_use_case_status(
        account=account,
        use_case=payload.use_case,
        status=payload.status,
        date=payload.date or timezone.localdate(),
        **values,
    )
    return Status(status_of(outcome), record)


@router.post(
    "/accounts/{account_id}/milestones",
    summary="Record a milestone reached (TTV-1, TTV-2)",
    response={200: MilestoneOut, 201: MilestoneOut},
)
def create_milestone(request: HttpRequest, account_id: int, payload: MilestoneIn):
    """Record the day an onboarding milestone was reached (TTV-1, TTV-2); a milestone is
    reached once, so sending another day corrects it."""
    account = get_writable_account(request.user, account_id)
    record, outcome = record_milestone(
        account=account,
        milestone=payload.milestone,
        reached_on=payload.reached_on or timezone.localdate(),
    )
    return Status(status_of(outcome), record)


@router.post(
    "/accounts/{account_id}/usage",
    summary="Record the licenses activated (TTV-2, TTV-3)",
    response={200: UsageOut, 201: UsageOut},
)
def create_usage(request: HttpRequest, account_id: int, payload: UsageIn):
    """Record the licenses activated on a day; enough of them mark first value (TTV-2)."""
    account = get_writable_account(request.user, account_id)
    record, outcome = record_usage(
        account=account,
        date=payload.date or timezone.localdate(),
        licenses_activated=payload.licenses_activated,
    )
    return Status(status_of(outcome), record)
