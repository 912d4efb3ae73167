"""The kinds that carry how a team worked before Rhythm: its action items, its success plans'
objectives and its priority decisions. Imported, they keep a new book from asking on its first
day for what the team already did (HEALTH-2's action, PLAN-3's objectives, PRIO-4's review)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from rhythm.accounts.models import Priority, PriorityDecision
from rhythm.accounts.services import override_priority, review_priority
from rhythm.imports import cells
from rhythm.imports.kinds.base import (
    ACCOUNT,
    ACCOUNT_ALIASES,
    Column,
    Kind,
    Lookups,
    Record,
    date_column,
)
from rhythm.lib.upsert import Outcome
from rhythm.plans.models import (
    ActionOrigin,
    ActionStatus,
    ObjectiveStatus,
    PlanKind,
    SuccessPlan,
)
from rhythm.plans.services import OBJECTIVE_FIELDS, upsert_action_item, upsert_objective

ALIASES = ACCOUNT_ALIASES
DECIDED_AT = dt.time(12)  # an imported decision's moment: midday keeps it on its day anywhere


def _prepare_action_items(records: list[Record], lookups: Lookups) -> list[Record]:
    """Find each row's owner by email: a team member, else a contact of the row's account."""
    lookups.load_members(r.values["owner_email"] for r in records if r.values.get("owner_email"))
    lookups.load_contacts(r["account"] for r in records if "account" in r.values)
    for record in records:
        email = record.values.get("owner_email")
        if not email or "account" not in record.values:
            continue
        account = record["account"]
        member = lookups.members.get(email)
        contact = None if member is not None else lookups.contact(account, email)
        if member is None and contact is None:
            reason = f"{email!r} is neither a team member nor a contact of {account.name}"
            record.fail("owner_email", reason)
        record.values["owner"] = (member, contact)
    return records


def _write_action_item(record: Record, lookups: Lookups) -> Outcome:
    values = record.pick("due_on", "status", "done_on", "origin")
    if "owner_email" in record.values:
        member, contact = record.values.get("owner", (None, None))
        values.update(owner_member=member, owner_contact=contact)
    return upsert_action_item(
        account=record["account"], text=record["text"], created_on=record["created_on"], **values
    )[1]


ACTION_ITEMS = Kind(
    name="action_items",
    columns=(
        ACCOUNT,
        Column("text", required=True),
        date_column("created_on", required=True),
        Column("owner_email", cells.email, empty=None, alone=True),
        date_column("due_on", required=False, alone=True),
        # A closed item needs its done_on, and only it: the two are checked together.
        Column("status", cells.choice(ActionStatus, "action item status"), empty=ActionStatus.OPEN),
        date_column("done_on", required=False),
        Column(
            "origin", cells.choice(ActionOrigin, "origin"), empty=ActionOrigin.OTHER, alone=True
        ),
    ),
    key=("account", "text", "created_on"),
    write=_write_action_item,
    prepare=_prepare_action_items,
    aliases={**ALIASES, "opened_on": "created_on", "owner": "owner_email", "closed_on": "done_on"},
    fields={"owner_member": "owner_email", "owner_contact": "owner_email", "on": "done_on"},
)


def _prepare_objectives(records: list[Record], lookups: Lookups) -> list[Record]:
    """Find each row's success plan (which must exist) and its customer owner, a contact of
    the account, by email."""
    accounts = {r["account"].pk: r["account"] for r in records if "account" in r.values}
    plans = {
        (plan.account_id, plan.kind): plan
        for plan in SuccessPlan.objects.filter(account_id__in=sorted(accounts))
    }
    lookups.load_contacts(accounts.values())
    for record in records:
        if "account" not in record.values:
            continue
        account = record["account"]
        if kind := record.values.get("plan_kind"):
            plan = plans.get((account.pk, kind))
            if plan is None:
                reason = f"{account.name} has no {kind} success plan; import success_plans first"
                record.fail("plan_kind", reason)
            record.values["plan"] = plan
        email = record.values.get("customer_owner_email")
        if email:
            owner = lookups.contact(account, email)
            if owner is None:
                record.fail("customer_owner_email", f"{email!r} is not a contact of {account.name}")
            record.values["customer_owner"] = owner
    return records


def _write_objective(record: Record, lookups: Lookups) -> Outcome:
    owners = {"customer_owner", "vendor_owner"}  # read from their email columns
    values = record.pick(*sorted(OBJECTIVE_FIELDS - owners), vendor_owner="vendor_owner_email")
    if "customer_owner_email" in record.values:
        values["customer_owner"] = record.values.get("customer_owner")
    return upsert_objective(plan=record["plan"], outcome=record["outcome"], **values)[1]


OBJECTIVES = Kind(
    name="objectives",
    columns=(
        ACCOUNT,
        Column("plan_kind", cells.choice(PlanKind, "success plan kind"), required=True),
        Column("outcome", required=True),
        Column("reason_for_purchase"),
        Column("metric"),
        Column("unit"),
        Column("baseline", cells.measure, empty=None, alone=True),
        Column("target", cells.measure, empty=None, alone=True),
        Column("current", cells.measure, empty=None, alone=True),
        date_column("target_date", required=False, alone=True),
        Column("customer_owner_email", cells.email, empty=None, alone=True),
        Column("vendor_owner_email", cells.email, empty=None, refers="member", alone=True),
        Column(
            "status",
            cells.choice(ObjectiveStatus, "objective status"),
            empty=ObjectiveStatus.NOT_STARTED,
            alone=True,
        ),
    ),
    key=("account", "plan_kind", "outcome"),
    write=_write_objective,
    prepare=_prepare_objectives,
    aliases={
        **ALIASES,
        "plan": "plan_kind",
        "customer_owner": "customer_owner_email",
        "vendor_owner": "vendor_owner_email",
    },
    fields={"customer_owner": "customer_owner_email", "vendor_owner": "vendor_owner_email"},
)


def _prepare_priority_decisions(records: list[Record], lookups: Lookups) -> list[Record]:
    """Refuse a priority or a reason on a review (it decides none), and put the rows in date
    order, so the history is recorded as it happened."""
    for record in records:
        if record.values.get("kind") != PriorityDecision.Kind.REVIEW:
            continue
        for column in ("priority", "reason"):
            if record.values.get(column):
                record.fail(column, "a review sets no priority; make the row an override")
    return sorted(records, key=lambda record: record.values.get("date") or dt.date.min)


def _write_priority_decision(record: Record, lookups: Lookups) -> Outcome:
    account, day, by = record["account"], record["date"], record.values.get("by_email")
    if record["kind"] == PriorityDecision.Kind.REVIEW:
        return review_priority(account=account, reviewed_on=day, by=by)[1]
    at = dt.datetime.combine(day, DECIDED_AT, tzinfo=timezone.get_current_timezone())
    try:
        return override_priority(
            account=account,
            priority=record.values.get("priority", ""),
            reason=record.values.get("reason", ""),
            by=by,
            at=at,
        )[1]
    except PermissionDenied as refused:
        raise ValidationError({"by": [str(refused)]}) from None


PRIORITY_DECISIONS = Kind(
    name="priority_decisions",
    columns=(
        ACCOUNT,
        Column("kind", cells.choice(PriorityDecision.Kind, "decision kind"), required=True),
        date_column("date", required=True),
        Column("by_email", cells.email, empty=None, refers="member", alone=True),
        Column("priority", cells.choice(Priority, "priority")),
        Column("reason"),
    ),
    key=("account", "kind", "date"),
    write=_write_priority_decision,
    prepare=_prepare_priority_decisions,
    aliases={**ALIASES, "on": "date", "by": "by_email"},
    fields={"reviewed_on": "date", "at": "date", "by": "by_email"},
)
