"""API: an account's health history, and recording its health (HEALTH-1, HEALTH-2)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Status
from ninja.pagination import paginate

from rhythm.accounts.queries import get_account, get_writable_account
from rhythm.accounts.scoping import member_of
from rhythm.health.queries import list_health
from rhythm.health.schemas import HealthIn, HealthOut
from rhythm.health.services import record_health
from rhythm.lib.api_status import status_of

router = Router(tags=["health"])


@router.get(
    "/accounts/{account_id}/health",
    summary="List an account's health history",
    response=list[HealthOut],
)
@paginate
def health(request: HttpRequest, account_id: int):
    """List an account's health assessments, newest first; the first is current."""
    return list_health(request.user, get_account(request.user, account_id))


@router.post(
    "/accounts/{account_id}/health",
    summary="Record health (HEALTH-1)",
    response={200: HealthOut, 201: HealthOut},
)
def create_health(request: HttpRequest, account_id: int, payload: HealthIn):
    """Record an account's health, which clears HEALTH-1 (and REN-2's health item).

    One assessment a day: recording the same day again updates it (200), and the parts
    not sent keep their value.
    """
    account = get_writable_account(request.user, account_id)
    values = payload.model_dump(exclude_unset=True, exclude={"date", "overall"})
    update, outcome = record_health(
        account=account,
        date=payload.date or timezone.localdate(),
        overall=payload.overall,
        updated_by=member_of(request.user),
        **values,
    )
    return Status(status_of(outcome), list_health(request.user, account).get(pk=update.pk))
