"""A large queue evaluated in shares of whole CSM books, side by side in several processes.

The suite's SQLite database lives in memory, where another process cannot open it: there
the queue is evaluated in one process (and these tests check it is the same queue); on
PostgreSQL (CI runs the suite on both) the shares really run in forked processes.
"""

import datetime as dt
import os
import threading

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection

from rhythm.accounts.models import Account
from rhythm.lib.business_days import holiday_calendar
from rhythm.playbook.config import current_settings
from rhythm.playbook.queue import (
    Scope,
    kpi_series_of,
    queue_history_start,
    queue_items,
    work_queue,
)
from rhythm.playbook.rules.dates import Calendar
from rhythm.playbook.rules.kpis import kpi_series
from rhythm.playbook.settings import load_settings
from rhythm.playbook.shares import (
    Evaluation,
    ShareFailed,
    _in_processes,
    can_fork,
    split_books,
    spread,
)
from tests.factories import AccountFactory, account_owned_by

TODAY = dt.date(2026, 11, 22)


def test_shares_are_runs_of_whole_csm_books_with_the_unassigned_accounts_in_the_last(
    alice, bob, charlie
):
    for member, count in ((alice, 3), (bob, 2), (charlie, 2)):
        for n in range(count):
            account_owned_by(member, name=f"{member.name} {n}")
    unassigned = AccountFactory(name="Nobody's Co")
    shares = split_books(Account.objects.all(), 2)
    ids = [set(share.values_list("id", flat=True)) for share in shares]
    assert len(ids) == 2 and not ids[0] & ids[1]
    assert ids[0] | ids[1] == set(Account.objects.values_list("id", flat=True))

    def book(member) -> set[int]:
        return set(Account.objects.filter(team__member=member).values_list("id", flat=True))

    # In book order (by email): alice's 3 and bob's 2 reach half of the 8 accounts, so
    # charlie's book starts the second share, which also takes the unassigned account.
    assert sorted([alice.email, bob.email, charlie.email]) == [
        alice.email,
        bob.email,
        charlie.email,
    ]
    assert ids == [book(alice) | book(bob), book(charlie) | {unassigned.id}]


def test_one_book_is_never_split(alice):
    for n in range(3):
        account_owned_by(alice, name=f"Mine {n}")
    assert len(split_books(Account.objects.all(), 2)) == 1


@pytest.mark.django_db(transaction=True)
def test_the_demo_queue_evaluated_in_shares_is_the_queue_of_one_evaluation(monkeypatch):
    # Each process sends its items in many pieces.
    monkeypatch.setattr("rhythm.playbook.shares.PIECE", 7)
    call_command("demo", on=TODAY.isoformat())
    AccountFactory(name="Unassigned Co", initial_transaction_date=dt.date(2025, 1, 1))
    one = work_queue(None, Scope(), TODAY)
    split = queue_items(None, Scope(), TODAY, processes=3, min_share=1)
    assert split.processes == (3 if can_fork() else 1)
    if connection.vendor == "postgresql":
        assert split.processes == 3
    assert split.items == one.items
    assert {item.rule for item in split.items} >= {"RT-1", "MGR-1", "CAD-1", "PRIO-3"}
    team = one.accounts[0].csm
    assert queue_items(None, Scope(csm=team), TODAY, processes=3, min_share=1).items == (
        one.queue.for_csm(team)
    )


@pytest.mark.django_db(transaction=True)
def test_a_small_book_stays_in_one_process(alice, bob):
    account_owned_by(alice, name="Mine Co")
    account_owned_by(bob, name="Theirs Co")
    assert queue_items(None, Scope(), TODAY, processes=2).processes == 1  # under 1,000 each
    assert queue_items(None, Scope(), TODAY, processes=1, min_share=1).processes == 1


@pytest.mark.django_db(transaction=True)
def test_a_failing_share_fails_the_queue_with_its_reason(alice, bob):
    account_owned_by(alice, name="Mine Co")
    account_owned_by(bob, name="Theirs Co")
    settings = current_settings()
    everything = Account.objects.all()
    work = Evaluation(
        everything,
        TODAY,
        queue_history_start(settings, TODAY),
        settings,
        holiday_calendar(settings.codes.regions, TODAY),
    )
    broken = everything.extra(where=["no_such_column = 1"])
    with pytest.raises(ShareFailed, match="no_such_column"):
        _in_processes(work, [everything.filter(team__member=alice), broken])
    with pytest.raises(DatabaseError):  # the share evaluated here fails as itself
        _in_processes(work, [broken, everything.filter(team__member=alice)])


