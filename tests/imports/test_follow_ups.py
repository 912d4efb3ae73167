"""Importing how a team worked before: action items, objectives and priority decisions."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from rhythm.accounts.models import Account, PriorityDecision
from rhythm.imports.runner import import_file, import_rows
from rhythm.plans.models import ActionItem, Objective
from tests.imports.conftest import QUEUE_BOOK, QUEUE_KINDS, dump, errors_of, write_text


def tomorrow() -> str:
    return (timezone.localdate() + dt.timedelta(days=1)).isoformat()


# action_items


def test_action_items_keep_their_owner_status_and_origin(imported):
    done = ActionItem.objects.get(text="Send the ROI summary")
    assert (done.account.name, done.created_on, done.due_on) == (
        "Acme Corp",
        dt.date(2026, 10, 1),
        dt.date(2026, 10, 15),
    )
    assert (done.status, done.done_on, done.origin) == ("done", dt.date(2026, 10, 10), "ebr")
    assert (done.owner_member.email, done.owner_contact) == ("ann@rhythm.test", None)
    by_contact = ActionItem.objects.get(text="Share the usage report")
    assert (by_contact.owner_member, by_contact.owner_contact.email) == (None, "carl@acme.test")
    assert (by_contact.status, by_contact.origin, by_contact.due_on) == ("open", "other", None)
    triage = ActionItem.objects.get(account__name="Globex")
    assert (triage.status, triage.origin, triage.done_on) == ("open", "triage", None)


def test_importing_action_items_again_changes_nothing(imported):
    before = dump()

    report = import_file("action_items", imported / "action_items.csv")

    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    assert dump() == before


def test_an_action_item_row_matches_its_text_ignoring_case_and_closes_it(imported):
    row = {
        "account": "acme corp",
        "text": "share the USAGE report",
        "created_on": "2026-11-02",
        "status": "dropped",
        "done_on": "2026-11-10",
    }

    report = import_rows("action_items", [row])

    item = ActionItem.objects.get(text="Share the usage report")
    assert (report.updated, item.status, item.done_on) == (1, "dropped", dt.date(2026, 11, 10))
    assert item.owner_contact.email == "carl@acme.test"  # no owner column: kept
    assert ActionItem.objects.count() == 3


def test_action_item_errors_name_the_row_and_column(imported):
    row = {"account": "Acme Corp", "created_on": "2026-11-03"}

    assert errors_of(
        "action_items",
        [
            {**row, "text": "A", "owner_email": "stranger@else.test"},
            {**row, "text": "B", "status": "done"},
            {**row, "text": "C", "done_on": "2026-11-04"},
            {**row, "text": "D", "created_on": tomorrow()},
            {**row, "text": "E", "due_on": "2026-11-01"},
            {**row, "text": "F", "status": "finished"},
            {**row, "text": "G", "status": "done", "done_on": "2026-11-01"},
            {**row, "text": "Send the ROI summary", "created_on": "2026-10-01"},
            {**row, "text": "b"},
            {**row, "account": "Initech", "text": "H"},
        ],
    ) == [
        "row 2, column 'owner_email': 'stranger@else.test' is neither a team member nor a "
        "contact of Acme Corp",
        "row 3, column 'done_on': Say when the action item was done",
        "row 4, column 'done_on': An open action item has no done date: close it as done or "
        "dropped",
        f"row 5, column 'created_on': {tomorrow()} is in the future; record the action item "
        "once it is opened",
        "row 6, column 'due_on': 2026-11-01 is before the action item was opened, on "
        "2026-11-03; it falls due on that day or later",
        "row 7, column 'status': 'finished' is not an action item status; use one of: open, "
        "done, dropped",
        "row 8, column 'done_on': The action item was opened on 2026-11-03",
        "row 9, column 'status': The action item is already closed (done on 2026-10-10); a "
        "closed item is not reopened",
        "row 10, column 'created_on': same account, text and created_on as row 3",
        "row 11, column 'account': no account named 'Initech'; import accounts first",
    ]
    assert ActionItem.objects.count() == 3


def test_a_closed_action_item_is_not_closed_again_on_another_day(imported):
    row = {
        "account": "Acme Corp",
        "text": "Send the ROI summary",
        "created_on": "2026-10-01",
        "status": "done",
        "done_on": "2026-10-11",
    }

    assert errors_of("action_items", [row]) == [
        "row 2, column 'status': The action item is already closed (done on 2026-10-10)"
    ]


# objectives


def test_objectives_keep_their_metric_and_owners(imported):
    objective = Objective.objects.get(outcome="Release every week")
    assert (objective.plan.account.name, objective.plan.kind) == ("Acme Corp", "roi")
    assert (objective.metric, objective.unit, objective.reason_for_purchase) == (
        "Releases per month",
        "releases",
        "Slow releases",
    )
    assert (objective.baseline, objective.target, objective.current) == (
        Decimal("1.00"),
        Decimal("4.00"),
        Decimal("2.00"),
    )
    assert (objective.target_date, objective.status) == (dt.date(2027, 3, 31), "on_track")
    assert (objective.customer_owner.email, objective.vendor_owner.email) == (
        "carl@acme.test",
        "ann@rhythm.test",
    )
    adopt = Objective.objects.get(outcome="Adopt CI")
    assert (adopt.plan.kind, adopt.status, adopt.customer_owner) == (
        "stage_adoption",
        "not_started",
        None,
    )


def test_importing_objectives_again_changes_nothing_and_an_outcome_matches_ignoring_case(
    imported,
):
    before = dump()
    report = import_file("objectives", imported / "objectives.csv")
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert dump() == before

    row = {
        "account": "Acme Corp",
        "plan": "roi",
        "outcome": "release EVERY week",
        "current": "-1.5",
    }
    report = import_rows("objectives", [row])

    objective = Objective.objects.get(plan__account__name="Acme Corp")
    assert (report.updated, objective.outcome, objective.current) == (
        1,
        "Release every week",
        Decimal("-1.50"),
    )


def test_objective_errors_name_the_row_and_column(imported):
    row = {"account": "Acme Corp", "plan_kind": "roi"}

    assert errors_of(
        "objectives",
        [
            {**row, "plan_kind": "stage_adoption", "outcome": "A"},
            {**row, "outcome": "B", "customer_owner_email": "gina@globex.test"},
            {**row, "outcome": "C", "target": "lots"},
            {**row, "outcome": "D", "target_date": "2099-01-01"},
            {**row, "outcome": "E", "vendor_owner_email": "nobody@rhythm.test"},
            {**row, "outcome": "F", "status": "done"},
            {**row, "outcome": "f"},
            {**row, "plan_kind": ""},
        ],
    ) == [
        "row 2, column 'plan_kind': Acme Corp has no stage_adoption success plan; import "
        "success_plans first",
        "row 3, column 'customer_owner_email': 'gina@globex.test' is not a contact of Acme Corp",
        "row 4, column 'target': 'lots' is not a number",
        "row 5, column 'target_date': 2099-01-01 is more than 10 years ahead; check the year",
        "row 6, column 'vendor_owner_email': 'nobody@rhythm.test' is not a team member; import "
        "team first",
        "row 7, column 'status': 'done' is not an objective status; use one of: not_started, "
        "on_track, at_risk, achieved",
        "row 8, column 'outcome': same account, plan_kind and outcome as row 7",
        "row 9, column 'plan_kind': a value is required",
        "row 9, column 'outcome': a value is required",
    ]
    assert Objective.objects.count() == 2


# priority_decisions


def test_priority_decisions_are_kept_in_date_order_and_the_account_holds_the_latest(imported):
    acme = Account.objects.get(name="Acme Corp")
    decisions = list(acme.priority_decisions.values_list("kind", "on", "priority", "by__email"))
    assert decisions == [
        ("review", dt.date(2026, 10, 1), "", "ann@rhythm.test"),
        ("override", dt.date(2026, 10, 15), "P1", "mia@rhythm.test"),
    ]
    assert (acme.priority_override, acme.priority_override_reason) == ("P1", "Renewal at risk")
    assert acme.priority_override_by.email == "mia@rhythm.test"
    assert timezone.localdate(acme.priority_override_at) == dt.date(2026, 10, 15)
    assert acme.priority_reviewed_on == dt.date(2026, 10, 15)  # an override is a review
    globex = Account.objects.get(name="Globex")
    assert globex.priority_reviewed_on == dt.date(2026, 11, 1)
    assert globex.priority_decisions.get().by is None


def test_importing_priority_decisions_again_adds_none(imported):
    before = dump()

    report = import_file("priority_decisions", imported / "priority_decisions.csv")

    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    assert dump() == before


def test_an_override_dated_before_a_later_one_is_history_only(imported, tmp_path):
    rows = """account,kind,on,by,priority,reason
