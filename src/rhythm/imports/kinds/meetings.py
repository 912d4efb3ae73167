"""The kinds that carry the meetings a team planned before Rhythm: its EBRs, their preparation
steps, and its leadership check-ins. Imported, they keep a new book from asking on its first
day to plan what the team planned (EBR-2), to do steps already done (EBR-3), or to follow up
EBRs already followed up (EBR-3's email, EBR-4)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

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
from rhythm.meetings.models import Ebr, EbrStatus, MeetingFormat
from rhythm.meetings.services import (
    plan_check_in,
    plan_ebr,
    record_check_in,
    record_ebr,
    record_ebr_step,
)

ALIASES = {**ACCOUNT_ALIASES, "planned": "planned_on", "held": "held_on"}
# What is only known once a meeting is held, and so refused on a row without `held_on`.
AFTER_HELD = ("attendees", "follow_up_sent_on", "success_plan_updated_on")


def _to_plan(record: Record) -> bool:
    """Tell whether a row plans a meeting ahead: not held, and (an EBR) not cancelled."""
    return record.values.get("held_on") is None and record.values.get("status") != "cancelled"


def _merged(*outcomes: Outcome) -> Outcome:
    """Return one outcome for a row written by several services: any creation, else any update."""
    if "created" in outcomes:
        return "created"
    return "updated" if "updated" in outcomes else "unchanged"


def _prepare_meetings(what: str, cancel: str) -> Callable[[list[Record], Lookups], list[Record]]:
    """Build the check of a file of meetings (`what`: "EBR" or "check-in").

    A meeting not held is planned ahead, like one planned on the page, so its date is today
    or later: one whose date has passed and that was not held makes no sense to prepare
    (the queue would only say it was not held), and `cancel` says what to do instead. An
    account plans one meeting at a time, so a second row planning one for the same account
    is refused. What is recorded after a meeting (attendees, follow-ups) needs its held
    date, and a follow-up is dated from the meeting to today. Rows are returned with the
    meetings held first, so that a meeting being prepared that a row holds is held before
    another row plans the next one (which would otherwise move it).
    """

    def prepare(records: list[Record], lookups: Lookups) -> list[Record]:
        planning: dict[int, Record] = {}
        for record in records:
            values, held_on = record.values, record.values.get("held_on")
            if values.get("status") == "held" and held_on is None:
                record.fail("held_on", f"a held {what} needs the date it was held")
                continue
            for column in AFTER_HELD:
                if held_on is not None:
                    _check_after(record, column, held_on, lookups.today)
                elif values.get(column):
                    record.fail(column, f"recorded once the {what} is held: give its held_on")
            planned_on = values.get("planned_on")
            unknown = any(error.column == "status" for error in record.errors)
            if unknown or not _to_plan(record) or planned_on is None or "account" not in values:
                continue
            if planned_on < lookups.today:
                record.fail(
                    "planned_on",
                    f"{planned_on.isoformat()} has passed and the {what} was not held: give "
                    f"its held_on if it was held, {cancel}, or plan it for today or later",
                )
                continue
            account = values["account"]
            if (first := planning.setdefault(account.pk, record)) is not record:
                reason = f"{account.name} prepares one {what} at a time; row {first.row} plans it"
                record.fail("planned_on", reason)
        return sorted(records, key=_to_plan)

    return prepare


def _check_after(record: Record, column: str, held_on: dt.date, today: dt.date) -> None:
    """Refuse a follow-up dated before the EBR or after today."""
    day = record.values.get(column)
    if not isinstance(day, dt.date):  # attendees, or no date
        return
    if day < held_on:
        record.fail(column, f"{day.isoformat()} is before the EBR, held {held_on.isoformat()}")
    elif day > today:
        record.fail(column, f"{day.isoformat()} is in the future; record it once it is done")


def _write_ebr(record: Record, lookups: Lookups) -> Outcome:
    values = {
        name: value
        for name, value in record.pick("status", "format", "length_minutes").items()
        if value is not None
    }
    values.update(record.pick("focus_areas", "agenda"))
    held = record.pick("held_on", "follow_up_sent_on", "success_plan_updated_on")
    return _plan_or_record(record, plan_ebr, record_ebr, values, held)


def _plan_or_record(
    record: Record,
    plan: Callable[..., tuple[Any, Outcome]],
    write: Callable[..., tuple[Any, Outcome]],
    values: dict[str, Any],
    held: dict[str, Any],
) -> Outcome:
    """Write an EBR or check-in row: plan it (moving the one planned, as the page does) and
    then record its other `values`; or, held or cancelled, record it with its attendees and
    `held` values."""
    account, planned_on = record["account"], record["planned_on"]
    if _to_plan(record):
        _, planned = plan(account=account, planned_on=planned_on)
        if not values:
            return planned
        return _merged(planned, write(account=account, planned_on=planned_on, **values)[1])
    attendees = record.values.get("attendees", ())
    return write(
        account=account, planned_on=planned_on, attendee_emails=attendees, **values, **held
    )[1]


EBRS = Kind(
    name="ebrs",
    columns=(
        ACCOUNT,
        date_column("planned_on", required=True),
        date_column("held_on", required=False),
        Column("status", cells.choice(EbrStatus, "status"), empty=None),
        Column("format", cells.choice(MeetingFormat, "format"), empty=None),
        Column("length_minutes", cells.count, empty=None),
        Column("focus_areas"),
        Column("agenda"),
        Column("attendees", cells.email_list, empty=()),
        date_column("follow_up_sent_on", required=False),
        date_column("success_plan_updated_on", required=False),
    ),
    key=("account", "planned_on"),
    write=_write_ebr,
    prepare=_prepare_meetings("EBR", "status cancelled if it was not"),
    aliases={
        **ALIASES,
        "length": "length_minutes",
        "duration_minutes": "length_minutes",
        "follow_up_sent": "follow_up_sent_on",
        "plan_updated_on": "success_plan_updated_on",
    },
    fields={
        "date": "held_on",
        "duration_minutes": "length_minutes",
        "attendee_emails": "attendees",
    },
)


def _prepare_ebr_steps(records: list[Record], lookups: Lookups) -> list[Record]:
    """Refuse a row whose account has no EBR in preparation: a step is one of that EBR's."""
    accounts = {r["account"].pk for r in records if "account" in r.values}
    preparing = set(
        Ebr.objects.filter(
            account_id__in=sorted(accounts),
            held_on__isnull=True,
            status__in=(EbrStatus.PLANNING, EbrStatus.SCHEDULED),
        ).values_list("account_id", flat=True)
    )
    for record in records:
        account = record.values.get("account")
        if account is not None and account.pk not in preparing:
            reason = (
                f"{account.name} has no EBR in preparation; import ebrs first "
                "(a row planned for today or later, not held)"
            )
            record.fail("account", reason)
    return records


