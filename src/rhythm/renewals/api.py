"""API: an account's renewals; set the next one, record its reviews (REN-1, REN-2) and how
it closed (REN-6)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Status

from rhythm.accounts.queries import get_account, get_writable_account
from rhythm.accounts.scoping import member_of
from rhythm.lib.api_status import status_of
from rhythm.renewals.queries import list_renewals, renewal_on
from rhythm.renewals.schemas import CloseRenewalIn, OpenRenewalIn, RenewalOut, RenewalReviewIn
from rhythm.renewals.services import (
    record_closed_renewal,
    record_renewal_review,
    upsert_open_renewal,
)

router = Router(tags=["renewals"])
ANSWERS = {200: RenewalOut, 201: RenewalOut}


@router.get(
    "/accounts/{account_id}/renewals",
    summary="List an account's renewals",
    response=list[RenewalOut],
)
def renewals(request: HttpRequest, account_id: int):
    """List an account's renewals, latest first, each with its outcome and reviews held."""
    return list_renewals(request.user, get_account(request.user, account_id))


@router.post(
    "/accounts/{account_id}/renewals", summary="Set the next renewal (REN-1)", response=ANSWERS
)
def set_open_renewal(request: HttpRequest, account_id: int, payload: OpenRenewalIn):
    """Set the date (and outlook) of the account's next renewal, opening it if there is none.

    REN-1 plans its reviews five and three months before that date.
    """
    account = get_writable_account(request.user, account_id)
    renewal, outcome = upsert_open_renewal(
        account=account, renewal_date=payload.renewal_date, outlook=payload.outlook
    )
    return Status(status_of(outcome), list_renewals(request.user, account).get(pk=renewal.pk))


@router.post(
    "/accounts/{account_id}/renewals/reviews",
    summary="Record a renewal review held (REN-1, REN-2)",
    response=ANSWERS,
)
def create_renewal_review(request: HttpRequest, account_id: int, payload: RenewalReviewIn):
    """Record a renewal review as held (REN-1), logged on the timeline with its attendees,
    whom REN-2 checks; answers the renewal with its reviews."""
    account = get_writable_account(request.user, account_id)
    renewal = renewal_on(request.user, account, payload.renewal_date)
    _, outcome = record_renewal_review(
        renewal=renewal,
        stage=payload.stage,
        held_on=payload.held_on or timezone.localdate(),
        attendee_emails=payload.attendees,
        logged_by=member_of(request.user),
        notes=payload.notes,
    )
    return Status(status_of(outcome), list_renewals(request.user, account).get(pk=renewal.pk))


@router.post(
    "/accounts/{account_id}/renewals/close",
    summary="Close a renewal, renewed or churned (REN-6)",
    response=ANSWERS,
)
def close_renewal(request: HttpRequest, account_id: int, payload: CloseRenewalIn):
    """Record how a renewal ended, renewed or churned, which the renewal rate counts (REN-6).

    A `next_renewal_date` opens the account's next renewal.
    """
    account = get_writable_account(request.user, account_id)
    renewal_date = payload.renewal_date or renewal_on(request.user, account, None).renewal_date
    renewal, outcome = record_closed_renewal(
        account=account,
        renewal_date=renewal_date,
        outcome=payload.outcome,
        closed_on=payload.closed_on or timezone.localdate(),
        arr=payload.arr,
        renewed_arr=payload.renewed_arr,
        next_renewal_date=payload.next_renewal_date,
    )
    return Status(status_of(outcome), list_renewals(request.user, account).get(pk=renewal.pk))
