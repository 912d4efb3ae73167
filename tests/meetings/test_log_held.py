"""Logging a meeting held: an EBR or a check-in is the one planned, from any way in."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from rhythm.accounts.models import Account
from rhythm.meetings.models import Ebr, LeadershipCheckIn
from rhythm.meetings.services import (
    log_held,
    plan_check_in,
    plan_ebr,
    record_after_ebr,
    record_ebr,
)
from rhythm.playbook.facts import load_book
from rhythm.playbook.rules.derived import ebrs_held
from rhythm.playbook.rules.ebr import SEND_FOLLOW_UP
from rhythm.playbook.settings import load_settings
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


def queue_items(capsys, account, on: dt.date) -> list[tuple[str, str]]:
    """Return the account's EBR-3 and EBR-4 items on `on`, as (rule, action)."""
    capsys.readouterr()
    call_command("queue", "--on", on.isoformat(), "--format", "json", "--account", account.name)
    items = json.loads(capsys.readouterr().out)
    return [(i["rule"], i["action"]) for i in items if i["rule"] in ("EBR-3", "EBR-4")]


def test_an_ebr_logged_with_none_planned_is_recorded_held_once(account, alice):
    held = timezone.localdate() - dt.timedelta(days=2)
    carl = ContactFactory(account=account, email="carl@acme.test")
    activity, outcome = log_held(
        account=account, kind="ebr", date=held, attendee_emails=[carl.email], logged_by=alice
    )
    assert outcome == "created"
    ebr = Ebr.objects.get(account=account)
    assert (ebr.planned_on, ebr.held_on, ebr.status, ebr.activity) == (held, held, "held", activity)
    assert list(activity.contacts.all()) == [carl] and activity.logged_by == alice
    again, outcome = log_held(
        account=account, kind="ebr", date=held, attendee_emails=[carl.email], logged_by=alice
    )
    assert (again, outcome) == (activity, "unchanged")
    assert Ebr.objects.filter(account=account).count() == 1
    assert Activity.objects.filter(account=account, kind="ebr").count() == 1


def test_an_ebr_held_long_ago_and_logged_for_the_record_stays_on_the_timeline(account):
    old = timezone.localdate() - dt.timedelta(days=200)  # before the 4-month planning lead
    log_held(account=account, kind="ebr", date=old)
    assert not Ebr.objects.exists()
    assert Activity.objects.get(account=account, kind="ebr").date == old


def test_an_ebr_held_ahead_of_the_one_planned_is_recorded_and_leaves_it_planned(account):
    today = timezone.localdate()
    planned = today + dt.timedelta(days=200)  # the next one, far ahead
    plan_ebr(account=account, planned_on=planned)
    log_held(account=account, kind="ebr", date=today)
    held, next_one = Ebr.objects.filter(account=account).order_by("planned_on")
    assert (held.planned_on, held.held_on, held.status) == (today, today, "held")
    assert (next_one.planned_on, next_one.held_on, next_one.status) == (planned, None, "planning")


def test_an_ebr_logged_unplanned_asks_for_its_follow_ups_until_they_are_recorded(account, capsys):
    today = timezone.localdate()
    held = today - dt.timedelta(days=7)
    assert queue_items(capsys, account, today) == []
    call_command("log", account.name, "--kind", "ebr", "--date", held.isoformat())
    assert [rule for rule, _ in queue_items(capsys, account, today)] == ["EBR-3", "EBR-4"]
    assert queue_items(capsys, account, today)[0][1] == SEND_FOLLOW_UP
    record_after_ebr(account=account, field="follow_up_sent_on", on=held)
    assert [rule for rule, _ in queue_items(capsys, account, today)] == ["EBR-4"]
    record_after_ebr(account=account, field="success_plan_updated_on", on=today)
    assert queue_items(capsys, account, today) == []


def test_an_ebr_logged_unplanned_counts_once_for_coverage(account):
    held = timezone.localdate() - dt.timedelta(days=3)
    log_held(account=account, kind="ebr", date=held)
    today = timezone.localdate()
    book = load_book(
        Account.objects.filter(pk=account.pk), today, since=held, settings=load_settings()
    )
    [facts] = book.accounts
    assert ebrs_held(facts) == (held,)
    assert [e.tracked for e in facts.ebrs] == [True]


