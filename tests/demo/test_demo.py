"""The demo book: realistic, deterministic, and loading it twice changes nothing."""

import datetime as dt

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from rhythm.accounts.models import Account
from rhythm.contacts.models import Contact
from rhythm.demo.book import build_book
from rhythm.renewals.models import Renewal
from rhythm.team.models import TeamMember
from rhythm.timeline.models import Activity

TODAY = dt.date(2026, 11, 22)


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every Rhythm model, as tuples, to compare two loads exactly."""
    rows = {}
    for model in apps.get_models():
        if model._meta.app_label in ("sessions", "admin", "contenttypes"):
            continue
        fields = [f.attname for f in model._meta.concrete_fields if f.attname != "last_login"]
        rows[model._meta.label] = sorted(model.objects.values_list(*fields), key=repr)
    return rows


def test_the_book_is_the_same_for_the_same_date():
    first, second = build_book(TODAY), build_book(TODAY)
    assert first.rows == second.rows
    assert [e["planned_on"] for e in first.ebrs] == [e["planned_on"] for e in second.ebrs]


def test_no_two_contacts_of_an_account_share_a_first_or_last_name():
    names: dict[str, list[list[str]]] = {}
    for row in build_book(TODAY).rows["contacts"]:
        if not row["departed_on"]:
            names.setdefault(row["account"], []).append(row["name"].split())
    assert len(names) >= 45
    for account, people in names.items():
        for part in (0, 1):
            used = [person[part] for person in people]
            assert len(set(used)) == len(used), (account, people)


def test_demo_loads_a_realistic_book_and_a_second_load_changes_nothing(db, capsys):
    call_command("demo", on=TODAY.isoformat())
    output = capsys.readouterr().out
    assert "maria.santos@rhythm.example" in output and "rhythm-demo" in output

    roles = list(TeamMember.objects.values_list("role", flat=True))
    assert roles.count("manager") >= 1 and roles.count("csm") >= 3
    assert "ae" in roles and "sa" in roles
    assert Account.objects.count() >= 45
    assert set(Account.objects.values_list("segment", flat=True)) >= {
        "strategic",
        "enterprise",
        "mid-market",
        "smb",
    }
    assert len(set(Account.objects.values_list("tier", flat=True))) >= 2

    dates = Activity.objects.values_list("date", flat=True)
    assert TODAY - min(dates) >= dt.timedelta(days=330)
    assert max(dates) <= TODAY
    kinds = set(Activity.objects.values_list("kind", flat=True))
    assert {"cadence_call", "ebr", "leadership_check_in", "workshop", "roundtable"} <= kinds

    renewals = Renewal.objects.filter(outcome="open").values_list("renewal_date", flat=True)
    assert max(renewals) <= TODAY + dt.timedelta(days=366)
    # One renewal has passed without being closed (REN-6); the others are ahead.
    assert [day for day in renewals if day <= TODAY] == [TODAY - dt.timedelta(days=12)]
    months = {(day.year, day.month) for day in renewals}
    assert len(months) >= 11

    decision_maker = Contact.objects.filter(decision_maker=True).first()
    chain = [decision_maker]
    while chain[-1].introduced_by is not None:
        chain.append(chain[-1].introduced_by)
    assert [c.persona for c in reversed(chain)][:2] == ["admin", "champion"]

    before = snapshot()
    call_command("demo")
    assert snapshot() == before


QUEUE_RULES = {
    "PRIO-3",
    "PRIO-4",
    "CAD-1",
    "CAD-2",
    "CAD-3",
    "EBR-1",
    "EBR-2",
    "EBR-7",
    "EBR-8",
    "CHK-1",
    "EXEC-1",
    "EXEC-2",
    "TTV-2",
    "ADOPT-2",
    "PLAN-1",
    "PLAN-2",
    "PLAN-3",
    "HEALTH-1",
    "HEALTH-2",
    "REN-1",
    "REN-2",
    "REN-6",
    "NPS-1",
    "WS-1",
    "WS-2",
    "RT-1",
    "MGR-1",
    "CAP-2",
}


def test_every_rule_fires_somewhere_in_the_demo(db):
    from rhythm.playbook.queue import Scope, kpis_of, work_queue

    call_command("demo", on=TODAY.isoformat())
    work = work_queue(None, Scope(), TODAY)
    assert {item.rule for item in work.items} >= QUEUE_RULES
    statuses = [state.status for state in work.accounts]
    assert any(s.priority.computed == "P1" and s.priority.reasons for s in statuses)  # PRIO-1
    assert any(s.priority.override for s in statuses)  # PRIO-2
    assert {s.phase.phase for s in statuses} == {"onboard", "enable", "expand"}  # PHASE-1, ADOPT-1
    kpis = kpis_of(work)
    assert kpis.time_to_first_engage_days and kpis.time_to_first_value_days  # TTV-1, TTV-3
    assert kpis.expansion.opened and kpis.expansion.completed  # REN-3
    assert kpis.renewal_rate is not None  # REN-6
    assert kpis.ebr_coverage.total == 48  # EBR-8
    assert all(book.capacity for book in work.books)  # CAP-1 and CAP-2


def test_one_load_serves_the_queue_and_the_monthly_kpis(db):
    from rhythm.playbook.present import kpi_summary
    from rhythm.playbook.queue import Scope, kpi_series_of, monthly_kpis, work_queue

    call_command("demo", on=TODAY.isoformat())
    plain = work_queue(None, Scope(), TODAY)
    both = work_queue(None, Scope(), TODAY, for_series=True)
    assert both.since < plain.since
    assert both.items == plain.items
    assert both.accounts == plain.accounts
    series = monthly_kpis(None, Scope(), TODAY)
    assert kpi_series_of(both) == series
    # The story the dashboard tells: use cases adopted over the year bring the P1 share
    # down from where it started, and NPS is known every month, from many answers.
    summaries = [kpi_summary(point) for point in series]
    p1 = [row["p1_share"] for row in summaries]
    assert p1[0] < 90 and min(p1) < p1[0] - 25
    assert all(row["nps"] is not None for row in summaries)
    assert summaries[0]["details"]["nps"]["responses"] >= 10
    with pytest.raises(ValueError, match="history the series needs"):
        kpi_series_of(plain)


def test_an_empty_anchor_date_is_refused_and_loads_nothing(db):
    with pytest.raises(CommandError, match="--on: '' is not a date; use YYYY-MM-DD"):
        call_command("demo", "--on", "")
    assert not TeamMember.objects.exists()


def test_a_date_the_loaded_book_does_not_use_is_said_on_standard_error(db, monkeypatch):
    """Once loaded, the book keeps its first date: --on another is said to be unused."""
    from io import StringIO
    from types import SimpleNamespace

    from rhythm.demo.management.commands import demo

    monkeypatch.setattr(demo, "load_demo", lambda requested, say: SimpleNamespace(today=TODAY))
    for on, said in [(TODAY, ""), (dt.date(2026, 6, 1), "--on 2026-06-01 is not used: ")]:
        err = StringIO()
        call_command("demo", "--on", on.isoformat(), stdout=StringIO(), stderr=err)
        assert err.getvalue().startswith(said) and bool(err.getvalue()) == bool(said)
    assert "first loaded as of 2026-11-22 and keeps that date" in err.getvalue()
