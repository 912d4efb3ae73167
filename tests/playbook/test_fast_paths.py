"""The fast paths give what the plain evaluation gives: `as_of`, PRIO-3's history, the queue."""

import datetime as dt
import gc
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rhythm.playbook.rules import cutoff, engine, prioritisation
from rhythm.playbook.rules.engine import build_queue, evaluate_book
from rhythm.playbook.rules.facts import (
    AccountFacts,
    ActivityFact,
    BookFacts,
    CheckInFact,
    ContactFact,
    EbrFact,
    ExpansionFact,
    MemberFacts,
    Milestones,
    RenewalFact,
    RenewalReviewFact,
    SessionFacts,
    StageChange,
    SuccessPlanFact,
    TimeOffFact,
)
from rhythm.playbook.rules.p1_history import p1_history
from rhythm.playbook.rules.prioritisation import priority_on
from rhythm.playbook.settings import load_settings

from .builders import CSM, TODAY, D, account, defaults
from .test_properties import ANY_DAY, HOLIDAYS, SETTINGS, account_facts, books

# Segment overrides that change PRIO-1's inputs, so the history is checked against them too.
OVERRIDES = """
[segment.smb.cadence]
non_engaged_after = "10 business days"
[segment.smb.prioritisation.max_green_use_cases]
premium = 3
free = 0
[segment.enterprise.prioritisation]
at_risk_outlooks = ["at_risk", "flat"]
expansion_kinds = ["new_use_case"]
"""


@pytest.fixture(scope="module")
def varied(tmp_path_factory):
    path = tmp_path_factory.mktemp("playbook") / "playbook.toml"
    path.write_text(OVERRIDES)
    return load_settings(str(path))


def test_as_of_returns_the_same_facts_when_nothing_is_later():
    facts = account()
    assert facts.as_of(TODAY) is facts
    assert facts.as_of(D(2027, 1, 1)) is facts
    earlier = facts.as_of(D(2026, 11, 1))
    assert earlier is not facts and earlier.activities == facts.activities[1:]


def test_as_of_rewrites_an_outcome_without_a_closing_date():
    facts = account(renewals=(RenewalFact(D(2027, 3, 1), outcome="renewed"),))
    assert facts.as_of(TODAY).renewals[0].outcome == "open"


def test_a_plan_made_later_is_not_seen_on_an_earlier_day():
    """An EBR or check-in planned in Rhythm on 2026-11-10 did not exist on 2026-11-01;
    one planned on a day not recorded (imported), or held by then, did."""
    facts = account(
        ebrs=(
            EbrFact(D(2027, 1, 20), planned_at=D(2026, 11, 10)),
            EbrFact(
                D(2026, 10, 5), held_on=D(2026, 10, 5), status="held", planned_at=D(2026, 11, 10)
            ),
            EbrFact(D(2027, 2, 1)),
        ),
        check_ins=(CheckInFact(D(2027, 1, 5), planned_at=D(2026, 11, 10)),),
    )
    earlier = facts.as_of(D(2026, 11, 1))
    assert [e.planned_on for e in earlier.ebrs] == [D(2026, 10, 5), D(2027, 2, 1)]
    assert earlier.check_ins == ()
    assert facts.as_of(D(2026, 11, 10)).ebrs == facts.ebrs


@SETTINGS
@given(facts=account_facts(1, ANY_DAY), day=ANY_DAY)
def test_as_of_equals_the_full_copy(facts, day):
    assert facts.as_of(day) == facts._cut(day)


def maybe(strategy):
    return st.none() | strategy


def few(strategy):
    return st.lists(strategy, max_size=3).map(tuple)


# Every record the cut rewrites, with what the account strategy never draws: an EBR held
# without a date, playbooks and renewals closed (with or without a date), departed contacts.
CUT_RECORDS = st.fixed_dictionaries(
    {
        "milestones": st.builds(Milestones, *[maybe(ANY_DAY)] * 5),
        "ebrs": few(
            st.builds(
                EbrFact,
                ANY_DAY,
                maybe(ANY_DAY),
                st.sampled_from(["planning", "scheduled", "held", "cancelled"]),
                maybe(ANY_DAY),
                maybe(ANY_DAY),
                few(st.tuples(st.integers(1, 9), ANY_DAY)),
            )
        ),
        "check_ins": few(st.builds(CheckInFact, ANY_DAY, maybe(ANY_DAY))),
        "expansions": few(
            st.builds(
                ExpansionFact,
                st.just("tier_upgrade"),
                ANY_DAY,
                maybe(ANY_DAY),
                st.sampled_from(["", "won", "lost"]),
                few(st.builds(StageChange, st.just("proposal"), ANY_DAY)),
            )
        ),
        "renewals": few(
            st.builds(
                RenewalFact,
                ANY_DAY,
                st.just(Decimal(100)),
                st.just("flat"),
                st.sampled_from(["open", "renewed", "churned"]),
                maybe(st.just(Decimal(120))),
                maybe(ANY_DAY),
                few(st.builds(RenewalReviewFact, st.just("five_months"), ANY_DAY)),
            )
        ),
        "success_plans": few(
            st.builds(
                SuccessPlanFact,
                st.just("roi"),
                st.just("active"),
                st.just("green"),
                maybe(ANY_DAY),
                maybe(ANY_DAY),
                maybe(ANY_DAY),
            )
        ),
        "contacts": few(
            st.builds(
                ContactFact,
                st.integers(1, 9),
                st.just("Ann"),
                st.just("vp"),
                st.booleans(),
                st.none(),
                maybe(ANY_DAY),
                few(ANY_DAY),
            )
        ),
    }
)


