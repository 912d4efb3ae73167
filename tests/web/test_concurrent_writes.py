"""Two requests writing the same thing at once, on PostgreSQL.

Logging an activity, a renewal review, a timeline correction, an action item, time off, a
priority review or override, a survey answer, an objective, a planned EBR and a workshop
are checked and written with a row locked (`lib.upsert.lock_row`), so a second request
arriving while the first is written waits for it, then sees it (and is refused, or finds
its write done), instead of passing its check before the first is written. A workshop
recorded for accounts with none in common waits on the session's key in the database
instead. Each test holds the lock as the first request would, sends the second from
another thread (its own connection), makes sure it waits, writes the first and lets it go.
"""

import datetime as dt
import threading
import time
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from rhythm.accounts.models import Account, PriorityDecision
from rhythm.accounts.services import override_priority, review_priority
from rhythm.lib.upsert import lock_row
from rhythm.meetings.models import Ebr, Session
from rhythm.meetings.services import log_held, plan_ebr, record_session
from rhythm.plans.models import ActionItem, Objective, SuccessPlan
from rhythm.plans.services import upsert_action_item, upsert_objective, upsert_success_plan
from rhythm.renewals.models import RenewalReview
from rhythm.renewals.services import record_renewal_review, upsert_open_renewal
from rhythm.surveys.models import SurveyResponse
from rhythm.surveys.services import record_survey_response
from rhythm.team.models import TeamMember, TimeOff
from rhythm.team.services import record_time_off
from rhythm.timeline.models import Activity, ActivityKind
from rhythm.timeline.services import StaleEdit, activity_version, edit_activity, log_activity
from tests.factories import account_owned_by
from tests.web.pages import today

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks are PostgreSQL's; SQLite lets one writer in at a time",
    ),
]


