"""API: the time off of the CSMs in your view, recording it and withdrawing it (CAP-2)."""

from __future__ import annotations

from typing import Annotated

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Path, Query, Router, Status
from ninja.errors import HttpError

from rhythm.accounts.scoping import can_record_work, member_of
from rhythm.lib.api_errors import NotInView
from rhythm.lib.api_status import status_of
from rhythm.playbook.rules.capacity import TIME_OFF_WINDOW
from rhythm.team.models import TimeOff
from rhythm.team.queries import list_time_off, members_in_view
from rhythm.team.schemas import TimeOffFilter, TimeOffIn, TimeOffOut
from rhythm.team.services import record_time_off, withdraw_time_off

router = Router(tags=["team"])


@router.get("/team/time-off", summary="List time off (CAP-2)", response=list[TimeOffOut])
def time_off(request: HttpRequest, filters: Query[TimeOffFilter]):
    """List the time off of the CSMs in your view (your own, your team's, or everyone's for
    leadership) that ends on or after `since`, earliest first."""
    since = filters.since or timezone.localdate() - TIME_OFF_WINDOW
    return list_time_off([m.email for m in members_in_view(request.user)], since)


@router.post(
    "/team/time-off",
    summary="Record time off (CAP-2)",
    response={200: TimeOffOut, 201: TimeOffOut},
)
def create_time_off(request: HttpRequest, payload: TimeOffIn):
    """Record a period of paid time off, which CAP-2 counts against capacity.

    A CSM records their own, a manager their team's; leadership only reads. The same
    member and first day again changes the period's last day and note (200).
    """
    if not can_record_work(request.user):
        raise HttpError(403, "Your role can read time off but not record it.")
    yourself = member_of(request.user)
    email = payload.member or (yourself.email if yourself else "")
    if not email:
        raise ValidationError({"member": ["Name the team member whose time off this is."]})
    member = next(
        (m for m in members_in_view(request.user) if m.email.casefold() == email.casefold()),
        None,
    )
    if member is None:
        raise NotInView(f"No CSM with email {email!r} in your view.", "member")
    period, outcome = record_time_off(
        member=member, starts_on=payload.starts_on, ends_on=payload.ends_on, note=payload.note
    )
    return Status(status_of(outcome), period)


@router.delete(
    "/team/time-off/{period_id}",
    summary="Withdraw time off (CAP-2)",
    response={204: None},
)
def delete_time_off(
    request: HttpRequest,
    period_id: Annotated[int, Path(description="The period's `id`, as the list answers it.")],
):
    """Withdraw a period of time off recorded by mistake or no longer taken; CAP-2 stops
    counting it. Who may record a period may withdraw it; one outside your view is 404."""
    if not can_record_work(request.user):
        raise HttpError(403, "Your role can read time off but not withdraw it.")
    emails = {m.email.casefold() for m in members_in_view(request.user)}
    period = TimeOff.objects.select_related("member").filter(pk=period_id).first()
    if period is None or period.member.email.casefold() not in emails:
        raise NotInView(f"No time off {period_id} in your view.", "period_id")
    withdraw_time_off(period)
    return Status(204, None)