@SETTINGS
@given(records=CUT_RECORDS, day=ANY_DAY)
def test_the_cut_keeps_a_record_only_where_a_copy_would_be_the_same(records, day):
    facts = account(**records)
    kept = cutoff.cut(facts, day)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cutoff, "_by", lambda today, *days: False)  # copy every record
        copied = cutoff.cut(facts, day)
    assert kept == copied


# A call a month from before the first day to after the last: never non-engaged, so
# whether the account is P1 turns on its other inputs (random accounts are nearly always P1).
MONTHLY_CALLS = tuple(
    ActivityFact("cadence_call", dt.date(2023, 12, 1) + dt.timedelta(days=30 * n))
    for n in range(51)
)


@SETTINGS
@given(
    facts=account_facts(1, ANY_DAY),
    since=ANY_DAY,
    after=st.lists(st.integers(0, 400), min_size=1, max_size=12),
    engaged=st.booleans(),
)
def test_p1_history_equals_replaying_prio_1(facts, since, after, engaged, varied):
    if engaged:
        facts = replace(facts, activities=facts.activities + MONTHLY_CALLS)
    for settings in (defaults(), varied):
        history = p1_history(facts, settings, since)
        for days in after:
            day = since + dt.timedelta(days=days)
            assert history.is_p1(day) == (priority_on(facts, settings, day) == "P1"), day


def _replayed_share_changes(accounts, settings, limit, today, calendar=None):
    """Walk the P1 share back day by day with the plain replay, as PRIO-3 did before
    `p1_history` and its change days."""

    day = today
    while day > limit:
        before = day - dt.timedelta(days=1)
        customers = [facts for facts in accounts if facts.is_customer_on(before)]
        p1 = [f for f in customers if priority_on(f, settings, before, calendar) == "P1"]
        yield day, len(p1), len(customers)
        day = before


@SETTINGS
@given(book=books(ANY_DAY), today=ANY_DAY)
def test_the_queue_equals_the_straightforward_evaluation(book, today):
    fast = build_queue(book, defaults(), today, HOLIDAYS)
    with pytest.MonkeyPatch.context() as patch:
        # Every account copied by `as_of`, every P1 share replayed day by day.
        patch.setattr(AccountFacts, "_last_date_cut", lambda facts: dt.date.max)
        patch.setattr(prioritisation, "_share_changes", _replayed_share_changes)
        fresh = replace(book, accounts=tuple(replace(f) for f in book.accounts))
        assert build_queue(fresh, defaults(), today, HOLIDAYS) == fast


def test_a_book_is_the_same_with_or_without_the_team_index():
    accounts = tuple(account(account_id=n, name=f"A{n}", health=()) for n in range(1, 5))
    away = TimeOffFact(D(2026, 3, 2), D(2026, 6, 26))  # beyond the 44 days assumed
    members = (MemberFacts(CSM.upper(), time_off=(away,)), MemberFacts(CSM, is_active=False))
    led = SessionFacts(1, "workshop", D(2026, 11, 2), lead_email=CSM, account_ids=(1, 2))
    book = BookFacts(accounts, members, (led,))
    queue = build_queue(book, defaults(), TODAY)
    alone = evaluate_book(CSM, accounts, queue.accounts, book, defaults(), TODAY)
    assert alone == queue.books[0]
    assert alone.capacity.capacity < 33.25  # the first member's time off counts


def test_the_collector_is_paused_only_while_the_queue_is_built():
    seen = []

    def spy(facts, status, ctx):
        seen.append(gc.isenabled())
        return []

    book = BookFacts((account(),))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "ACCOUNT_RULES", (("SPY", spy),))
        build_queue(book, defaults(), TODAY)
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        build_queue(book, defaults(), TODAY)
        assert not gc.isenabled()  # a caller's own choice is left alone
    finally:
        gc.enable()


def test_cycles_made_while_paused_are_still_collected_afterwards():
    import weakref

    from rhythm.playbook.rules.batch import collector_paused

    class Node:
        pass

    with collector_paused():
        node = Node()
        node.self = node  # a reference cycle only the collector can free
        alive = weakref.ref(node)
        del node
    assert alive() is not None and gc.get_freeze_count() == 0
    gc.collect()
    assert alive() is None