@pytest.mark.django_db(transaction=True)
def test_only_a_main_thread_forks_never_a_request_thread():
    in_thread = []
    thread = threading.Thread(target=lambda: in_thread.append(can_fork()))
    thread.start()
    thread.join()
    assert in_thread == [False]
    assert can_fork() == (connection.vendor == "postgresql")  # SQLite here is in memory


def _with_process(value: int) -> tuple[int, int]:
    return value * value, os.getpid()


def test_spread_deals_the_values_out_to_processes_and_keeps_their_order():
    found = spread(_with_process, list(range(7)), processes=3)
    assert [square for square, _ in found] == [n * n for n in range(7)]
    # Every third value to each process, the first three here.
    pids = [pid for _, pid in found]
    assert pids[0::3] == [os.getpid()] * 3
    assert len({*pids[1::3]}) == len({*pids[2::3]}) == 1
    assert len(set(pids)) == 3


def test_spread_works_alone_where_it_must_not_fork():
    assert {pid for _, pid in spread(_with_process, [1, 2, 3], processes=1)} == {os.getpid()}
    in_thread = []
    thread = threading.Thread(target=lambda: in_thread.extend(spread(_with_process, [1, 2])))
    thread.start()
    thread.join()
    assert in_thread == [(1, os.getpid()), (4, os.getpid())]


def _refusing_three(value: int) -> int:
    if value == 3:
        raise ValueError("three is refused")
    return value


def test_a_failing_value_fails_the_spread_with_its_reason():
    with pytest.raises(ShareFailed, match="three is refused"):
        spread(_refusing_three, [0, 1, 2, 3], processes=2)  # 1 and 3 in the other process
    with pytest.raises(ValueError, match="three is refused"):
        spread(_refusing_three, [3, 1], processes=2)  # here, as itself


@pytest.mark.django_db(transaction=True)
def test_the_monthly_kpis_of_a_large_book_are_worked_out_side_by_side(monkeypatch):
    call_command("demo", on=TODAY.isoformat())
    work = work_queue(None, Scope(), TODAY, for_series=True)
    alone = kpi_series(work.book, work.settings, TODAY, settings_of=work.account_settings)
    pids = set()

    def spread_seen(work, values, processes=None):
        found = spread(lambda day: (work(day), os.getpid()), values, processes=processes)
        pids.update(pid for _, pid in found)
        return [point for point, _ in found]

    monkeypatch.setattr("rhythm.playbook.queue.shares.spread", spread_seen)
    assert kpi_series_of(work) == alone  # 48 accounts: under the 1,000 worth a process
    assert pids == {os.getpid()}
    monkeypatch.setattr("rhythm.playbook.shares.MIN_SHARE", 10)
    monkeypatch.setattr("rhythm.playbook.shares.configured_processes", lambda: 2)
    assert kpi_series_of(work) == alone
    assert len(pids) == 2  # this process and another


def test_the_history_start_reaches_past_every_regions_holidays(tmp_path):
    """Durations in business days are counted back skipping the holidays of every region:
    the history loaded reaches as far as the rules look back in any of them."""
    path = tmp_path / "playbook.toml"
    path.write_text(
        '[prioritisation]\np1_share_above_target_for = "10 business days"\n'
        '[cadence]\nnon_engaged_after = "10 business days"\n'
        'adherence_period = "10 business days"\n'
    )
    settings = load_settings(str(path))
    holidays = {
        "AMER": [dt.date(2026, 12, 25), dt.date(2027, 1, 1)],
        "EMEA": [dt.date(2026, 12, 25), dt.date(2026, 12, 28), dt.date(2027, 1, 1)],
    }
    today = dt.date(2027, 1, 8)
    # 10 + 10 business days back, and a week: 2026-12-02 in AMER, 2026-12-01 in EMEA
    # (2026-12-04 counting weekends only).
    starts = {
        region: queue_history_start(settings, today, Calendar.from_mapping({region: days}))
        for region, days in holidays.items()
    }
    assert starts == {"AMER": dt.date(2026, 12, 2), "EMEA": dt.date(2026, 12, 1)}
    both = queue_history_start(settings, today, Calendar.from_mapping(holidays))
    assert both == min(starts.values())
