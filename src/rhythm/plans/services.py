"""Every write to success plans goes through here: the UI, the API and imports."""

from __future__ import annotations

from typing import Any

from rhythm.accounts.models import Account
from rhythm.lib.upsert import Outcome, check_fields, save_changes
from rhythm.plans.models import SuccessPlan

PLAN_FIELDS = frozenset({"status", "health", "qualified_on", "shared_on", "reviewed_on"})


def upsert_success_plan(
    *, account: Account, kind: str, **values: Any
) -> tuple[SuccessPlan, Outcome]:
    """Create the account's success plan of this kind, or update the given fields of it.

    An account has one plan per kind (ROI, stage adoption). Fields not given keep their
    stored value. Accepted fields: see PLAN_FIELDS.
    """
    check_fields(values, PLAN_FIELDS)
    plan = SuccessPlan.objects.filter(account=account, kind=kind).first()
    plan = plan or SuccessPlan(account=account, kind=kind)
    return plan, save_changes(plan, values)
