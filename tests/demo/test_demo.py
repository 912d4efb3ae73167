"""The demo book: realistic, deterministic, and loading it twice changes nothing."""

import datetime as dt

from django.apps import apps
from django.core.management import call_command

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
    assert min(renewals) > TODAY and max(renewals) <= TODAY + dt.timedelta(days=366)
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
