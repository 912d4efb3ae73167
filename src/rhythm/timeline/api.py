"""API: list, log and correct activities on an account's timeline."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from rhythm.accounts.queries import get_account, get_writable_account
from rhythm.accounts.scoping import member_of
from rhythm.lib.api_status import status_of
from rhythm.meetings.services import log_held
from rhythm.timeline.queries import get_activity, list_activities
from rhythm.timeline.schemas import ActivityChangesIn, ActivityIn, ActivityOut
from rhythm.timeline.services import StaleEdit, edit_activity

router = Router(tags=["timeline"])

STALE_EDIT_API = (
    "Someone corrected this activity after the version you sent; nothing was changed. Read "
    "the activity again and send your correction with its new version."
)


@router.get(
    "/accounts/{account_id}/activities",
    summary="List an account's timeline",
    response=list[ActivityOut],
)
@paginate
def activities(request: HttpRequest, account_id: int):
    """List an account's timeline, newest first."""
    return list_activities(request.user, get_account(request.user, account_id))


@router.post(
    "/accounts/{account_id}/activities",
    summary="Log a call or meeting held",
    response={200: ActivityOut, 201: ActivityOut},
)
def create_activity(request: HttpRequest, account_id: int, payload: ActivityIn):
    """Log an activity (a call, a meeting, a workshop) on an account's timeline.

    An EBR logged here is the account's EBR being prepared, which is then held; with none
    being prepared, a recent one is recorded as an EBR held, whose follow-ups are asked. The same
    activity sent again (kind, date, duration, notes and attendees) is not logged twice
    (200); one that differs in any of them is another activity (201).
    """
    account = get_writable_account(request.user, account_id)
    activity, outcome = log_held(
        account=account,
        kind=payload.kind,
        date=payload.date or timezone.localdate(),
        duration_minutes=payload.duration_minutes,
        notes=payload.notes,
        attendee_emails=payload.attendees,
        logged_by=member_of(request.user),
    )
    return Status(status_of(outcome), activity)


@router.patch(
    "/accounts/{account_id}/activities/{activity_id}",
    summary="Correct an activity's attendees, duration or notes",
    response=ActivityOut,
    openapi_extra={
        "responses": {
            409: {
                "description": "Someone corrected the activity after the `version` sent.",
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "properties": {"detail": {"type": "string"}},
                            "required": ["detail"],
                        }
                    }
                },
            }
        }
    },
)
def change_activity(
    request: HttpRequest, account_id: int, activity_id: int, payload: ActivityChangesIn
):
    """Correct a logged activity: add the attendee left out, fix its duration or notes.

    Fields not sent keep their value; `attendees` replaces the whole list. Whoever may log an
    activity on the account may correct its activities. The kind and date cannot change
    (422): log the activity again instead. Answers the activity as it now is (200). With the
    `version` read, a correction someone else saved since is refused (409), nothing changed.
    """
    account = get_writable_account(request.user, account_id)
    activity = get_activity(request.user, account, activity_id)
    values = payload.model_dump(exclude_unset=True)
    if "attendees" in values:
        values["attendee_emails"] = values.pop("attendees")
    try:
        activity, _ = edit_activity(
            activity=activity, expected_version=values.pop("version", None), **values
        )
    except StaleEdit as error:
        raise HttpError(409, STALE_EDIT_API) from error
    return activity
