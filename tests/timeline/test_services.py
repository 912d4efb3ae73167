import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rhythm.timeline.models import Activity
from rhythm.timeline.services import log_activity, log_activity_once, upsert_activity
from tests.factories import ContactFactory


def test_log_activity_records_call_with_attendees(account, alice):
    contact = ContactFactory(account=account, email="ana@acme.test")
    activity = log_activity(
        account=account,
        kind="cadence_call",
        date=dt.date(2026, 11, 20),
        duration_minutes=30,
        notes="  Reviewed CI rollout.  ",
        attendee_emails=["ANA@acme.test", "alice@rhythm.test"],
        logged_by=alice,
    )
    assert activity.account == account
    assert activity.notes == "Reviewed CI rollout."
    assert list(activity.contacts.all()) == [contact]
    assert list(activity.members.all()) == [alice]
    assert activity.logged_by == alice


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"kind": "coffee"}, "kind", "'coffee' is not an activity kind"),
        ({"date": dt.date(2099, 1, 1)}, "date", "2099-01-01 is in the future"),
        ({"duration_minutes": 0}, "duration_minutes", "between 1 and 1440"),
        ({"attendee_emails": ["nobody@x.test"]}, "attendees", "nobody@x.test"),
    ],
    ids=["unknown-kind", "future-date", "zero-duration", "unknown-attendee"],
)
def test_log_activity_rejects_bad_input_and_writes_nothing(account, fields, field, message):
    arguments = {"account": account, "kind": "cadence_call", "date": dt.date(2026, 11, 2)}
    with pytest.raises(ValidationError) as raised:
        log_activity(**{**arguments, **fields})
    assert message in " ".join(raised.value.message_dict[field])
    assert Activity.objects.count() == 0


def test_contact_of_another_account_is_not_an_attendee(account):
    ContactFactory(email="someone@other.test")
    with pytest.raises(ValidationError):
        log_activity(
            account=account,
            kind="cadence_call",
            date=dt.date(2026, 11, 2),
            attendee_emails=["someone@other.test"],
        )


def _review(account, *members, notes="Renewal on track."):
    from rhythm.timeline.services import log_activity as log

    return log(
        account=account,
        kind="renewal_review",
        date=dt.date(2026, 11, 20),
        duration_minutes=45,
        notes=notes,
        attendee_emails=[member.email for member in members],
    )


def _stored(activity):
    fresh = Activity.objects.get(pk=activity.pk)
    emails = [c.email for c in fresh.contacts.all()] + [m.email for m in fresh.members.all()]
    return (fresh.kind, fresh.date, fresh.duration_minutes, fresh.notes, sorted(emails))


def test_edit_activity_adds_the_attendee_left_out(account, alice):
    from rhythm.timeline.services import edit_activity
    from tests.factories import TeamMemberFactory

    sa = TeamMemberFactory(email="sam@rhythm.test", role="sa")
    review = _review(account, alice)
    edited, outcome = edit_activity(
        activity=review, attendee_emails=["alice@rhythm.test", "SAM@rhythm.test"]
    )
    assert (outcome, edited.pk) == ("updated", review.pk)
    assert _stored(review) == (
        "renewal_review",
        dt.date(2026, 11, 20),
        45,
        "Renewal on track.",
        [alice.email, sa.email],
    )


def test_edit_activity_changes_only_the_fields_given(account, alice):
    from rhythm.timeline.services import edit_activity

    review = _review(account, alice)
    _, outcome = edit_activity(activity=review, notes="  Risk: budget cut.  ")
    assert outcome == "updated"
    assert _stored(review)[2:] == (45, "Risk: budget cut.", [alice.email])
    edit_activity(activity=review, duration_minutes=None)  # None clears the duration
    assert _stored(review)[2:] == (None, "Risk: budget cut.", [alice.email])