Acme Corp,override,2026-11-20,mia@rhythm.test,,
Acme Corp,override,2026-09-01,mia@rhythm.test,P2,Quiet by design
"""
    report = import_file("priority_decisions", write_text(tmp_path / "p.csv", rows))

    acme = Account.objects.get(name="Acme Corp")
    overrides = acme.priority_decisions.filter(kind=PriorityDecision.Kind.OVERRIDE)
    assert list(overrides.values_list("on", "priority")) == [
        (dt.date(2026, 9, 1), "P2"),
        (dt.date(2026, 10, 15), "P1"),
        (dt.date(2026, 11, 20), ""),
    ]
    assert report.created == 2
    assert (acme.priority_override, acme.priority_override_by) == ("", None)  # removed last
    assert acme.priority_reviewed_on == dt.date(2026, 10, 15)
    again = import_file("priority_decisions", tmp_path / "p.csv")
    assert (again.created, again.updated, overrides.count()) == (0, 0, 3)


def test_an_override_changed_and_imported_again_replaces_that_days(imported):
    row = {
        "account": "Acme Corp",
        "kind": "override",
        "date": "2026-10-15",
        "by_email": "mia@rhythm.test",
        "priority": "P2",
        "reason": "Renewal signed",
    }

    report = import_rows("priority_decisions", [row])

    acme = Account.objects.get(name="Acme Corp")
    override = acme.priority_decisions.get(kind=PriorityDecision.Kind.OVERRIDE)
    assert (report.updated, override.priority, override.reason) == (1, "P2", "Renewal signed")
    assert (acme.priority_override, acme.priority_override_reason) == ("P2", "Renewal signed")


def test_priority_decision_errors_name_the_row_and_column(imported):
    row = {"account": "Globex", "kind": "override", "by_email": "mia@rhythm.test"}

    assert errors_of(
        "priority_decisions",
        [
            {
                **row,
                "date": "2026-10-02",
                "by_email": "ann@rhythm.test",
                "priority": "P1",
                "reason": "Why",
            },
            {**row, "date": "2026-10-03", "by_email": "", "priority": "P1", "reason": "Why"},
            {**row, "date": "2026-10-04", "priority": "P1"},
            {**row, "date": "2026-10-05", "priority": "P3", "reason": "Why"},
            {**row, "date": tomorrow(), "priority": "P1", "reason": "Why"},
            {**row, "kind": "review", "date": "2026-10-06", "priority": "P2"},
            {**row, "kind": "veto", "date": "2026-10-07"},
            {**row, "kind": "review", "date": tomorrow()},
            {**row, "kind": "review", "date": "2026-10-06"},
        ],
    ) == [
        "row 2, column 'by_email': Only a CSM manager may override an account's priority",
        "row 3, column 'by_email': Only a CSM manager may override an account's priority",
        "row 4, column 'reason': Say why the priority is overridden",
        "row 5, column 'priority': 'P3' is not a priority; use one of: P1, P2",
        f"row 6, column 'date': {tomorrow()} is in the future; record an override once it is "
        "decided",
        "row 7, column 'priority': a review sets no priority; make the row an override",
        "row 8, column 'kind': 'veto' is not a decision kind; use one of: override, review",
        f"row 9, column 'date': {tomorrow()} is in the future; record a review once it is done",
        "row 10, column 'date': same account, kind and date as row 7",
    ]
    assert (
        not Account.objects.get(name="Globex")
        .priority_decisions.exclude(on=dt.date(2026, 11, 1))
        .exists()
    )


# End to end: what the queue asks of a book just imported


@pytest.fixture
def queue_book(db):
    for kind in QUEUE_KINDS:
        call_command("import", kind, str(QUEUE_BOOK / f"{kind}.csv"))


def queue_on(day: str, capsys) -> set[tuple[str, str]]:
    capsys.readouterr()
    call_command("queue", "--on", day, "--format", "json")
    return {(item["rule"], item["account"]) for item in json.loads(capsys.readouterr().out)}


def test_importing_a_review_and_an_open_action_clears_prio_4_and_health_2(
    queue_book, capsys, tmp_path
):
    before = queue_on("2026-11-22", capsys)
    assert {("PRIO-4", "Quiet Co"), ("PRIO-4", "Steady Co"), ("HEALTH-2", "Quiet Co")} <= before

    reviews = "account,kind,date\nQuiet Co,review,2026-11-02\n"
    call_command("import", "priority_decisions", str(write_text(tmp_path / "p.csv", reviews)))
    items = "account,text,created_on,origin\nQuiet Co,Call the sponsor,2026-11-20,triage\n"
    call_command("import", "action_items", str(write_text(tmp_path / "a.csv", items)))

    after = queue_on("2026-11-22", capsys)
    assert before - after == {("PRIO-4", "Quiet Co"), ("HEALTH-2", "Quiet Co")}
    assert ("PRIO-4", "Steady Co") in after
    # Replayed before the review and the action item, the day is as it was.
    assert ("HEALTH-2", "Quiet Co") in queue_on("2026-11-19", capsys)
