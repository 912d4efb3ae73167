"""Invariants of the rules over generated books (hypothesis)."""

import datetime as dt
import pickle
import re
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rhythm.playbook.rules.dates import Calendar
from rhythm.playbook.rules.derived import norm
from rhythm.playbook.rules.engine import (
    PartItems,
    build_queue,
    evaluate_account,
    evaluate_part,
    merge_parts,
)
from rhythm.playbook.rules.facts import (
    AccountFacts,
    ActionItemFact,
    ActivityFact,
    BookFacts,
    CheckInFact,
    ContactFact,
    EbrFact,
    ExpansionFact,
    HealthFact,
    MemberFacts,
    Milestones,
    ObjectiveFact,
    PriorityOverride,
    RenewalFact,
    RenewalReviewFact,
    SessionFacts,
    SuccessPlanFact,
    SurveyFact,
    UsageFact,
    UseCaseFact,
)
from rhythm.playbook.rules.items import STATES
from rhythm.playbook.settings import SEVERITIES

from .builders import TODAY, defaults

PAST = st.dates(min_value=dt.date(2024, 1, 1), max_value=TODAY)
FUTURE = st.dates(min_value=TODAY + dt.timedelta(days=1), max_value=dt.date(2028, 1, 1))
ANY_DAY = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2028, 1, 1))
RAG = st.sampled_from(["green", "yellow", "red", "Red"])
KINDS = st.sampled_from(
    ["cadence_call", "ebr", "workshop", "ad_hoc_call", "welcome_call", "outreach"]
)
USE_CASES = st.sampled_from(["ci", "cd", "devsecops", "source_code_management", "DevSecOps"])
EMAILS = st.sampled_from(["alice@rhythm.test", "bob@rhythm.test", None])
HOLIDAYS = Calendar.from_mapping({"AMER": {dt.date(2026, 11, 26), dt.date(2026, 12, 25)}})


def tuples(strategy, size=4):
    return st.lists(strategy, max_size=size).map(tuple)


def maybe(strategy):
    return st.none() | strategy


def renewals(days):
    review = st.builds(
        RenewalReviewFact,
        st.sampled_from(["five_months", "three_months"]),
        days,
        tuples(st.sampled_from(["csm", "ae", "sa"]), 3),
    )
    return st.builds(
        RenewalFact,
        ANY_DAY,
        maybe(st.decimals(0, 10**6, places=0)),
        st.sampled_from(["flat", "growth", "at_risk"]),
        st.just("open"),
        st.none(),
        st.none(),
        tuples(review, 2),
    )


def plans(days):
    objective = st.builds(
        ObjectiveFact,
        st.text("abc", min_size=1, max_size=5),
        st.booleans(),
        st.booleans(),
        maybe(ANY_DAY),
        st.booleans(),
        st.booleans(),
    )
    return st.builds(
        SuccessPlanFact,
        st.sampled_from(["roi", "stage_adoption"]),
        st.sampled_from(["draft", "active"]),
        st.sampled_from(["green", "red", ""]),
        maybe(days),
        maybe(days),
        maybe(days),
        tuples(objective, 2),
    )


@st.composite
def priority_decisions(draw, days):
    """Either the decisions in force only, or every one: overrides set or removed ("")
    and reviews, by day, with those in force the latest of them."""
    override = st.builds(
        PriorityOverride,
        st.sampled_from(["P1", "P2"]),
        st.just("Escalated."),
        st.just("maria@rhythm.test"),
        days,
    )
    if not draw(st.booleans()):
        return {
            "priority_override": draw(maybe(override)),
            "priority_reviewed_on": draw(maybe(days)),
        }
    removed = st.builds(PriorityOverride, st.just(""), st.just(""), st.just(""), days)
    history = sorted(draw(tuples(st.one_of(override, removed), 3)), key=lambda o: o.on)
    reviews = sorted({*draw(tuples(days, 3)), *(o.on for o in history if o.priority)})
    return {
        "priority_override": history[-1] if history and history[-1].priority else None,
        "priority_reviewed_on": reviews[-1] if reviews else None,
        "priority_overrides": tuple(history),
        "priority_reviews": tuple(reviews),
    }