def test_edit_activity_with_the_stored_values_is_unchanged(account, alice):
    from rhythm.timeline.services import edit_activity

    review = _review(account, alice)
    before = _stored(review)
    _, outcome = edit_activity(
        activity=review,
        attendee_emails=["ALICE@rhythm.test"],
        duration_minutes=45,
        notes="Renewal on track. ",
    )
    assert outcome == "unchanged"
    assert _stored(review) == before


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"attendee_emails": ["alice@rhythm.test", "ghost@nowhere.test"], "notes": "new"},
            "attendees",
            "Not a contact of this account or a team member: ghost@nowhere.test",
        ),
        (
            {"duration_minutes": 0, "attendee_emails": [], "notes": "new"},
            "duration_minutes",
            "between 1 and 1440",
        ),
    ],
    ids=["unknown-attendee", "zero-duration"],
)
def test_edit_activity_refuses_a_bad_value_and_writes_nothing(
    account, alice, fields, field, message
):
    from rhythm.timeline.services import edit_activity

    review = _review(account, alice)
    before = _stored(review)
    with pytest.raises(ValidationError) as raised:
        edit_activity(activity=review, **fields)
    assert message in " ".join(raised.value.message_dict[field])
    assert _stored(review) == before


def test_edit_activity_keeps_the_account_kind_and_date(account, alice):
    from rhythm.timeline.services import edit_activity

    review = _review(account, alice)
    with pytest.raises(TypeError, match="unexpected fields: date, kind"):
        edit_activity(activity=review, kind="cadence_call", date=dt.date(2026, 11, 1))


def test_edit_activity_refuses_an_edit_opened_before_someone_else_s_save(account, alice):
    from rhythm.timeline.services import activity_version, edit_activity

    review = _review(account, alice)
    opened = activity_version(review)  # two people open the entry's form
    edit_activity(activity=review, expected_version=opened, notes="Budget approved.")
    stale = Activity.objects.get(pk=review.pk)
    with pytest.raises(ValidationError, match="Someone saved a change to this entry after"):
        edit_activity(activity=stale, expected_version=opened, notes="Risk: budget cut.")
    assert _stored(review)[3] == "Budget approved."  # the first save stands
    _, outcome = edit_activity(
        activity=stale, expected_version=activity_version(review), notes="Risk: budget cut."
    )
    assert outcome == "updated" and _stored(review)[3] == "Risk: budget cut."


def test_an_activity_s_version_changes_with_its_attendees_duration_and_notes(account, alice):
    from rhythm.timeline.services import activity_version, edit_activity
    from tests.factories import TeamMemberFactory

    TeamMemberFactory(email="sam@rhythm.test", role="sa")
    review = _review(account, alice)
    versions = {activity_version(review)}
    for change in (
        {"attendee_emails": ["alice@rhythm.test", "sam@rhythm.test"]},
        {"duration_minutes": 30},
        {"notes": "Moved to Q3."},
    ):
        edit_activity(activity=review, **change)
        versions.add(activity_version(review))
    assert len(versions) == 4
    edit_activity(activity=review, notes="Moved to Q3.")  # the same again: the same version
    assert activity_version(review) in versions


def test_check_activity_says_what_log_activity_refuses_all_at_once_and_writes_nothing(account):
    from rhythm.timeline.services import check_activity

    sent = {
        "account": account,
        "kind": "coffee",
        "date": dt.date(2099, 1, 1),
        "duration_minutes": 0,
        "notes": "x" * 10_001,
        "attendee_emails": ["nobody@x.test"],
    }
    errors = check_activity(**sent)
    assert set(errors) == {"kind", "date", "duration_minutes", "notes", "attendees"}
    assert errors["notes"] == ["Notes are 10,001 characters; keep them to 10,000."]
    with pytest.raises(ValidationError) as raised:
        log_activity(**sent)
    assert raised.value.message_dict == errors
    # A date not known (a form's that did not parse) is left out; the rest is checked.
    assert check_activity(**{**sent, "date": None}) == {
        name: said for name, said in errors.items() if name != "date"
    }
    assert Activity.objects.count() == 0


