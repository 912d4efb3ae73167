"""Every write to success plans goes through here: the UI, the API and imports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from rhythm.accounts.models import Account
from rhythm.accounts.services import is_csm_manager
from rhythm.lib.choices import Rag
from rhythm.lib.dates import date_range_error, record_date_error
from rhythm.lib.lookups import matching
from rhythm.lib.upsert import Outcome, check_fields, lock_row, save_changes
from rhythm.plans.models import (
    PURCHASE_REASON,
    ActionItem,
    ActionStatus,
    Objective,
    SuccessPlan,
)
from rhythm.playbook.queue import account_settings
from rhythm.team.models import TeamMember

PLAN_FIELDS = frozenset({"status", "health", "qualified_on", "shared_on", "reviewed_on"})
CUSTOMER_PLAN_DATES = frozenset({"shared_on", "reviewed_on"})  # PLAN-2's
QUALIFY_DENIED = "Only a CSM manager may qualify a success plan."
QUALIFY_GREEN = "A plan is qualified once it is green: bring it to green first."


# The plan's dates, each something that has happened, and what to do instead of a future one.
PLAN_DATES = {
    "qualified_on": "qualify the plan once management has reviewed it.",
    "shared_on": "record the plan shared once it is.",
    "reviewed_on": "record a review once it is done.",
}


def upsert_success_plan(
    *, account: Account, kind: str, by: TeamMember | None = None, **values: Any
) -> tuple[SuccessPlan, Outcome]:
    """Create the account's success plan of this kind, or update the given fields of it.

    An account has one plan per kind (ROI, stage adoption). Fields not given keep their
    stored value. Accepted fields: see PLAN_FIELDS; their dates may not be in the future,
    and the plan is reviewed with the customer on or after the day it was shared with them
    (`_review_after_sharing`); a review of a plan never shared records it shared that day.
    `by` is who records it from the UI: only a CSM manager (or an admin) may set or clear
    `qualified_on`, the management qualification PLAN-1 asks for, and only a green plan is
    qualified (one qualified before keeps it whatever its health now). An import, which
    carries the plan's history, passes no one. Everything is checked first
    (`check_success_plan`).
    """
    plan = _plan_of(account, kind)
    if errors := _plan_errors(plan, by, (), values):
        raise ValidationError(errors)
    return plan, save_changes(plan, _shared_by_review(plan, values))


def _plan_of(account: Account, kind: str) -> SuccessPlan:
    """Return the account's plan of this kind, or a new one, not saved."""
    plan = SuccessPlan.objects.filter(account=account, kind=kind).first()
    return plan or SuccessPlan(account=account, kind=kind)


def check_success_plan(
    *,
    account: Account,
    kind: str,
    by: TeamMember | None = None,
    refused: Collection[str] = (),
    **values: Any,
) -> dict[str, list[str]]:
    """Say what `upsert_success_plan` refuses in a plan's fields, by field, writing nothing.

    Raises as it does for a field it does not take (TypeError) and for a qualification by
    someone who may not qualify (PermissionDenied). A form refused on its own fields (a
    date that did not parse) asks this of the fields it took, naming those it refused in
    `refused`: a refused date is not replaced by the stored one to put the other in order
    with, nor a refused health by the stored one to qualify the plan on.
    """
    return _plan_errors(_plan_of(account, kind), by, refused, values)


def _plan_errors(
    plan: SuccessPlan, by: TeamMember | None, refused: Collection[str], values: dict[str, Any]
) -> dict[str, list[str]]:
    """Check a plan's new values against the plan as stored (`check_success_plan`)."""
    check_fields(values, PLAN_FIELDS)
    if by is not None and "qualified_on" in values and not is_csm_manager(by):
        raise PermissionDenied(QUALIFY_DENIED)
    errors = {
        name: refused_day
        for name, advice in PLAN_DATES.items()
        if values.get(name) and (refused_day := record_date_error(values[name], advice))
    }
    if not (errors.keys() | set(refused)) & CUSTOMER_PLAN_DATES:  # each a day that has come
        errors.update(_review_after_sharing(plan, values))
    qualifying = by is not None and values.get("qualified_on") and plan.qualified_on is None
    health_known = "health" not in refused
    if qualifying and health_known and values.get("health", plan.health) != Rag.GREEN:
        errors["qualified"] = [QUALIFY_GREEN]
    return errors


def _review_after_sharing(plan: SuccessPlan, values: dict[str, Any]) -> dict[str, list[str]]:
    """Keep a plan's review with the customer on or after the day it was shared (PLAN-2).

    Checked when `shared_on` or `reviewed_on` is sent, each date the one sent or else the one
    stored. A review before the shared date is refused on `reviewed_on` (on `shared_on` when
    only a later shared date is sent), naming both days. Returns the errors.
    """
    shared, reviewed = _customer_dates(plan, values)
    if shared is None or reviewed is None or reviewed >= shared:
        return {}
    if values.get("reviewed_on"):
        message = (
            f"{reviewed.isoformat()} is before the plan was shared with the customer, on "
            f"{shared.isoformat()}; it is reviewed with them once shared."
        )
        return {"reviewed_on": [message]}
    message = (
        f"{shared.isoformat()} is after the plan was reviewed with the customer, on "
        f"{reviewed.isoformat()}; it was shared with them by then."
    )
    return {"shared_on": [message]}


