"""The migration that lets a roundtable name several industries carries the old one over."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("meetings", "0004_readable_admin_labels")]
AFTER = [("meetings", "0006_remove_session_industry")]


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
        migrate(AFTER)
