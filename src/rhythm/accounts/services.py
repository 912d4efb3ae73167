"""Every write to accounts and account teams goes through here: the UI, the API and imports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from rhythm.accounts.models import (
    OVERRIDE_REASON,
    Account,
    AccountTeamMember,
    Priority,
    PriorityDecision,
    TeamRole,
    seat_error,
)
from rhythm.lib import codes
from rhythm.lib.dates import date_range_error, record_date_error
from rhythm.lib.lookups import matching
from rhythm.lib.upsert import (
    Outcome,
    check_codes,
    check_fields,
    lock_and_reread,
    save_changes,
)
from rhythm.team.models import Role, TeamMember

ACCOUNT_FIELDS = frozenset(
    {
        "segment",
        "region",
        "industry",
        "tier",
        "arr",
        "licenses_purchased",
        "licenses_activated",
        "deployment",
        "initial_transaction_date",
    }
)
ACCOUNT_CODES = {
    "segment": (codes.SEGMENTS, "segment"),
    "region": (codes.REGIONS, "region"),
    "tier": (codes.TIERS, "tier"),
}


def find_account(name: str) -> Account | None:
    """Return the account with this name, ignoring case and surrounding spaces."""
    return matching(Account.objects.all(), "name", name).order_by("id").first()


def upsert_account(
    *, name: str, find: Callable[[str], Account | None] = find_account, **values: Any
) -> tuple[Account, Outcome]:
    """Create the account named `name`, or update the given fields of the one matching it.

    The name is the account's natural key: it matches ignoring case and an existing
    account keeps its spelling. Fields not given keep their stored value, so a file with
    fewer columns touches less. Accepted fields: see ACCOUNT_FIELDS. `find` finds the
    account matching a name: an import passes the accounts it loaded in one query, since
    matching one name at a time reads every account (on SQLite, case is folded in Python).
    """
    check_fields(values, ACCOUNT_FIELDS)
    check_codes(values, {field: ACCOUNT_CODES[field] for field in ACCOUNT_CODES if field in values})
    started = values.get("initial_transaction_date")
    if started and (error := date_range_error(started)):
        raise ValidationError({"initial_transaction_date": error})
    account = find(name) or Account(name=name.strip())
    return account, save_changes(account, values)


def set_account_team(account: Account, seats: Mapping[str, TeamMember | None]) -> bool:
    """Put each given member in their seat on the account's team; None empties the seat.

    Roles not given keep their seat. A member whose role cannot hold the seat is refused
    (`seat_error`: the CSM seat takes a CSM or a CSM manager, the others their own role),
    keyed by the seat. Return whether anything changed.
    """
    unknown = sorted(set(seats) - set(TeamRole.values))
    if unknown:
        raise ValidationError({"role": [f"Not an account-team role: {', '.join(unknown)}."]})
    refused = {
        role: [reason]
        for role, member in seats.items()
        if member is not None and (reason := seat_error(role, member))
    }
    if refused:
        raise ValidationError(refused)
    current = {seat.role: seat for seat in AccountTeamMember.objects.filter(account=account)}
    changed = False
    for role, member in seats.items():
        seat = current.get(role)
        if member is None and seat is not None:
            seat.delete()
        elif member is not None and seat is None:
            AccountTeamMember.objects.create(account=account, member=member, role=role)
        elif member is not None and seat is not None and seat.member_id != member.pk:
            seat.member = member
            seat.save(update_fields=["member"])
        else:
            continue
        changed = True
    return changed


def is_csm_manager(member: TeamMember | None) -> bool:
    """Tell whether a person manages books: CSM managers and admins.

    They override priority (PRIO-2) and qualify success plans (PLAN-1); leadership reads
    the book but does not change it.
    """
    if member is None:
        return False
    return member.role in (Role.MANAGER, Role.ADMIN) or member.user.is_superuser


def override_priority(
    *,
    account: Account,
    priority: str,
    reason: str,
    by: TeamMember | None,
    at: dt.datetime | None = None,
) -> tuple[Account, Outcome]:
    """Set a manager's priority override (PRIO-2), keeping who, when and why.

    The computed priority stays visible beside it; an empty `priority` removes the override.
    Only a CSM manager or an admin may override. Deciding a priority by hand is also a
    review of it (PRIO-4). Setting the same override again changes nothing. `at`, when the
    decision was taken (now by default), is on a day that has come: a decision dated before
    a later one is kept in the history, and the account keeps the later one in force. The
    same decision at the same moment again (a file imported twice) changes nothing, and
    another decision at that moment replaces it.
    """
    if by is None or not is_csm_manager(by):
        raise PermissionDenied("Only a CSM manager may override an account's priority.")
    if priority and priority not in Priority.values:
        raise ValidationError({"priority": [f"{priority!r} is not a priority; use P1 or P2."]})
    if priority and not reason.strip():
        raise ValidationError({"reason": ["Say why the priority is overridden."]})
    if too_long := OVERRIDE_REASON.errors(reason):
        raise ValidationError({"reason": too_long})
    if at is not None:
        decided_on = timezone.localdate(at)
        if refused := record_date_error(decided_on, "record an override once it is decided."):
            raise ValidationError({"at": refused})
    decision = {"priority": priority, "reason": reason.strip(), "by": by}
    with transaction.atomic():
        # The same override sent twice at once is decided once: the second waits, then
        # compares itself with the override the first put in force, decided before it.
        lock_and_reread(account)
        when = at or timezone.now()
        on = timezone.localdate(when)
        overrides = account.priority_decisions.filter(kind=PriorityDecision.Kind.OVERRIDE)
        same_moment = overrides.filter(on=on, at=when).order_by("id").last()
        later = overrides.filter(Q(on__gt=on) | Q(on=on, at__gt=when)).exists()
        if same_moment is not None:
            repeated = _decides(same_moment, decision)
        elif later:  # the one in force then, not now
            repeated = _decides(_override_before(overrides, on, when), decision)
        else:
            repeated = _in_force_is(account, priority, reason.strip(), by)
        if repeated:
            return account, "unchanged"
        if later:
            if priority:
                save_changes(account, {"priority_reviewed_on": _latest_review(account, on)})
        else:
            save_changes(account, _override_fields(account, decision, on, when))
        # Kept, with who removed it, so a day before replays with the override then in force.
        if same_moment is not None:
            save_changes(same_moment, decision)
            return account, "updated"
        account.priority_decisions.create(
            kind=PriorityDecision.Kind.OVERRIDE, **decision, on=on, at=when
        )
    return account, "created"


def _decides(found: PriorityDecision | None, decision: dict[str, Any]) -> bool:
    """Tell whether a recorded override is this decision (no override: a removal is)."""
    if found is None:
        return not decision["priority"]
    if not decision["priority"]:
        return not found.priority
    wanted = (decision["priority"], decision["reason"], decision["by"].pk)
    return (found.priority, found.reason, found.by_id) == wanted


def _in_force_is(account: Account, priority: str, reason: str, by: TeamMember) -> bool:
    """Tell whether the account's override in force is this one (or none, for a removal)."""
    if not priority:
        return not account.priority_override
    in_force = (account.priority_override, account.priority_override_reason)
    return (*in_force, account.priority_override_by_id) == (priority, reason, by.pk)