def _someone_waits_for_a_lock() -> bool:
    """Tell whether a connection waits for a lock (pg_locks is read live, not from the
    transaction's snapshot)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
        return cursor.fetchone()[0] > 0


def _second_request_while_the_first_writes(
    lock: Callable[[], object], second: Callable[[], object], first: Callable[[], object]
) -> object:
    """Hold `lock` in a transaction, run `second` in another thread until it waits for a
    lock, then run `first` and commit; return what `second` returned or raised."""
    answer: dict[str, object] = {}

    def run() -> None:
        try:
            answer["returned"] = second()
        except ValidationError as error:
            answer["returned"] = error
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=run)
    with transaction.atomic():
        lock()
        thread.start()
        deadline = time.monotonic() + 10
        while not _someone_waits_for_a_lock() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert thread.is_alive(), f"the second request did not wait: {answer}"
        first()
    thread.join(timeout=10)
    assert not thread.is_alive()
    return answer["returned"]


def test_a_second_stage_sent_while_the_first_is_written_is_refused(alice):
    renewal, _ = upsert_open_renewal(account=account_owned_by(alice), renewal_date=today())

    def review(stage: str) -> Callable[[], object]:
        return lambda: record_renewal_review(renewal=renewal, stage=stage, held_on=today())

    refused = _second_request_while_the_first_writes(
        lambda: lock_row(Account, renewal.account_id),
        second=review("three_months"),
        first=review("five_months"),
    )

    assert isinstance(refused, ValidationError), refused
    assert "one meeting is one review" in refused.message_dict["held_on"][0]
    assert list(RenewalReview.objects.values_list("stage", flat=True)) == ["five_months"]


def test_a_second_correction_of_the_entry_as_read_before_the_first_is_refused(alice):
    account = account_owned_by(alice)
    activity = log_activity(account=account, kind=ActivityKind.CADENCE_CALL, date=today())
    read = activity_version(activity)  # both people opened the entry as it was

    def correct(notes: str) -> Callable[[], object]:
        entry = Activity.objects.get(pk=activity.pk)
        return lambda: edit_activity(activity=entry, expected_version=read, notes=notes)

    refused = _second_request_while_the_first_writes(
        lambda: lock_row(Activity, activity.pk),
        second=correct("Their notes."),
        first=correct("My notes."),
    )

    assert isinstance(refused, StaleEdit), refused
    assert Activity.objects.get(pk=activity.pk).notes == "My notes."


def test_the_same_call_posted_twice_at_once_is_logged_once(alice):
    account = account_owned_by(alice)

    def log() -> tuple[Activity, str]:
        return log_held(account=account, kind=ActivityKind.CADENCE_CALL, date=today())

    again = _second_request_while_the_first_writes(
        lambda: lock_row(Account, account.pk), second=log, first=log
    )

    assert isinstance(again, tuple) and again[1] == "unchanged", again
    assert Activity.objects.filter(account=account).count() == 1


def test_the_same_action_item_posted_twice_at_once_is_created_once(alice):
    account = account_owned_by(alice)

    def open_item() -> tuple[ActionItem, str]:
        return upsert_action_item(account=account, text="Call the sponsor", created_on=today())

    again = _second_request_while_the_first_writes(
        lambda: lock_row(Account, account.pk), second=open_item, first=open_item
    )

    assert isinstance(again, tuple) and again[1] == "unchanged", again
    assert ActionItem.objects.filter(account=account).count() == 1


def test_time_off_overlapping_a_period_written_meanwhile_is_refused(alice):
    def away(starts: int, ends: int) -> Callable[[], object]:
        day = today()
        return lambda: record_time_off(
            member=alice,
            starts_on=day.replace(day=starts),
            ends_on=day.replace(day=ends),
        )

    refused = _second_request_while_the_first_writes(
        lambda: lock_row(TeamMember, alice.pk), second=away(5, 12), first=away(10, 20)
    )

    assert isinstance(refused, ValidationError), refused
    assert "It overlaps" in refused.message_dict["starts_on"][0]
    assert [(p.starts_on.day, p.ends_on.day) for p in TimeOff.objects.all()] == [(10, 20)]


def test_the_same_priority_review_posted_twice_at_once_is_kept_once(alice):
    # Reviewed today already, so a review of yesterday leaves the account's row as it is
    # and only adds yesterday's to the history.
    account = account_owned_by(alice, priority_reviewed_on=today())

    def review() -> tuple[Account, str]:
        yesterday = today() - dt.timedelta(days=1)
        return review_priority(account=account, reviewed_on=yesterday, by=alice)

    _second_request_while_the_first_writes(
        lambda: lock_row(Account, account.pk), second=review, first=review
    )

    assert PriorityDecision.objects.filter(account=account).count() == 1


def test_the_same_survey_answer_posted_twice_at_once_is_kept_once(alice):
    account = account_owned_by(alice)

    def answer() -> tuple[SurveyResponse, str]:
        return record_survey_response(account=account, kind="nps", date=today(), score=9)

    again = _second_request_while_the_first_writes(
        lambda: lock_row(Account, account.pk), second=answer, first=answer
    )

    assert isinstance(again, tuple) and again[1] == "unchanged", again
    assert SurveyResponse.objects.filter(account=account).count() == 1


def test_the_same_objective_posted_twice_at_once_is_kept_once(alice):
    plan, _ = upsert_success_plan(account=account_owned_by(alice), kind="roi")

    def add() -> tuple[Objective, str]:
        return upsert_objective(plan=plan, outcome="Cut onboarding time")

    again = _second_request_while_the_first_writes(
        lambda: lock_row(SuccessPlan, plan.pk), second=add, first=add
    )

    assert isinstance(again, tuple) and again[1] == "unchanged", again
    assert Objective.objects.filter(plan=plan).count() == 1


def test_an_ebr_planned_twice_at_once_is_one_ebr(alice):
    account = account_owned_by(alice)
    later = today() + dt.timedelta(days=60)

    def plan(day: dt.date) -> Callable[[], object]:
        return lambda: plan_ebr(account=Account.objects.get(pk=account.pk), planned_on=day)

    moved = _second_request_while_the_first_writes(
        lambda: lock_row(Account, account.pk),
        second=plan(later),
        first=plan(later - dt.timedelta(days=7)),
    )

    assert isinstance(moved, tuple) and moved[1] == "updated", moved
    assert list(Ebr.objects.filter(account=account).values_list("planned_on", flat=True)) == [later]


def test_the_same_override_posted_twice_at_once_is_decided_once(alice, manager):
    account = account_owned_by(alice)

    def override() -> Callable[[], object]:
        read = Account.objects.get(pk=account.pk)  # as each page showed it: no override
        return lambda: override_priority(
            account=read, priority="P1", reason="Board visit", by=manager
        )

    again = _second_request_while_the_first_writes(
        lambda: lock_row(Account, account.pk), second=override(), first=override()
    )

    assert isinstance(again, tuple) and again[1] == "unchanged", again
    assert PriorityDecision.objects.filter(account=account).count() == 1


def test_the_same_workshop_recorded_twice_at_once_is_one_session(alice):
    accounts = [account_owned_by(alice), account_owned_by(alice)]

    def record(attending: list[Account]) -> Callable[[], object]:
        return lambda: record_session(
            kind="workshop",
            topic="Admin training",
            date=today(),
            accounts=[(account, today()) for account in attending],
        )

    # Sent with its accounts in the other order, the second still waits for both.
    again = _second_request_while_the_first_writes(
        lambda: lock_row(Account, *(account.pk for account in accounts)),
        second=record(accounts[::-1]),
        first=record(accounts),
    )

    assert isinstance(again, tuple) and again[1] == "unchanged", again
    assert Session.objects.count() == 1


def test_the_same_workshop_recorded_at_once_for_other_accounts_is_one_session(alice, bob):
    """With no account in common, neither request waits for the other's rows: the second
    waits on the session's key instead (`session_once`), then joins the first's session."""
    ours, theirs = account_owned_by(alice), account_owned_by(bob)

    def record(account: Account, topic: str) -> Callable[[], object]:
        return lambda: record_session(
            kind="workshop", topic=topic, date=today(), accounts=[(account, today())]
        )

    joined = _second_request_while_the_first_writes(
        record(ours, "Admin training"), second=record(theirs, "admin training"), first=lambda: None
    )

    assert isinstance(joined, tuple) and joined[1] == "created", joined  # their attendance
    session = Session.objects.get()
    assert set(session.attendance.values_list("account", flat=True)) == {ours.pk, theirs.pk}
    assert Activity.objects.filter(session=session).count() == 2
