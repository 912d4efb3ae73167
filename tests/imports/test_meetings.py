"""Importing the meetings a team planned and held: EBRs, their steps, leadership check-ins."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from rhythm.accounts.models import Account
from rhythm.imports.runner import import_file, import_rows
from rhythm.meetings.models import Ebr, EbrStep, LeadershipCheckIn
from rhythm.meetings.services import plan_ebr, record_ebr_step
from rhythm.playbook.rules.ebr import SEND_FOLLOW_UP, step_of
from rhythm.timeline.models import Activity
from tests.imports.conftest import (
    CHECK_IN_AHEAD,
    EBR_AHEAD,
    QUEUE_BOOK,
    QUEUE_KINDS,
    dump,
    errors_of,
    write_text,
)


def day(offset: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=offset)


# ebrs


def test_ebrs_held_and_planned_are_kept(imported):
    held = Ebr.objects.get(account__name="Globex")
    assert (held.planned_on, held.held_on, held.status, held.format) == (
        dt.date(2026, 9, 15),
        dt.date(2026, 9, 15),
        "held",
        "onsite",
    )
    assert (held.follow_up_sent_on, held.success_plan_updated_on) == (
        dt.date(2026, 9, 16),
        dt.date(2026, 9, 18),
    )
    # The activity imported for that day is the EBR's: one meeting, not two.
    [logged] = Activity.objects.filter(account__name="Globex", kind="ebr")
    assert (held.activity, logged.notes, logged.duration_minutes) == (logged, "Held onsite", 90)
    planned = Ebr.objects.get(account__name="Acme Corp")
    assert (planned.planned_on.isoformat(), planned.held_on, planned.status) == (
        EBR_AHEAD,
        None,
        "scheduled",
    )
    assert (planned.format, planned.length_minutes, planned.focus_areas) == (
        "virtual",
        120,
        "Adoption and ROI",
    )
    assert planned.activity is None


def test_importing_ebrs_steps_and_check_ins_again_changes_nothing(imported):
    before = dump()

    reports = [import_file(k, imported / f"{k}.csv") for k in ("ebrs", "ebr_steps", "check_ins")]

    assert [(r.created, r.updated, r.unchanged) for r in reports] == [(0, 0, 2)] * 3
    assert dump() == before


def test_an_ebrs_row_planning_another_date_moves_the_one_being_prepared(people):
    acme = Account.objects.get(name="Acme Corp")
    plan_ebr(account=acme, planned_on=day(100))
    record_ebr_step(account=acme, number=1, done_on=day(0))

    report = import_rows("ebrs", [{"account": "Acme Corp", "planned_on": day(60).isoformat()}])

    [ebr] = Ebr.objects.filter(account=acme)
    assert (report.updated, ebr.planned_on, ebr.status) == (1, day(60), "planning")
    assert list(ebr.steps.values_list("number", flat=True)) == [1]  # its steps stay done


def test_an_ebrs_row_holds_the_ebr_being_prepared_before_planning_the_next(people):
    acme = Account.objects.get(name="Acme Corp")
    plan_ebr(account=acme, planned_on=day(0))
    record_ebr_step(account=acme, number=1, done_on=day(0))
    rows = [
        {"account": "Acme Corp", "planned_on": day(90).isoformat()},  # the next one
        {"account": "Acme Corp", "planned_on": day(0).isoformat(), "held_on": day(0).isoformat()},
    ]

    report = import_rows("ebrs", rows)

    held, planned = Ebr.objects.filter(account=acme).order_by("planned_on")
    assert (report.created, report.updated) == (1, 1)
    assert (held.held_on, held.status, held.steps.count()) == (day(0), "held", 1)
    assert (planned.planned_on, planned.status, planned.steps.count()) == (day(90), "planning", 0)


def test_ebr_errors_name_the_row_and_column_and_nothing_is_written(people):
    past, today, later = day(-30).isoformat(), day(0).isoformat(), day(30).isoformat()

    assert errors_of(
        "ebrs",
        [
            {"account": "Acme Corp", "planned_on": past},
            {"account": "Globex", "planned_on": later},
            {"account": "Globex", "planned_on": day(60).isoformat()},
            {"account": "Acme Corp", "planned_on": later, "follow_up_sent_on": today},
            {"account": "Acme Corp", "planned_on": day(-40).isoformat(), "status": "held"},
            {
                "account": "Acme Corp",
                "planned_on": day(-50).isoformat(),
                "held_on": past,
                "success_plan_updated_on": day(-31).isoformat(),
                "follow_up_sent_on": day(1).isoformat(),
            },
            {"account": "Acme Corp", "planned_on": day(-60).isoformat(), "held_on": day(1)},
            {
                "account": "Acme Corp",
                "planned_on": day(-70).isoformat(),
                "held_on": day(-70).isoformat(),
                "attendees": "ghost@nowhere.test",
            },
            {"account": "Acme Corp", "planned_on": day(-80).isoformat(), "status": "someday"},
        ],
    ) == [
        f"row 2, column 'planned_on': {past} has passed and the EBR was not held: give its "
        "held_on if it was held, status cancelled if it was not, or plan it for today or later",
        "row 4, column 'planned_on': Globex prepares one EBR at a time; row 3 plans it",
        "row 5, column 'follow_up_sent_on': recorded once the EBR is held: give its held_on",
        "row 6, column 'held_on': a held EBR needs the date it was held",
        f"row 7, column 'follow_up_sent_on': {day(1).isoformat()} is in the future; record it "
        "once it is done",
        f"row 7, column 'success_plan_updated_on': {day(-31).isoformat()} is before the EBR, "
        f"held {past}",
        f"row 8, column 'held_on': {day(1).isoformat()} is in the future; log what has happened",
        "row 9, column 'attendees': Not a contact of this account or a team member: "
        "ghost@nowhere.test",
        "row 10, column 'status': 'someday' is not a status; use one of: planning, "
        "scheduled, held, cancelled",
    ]
    assert not Ebr.objects.exists() and not Activity.objects.exists()


def test_an_ebr_cancelled_is_kept_for_the_record_and_asks_nothing(people):
    row = {"account": "Globex", "planned_on": day(-30).isoformat(), "status": "cancelled"}
    assert import_rows("ebrs", [row]).created == 1
    assert Ebr.objects.get(account__name="Globex").status == "cancelled"
    assert Ebr.objects.filter(account__name="Globex").in_preparation() is None


# ebr_steps


def test_ebr_steps_are_recorded_on_the_ebr_being_prepared(imported):
    steps = EbrStep.objects.filter(ebr__account__name="Acme Corp").order_by("number")
    assert [(s.number, s.name, s.done_on) for s in steps] == [
        (1, "Internal alignment", dt.date(2026, 11, 2)),
        (2, "Initial customer discussion", dt.date(2026, 11, 10)),
    ]
    assert {s.ebr.planned_on.isoformat() for s in steps} == {EBR_AHEAD}


def test_ebr_step_errors_name_the_row_and_column(imported, tmp_path):
    rows = [
        {"account": "Globex", "number": "1", "done_on": "2026-11-02"},
        {"account": "Acme Corp", "number": "42", "done_on": "2026-11-02"},
        {"account": "Acme Corp", "number": "3", "done_on": day(1).isoformat()},
        {"account": "Acme Corp", "number": "two", "done_on": "2026-11-02"},
    ]
    before = dump()

    assert errors_of("ebr_steps", rows) == [
        "row 2, column 'account': Globex has no EBR in preparation; import ebrs first (a row "
        "planned for today or later, not held)",
        "row 3, column 'number': The playbook has no EBR preparation step 42",
        f"row 4, column 'done_on': {day(1).isoformat()} is in the future; record a step once "
        "it is done",
        "row 5, column 'number': 'two' is not a number",
    ]
    assert dump() == before


# check_ins


def test_check_ins_held_and_planned_are_kept(imported):
    held = LeadershipCheckIn.objects.get(account__name="Globex")
    assert (held.held_on, held.length_minutes, held.agenda, held.goals_reviewed) == (
        dt.date(2026, 11, 10),
        45,
        "Goals and adoption",
        "Adopt CI",
    )
    assert [m.email for m in held.activity.members.all()] == ["ann@rhythm.test"]
    planned = LeadershipCheckIn.objects.get(account__name="Acme Corp")
    assert (planned.planned_on.isoformat(), planned.held_on, planned.length_minutes) == (
        CHECK_IN_AHEAD,
        None,
        30,
    )


def test_check_in_errors_name_the_row_and_column(people):
    past = day(-10).isoformat()
    assert errors_of(
        "check_ins",
        [
            {"account": "Acme Corp", "planned_on": past},
            {"account": "Globex", "planned_on": day(5).isoformat(), "attendees": "x@y.test"},
            {"account": "Globex", "planned_on": day(6).isoformat()},
        ],
    ) == [
        f"row 2, column 'planned_on': {past} has passed and the check-in was not held: give "
        "its held_on if it was held, leave it out if it was not, or plan it for today or later",
        "row 3, column 'attendees': recorded once the check-in is held: give its held_on",
        "row 4, column 'planned_on': Globex prepares one check-in at a time; row 3 plans it",
    ]
    assert not LeadershipCheckIn.objects.exists()


# End to end: what the queue asks of a book just imported


@pytest.fixture
def queue_book(db):
    for kind in QUEUE_KINDS:
        call_command("import", kind, str(QUEUE_BOOK / f"{kind}.csv"))


def ebr_items(capsys, account: str) -> list[tuple[str, str]]:
    """Return the account's EBR-2, 3 and 4 items in today's queue, as (rule, action)."""
    capsys.readouterr()
    call_command("queue", "--on", day(0).isoformat(), "--format", "json")
    items = json.loads(capsys.readouterr().out)
    wanted = ("EBR-2", "EBR-3", "EBR-4")
    return [
        (i["rule"], i["action"]) for i in items if i["account"] == account and i["rule"] in wanted
    ]


def test_an_imported_plan_clears_ebr_2_and_an_imported_step_its_ebr_3_item(
    queue_book, capsys, tmp_path
):
    # Steady Co held its last EBR on 2026-06-10 (an activity): the next is due, unplanned.
    assert ("EBR-2", "Steady Co") in {(r, "Steady Co") for r, _ in ebr_items(capsys, "Steady Co")}

    ebrs = f"account,planned_on\nSteady Co,{day(20).isoformat()}\n"
    call_command("import", "ebrs", str(write_text(tmp_path / "ebrs.csv", ebrs)))

    items = ebr_items(capsys, "Steady Co")
    assert "EBR-2" not in {rule for rule, _ in items}
    steps = [step_of(action) for rule, action in items if rule == "EBR-3"]
    assert 1 in steps  # the first step's window closed months before the EBR
    done = f"account,number,done_on\nSteady Co,1,{day(0).isoformat()}\n"
    call_command("import", "ebr_steps", str(write_text(tmp_path / "steps.csv", done)))

    after = [step_of(action) for rule, action in ebr_items(capsys, "Steady Co") if rule == "EBR-3"]
    assert after == [step for step in steps if step != 1]


def test_an_imported_ebr_held_asks_for_its_follow_ups_until_imported_done(
    queue_book, capsys, tmp_path
):
    held = day(-2).isoformat()
    ebrs = f"account,planned_on,held_on\nSteady Co,{held},{held}\n"
    call_command("import", "ebrs", str(write_text(tmp_path / "ebrs.csv", ebrs)))
    items = ebr_items(capsys, "Steady Co")
    assert ("EBR-3", SEND_FOLLOW_UP) in items and "EBR-4" in {rule for rule, _ in items}

    followed = ebrs.replace("held_on\n", "held_on,follow_up_sent_on,success_plan_updated_on\n")
    followed = followed.replace(f"{held}\n", f"{held},{held},{day(0).isoformat()}\n")
    call_command("import", "ebrs", str(write_text(tmp_path / "ebrs.csv", followed)))
    assert ebr_items(capsys, "Steady Co") == []


def test_an_ebr_activity_of_a_day_with_an_ebr_held_is_that_ebr_not_the_next_one(people):
    held, ahead = day(-10).isoformat(), day(30).isoformat()
    rows = [
        {"account": "Acme Corp", "planned_on": held, "held_on": held},
        {"account": "Acme Corp", "planned_on": ahead},
    ]
    import_rows("ebrs", rows)
    # Within the next EBR's planning lead, but the day of the EBR already held: that one.
    row = {"account": "Acme Corp", "kind": "ebr", "date": held, "notes": "From the old tool"}
    assert import_rows("activities", [row]).updated == 1
    past, planned = Ebr.objects.filter(account__name="Acme Corp").order_by("planned_on")
    assert (past.held_on.isoformat(), past.activity.notes) == (held, "From the old tool")
    assert (planned.planned_on.isoformat(), planned.held_on, planned.status) == (
        ahead,
        None,
        "planning",
    )
    assert Activity.objects.filter(account__name="Acme Corp", kind="ebr").count() == 1