def _tables_read(queries) -> list[str]:
    """Return the tables each SELECT among `queries` reads first (its FROM)."""
    return [
        query["sql"].split(" FROM ")[1].split()[0].strip('"')
        for query in queries
        if query["sql"].startswith("SELECT")
    ]


def test_an_activity_without_attendees_looks_up_no_attendee(account, alice):
    """A row of an import (a year of calls, often without attendees) is written without
    reading the account's contacts or the team: nothing to match."""
    ContactFactory(account=account, email="ana@acme.test")
    with CaptureQueriesContext(connection) as created:
        activity, outcome = upsert_activity(
            account=account, kind="cadence_call", date=dt.date(2026, 11, 2), attendee_emails=[]
        )
    assert outcome == "created"
    # Only the lookup for an activity of that kind and day, before the insert.
    assert _tables_read(created.captured_queries) == ["timeline_activity"]
    with CaptureQueriesContext(connection) as updated:
        _, outcome = upsert_activity(
            account=account,
            kind="cadence_call",
            date=dt.date(2026, 11, 2),
            notes="Roadmap",
            attendee_emails=[],
        )
    assert outcome == "updated"
    # The activity, then whether it has any attendee stored (to tell whether an empty list
    # changes them), in one query; not the account again, nor its contacts, nor the team.
    assert _tables_read(updated.captured_queries) == [
        "timeline_activity",
        "timeline_activity_contacts",
    ]
    activity.refresh_from_db()
    assert (activity.notes, list(activity.contacts.all())) == ("Roadmap", [])


def test_an_imported_row_again_tells_a_change_of_attendees(account, alice):
    """Found by kind and day, an activity named with no attendees is unchanged only if it
    has neither a contact nor a team member stored; named with some, only if they are the
    same people."""
    ContactFactory(account=account, email="ana@acme.test")
    ContactFactory(account=account, email="bo@acme.test")
    day = dt.date(2026, 11, 2)
    activity, _ = upsert_activity(
        account=account, kind="cadence_call", date=day, attendee_emails=["ana@acme.test"]
    )
    _, outcome = upsert_activity(account=account, kind="cadence_call", date=day, attendee_emails=[])
    assert outcome == "updated"
    assert list(activity.contacts.all()) == []
    for emails, expected in (
        (["ana@acme.test"], "updated"),
        (["ana@acme.test"], "unchanged"),
        (["bo@acme.test"], "updated"),
        ([alice.email], "updated"),
        ([alice.email], "unchanged"),
        ([], "updated"),
        ([], "unchanged"),
    ):
        _, outcome = upsert_activity(
            account=account, kind="cadence_call", date=day, attendee_emails=emails
        )
        assert outcome == expected, emails
    assert (list(activity.contacts.all()), list(activity.members.all())) == ([], [])


def test_the_same_activity_sent_again_is_recognised_by_its_attendees(account, alice):
    """`log_activity_once` tells a call sent twice from another call that day by its
    attendees: none, or the same people."""
    ContactFactory(account=account, email="ana@acme.test")
    ContactFactory(account=account, email="bo@acme.test")
    day = dt.date(2026, 11, 2)
    first, outcome = log_activity_once(account=account, kind="cadence_call", date=day)
    assert outcome == "created"
    assert log_activity_once(account=account, kind="cadence_call", date=day) == (
        first,
        "unchanged",
    )
    with_ana, outcome = log_activity_once(
        account=account, kind="cadence_call", date=day, attendee_emails=["ana@acme.test"]
    )
    assert outcome == "created" and with_ana != first
    assert log_activity_once(
        account=account, kind="cadence_call", date=day, attendee_emails=["ana@acme.test"]
    ) == (with_ana, "unchanged")
    _, outcome = log_activity_once(
        account=account, kind="cadence_call", date=day, attendee_emails=["bo@acme.test"]
    )
    assert outcome == "created"
    assert Activity.objects.filter(account=account).count() == 3
