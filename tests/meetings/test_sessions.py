"""Workshops and roundtables recorded: one session, logged on each account that attended."""

import datetime as dt
from dataclasses import replace

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from rhythm.meetings import services
from rhythm.meetings.models import Session, SessionAttendance
from rhythm.meetings.services import log_held, record_session
from rhythm.playbook.queue import Scope, queue_items
from rhythm.playbook.rules.workshops import roundtable_industry
from rhythm.timeline.models import Activity
from tests.factories import ContactFactory, account_owned_by


def today() -> dt.date:
    return timezone.localdate()


def ws2_why(member) -> str:
    [item] = [
        i for i in queue_items(None, Scope(csm=member.email), today()).items if i.rule == "WS-2"
    ]
    return item.why


def test_a_workshop_with_two_accounts_is_logged_on_each_with_its_own_attendees(alice, bob):
    acme, globex = account_owned_by(alice, name="Acme"), account_owned_by(alice, name="Globex")
    ana = ContactFactory(account=acme, email="ana@acme.test")
    ContactFactory(account=globex, email="gus@globex.test")
    held, consent = today() - dt.timedelta(days=2), today() - dt.timedelta(days=20)
    session, outcome = record_session(
        kind="workshop",
        topic="CI pipelines",
        date=held,
        accounts=[(acme, consent), (globex, consent)],
        lead=alice,
        duration_minutes=90,
        attendee_emails=["ana@acme.test", "bob@rhythm.test"],
    )
    assert outcome == "created"
    assert (session.lead, session.industries) == (alice, [])
    acme_log = Activity.objects.get(account=acme, kind="workshop")
    globex_log = Activity.objects.get(account=globex, kind="workshop")
    assert (acme_log.date, acme_log.session, acme_log.logged_by) == (held, session, alice)
    assert globex_log.session == session and globex_log.duration_minutes == 90
    assert list(acme_log.contacts.all()) == [ana] and list(globex_log.contacts.all()) == []
    assert list(acme_log.members.all()) == [bob] == list(globex_log.members.all())
    assert ws2_why(alice).endswith(f"last led {held.isoformat()}, 2 days ago.")
    # The same kind, topic and date again is the same session: nothing doubles.
    _, again = record_session(
        kind="workshop", topic="CI pipelines", date=held, accounts=[(acme, consent)], lead=alice
    )
    assert again == "unchanged"
    assert (Session.objects.count(), Activity.objects.filter(kind="workshop").count()) == (1, 2)


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"kind": "webinar"}, "kind", "'webinar' is not a session kind"),
        ({"topic": "  "}, "topic", "Give the session a topic."),
        ({"date": 1}, "date", "is in the future; record a session once it is held."),
        (
            {"kind": "roundtable"},
            "industries",
            "A roundtable is for one or more industries (RT-1); name at least one industry.",
        ),
        (
            {"kind": "roundtable", "industries": [" ", ""]},
            "industries",
            "name at least one industry.",
        ),
        ({"consent": None}, "accounts", "No consent to a multi-customer session: Globex."),
        (
            {"consent": dt.date(9999, 1, 1)},
            "consented_on",
            "9999-01-01 is in the future; record consent once it is given.",
        ),
        ({"consent": dt.date(26, 1, 1)}, "consented_on", "0026-01-01 is before 1970"),
        ({"accounts": []}, "accounts", "Choose at least one account that attended."),
        (
            {"kind": "roundtable", "industries": ["Nope"]},
            "industries",
            "'Nope' is not the industry of any account; use one of: Finance, Retail.",
        ),
        (
            {"kind": "roundtable", "industries": ["retail", "Nope", "Void", "nope"]},
            "industries",
            "'Nope', 'Void' are not industries of any account; use one of: Finance, Retail.",
        ),
        ({"attendees": ["who@else.test"]}, "attendees", "or a team member: who@else.test"),
    ],
)
def test_a_session_that_cannot_be_recorded_says_why_and_writes_nothing(
    alice, change, field, reason
):
    acme, globex = account_owned_by(alice, name="Acme"), account_owned_by(alice, name="Globex")
    account_owned_by(alice, name="Shop", industry="Retail")
    consent = change.get("consent", today())
    values = {
        "industries": change.get("industries", ()),
        "kind": change.get("kind", "workshop"),
        "topic": change.get("topic", "Security review"),
        "date": today() + dt.timedelta(days=change.get("date", 0)),
        "accounts": change.get("accounts", [(acme, today()), (globex, consent)]),
        "attendee_emails": change.get("attendees", ()),
    }
    with pytest.raises(ValidationError) as raised:
        record_session(lead=alice, **values)
    assert any(reason in message for message in raised.value.message_dict[field])
    assert not Session.objects.exists() and not Activity.objects.exists()


