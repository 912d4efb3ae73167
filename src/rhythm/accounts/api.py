"""API: the accounts a user may see."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from rhythm.accounts.queries import get_account, search_accounts
from rhythm.accounts.schemas import AccountOut

router = Router(tags=["accounts"])


@router.get("/accounts", response=list[AccountOut])
@paginate
def accounts(request: HttpRequest, q: str = ""):
    """List the accounts in your book (your team's, for a manager; all, for leadership).

    `q` keeps those whose name, or whose CSM's name or email, contains it (case ignored).
    """
    return search_accounts(request.user, q)


@router.get("/accounts/{account_id}", response=AccountOut)
def account(request: HttpRequest, account_id: int):
    """Show one account; 404 when it is not in your book."""
    return get_account(request.user, account_id)
