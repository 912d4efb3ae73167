"""The meetings' data migrations: a roundtable's one industry carried over to a list, and
the sessions recorded twice merged before the database keeps one by its key."""

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from tests.factories import account_owned_by

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("meetings", "0004_readable_admin_labels")]
AFTER = [("meetings", "0006_remove_session_industry")]


def latest():
    """The meetings' last migration, where every other test expects the schema."""
    return MigrationLoader(connection).graph.leaf_nodes("meetings")


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_each_sessions_industry_becomes_a_list_of_one_and_back():
    old = migrate(BEFORE)
    Session = old.get_model("meetings", "Session")
    day = dt.date(2026, 10, 5)
    Session.objects.create(kind="roundtable", topic="Banks", date=day, industry="Finance")
    Session.objects.create(kind="workshop", topic="CI", date=day, industry="")
    try:
        new = migrate(AFTER)
        Session = new.get_model("meetings", "Session")
        carried = dict(Session.objects.values_list("topic", "industries"))
        assert carried == {"Banks": ["Finance"], "CI": []}
        Session.objects.filter(topic="CI").update(industries=["Energy", "Utilities"])
        old = migrate(BEFORE)
        Session = old.get_model("meetings", "Session")
        back = dict(Session.objects.values_list("topic", "industry"))
        assert back == {"Banks": "Finance", "CI": "Energy"}  # the first, all the old one holds
    finally:
        migrate(latest())


def test_sessions_recorded_twice_are_merged_into_the_first(alice, bob):
    acme, globex = account_owned_by(alice, name="Acme"), account_owned_by(alice, name="Globex")
    day, consent = dt.date(2026, 10, 5), dt.date(2026, 9, 1)
    old = migrate(AFTER)
    Session = old.get_model("meetings", "Session")
    Attendance = old.get_model("meetings", "SessionAttendance")
    Activity = old.get_model("timeline", "Activity")
    try:
        first = Session.objects.create(
            kind="roundtable", topic="Banks", date=day, industries=["Finance"]
        )
        copy = Session.objects.create(
            kind="roundtable", topic="BANKS", date=day, industries=["finance", "Insurance"]
        )
        copy.lead_id = bob.pk
        copy.save()
        other_day = Session.objects.create(kind="roundtable", topic="Banks", date=consent)
        Attendance.objects.create(session=first, account_id=acme.pk)
        Attendance.objects.create(session=copy, account_id=acme.pk, consented_on=consent)
        Attendance.objects.create(session=copy, account_id=globex.pk, consented_on=consent)
        for account, session in ((acme, first), (globex, copy)):
            Activity.objects.create(
                account_id=account.pk, kind="roundtable", date=day, session=session
            )
        new = migrate(latest())
        Session = new.get_model("meetings", "Session")
        Attendance = new.get_model("meetings", "SessionAttendance")
        Activity = new.get_model("timeline", "Activity")

        assert set(Session.objects.values_list("pk", flat=True)) == {first.pk, other_day.pk}
        merged = Session.objects.get(pk=first.pk)
        assert (merged.topic, merged.industries) == ("Banks", ["Finance", "Insurance"])
        assert merged.lead_id == bob.pk  # the first had none
        seats = Attendance.objects.filter(session=merged)
        assert dict(seats.values_list("account_id", "consented_on")) == {
            acme.pk: consent,  # the first's seat, with the consent only the copy had
            globex.pk: consent,
        }
        logged = Activity.objects.filter(kind="roundtable")
        assert set(logged.values_list("session", flat=True)) == {first.pk}
        with pytest.raises(IntegrityError), transaction.atomic():
            Session.objects.create(kind="roundtable", topic="banks", date=day)
    finally:
        migrate(latest())