def test_an_older_ebr_logged_after_a_later_one_asks_for_nothing_more(account, capsys):
    today = timezone.localdate()
    latest = today - dt.timedelta(days=10)
    done = {"follow_up_sent_on": latest, "success_plan_updated_on": latest}
    record_ebr(account=account, planned_on=latest, held_on=latest, **done)
    log_held(account=account, kind="ebr", date=today - dt.timedelta(days=40))
    assert Ebr.objects.filter(account=account, status="held").count() == 2
    assert queue_items(capsys, account, today) == []  # only the latest EBR's follow-ups count


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--duration", "-5"), "--duration: Duration must be between 1 and 1440 minutes."),
        (("--attendees", "nobody@x.test"), "--attendees: Not a contact of this account or a"),
        (("--date", "2099-01-01"), "--date: 2099-01-01 is "),
    ],
)
def test_rhythm_log_names_the_option_that_is_wrong_and_logs_nothing(account, args, said):
    with pytest.raises(CommandError) as refused:
        call_command("log", account.name, "--kind", "cadence_call", *args)
    assert str(refused.value).startswith(said)
    assert not Activity.objects.exists()


def test_rhythm_log_answers_a_near_miss_with_the_name_meant(account):
    typo = account.name.upper()[:-1] + "  "
    with pytest.raises(CommandError) as refused:
        call_command("log", typo, "--kind", "cadence_call")
    assert str(refused.value) == f"No account named {typo!r}; did you mean {account.name!r}?"
    assert not Activity.objects.exists()


GHOST = "ghost@nowhere.test"
THIS_ACCOUNT = "Not a contact of this account or a team member"
ATTENDING = "Not a contact of an attending account or a team member"


def refusal(**sent) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as refused:
        log_held(**sent)
    return refused.value.message_dict


@pytest.mark.parametrize(
    ("kind", "advice", "unknown"),
    [
        ("cadence_call", "log what has happened.", THIS_ACCOUNT),
        ("ebr", "log an EBR once it is held.", THIS_ACCOUNT),
        ("leadership_check_in", "log a check-in once it is held.", THIS_ACCOUNT),
        ("workshop", "record a session once it is held.", ATTENDING),
        ("roundtable", "record a session once it is held.", ATTENDING),
    ],
)
def test_log_held_refuses_what_check_held_says_all_at_once_and_writes_nothing(
    account, kind, advice, unknown
):
    from rhythm.meetings.models import Session
    from rhythm.meetings.services import check_held

    plan_ebr(account=account, planned_on=timezone.localdate() + dt.timedelta(days=20))
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    sent = {
        "account": account,
        "kind": kind,
        "date": tomorrow,
        "notes": "x" * 10_001,
        "attendee_emails": [GHOST],
    }
    said = {
        "date": [f"{tomorrow.isoformat()} is in the future; {advice}"],
        "attendees": [f"{unknown}: {GHOST}"],
        "notes": ["Notes are 10,001 characters; keep them to 10,000."],
    }
    assert check_held(**sent) == said
    assert refusal(**sent) == said  # an EBR's date and its attendees at once
    assert not Activity.objects.exists() and not Session.objects.exists()
    assert Ebr.objects.get(account=account).held_on is None


def test_check_held_leaves_out_what_a_date_not_known_decides(account):
    from rhythm.meetings.services import check_held

    assert check_held(account=account, kind="ebr", date=None, attendee_emails=[GHOST]) == {
        "attendees": [f"{THIS_ACCOUNT}: {GHOST}"]
    }
    assert check_held(account=account, kind="workshop", date=None, attendee_emails=[GHOST]) == {
        "attendees": [f"{ATTENDING}: {GHOST}"]
    }
    assert check_held(account=account, kind="cadence_call", date=None, duration_minutes=0) == {
        "duration_minutes": ["Duration must be between 1 and 1440 minutes."]
    }


def test_a_day_with_the_account_s_session_is_checked_as_its_entry_is_updated(alice, account):
    from rhythm.meetings.services import check_held, record_session

    held = timezone.localdate() - dt.timedelta(days=1)
    record_session(kind="workshop", topic="Clinic", date=held, accounts=[(account, None)])
    sent = {"account": account, "kind": "workshop", "date": held, "attendee_emails": [GHOST]}
    said = {"attendees": [f"{THIS_ACCOUNT}: {GHOST}"]}
    assert check_held(**sent) == said
    assert refusal(**sent) == said
    assert Activity.objects.get(account=account).contacts.count() == 0
