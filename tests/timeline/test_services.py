import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from rhythm.timeline.models import Activity
from rhythm.timeline.services import log_activity
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
