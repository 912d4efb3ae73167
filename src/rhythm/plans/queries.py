"""Reads of success plans, scoped to the asking user."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from rhythm.accounts.models import Account
from rhythm.plans.models import Objective, SuccessPlan


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