@st.composite
def account_facts(draw, account_id, days=PAST):
    """An account whose records are all dated by `days` (planned dates may be any day)."""
    contact_ids = st.integers(1, 4)
    return AccountFacts(
        account_id=account_id,
        name=f"Account {account_id}",
        segment=draw(st.sampled_from(["strategic", "SMB", "", "enterprise"])),
        region=draw(st.sampled_from(["AMER", "emea", ""])),
        industry=draw(st.sampled_from(["Finance", "health", "", "finance"])),
        tier=draw(st.sampled_from(["premium", "Ultimate", "free", ""])),
        arr=draw(maybe(st.decimals(0, 10**6, places=0))),
        licenses_purchased=draw(maybe(st.integers(0, 300))),
        licenses_activated=draw(maybe(st.integers(0, 300))),
        initial_transaction_date=draw(maybe(days)),
        csm_email=draw(EMAILS),
        ae_email=draw(maybe(st.just("ed@rhythm.test"))),
        sa_email=draw(maybe(st.just("sam@rhythm.test"))),
        milestones=Milestones(*(draw(maybe(days)) for _ in range(5))),
        use_cases=draw(tuples(st.builds(UseCaseFact, USE_CASES, RAG, days))),
        activities=draw(tuples(st.builds(ActivityFact, KINDS, days, st.booleans()), 6)),
        ebrs=draw(
            tuples(
                st.builds(
                    EbrFact,
                    ANY_DAY,
                    maybe(days),
                    st.sampled_from(["planning", "scheduled", "cancelled"]),
                    maybe(days),
                    maybe(days),
                    tuples(st.tuples(st.integers(1, 8), days), 3),
                    st.booleans(),
                    maybe(days),  # the day it was planned in Rhythm
                ),
                2,
            )
        ),
        ebrs_per_year=draw(maybe(st.integers(1, 4))),
        check_ins=draw(tuples(st.builds(CheckInFact, ANY_DAY, maybe(days), maybe(days)), 2)),
        health=draw(tuples(st.builds(HealthFact, days, RAG))),
        expansions=draw(
            tuples(
                st.builds(ExpansionFact, st.sampled_from(["tier_upgrade", "new_use_case"]), days), 2
            )
        ),
        renewals=draw(tuples(renewals(days), 2)),
        success_plans=draw(tuples(plans(days), 2)),
        contacts=draw(
            tuples(
                st.builds(
                    ContactFact,
                    contact_ids,
                    st.sampled_from(["Ann", "Bob"]),
                    st.sampled_from(["admin", "champion", "vp", "cto", ""]),
                    st.booleans(),
                    maybe(contact_ids),
                    st.none(),
                    tuples(days, 2),
                ),
                3,
            )
        ),
        surveys=draw(
            tuples(
                st.builds(SurveyFact, st.sampled_from(["nps", "csat"]), st.integers(1, 5), days), 2
            )
        ),
        usage=draw(tuples(st.builds(UsageFact, days, st.integers(0, 300)), 3)),
        action_items=draw(tuples(st.builds(ActionItemFact, days), 2)),
        in_triage=draw(st.booleans()),
        **draw(priority_decisions(days)),
        phase_override=draw(st.sampled_from(["", "enable", "bogus"])),
    )


@st.composite
def books(draw, days=PAST):
    count = draw(st.integers(1, 4))
    accounts = tuple(draw(account_facts(n, days)) for n in range(1, count + 1))
    sessions = draw(
        tuples(
            st.builds(
                SessionFacts,
                st.integers(1, 9),
                st.sampled_from(["workshop", "roundtable"]),
                days,
                st.sampled_from(["Finance", "Health"]),
                EMAILS,
                tuples(st.integers(1, 4), 3),
            ),
            3,
        )
    )
    members = (MemberFacts("alice@rhythm.test"), MemberFacts("bob@rhythm.test", is_active=False))
    return BookFacts(accounts, members, sessions)


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(book=books(ANY_DAY), today=ANY_DAY, order=st.randoms())
def test_replaying_a_date_gives_the_identical_queue(book, today, order):
    first = build_queue(book, defaults(), today, HOLIDAYS)
    shuffled = list(book.accounts)
    order.shuffle(shuffled)
    assert (
        build_queue(replace(book, accounts=tuple(shuffled)), defaults(), today, HOLIDAYS) == first
    )
    assert list(first.items) == sorted(first.items, key=lambda item: item.sort_key())


@SETTINGS
@given(book=books(ANY_DAY), today=ANY_DAY)
def test_no_account_is_p1_without_a_reason(book, today):
    for state in build_queue(book, defaults(), today).accounts:
        decision = state.status.priority
        assert (decision.computed == "P1") == bool(decision.reasons)
        if decision.effective == "P1":
            assert decision.explanation and all(reason.strip() for reason in decision.explanation)


@SETTINGS
@given(book=books(ANY_DAY), today=ANY_DAY)
def test_every_item_names_a_rule_in_the_settings(book, today):
    rules = defaults().rules
    for item in build_queue(book, defaults(), today, HOLIDAYS).items:
        assert item.rule in rules
        assert item.state in STATES and item.severity in SEVERITIES
        assert item.why.endswith(".") and ". " not in item.why, item.why  # one sentence
        assert item.action


