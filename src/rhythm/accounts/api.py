"""API: the accounts a user may see; a manager's priority override (PRIO-2) and the
quarterly priority review (PRIO-4)."""

# Annotations are evaluated here, not kept as text: the paginated list's query schema is
# resolved where pagination wraps it, which does not know this module's names.

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router
from ninja.pagination import paginate

from rhythm.accounts.queries import get_account, get_writable_account, search_accounts
from rhythm.accounts.schemas import (
    AccountFilter,
    AccountOut,
    PriorityOut,
    PriorityOverrideIn,
    PriorityReviewIn,
)
from rhythm.accounts.scoping import member_of
from rhythm.accounts.services import override_priority, review_priority
from rhythm.accounts.sorting import ordered, with_list_columns
from rhythm.lib.api_errors import NotInView
from rhythm.playbook.queue import ScopeError, csm_book

router = Router(tags=["accounts"])


@router.get("/accounts", summary="List the accounts in your view", response=list[AccountOut])
@paginate
def accounts(request: HttpRequest, filters: Query[AccountFilter]):
    """List the accounts in your book (your team's, for a manager; all, for leadership).

    `q` keeps those whose name, or whose CSM's name or email, contains it (case ignored);
    `csm` those of one CSM's book. `sort` orders them as the Accounts list's columns do
    (`-arr`: the largest ARR first), health as assessed today; ties by name, then id.
    """
    found = search_accounts(request.user, filters.q)
    if filters.csm:
        try:
            book = csm_book(request.user, filters.csm)
        except ScopeError as error:
            raise NotInView(str(error), "csm") from None
        found = found.filter(pk__in=book.values("pk"))
    today = timezone.localdate()
    return ordered(
        with_list_columns(found), filters.key, descending=filters.descending, today=today
    )


@router.get("/accounts/{account_id}", summary="Show an account", response=AccountOut)
def account(request: HttpRequest, account_id: int):
    """Show one account; 404 when it is not in your book."""
    return get_account(request.user, account_id)


@router.post(
    "/accounts/{account_id}/priority",
    summary="Override an account's priority (PRIO-2)",
    response=PriorityOut,
)
def set_priority_override(request: HttpRequest, account_id: int, payload: PriorityOverrideIn):
    """Override an account's priority with a reason, as its CSM manager (PRIO-2).

    Who and when are kept beside the computed priority; an empty `priority` removes the
    override. A CSM gets 403: only a manager or an admin decides.
    """
    account = get_writable_account(request.user, account_id)
    by = member_of(request.user)
    if by is None:
        raise PermissionDenied("Only a CSM manager may override an account's priority.")
    override_priority(account=account, priority=payload.priority, reason=payload.reason, by=by)
    return account


@router.post(
    "/accounts/{account_id}/priority/review",
    summary="Record the priority reviewed (PRIO-4)",
    response=PriorityOut,
)
def review_account_priority(request: HttpRequest, account_id: int, payload: PriorityReviewIn):
    """Record the account's prioritisation as reviewed, which clears PRIO-4 for a quarter;
    a review older than the one recorded changes nothing."""
    account = get_writable_account(request.user, account_id)
    on = payload.reviewed_on or timezone.localdate()
    reviewed, _ = review_priority(account=account, reviewed_on=on, by=member_of(request.user))
    return reviewed