def _shared_by_review(plan: SuccessPlan, values: dict[str, Any]) -> dict[str, Any]:
    """Return the values to save: a review on a plan with no shared date records it shared
    that day too. Reviewed with the customer, it was shared with them by then, and PLAN-2
    no longer calls it never shared."""
    shared, reviewed = _customer_dates(plan, values)
    if reviewed is not None and shared is None:
        return {**values, "shared_on": reviewed}
    return values


def _customer_dates(
    plan: SuccessPlan, values: dict[str, Any]
) -> tuple[dt.date | None, dt.date | None]:
    """Return the plan's shared and reviewed dates, each the one sent or else the one stored,
    when either is sent (None, None otherwise)."""
    if not CUSTOMER_PLAN_DATES & values.keys():
        return None, None
    return values.get("shared_on", plan.shared_on), values.get("reviewed_on", plan.reviewed_on)


def qualify_green_plan(
    *, account: Account, by: TeamMember | None, qualified_on: dt.date
) -> tuple[SuccessPlan, Outcome]:
    """Qualify the account's green success plan not yet qualified, as a CSM manager (PLAN-1).

    My day's "Qualify plan" and the API qualify through here. Only a CSM manager or an
    admin qualifies (a CSM is refused before anything else is checked); with two such
    plans, the ROI plan is qualified first. A plan is qualified once: with none left to
    qualify, a green plan qualified on `qualified_on` is returned unchanged (the same
    qualification sent twice), one qualified on another day is refused naming that day,
    and without a green plan it is refused: a plan is brought to green before it is
    qualified.
    """
    if not is_csm_manager(by):
        raise PermissionDenied(QUALIFY_DENIED)
    green = SuccessPlan.objects.filter(account=account, health=Rag.GREEN).order_by("kind")
    plan = green.filter(qualified_on=None).first()
    if plan is not None:
        return upsert_success_plan(
            account=account, kind=plan.kind, by=by, qualified_on=qualified_on
        )
    same = green.filter(qualified_on=qualified_on).first()
    if same is not None:
        return same, "unchanged"
    qualified = green.first()
    if qualified is not None and qualified.qualified_on is not None:
        when = qualified.qualified_on.isoformat()
        message = f"The {qualified.get_kind_display()} plan is already qualified, on {when}."
        raise ValidationError({"qualified_on": [message]})
    raise ValidationError("No success plan is green and unqualified: bring a plan to green.")


def record_customer_plan_dates(
    *, account: Account, by: TeamMember | None = None, **dates: dt.date
) -> tuple[SuccessPlan, Outcome]:
    """Record the customer-facing plan shared with the customer, or reviewed with them (PLAN-2).

    Its kind is the playbook's `plans.customer_facing_kind` (the ROI plan by default), and
    the account must have one. `dates` are `shared_on` and `reviewed_on`, at least one of
    them, neither after today, the review not before the plan was shared (a review of a
    plan never shared records it shared that day). My day's "Mark shared", "Mark reviewed"
    and the API record through here.
    """
    check_fields(dates, CUSTOMER_PLAN_DATES)
    if not dates:
        raise ValidationError({"shared_on": ["Send when the plan was shared or reviewed."]})
    kind = account_settings(account).plans.customer_facing_kind
    if not SuccessPlan.objects.filter(account=account, kind=kind).exists():
        message = f"{account.name} has no ROI success plan: start it on the account page."
        raise ValidationError(message)
    return upsert_success_plan(account=account, kind=kind, by=by, **dates)


OBJECTIVE_FIELDS = frozenset(
    {
        "reason_for_purchase",
        "metric",
        "unit",
        "baseline",
        "target",
        "current",
        "target_date",
        "customer_owner",
        "vendor_owner",
        "status",
    }
)
ACTION_FIELDS = frozenset(
    {"owner_contact", "owner_member", "due_on", "status", "done_on", "origin", "objective"}
)
CLOSED_STATUSES = (ActionStatus.DONE, ActionStatus.DROPPED)


