"""API: an account's success plans; qualify one (PLAN-1), record the ROI plan shared or
reviewed (PLAN-2); list, open (HEALTH-2) and close its action items."""

# Annotations are evaluated here, not kept as text: the paginated list's query schema is
# resolved where pagination wraps it, which does not know this module's names.

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status
from ninja.pagination import paginate

from rhythm.accounts.models import Account
from rhythm.accounts.queries import get_account, get_writable_account
from rhythm.accounts.scoping import member_of
from rhythm.contacts.queries import contact_by_email
from rhythm.lib.api_status import status_of
from rhythm.plans.queries import get_action_item, list_action_items, list_success_plans
from rhythm.plans.schemas import (
    ActionItemFilter,
    ActionItemIn,
    ActionItemOut,
    CloseActionItemIn,
    CustomerPlanDatesIn,
    QualifyPlanIn,
    SuccessPlanOut,
)
from rhythm.plans.services import (
    close_action_item,
    qualify_green_plan,
    record_customer_plan_dates,
    upsert_action_item,
)
from rhythm.team.services import find_member

router = Router(tags=["plans"])
PLAN = {200: SuccessPlanOut, 201: SuccessPlanOut}


@router.get(
    "/accounts/{account_id}/plans",
    summary="List an account's success plans",
    response=list[SuccessPlanOut],
)
def plans(request: HttpRequest, account_id: int):
    """List an account's success plans, the ROI plan first, each with its objectives."""
    return list_success_plans(request.user, get_account(request.user, account_id))


@router.post(
    "/accounts/{account_id}/plans/qualify",
    summary="Qualify the green success plan (PLAN-1)",
    response=PLAN,
)
def qualify_plan(request: HttpRequest, account_id: int, payload: QualifyPlanIn):
    """Qualify the account's green success plan as a CSM manager, which clears PLAN-1.

    A CSM gets 403: only a manager or an admin qualifies. A plan is qualified once: with no
    green plan left to qualify, the same qualification again answers 200 and another day
    400; with no green plan, 400: bring a plan to green first.
    """
    account = get_writable_account(request.user, account_id)
    plan, outcome = qualify_green_plan(
        account=account,
        by=member_of(request.user),
        qualified_on=payload.qualified_on or timezone.localdate(),
    )
    return Status(status_of(outcome), list_success_plans(request.user, account).get(pk=plan.pk))


@router.post(
    "/accounts/{account_id}/plans/roi",
    summary="Record the ROI plan shared or reviewed (PLAN-2)",
    response=PLAN,
)
def record_roi_plan_dates(request: HttpRequest, account_id: int, payload: CustomerPlanDatesIn):
    """Record the customer-facing (ROI) plan shared with the customer, or reviewed with them,
    which clears PLAN-2 until its next quarterly review.

    Send `shared_on`, `reviewed_on` or both; the account must have the plan (400 if not).
    """
    account = get_writable_account(request.user, account_id)
    dates = payload.model_dump(exclude_none=True)
    plan, outcome = record_customer_plan_dates(account=account, by=member_of(request.user), **dates)
    return Status(status_of(outcome), list_success_plans(request.user, account).get(pk=plan.pk))


@router.get(
    "/accounts/{account_id}/action-items",
    summary="List an account's action items",
    response=list[ActionItemOut],
)
@paginate
def action_items(request: HttpRequest, account_id: int, filters: Query[ActionItemFilter]):
    """List the account's action items, or those of one `status` (open, done, dropped): the
    soonest due first, those with no due date after them."""
    account = get_account(request.user, account_id)
    return list_action_items(request.user, account, filters.status or "")


@router.post(
    "/accounts/{account_id}/action-items/{item_id}/close",
    summary="Close an action item, done or dropped",
    response={200: ActionItemOut},
)
def close_item(request: HttpRequest, account_id: int, item_id: int, payload: CloseActionItemIn):
    """Close an open action item, done or dropped, today or on the day given (not before it
    was opened). Closing it again as it stands answers 200 and changes nothing; a closed
    item is not reopened (400). An account in triage with no open item is asked for one
    again (HEALTH-2)."""
    account = get_writable_account(request.user, account_id)
    item = get_action_item(request.user, account, item_id)
    on = payload.on or timezone.localdate()
    closed, _ = close_action_item(item=item, status=payload.status, on=on)
    return closed


@router.post(
    "/accounts/{account_id}/action-items",
    summary="Open an action item (HEALTH-2)",
    response={200: ActionItemOut, 201: ActionItemOut},
)
def create_action_item(request: HttpRequest, account_id: int, payload: ActionItemIn):
    """Open an action item, which clears HEALTH-2 for an account in triage.

    It is created today; the same text again the same day updates that item (200).
    """
    account = get_writable_account(request.user, account_id)
    item, outcome = upsert_action_item(
        account=account,
        text=payload.text,
        created_on=timezone.localdate(),
        due_on=payload.due_on,
        origin=payload.origin,
        **_owner(request, account, payload.owner),
    )
    return Status(status_of(outcome), item)


def _owner(request: HttpRequest, account: Account, email: str) -> dict[str, object]:
    """Find who owns an action item: a team member or a contact of the account, by email."""
    if not email.strip():
        return {"owner_member": member_of(request.user), "owner_contact": None}
    member = find_member(email)
    if member is not None:
        return {"owner_member": member, "owner_contact": None}
    contact = contact_by_email(request.user, account, email)
    if contact is None:
        message = f"{email.strip()} is neither a team member nor a contact of {account.name}."
        raise ValidationError({"owner": [message]})
    return {"owner_member": None, "owner_contact": contact}