def _override_before(
    overrides: QuerySet[PriorityDecision], on: dt.date, when: dt.datetime
) -> PriorityDecision | None:
    """Return the override decided last before `when` (on the day `on`), if any."""
    earlier = overrides.filter(Q(on__lt=on) | Q(on=on, at__lt=when))
    return earlier.order_by("on", "at", "id").last()


def _override_fields(
    account: Account, decision: dict[str, Any], on: dt.date, when: dt.datetime
) -> dict[str, Any]:
    """Return the account's fields holding this override in force (or none, for a removal)."""
    if not decision["priority"]:
        return {
            "priority_override": "",
            "priority_override_reason": "",
            "priority_override_by": None,
            "priority_override_at": None,
        }
    return {
        "priority_override": decision["priority"],
        "priority_override_reason": decision["reason"],
        "priority_override_by": decision["by"],
        "priority_override_at": when,
        "priority_reviewed_on": _latest_review(account, on),
    }


def review_priority(
    *, account: Account, reviewed_on: dt.date, by: TeamMember | None = None
) -> tuple[Account, Outcome]:
    """Record that the account's prioritisation was reviewed (PRIO-4 asks every quarter).

    The latest review is the one kept: a review older than the one recorded (sent late, or
    twice) changes nothing, or PRIO-4 would fall due again although it was done. Each day's
    review is kept once in the history, dated as sent, whatever order they come in.
    """
    if refused := record_date_error(reviewed_on, "record a review once it is done."):
        raise ValidationError({"reviewed_on": refused})
    with transaction.atomic():
        lock_and_reread(account)  # the same review sent twice at once is kept once
        latest = _latest_review(account, reviewed_on)
        outcome = save_changes(account, {"priority_reviewed_on": latest})
        # Each review is kept: a day between two reviews replays with the earlier one.
        review = {"kind": PriorityDecision.Kind.REVIEW, "on": reviewed_on}
        if not account.priority_decisions.filter(**review).exists():
            account.priority_decisions.create(**review, by=by)
            outcome = "created"
    return account, outcome


def _latest_review(account: Account, reviewed_on: dt.date) -> dt.date:
    """Return the later of the account's recorded priority review and `reviewed_on`."""
    recorded = account.priority_reviewed_on
    return reviewed_on if recorded is None else max(recorded, reviewed_on)