def upsert_objective(
    *, plan: SuccessPlan, outcome: str, **values: Any
) -> tuple[Objective, Outcome]:
    """Create the plan's objective for this business outcome, or update the given fields.

    The desired outcome names the objective within its plan (matched ignoring case, and an
    existing objective keeps its spelling); the metric, target and owners on both sides
    make it measurable (PLAN-3). Its target date is from 1970 to ten years
    ahead, as every date Rhythm keeps.
    """
    check_fields(values, OBJECTIVE_FIELDS)
    errors: dict[str, list[str]] = {}
    owner = values.get("customer_owner")
    if owner is not None and owner.account_id != plan.account_id:
        errors["customer_owner"] = [f"{owner.name} is not a contact of {plan.account.name}."]
    if values.get("target_date") and (out_of_range := date_range_error(values["target_date"])):
        errors["target_date"] = out_of_range
    if too_long := PURCHASE_REASON.errors(values.get("reason_for_purchase")):
        errors["reason_for_purchase"] = too_long
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        lock_row(SuccessPlan, plan.pk)  # the same objective sent twice at once is kept once
        objective = matching(Objective.objects.filter(plan=plan), "outcome", outcome).first()
        objective = objective or Objective(plan=plan, outcome=outcome.strip())
        return objective, save_changes(objective, values)


def upsert_action_item(
    *, account: Account, text: str, created_on: dt.date, **values: Any
) -> tuple[ActionItem, Outcome]:
    """Create an action item (from a meeting or triage), or update the one with this text.

    An item is the same item when its account, text (ignoring case) and creation date match,
    so a meeting's follow-up recorded twice stays one item. It is opened on a day that has
    come, due from 1970 to ten years ahead and not before the day it was opened. A `status`
    of done or dropped closes it as `close_action_item` does, on `done_on` (required then,
    and only then); a closed item is not reopened.
    """
    check_fields(values, ACTION_FIELDS)
    errors = _action_item_errors(created_on, values)
    if errors:
        raise ValidationError(errors)
    status = values.pop("status", None)
    done_on = values.pop("done_on", None)
    with transaction.atomic():
        lock_row(Account, account.pk)  # the same item sent twice at once is created once
        found = matching(
            ActionItem.objects.filter(account=account, created_on=created_on), "text", text
        )
        item = found.first() or ActionItem(
            account=account, text=text.strip(), created_on=created_on
        )
        if status == ActionStatus.OPEN and not item._state.adding and item.status != status:
            closed = f"{item.get_status_display().lower()} on {item.done_on}"
            message = (
                f"The action item is already closed ({closed}); a closed item is not reopened."
            )
            raise ValidationError({"status": [message]})
        outcome = save_changes(item, values)
        if status in CLOSED_STATUSES and done_on is not None:
            closing = close_action_item(item=item, status=status, on=done_on)[1]
            outcome = outcome if outcome == "created" or closing == "unchanged" else closing
    return item, outcome


def check_action_item(*, created_on: dt.date, **values: Any) -> dict[str, list[str]]:
    """Return what `upsert_action_item` would refuse in an item's dates and status, by
    field, writing nothing: a form refused on its own fields (no text) shows these too."""
    return _action_item_errors(created_on, values)


def _action_item_errors(created_on: dt.date, values: dict[str, Any]) -> dict[str, list[str]]:
    """Say what is wrong with an action item's dates and status, by field."""
    errors = {}
    if refused := record_date_error(created_on, "record the action item once it is opened."):
        errors["created_on"] = refused
    due_on = values.get("due_on")
    if due_on and (refused := date_range_error(due_on)):
        errors["due_on"] = refused
    elif due_on and due_on < created_on:
        errors["due_on"] = [
            f"{due_on.isoformat()} is before the action item was opened, on "
            f"{created_on.isoformat()}; it falls due on that day or later."
        ]
    done_on = values.get("done_on")
    if done_on and (refused := record_date_error(done_on, "record it done once it is.")):
        errors["done_on"] = refused
    status = values.get("status")
    if status in CLOSED_STATUSES and not done_on:
        errors["done_on"] = [f"Say when the action item was {status}."]
    elif status == ActionStatus.OPEN and done_on:
        errors["done_on"] = ["An open action item has no done date: close it as done or dropped."]
    elif status is None and done_on:
        errors["done_on"] = ["Give the status it was closed with, done or dropped, with the date."]
    return errors


def close_action_item(*, item: ActionItem, status: str, on: dt.date) -> tuple[ActionItem, Outcome]:
    """Close an open action item, done or dropped, on a day: not in the future, nor before it
    was opened. Closing it again as it stands changes nothing; a closed item is not reopened.

    An account in triage with no open action item is asked for one again (HEALTH-2).
    """
    errors: dict[str, list[str]] = {}
    if status not in CLOSED_STATUSES:
        errors["status"] = [f"{status!r} does not close an action item; use done or dropped."]
    if refused := record_date_error(on, "close the action item once it is done."):
        errors["on"] = refused
    elif on < item.created_on:
        errors["on"] = [f"The action item was opened on {item.created_on.isoformat()}."]
    if item.status != ActionStatus.OPEN and (item.status, item.done_on) != (status, on):
        closed = f"{item.get_status_display().lower()} on {item.done_on}"
        errors["status"] = [f"The action item is already closed ({closed})."]
    if errors:
        raise ValidationError(errors)
    return item, save_changes(item, {"status": status, "done_on": on})
