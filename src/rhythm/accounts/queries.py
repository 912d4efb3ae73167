"""Reads of accounts, always scoped to what the asking user may see."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Exists, OuterRef, Prefetch, Q, QuerySet, When
from django.db.models.functions import Lower
from django.http import Http404

from rhythm.accounts.models import Account, AccountTeamMember, PriorityDecision, TeamRole
from rhythm.accounts.scoping import can_record_work


def list_accounts(user: Any) -> QuerySet[Account]:
    """Return the accounts the user may see, with their team loaded in one extra query and
    who overrode the priority (PRIO-2) in the same one."""
    seat_order = Case(
        *(When(role=role, then=position) for position, role in enumerate(TeamRole.values))
    )
    team = AccountTeamMember.objects.select_related("member").order_by(seat_order)
    accounts = Account.objects.visible_to(user).select_related("priority_override_by")
    return accounts.prefetch_related(Prefetch("team", queryset=team))


def visible_account_name(user: Any, account_id: int) -> str | None:
    """Return the name of the account if the user may see it, else None."""
    found = Account.objects.visible_to(user).filter(pk=account_id)
    return found.values_list("name", flat=True).first()


def search_accounts(user: Any, text: str) -> QuerySet[Account]:
    """Return the visible accounts whose name, or whose CSM's name or email, contains `text`.

    Case is ignored; an empty `text` keeps every visible account.
    """
    accounts = list_accounts(user)
    text = text.strip()
    if not text:
        return accounts
    # Lower on both sides, not icontains: SQLite's LIKE folds only A to Z (`lib.lookups`).
    folded = text.lower()
    seats = AccountTeamMember.objects.alias(
        member_name=Lower("member__name"), member_email=Lower("member__email")
    )
    csm = seats.filter(account=OuterRef("pk"), role=TeamRole.CSM).filter(
        Q(member_name__contains=folded) | Q(member_email__contains=folded)
    )
    return accounts.alias(folded_name=Lower("name")).filter(
        Q(folded_name__contains=folded) | Exists(csm)
    )


def get_account(user: Any, account_id: int) -> Account:
    """Return one visible account, or raise 404 (never 403, so existence does not leak).

    The 404 names the id asked for, the same whether the account is unseen or unknown.
    """
    account = list_accounts(user).filter(pk=account_id).first()
    if account is None:
        raise Http404(f"No such account: {account_id}.")
    return account


def get_writable_account(user: Any, account_id: int) -> Account:
    """Return a visible account the user may record work on; 404 if unseen, 403 if read-only."""
    account = get_account(user, account_id)
    if not can_record_work(user):
        raise PermissionDenied("Your role can read accounts but not record work on them.")
    return account


def priority_history(user: Any, account: Account) -> QuerySet[PriorityDecision]:
    """Return every decision on the account's priority, newest first, with who took it: each
    override set or removed, with its reason (PRIO-2), and each review (PRIO-4)."""
    decisions = PriorityDecision.objects.visible_to(user).filter(account=account)
    return decisions.select_related("by").order_by("-on", "-at", "-id")


def team_emails(user: Any, account: Account, roles: tuple[str, ...]) -> list[str]:
    """Return the emails of the account-team members in these roles (those seated)."""
    seats = AccountTeamMember.objects.visible_to(user).filter(account=account, role__in=roles)
    return [seat.member.email for seat in seats.select_related("member").order_by("role")]