def _add_future_events(facts: AccountFacts, extra: AccountFacts) -> AccountFacts:
    """Add to `facts` the event records of `extra`, all dated after today.

    Usage records are added only to an account with usage records by today: an account's
    own count of activations is today's only while no usage record comes after it (where
    they all do, the count is a later one, and a replayed day does not take it:
    `cutoff.cut`).
    """
    return replace(
        facts,
        use_cases=facts.use_cases + extra.use_cases,
        activities=facts.activities + extra.activities,
        health=facts.health + extra.health,
        surveys=facts.surveys + extra.surveys,
        usage=facts.usage + extra.usage if facts.usage else (),
        action_items=facts.action_items + extra.action_items,
        expansions=facts.expansions + extra.expansions,
        renewals=tuple(
            replace(r, reviews=r.reviews + extra.renewals[0].reviews) if extra.renewals else r
            for r in facts.renewals
        ),
        contacts=tuple(
            replace(c, engaged_on=c.engaged_on + (TODAY + dt.timedelta(days=3),))
            for c in facts.contacts
        ),
        milestones=Milestones(
            *(
                getattr(facts.milestones, f) or getattr(extra.milestones, f)
                for f in Milestones.__dataclass_fields__
            )
        ),
        priority_override=facts.priority_override or extra.priority_override,
        priority_reviewed_on=facts.priority_reviewed_on or extra.priority_reviewed_on,
    )


@SETTINGS
@given(book=books(PAST), extra=account_facts(0, FUTURE))
def test_records_after_today_change_nothing(book, extra):
    later = replace(book, accounts=tuple(_add_future_events(a, extra) for a in book.accounts))
    assert build_queue(later, defaults(), TODAY, HOLIDAYS) == build_queue(
        book, defaults(), TODAY, HOLIDAYS
    )


# Phrases that state a past fact: the date after them must not be after today.
PAST_FACT = re.compile(
    r"(?:[Ll]ast [A-Za-z -]*?(?:\([^)]*\) on )?|since (?:the initial transaction on )?|"
    r"started |[Hh]eld |assessed )(\d{4}-\d{2}-\d{2})"
)


@SETTINGS
@given(book=books(ANY_DAY), today=ANY_DAY)
def test_items_never_cite_a_date_after_today_as_past(book, today):
    queue = build_queue(book, defaults(), today, HOLIDAYS)
    for item in queue.items:
        for found in PAST_FACT.findall(item.why):
            assert dt.date.fromisoformat(found) <= today, item.why
    for state in queue.accounts:
        for reason in state.status.priority.reasons + state.status.triage.reasons:
            for found in PAST_FACT.findall(reason):
                assert dt.date.fromisoformat(found) <= today, reason


def test_generated_decimal_arr_is_supported():
    facts = AccountFacts(1, "A", arr=Decimal("5"), csm_email="alice@rhythm.test")
    assert build_queue(BookFacts((facts,)), defaults(), TODAY).accounts[0].name == "A"


@SETTINGS
@given(book=books(ANY_DAY), today=ANY_DAY)
def test_each_account_gets_exactly_its_own_items_in_queue_order(book, today):
    queue = build_queue(book, defaults(), today, HOLIDAYS)
    facts = {f.account_id: f for f in book.accounts}
    for state in queue.accounts:
        alone = evaluate_account(
            facts[state.account_id], defaults(), today, HOLIDAYS, high_arr=state.status.high_arr
        )
        assert state.items == alone.items
    with_account = [item for item in queue.items if item.account_id is not None]
    assert len(with_account) == sum(len(state.items) for state in queue.accounts)


@SETTINGS
@given(book=books(ANY_DAY), today=ANY_DAY, cut=st.integers(0, 2))
def test_a_book_evaluated_in_parts_gives_the_queue_of_one_evaluation(book, today, cut):
    """Runs of whole CSM books in book order (unassigned accounts last), merged: the same."""
    first = ("alice@rhythm.test", "bob@rhythm.test")[:cut]
    parts = [
        PartItems.of(
            evaluate_part(
                replace(
                    book,
                    accounts=tuple(
                        f for f in book.accounts if (norm(f.csm_email) in first) == wanted
                    ),
                ),
                defaults(),
                today,
                HOLIDAYS,
            )
        )
        for wanted in (True, False)
    ]
    merged = merge_parts(parts, book.sessions, defaults(), today, HOLIDAYS)
    assert merged == build_queue(book, defaults(), today, HOLIDAYS).items
    travelled = [pickle.loads(pickle.dumps(part)) for part in parts]  # as a process sends it
    assert travelled == parts
    for part in parts:  # sent piece by piece, put back together: the same part
        pieces = [pickle.loads(pickle.dumps(piece)) for piece in part.pieces(size=3)]
        assert len(pieces) == max(1, -(-len(part.items) // 3))
        assert PartItems.joined(pieces) == part


def test_parts_out_of_book_order_are_refused():
    def part(email: str | None) -> PartItems:
        facts = AccountFacts(1, "A", csm_email=email, initial_transaction_date=TODAY)
        return PartItems.of(evaluate_part(BookFacts((facts,)), defaults(), TODAY))

    in_order = [part("alice@rhythm.test"), part("bob@rhythm.test"), part(None)]
    assert merge_parts(in_order, (), defaults(), TODAY, HOLIDAYS)
    with pytest.raises(ValueError, match="book order"):
        merge_parts(in_order[::-1], (), defaults(), TODAY, HOLIDAYS)
