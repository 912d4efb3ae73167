"""Logging a meeting held: an EBR or a check-in is the one planned, from any way in."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from rhythm.meetings.models import Ebr, LeadershipCheckIn
from rhythm.meetings.services import log_held, plan_check_in, plan_ebr
from rhythm.timeline.models import Activity
from tests.factories import ContactFactory


def test_rhythm_log_holds_the_ebr_being_prepared(account, capsys):
    today = timezone.localdate()
    plan_ebr(account=account, planned_on=today + dt.timedelta(days=20))
    call_command("log", account.name, "--kind", "ebr", "--duration", "75")
    ebr = Ebr.objects.get(account=account)
    assert (ebr.status, ebr.held_on, ebr.length_minutes) == ("held", today, 75)
    assert "Logged" in capsys.readouterr().out


@pytest.mark.parametrize("date", ["", " "])
def test_rhythm_log_refuses_an_empty_date_and_logs_nothing(account, date):
    with pytest.raises(CommandError, match=f"--date: '{date}' is not a date; use YYYY-MM-DD"):
        call_command("log", account.name, "--kind", "cadence_call", "--date", date)
    assert not Activity.objects.filter(account=account).exists()


@pytest.mark.parametrize("separator", [",", ";", ", "])
def test_rhythm_log_takes_attendees_separated_by_commas_or_semicolons(account, alice, separator):
    carl = ContactFactory(account=account, email="carl@acme.test")

    attendees = separator.join([carl.email, alice.email])
    call_command("log", account.name, "--kind", "cadence_call", "--attendees", attendees)

    activity = Activity.objects.get(account=account, kind="cadence_call")
    assert (list(activity.contacts.all()), list(activity.members.all())) == ([carl], [alice])


def test_a_check_in_logged_is_the_one_planned_unless_far_older(account):
    today = timezone.localdate()
    planned = today + dt.timedelta(days=10)
    plan_check_in(account=account, planned_on=planned)
    log_held(account=account, kind="leadership_check_in", date=today - dt.timedelta(days=200))
    assert LeadershipCheckIn.objects.get(account=account).held_on is None  # for the record
    log_held(account=account, kind="leadership_check_in", date=today)
    assert LeadershipCheckIn.objects.get(account=account).held_on == today
    assert Activity.objects.filter(account=account, kind="leadership_check_in").count() == 2


def test_a_meeting_is_not_logged_before_it_is_held(account):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="log a check-in once it is held"):
        log_held(account=account, kind="leadership_check_in", date=tomorrow)
    assert not Activity.objects.exists()
