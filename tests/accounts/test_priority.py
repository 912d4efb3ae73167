"""PRIO-2 overrides and PRIO-4 reviews through the account services."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from rhythm.accounts.services import override_priority, review_priority
from tests.apiclient import post_json


def test_manager_overrides_with_reason_and_it_counts_as_a_review(account, manager):
    override_priority(account=account, priority="P1", reason="Exec escalation", by=manager)
    account.refresh_from_db()
    assert (account.priority_override, account.priority_override_reason) == (
        "P1",
        "Exec escalation",
    )
    assert account.priority_override_by == manager
    assert account.priority_reviewed_on is not None


def test_removing_the_override_clears_who_and_why(account, manager):
    override_priority(account=account, priority="P1", reason="Escalation", by=manager)
    override_priority(account=account, priority="", reason="", by=manager)
    account.refresh_from_db()
    assert account.priority_override == "" and account.priority_override_by is None


@pytest.mark.parametrize(
    ("priority", "reason", "field"),
    [("P3", "why", "priority"), ("P1", "  ", "reason")],
    ids=["unknown-priority", "no-reason"],
)
def test_bad_override_is_refused_and_nothing_changes(account, manager, priority, reason, field):
    with pytest.raises(ValidationError) as raised:
        override_priority(account=account, priority=priority, reason=reason, by=manager)
    assert field in raised.value.message_dict
    account.refresh_from_db()
    assert account.priority_override == ""


def test_a_csm_may_not_override(account, alice):
    with pytest.raises(PermissionDenied):
        override_priority(account=account, priority="P1", reason="I want to", by=alice)
    account.refresh_from_db()
    assert account.priority_override == ""


def test_review_cannot_be_in_the_future(account):
    with pytest.raises(ValidationError, match="2099-01-01 is in the future; record a review once"):
        review_priority(account=account, reviewed_on=dt.date(2099, 1, 1))
    review_priority(account=account, reviewed_on=dt.date(2026, 11, 1))
    account.refresh_from_db()
    assert account.priority_reviewed_on == dt.date(2026, 11, 1)


def test_an_older_review_keeps_the_latest(client, alice, account):
    """A review backdated after a newer one moved the date back and made PRIO-4 late again."""
    url = f"/api/v1/accounts/{account.pk}/priority/review"
    today = timezone.localdate()
    assert post_json(client, url, {}, alice).status_code == 200
    earlier = (today - dt.timedelta(days=300)).isoformat()
    older = post_json(client, url, {"reviewed_on": earlier}, alice)
    assert older.status_code == 200
    assert older.json()["priority_reviewed_on"] == today.isoformat()
    account.refresh_from_db()
    assert account.priority_reviewed_on == today


def _replayed(account, day):
    """Return the account's state and its PRIO-4 item as the queue of `day` has them."""
    from rhythm.playbook.queue import Scope, work_queue

    work = work_queue(None, Scope(account=account.name), day)
    [state] = work.accounts
    prio_4 = [(i.state, i.why) for i in work.items if i.rule == "PRIO-4"]
    return state.status.priority, prio_4


def test_a_later_review_does_not_change_an_earlier_day(account):
    account.initial_transaction_date = dt.date(2025, 1, 1)
    account.save()
    review_priority(account=account, reviewed_on=dt.date(2026, 8, 9))
    before = _replayed(account, dt.date(2026, 11, 20))[1]
    assert before == [("late", before[0][1])] and "2026-08-09" in before[0][1]
    review_priority(account=account, reviewed_on=dt.date(2026, 11, 25))
    assert _replayed(account, dt.date(2026, 11, 20))[1] == before
    assert _replayed(account, dt.date(2026, 11, 26))[1] == []


def test_each_override_replays_on_the_days_it_was_in_force(account, manager):
    account.initial_transaction_date = dt.date(2025, 1, 1)
    account.save()

    def at(day):
        return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)

    set_on = {"P1": dt.date(2026, 10, 1), "P2": dt.date(2026, 11, 1)}
    for priority, day in set_on.items():
        override_priority(account=account, priority=priority, reason="Why", by=manager, at=at(day))
    override_priority(
        account=account, priority="", reason="", by=manager, at=at(dt.date(2026, 11, 15))
    )
    removed = account.priority_decisions.get(priority="")
    assert (removed.by, removed.on) == (manager, dt.date(2026, 11, 15))  # who removed it, kept

    def override_on(day):
        override = _replayed(account, day)[0].override
        return (override.priority, override.on) if override else None

    assert override_on(dt.date(2026, 9, 30)) is None
    assert override_on(dt.date(2026, 10, 1)) == ("P1", dt.date(2026, 10, 1))
    assert override_on(dt.date(2026, 10, 31)) == ("P1", dt.date(2026, 10, 1))
    assert override_on(dt.date(2026, 11, 1)) == ("P2", dt.date(2026, 11, 1))
    assert override_on(dt.date(2026, 11, 15)) is None


def test_each_decision_says_what_it_changed_and_the_same_moment_twice_changes_nothing(
    account, manager
):
    def override(priority, reason, day):
        at = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
        return override_priority(
            account=account, priority=priority, reason=reason, by=manager, at=at
        )[1]

    assert override("P1", "Why", dt.date(2026, 11, 1)) == "created"
    assert override("P1", "Why", dt.date(2026, 11, 1)) == "unchanged"
    # Dated before the one in force: kept in the history, the later one stays in force.
    assert override("P2", "Quiet", dt.date(2026, 10, 1)) == "created"
    account.refresh_from_db()
    assert (account.priority_override, account.priority_override_reason) == ("P1", "Why")
    assert review_priority(account=account, reviewed_on=dt.date(2026, 9, 1))[1] == "created"
    assert review_priority(account=account, reviewed_on=dt.date(2026, 9, 1))[1] == "unchanged"
    assert account.priority_reviewed_on == dt.date(2026, 11, 1)
    assert account.priority_decisions.count() == 3


def test_a_review_from_a_page_read_before_an_override_keeps_the_override(account, manager):
    # The CSM's page read the account; the manager overrides it; then the CSM records the
    # review with the account as the page read it. Only the review's column is written.
    read_before = type(account).objects.get(pk=account.pk)
    yesterday = timezone.now() - dt.timedelta(days=1)
    override_priority(
        account=account, priority="P1", reason="Board visit", by=manager, at=yesterday
    )

    review_priority(account=read_before, reviewed_on=timezone.localdate(), by=manager)

    account.refresh_from_db()
    assert (account.priority_override, account.priority_override_reason) == ("P1", "Board visit")
    assert account.priority_override_by == manager
    assert account.priority_reviewed_on == timezone.localdate()