def test_a_workshop_logged_on_one_account_is_a_session_its_logger_led(alice, account):
    held = today() - dt.timedelta(days=3)
    activity, _ = log_held(
        account=account, kind="workshop", date=held, logged_by=alice, notes="Pipelines"
    )
    session = activity.session
    assert (session.kind, session.topic, session.lead, session.date) == (
        "workshop",
        "Workshop with Acme Corp",
        alice,
        held,
    )
    assert activity.notes == "Pipelines"
    assert ws2_why(alice).endswith(f"last led {held.isoformat()}, 3 days ago.")


def test_logging_a_day_that_has_the_accounts_session_updates_it(alice, account):
    other = account_owned_by(alice, name="Globex")
    held = today() - dt.timedelta(days=1)
    record_session(
        kind="workshop",
        topic="Onboarding clinic",
        date=held,
        accounts=[(account, held), (other, held)],
        lead=alice,
    )
    logged, _ = log_held(
        account=account, kind="workshop", date=held, logged_by=alice, notes="Went well"
    )
    assert logged.session.topic == "Onboarding clinic" and logged.notes == "Went well"
    assert Session.objects.count() == 1 and SessionAttendance.objects.count() == 2


def test_a_roundtable_logged_on_an_account_clears_rt_1_for_its_industry(alice, account):
    def rt1() -> list[str]:
        items = queue_items(None, Scope(), today()).items  # RT-1: the whole team
        return [i.action for i in items if i.rule == "RT-1"]

    assert rt1() == ["Organise a customer roundtable for Finance this quarter."]
    activity, _ = log_held(account=account, kind="roundtable", date=today(), logged_by=alice)
    assert (activity.session.kind, activity.session.industries) == ("roundtable", ["Finance"])
    assert rt1() == []


def test_a_roundtable_logged_on_an_account_without_industry_stays_on_the_timeline(alice):
    account = account_owned_by(alice, name="Nameless", industry="")
    activity, _ = log_held(account=account, kind="roundtable", date=today(), logged_by=alice)
    assert activity.session is None and not Session.objects.exists()


def test_an_account_added_to_a_session_makes_every_account_there_need_consent(alice):
    acme, globex = account_owned_by(alice, name="Acme"), account_owned_by(alice, name="Globex")
    held = today()
    record_session(kind="workshop", topic="Clinic", date=held, accounts=[(acme, None)])
    already = "No consent to a multi-customer session: 1 account already recorded at it."
    with pytest.raises(ValidationError, match=already):
        record_session(kind="workshop", topic="Clinic", date=held, accounts=[(globex, held)])
    assert SessionAttendance.objects.count() == 1
    record_session(kind="workshop", topic="Clinic", date=held, accounts=[(acme, held)])
    record_session(kind="workshop", topic="Clinic", date=held, accounts=[(globex, held)])
    assert SessionAttendance.objects.count() == 2


def test_a_session_is_the_same_whatever_the_case_of_its_topic(alice):
    """Recorded as 'CI pipelines' and again as 'ci Pipelines': one workshop, spelled first."""
    acme, globex = account_owned_by(alice, name="Acme"), account_owned_by(alice, name="Globex")
    held = today()
    record_session(kind="workshop", topic="CI pipelines", date=held, accounts=[(acme, held)])
    record_session(kind="workshop", topic="ci Pipelines", date=held, accounts=[(globex, held)])
    session = Session.objects.get()
    assert (session.topic, session.attendance.count()) == ("CI pipelines", 2)


def test_a_session_recorded_by_someone_else_after_the_look_is_joined_not_copied(
    alice, bob, monkeypatch
):
    """Another request recorded the workshop after this one looked for it (no account in
    common made either wait): the model's check refuses a second copy, and the session is
    recorded again, now joining theirs."""
    ours, theirs = account_owned_by(alice, name="Acme"), account_owned_by(bob, name="Globex")
    held = today()
    record_session(kind="workshop", topic="CI", date=held, accounts=[(theirs, held)])
    checked, looks = services._checked_session, []

    def looked_before_theirs(*arguments, **keywords):
        looked = checked(*arguments, **keywords)
        looks.append(looked.known)
        return replace(looked, known=None) if len(looks) == 1 else looked

    monkeypatch.setattr(services, "_checked_session", looked_before_theirs)
    session, outcome = record_session(
        kind="workshop", topic="ci", date=held, accounts=[(ours, held)]
    )

    assert looks == [session, session]  # the first look was made blind to it
    assert outcome == "created"  # our account's attendance
    assert Session.objects.get() == session and session.topic == "CI"
    assert set(session.attendance.values_list("account__name", flat=True)) == {"Acme", "Globex"}
    assert Activity.objects.filter(session=session).count() == 2


