"""Reads of success plans, scoped to the asking user."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Prefetch, QuerySet
from django.http import Http404

from rhythm.accounts.models import Account
from rhythm.plans.models import ActionItem, ActionStatus, Objective, SuccessPlan


def list_success_plans(user: Any, account: Account) -> QuerySet[SuccessPlan]:
    """Return the account's success plans (ROI first) with their objectives and owners,
    in two queries whatever their number."""
    objectives = Objective.objects.select_related("customer_owner", "vendor_owner")
    return (
        SuccessPlan.objects.visible_to(user)
        .filter(account=account)
        .prefetch_related(Prefetch("objectives", queryset=objectives.order_by("id")))
        .order_by("kind")
    )


def find_success_plan(user: Any, account: Account, kind: str) -> SuccessPlan | None:
    """Return the account's success plan of this kind, or None."""
    return SuccessPlan.objects.visible_to(user).filter(account=account, kind=kind).first()


def list_action_items(user: Any, account: Account, status: str = "") -> QuerySet[ActionItem]:
    """Return the account's action items (those of one status if given) with their owners:
    the soonest due first, those with no due date after them, then the oldest first."""
    items = ActionItem.objects.visible_to(user).filter(account=account)
    items = items.filter(status=status) if status else items
    return items.select_related("owner_member", "owner_contact").order_by(
        F("due_on").asc(nulls_last=True), "created_on", "id"
    )


def open_action_items(user: Any, account: Account) -> list[ActionItem]:
    """Return the account's open action items, the soonest due first."""
    return list(list_action_items(user, account, ActionStatus.OPEN))


def get_action_item(user: Any, account: Account, item_id: int) -> ActionItem:
    """Return the account's action item with this id, or answer 404."""
    item = list_action_items(user, account).filter(pk=item_id).first()
    if item is None:
        raise Http404(f"{account.name} has no action item {item_id}.")
    return item
