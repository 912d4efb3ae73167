"""API: list and record workshops and roundtables (WS-1, WS-2, RT-1); plan an account's next
EBR (EBR-1, EBR-2) and leadership check-in (CHK-1); record the EBR's preparation steps and
its follow-up (EBR-3, EBR-4)."""

# Without postponed annotations: django-ninja reads the `since` parameter's type at runtime.
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status
from ninja.pagination import paginate

from rhythm.accounts.queries import get_writable_account, list_accounts
from rhythm.accounts.scoping import can_record_work, member_of
from rhythm.lib.api_errors import NotInView
from rhythm.lib.api_status import status_of
from rhythm.lib.schema_types import Day
from rhythm.meetings.queries import list_sessions
from rhythm.meetings.schemas import (
    EbrStepIn,
    EbrStepOut,
    FollowUpSentIn,
    HeldEbrOut,
    PlanMeetingIn,
    PlannedMeetingOut,
    PlanUpdatedIn,
    SessionIn,
    SessionOut,
)
from rhythm.meetings.services import (
    plan_check_in,
    plan_ebr,
    record_after_ebr,
    record_ebr_step,
    record_session,
)
from rhythm.team.services import find_member

router = Router(tags=["meetings"])
PLANNED = {200: PlannedMeetingOut, 201: PlannedMeetingOut}


@router.get("/sessions", summary="List workshops and roundtables", response=list[SessionOut])
@paginate
def sessions(
    request: HttpRequest,
    since: Day | None = None,
    kind: Literal["workshop", "roundtable"] | None = Query(
        None, description="Only workshops, or only roundtables."
    ),
    q: str = Query(
        "",
        description="Keep the sessions whose topic, or the name of one of your accounts "
        "there, contains this (case ignored).",
    ),
):
    """List the workshops and roundtables your accounts attended since `since` (a year ago
    by default), newest first, naming only the accounts you may see; only one `kind`, and
    only those whose topic or one of your accounts there has `q` in its name, if given."""
    # A page of it is loaded, with its attendance.
    return list_sessions(request.user, since, kind=kind or "", text=q)


@router.post(
    "/sessions",
    summary="Record a workshop or roundtable (WS-1, WS-2, RT-1)",
    response={200: SessionOut, 201: SessionOut},
)
def create_session(request: HttpRequest, payload: SessionIn):
    """Record a workshop or roundtable held, logged on each attending account's timeline.

    Several accounts need each one's consent date; a roundtable names its `industries`
    (or one `industry`, the older form), and counts for each of them (RT-1). Each
    account must be one you may record work on (404 if you cannot see it). Recording the
    same kind, topic and date again, whoever recorded it, updates that session (200): a
    lead not sent keeps the one recorded, and you lead a new session by default;
    industries not sent keep the ones recorded, and a list sent replaces them. The older
    `industry` sent alone keeps the industries recorded when they already include it (its
    case aside), so sending back the one industry read does not drop the others; one not
    among them replaces them, as a list would.
    """
    if not can_record_work(request.user):
        raise PermissionDenied("Your role can read sessions but not record them.")
    wanted = [a.account_id for a in payload.accounts]
    found = list_accounts(request.user).in_bulk(wanted)  # one query, whatever the number
    if missing := [pk for pk in wanted if pk not in found]:
        fields = [f"accounts.{n}.account_id" for n, pk in enumerate(wanted) if pk not in found]
        raise NotInView(f"No such account: {', '.join(map(str, missing))}.", *fields)
    accounts = [(found[a.account_id], a.consented_on) for a in payload.accounts]
    lead = None
    if payload.lead:
        lead = find_member(payload.lead)
        if lead is None:
            raise ValidationError({"lead": [f"No team member with the email {payload.lead!r}."]})
    session, outcome = record_session(
        kind=payload.kind,
        topic=payload.topic,
        date=payload.date or timezone.localdate(),
        accounts=accounts,
        lead=lead,
        recorded_by=member_of(request.user),
        industries=payload.industries,
        industry=payload.industry,
        duration_minutes=payload.duration_minutes,
        attendee_emails=payload.attendees,
        notes=payload.notes,
    )
    shown = list_sessions(request.user, session.date).get(pk=session.pk)
    return Status(status_of(outcome), shown)


@router.post(
    "/accounts/{account_id}/ebrs", summary="Plan the next EBR (EBR-1, EBR-2)", response=PLANNED
)
def plan_next_ebr(request: HttpRequest, account_id: int, payload: PlanMeetingIn):
    """Plan the account's next EBR, which clears EBR-1 and starts EBR-2's preparation.

    An account prepares one EBR at a time: another date moves it (200). An EBR already
    held is logged as an activity instead.
    """
    account = get_writable_account(request.user, account_id)
    ebr, outcome = plan_ebr(account=account, planned_on=payload.planned_on)
    return Status(status_of(outcome), ebr)


@router.post(
    "/accounts/{account_id}/check-ins",
    summary="Plan the next leadership check-in (CHK-1)",
    response=PLANNED,
)
def plan_next_check_in(request: HttpRequest, account_id: int, payload: PlanMeetingIn):
    """Plan the account's next leadership check-in (CHK-1), or move the one planned (200)."""
    account = get_writable_account(request.user, account_id)
    check_in, outcome = plan_check_in(account=account, planned_on=payload.planned_on)
    return Status(status_of(outcome), check_in)


@router.post(
    "/accounts/{account_id}/ebrs/steps",
    summary="Record an EBR preparation step done (EBR-3)",
    response={200: EbrStepOut, 201: EbrStepOut},
)
def record_ebr_preparation_step(request: HttpRequest, account_id: int, payload: EbrStepIn):
    """Record a preparation step of the EBR being prepared as done, which clears that step's
    EBR-3 item; the step's name, owner and window come from the playbook.

    Recording a step again updates its date (200). Without an EBR being prepared, 400:
    plan it first (`POST /accounts/{account_id}/ebrs`).
    """
    account = get_writable_account(request.user, account_id)
    step, outcome = record_ebr_step(
        account=account, number=payload.step, done_on=payload.done_on or timezone.localdate()
    )
    return Status(status_of(outcome), step)


@router.post(
    "/accounts/{account_id}/ebrs/follow-up",
    summary="Record the EBR follow-up sent (EBR-3)",
    response=HeldEbrOut,
)
def record_ebr_follow_up(request: HttpRequest, account_id: int, payload: FollowUpSentIn):
    """Record the follow-up email of the latest EBR held as sent, which clears EBR-3's
    follow-up item. It is recorded once: the same date again answers 200, another 400."""
    account = get_writable_account(request.user, account_id)
    return record_after_ebr(
        account=account,
        field="follow_up_sent_on",
        on=payload.sent_on or timezone.localdate(),
    )


@router.post(
    "/accounts/{account_id}/ebrs/plan-updated",
    summary="Record the success plan updated after the EBR (EBR-4)",
    response=HeldEbrOut,
)
def record_plan_updated_after_ebr(request: HttpRequest, account_id: int, payload: PlanUpdatedIn):
    """Record the success plan updated after the latest EBR held, which clears EBR-4. It is
    recorded once: the same date again answers 200, another 400."""
    account = get_writable_account(request.user, account_id)
    return record_after_ebr(
        account=account,
        field="success_plan_updated_on",
        on=payload.updated_on or timezone.localdate(),
    )