def test_the_database_keeps_one_session_by_kind_topic_and_date(alice):
    held = today()
    Session.objects.create(kind="workshop", topic="CI", date=held)
    Session.objects.create(kind="roundtable", topic="CI", date=held)  # another kind
    Session.objects.create(kind="workshop", topic="CI", date=held - dt.timedelta(days=1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.create(kind="workshop", topic="ci", date=held)


def test_recording_a_session_again_without_its_lead_or_industry_keeps_them(alice, account):
    held = today()
    record_session(
        kind="roundtable",
        topic="Banks",
        date=held,
        industries=["Finance"],
        accounts=[(account, held)],
        lead=alice,
    )
    other = account_owned_by(alice, name="Globex")
    record_session(kind="roundtable", topic="Banks", date=held, accounts=[(other, held)])
    session = Session.objects.get()
    assert (session.lead, session.industries, session.attendance.count()) == (
        alice,
        ["Finance"],
        2,
    )
    record_session(kind="roundtable", topic="Banks", date=held, accounts=[(account, held)])
    assert Activity.objects.get(account=account, kind="roundtable").logged_by == alice


def test_a_roundtable_s_industry_is_written_as_the_accounts_write_it(alice, account):
    """RT-1 counts roundtables per industry of the accounts: 'finance' is Finance."""
    session, _ = record_session(
        kind="roundtable",
        topic="Banks",
        date=today(),
        industries=[" finance "],
        accounts=[(account, None)],
    )
    assert session.industries == ["Finance"]


def test_a_roundtable_for_two_industries_clears_rt_1_for_both(alice, account):
    """Roundtables can span industries that share use cases (handbook 003)."""
    account_owned_by(alice, name="Grid Co", industry="Energy")
    account_owned_by(alice, name="Water Co", industry="Utilities")

    def owed() -> list[str]:
        items = queue_items(None, Scope(), today()).items  # RT-1: the whole team
        return sorted(roundtable_industry(i.action) for i in items if i.rule == "RT-1")

    assert owed() == ["Energy", "Finance", "Utilities"]
    session, outcome = record_session(
        kind="roundtable",
        topic="Grid and water",
        date=today(),
        industries=["utilities", "Energy", "UTILITIES", " "],
        accounts=[(account, None)],
    )
    assert (outcome, session.industries) == ("created", ["Utilities", "Energy"])
    assert owed() == ["Finance"]


def test_industries_given_again_replace_the_list_and_none_given_keep_it(alice, account):
    account_owned_by(alice, name="Grid Co", industry="Energy")
    account_owned_by(alice, name="Water Co", industry="Utilities")

    def record(*industries: str) -> tuple[list[str], str]:
        values = {"kind": "roundtable", "topic": "Shared", "date": today()}
        session, outcome = record_session(
            accounts=[(account, None)], industries=industries, **values
        )
        session.refresh_from_db()
        return session.industries, outcome

    assert record("Energy", "Utilities") == (["Energy", "Utilities"], "created")
    assert record() == (["Energy", "Utilities"], "unchanged")
    assert record("energy", "utilities") == (["Energy", "Utilities"], "unchanged")
    assert record("Finance") == (["Finance"], "updated")


def test_recording_a_session_again_says_whether_its_timeline_entries_changed(alice, account):
    def record(**changes):
        values = {"kind": "workshop", "topic": "CI", "date": today(), "notes": "Pipelines 101"}
        return record_session(accounts=[(account, None)], **{**values, **changes})[1]

    assert record() == "created"
    assert record() == "unchanged"  # sent twice: nothing new
    assert record(notes="Pipelines 102") == "updated"  # kept on the account's timeline entry
    assert record(notes="Pipelines 102", duration_minutes=90) == "updated"
    assert record(notes="Pipelines 102", duration_minutes=90) == "unchanged"
    entry = Activity.objects.get(account=account)
    assert (entry.notes, entry.duration_minutes) == ("Pipelines 102", 90)