def _write_ebr_step(record: Record, lookups: Lookups) -> Outcome:
    return record_ebr_step(
        account=record["account"], number=record["number"], done_on=record["done_on"]
    )[1]


EBR_STEPS = Kind(
    name="ebr_steps",
    columns=(
        ACCOUNT,
        Column("number", cells.count, required=True, empty=None),
        date_column("done_on", required=True),
    ),
    key=("account", "number"),
    write=_write_ebr_step,
    prepare=_prepare_ebr_steps,
    aliases={"account_name": "account", "step": "number"},
    fields={"step": "number"},
)


def _write_check_in(record: Record, lookups: Lookups) -> Outcome:
    values: dict[str, Any] = record.pick("agenda", "goals_reviewed")
    if record.values.get("length_minutes") is not None:
        values["length_minutes"] = record["length_minutes"]
    held = {"held_on": record.values.get("held_on")}
    return _plan_or_record(record, plan_check_in, record_check_in, values, held)


CHECK_INS = Kind(
    name="check_ins",
    columns=(
        ACCOUNT,
        date_column("planned_on", required=True),
        date_column("held_on", required=False),
        Column("length_minutes", cells.count, empty=None),
        Column("agenda"),
        Column("goals_reviewed"),
        Column("attendees", cells.email_list, empty=()),
    ),
    key=("account", "planned_on"),
    write=_write_check_in,
    prepare=_prepare_meetings("check-in", "leave it out if it was not"),
    aliases={**ALIASES, "length": "length_minutes", "duration_minutes": "length_minutes"},
    fields={
        "date": "held_on",
        "duration_minutes": "length_minutes",
        "attendee_emails": "attendees",
    },
)
