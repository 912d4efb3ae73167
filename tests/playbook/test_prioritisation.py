"""PRIO-1 reasons, PRIO-2 overrides, PRIO-3 P1 share, PRIO-4 reviews."""

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from textwrap import dedent

import pytest

from rhythm.playbook.rules.facts import (
    ActivityFact,
    ExpansionFact,
    HealthFact,
    Milestones,
    PriorityOverride,
    RenewalFact,
    UseCaseFact,
)
from rhythm.playbook.rules.p1_history import p1_history
from rhythm.playbook.rules.prioritisation import (
    P1Share,
    p1_share,
    p1_share_flags,
    priority_on,
    priority_review_due,
)
from rhythm.playbook.settings import load_settings

from .builders import (
    AMER_HOLIDAYS,
    CSM,
    TODAY,
    D,
    account,
    context,
    defaults,
    green,
    run,
    run_with_calendar,
    settings_from,
    status_of,
    summary,
)

THREE_GREEN = green("source_code_management", "ci", "cd")


@pytest.mark.parametrize(
    ("changes", "reasons"),
    [
        pytest.param({}, (), id="healthy-p2"),
        pytest.param(
            {
                "tier": "premium",
                "use_cases": green("ci") + (UseCaseFact("cd", "yellow", D(2026, 6, 1)),),
            },
            (
                "Low use-case adoption: Premium tier with 1 green use case (CI); "
                "1 or fewer makes P1.",
            ),
            id="premium-one-green",
        ),
        pytest.param(
            {"tier": "premium", "use_cases": green("ci", "cd")}, (), id="premium-two-green"
        ),
        pytest.param(
            {"tier": "premium", "use_cases": ()},
            ("Low use-case adoption: Premium tier with no green use case; 1 or fewer makes P1.",),
            id="premium-none-tracked",
        ),
        pytest.param(
            {"use_cases": green("ci", "cd")},
            (
                "Low use-case adoption: Ultimate tier with 2 green use cases (CD, CI); "
                "2 or fewer makes P1.",
            ),
            id="ultimate-two-green",
        ),
        pytest.param({"use_cases": THREE_GREEN}, (), id="ultimate-three-green"),
        pytest.param(
            {"use_cases": THREE_GREEN + (UseCaseFact("devsecops", "red", D(2026, 6, 1)),)},
            ("Low use-case adoption: Ultimate tier with DevSecOps red.",),
            id="ultimate-devsecops-red",
        ),
        pytest.param(
            {
                "use_cases": THREE_GREEN + (UseCaseFact("DevSecOps", "RED", D(2026, 6, 1)),),
                "tier": "ULTIMATE",
            },
            ("Low use-case adoption: Ultimate tier with DevSecOps red.",),
            id="codes-any-case",
        ),
        pytest.param(
            {
                "use_cases": green("ci", "cd", "devsecops", on=D(2026, 1, 1))
                + (UseCaseFact("devsecops", "red", D(2026, 11, 1)),)
            },
            (
                "Low use-case adoption: Ultimate tier with 2 green use cases (CD, CI); "
                "2 or fewer makes P1.",
                "Low use-case adoption: Ultimate tier with DevSecOps red.",
            ),
            id="latest-status-counts",
        ),
        pytest.param({"tier": "free", "use_cases": ()}, (), id="free-tier-not-judged"),
        pytest.param(
            {"health": (HealthFact(D(2026, 11, 2), "red"),)},
            ("At risk: overall health red (assessed 2026-11-02).",),
            id="health-red",
        ),
        pytest.param(
            {"health": (HealthFact(D(2026, 10, 2), "red"), HealthFact(D(2026, 11, 2), "yellow"))},
            (),
            id="health-recovered",
        ),
        pytest.param(
            {"activities": (ActivityFact("cadence_call", D(2026, 9, 1)),)},
            (
                "At risk: non-engaged, with no call or meeting since 2026-09-01, "
                "more than 2 months ago.",
            ),
            id="non-engaged",
        ),
        pytest.param(
            {"renewals": (RenewalFact(D(2027, 3, 1), Decimal("100000"), outlook="at_risk"),)},
            ("At risk: renewal on 2027-03-01 may decrease ARR.",),
            id="renewal-at-risk",
        ),
        pytest.param(
            {"renewals": (RenewalFact(D(2027, 3, 1), Decimal("100000"), outlook="growth"),)},
            (),
            id="renewal-growth",
        ),
        pytest.param(
            {"expansions": (ExpansionFact("tier_upgrade", D(2026, 10, 1)),)},
            ("Expansion opportunity: tier upgrade playbook open since 2026-10-01.",),
            id="expansion-tier-upgrade",
        ),
        pytest.param(
            {"expansions": (ExpansionFact("new_business_unit", D(2026, 10, 1)),)},
            ("Expansion opportunity: new business unit playbook open since 2026-10-01.",),
            id="expansion-new-business-unit",
        ),
        pytest.param(
            {"expansions": (ExpansionFact("new_use_case", D(2026, 10, 1)),)}, (), id="new-use-case"
        ),
        pytest.param(
            {"expansions": (ExpansionFact("tier_upgrade", D(2026, 8, 1), D(2026, 10, 1), "won"),)},
            (),
            id="expansion-closed",
        ),
        pytest.param(
            {"expansions": (ExpansionFact("tier_upgrade", D(2026, 12, 1)),)},
            (),
            id="expansion-future",
        ),
    ],
)
def test_prio_1_reasons(changes, reasons):
    decision = status_of(account(**changes)).priority
    assert decision.reasons == reasons
    assert decision.computed == ("P1" if reasons else "P2")
    assert decision.effective == decision.computed


def test_prio_1_every_reason_kept():
    facts = account(
        use_cases=green("ci"),
        health=(HealthFact(D(2026, 11, 2), "red"),),
        expansions=(ExpansionFact("tier_upgrade", D(2026, 10, 1)),),
    )
    assert len(status_of(facts).priority.reasons) == 3


OVERRIDE = PriorityOverride("P1", "Executive escalation.", "maria@rhythm.test", D(2026, 11, 1))


def test_prio_2_override_kept_beside_computed():
    decision = status_of(account(priority_override=OVERRIDE)).priority
    assert (decision.computed, decision.effective, decision.reasons) == ("P2", "P1", ())
    assert decision.explanation == (
        "Set to P1 by maria@rhythm.test on 2026-11-01: Executive escalation.",
    )


def test_prio_2_override_made_later_does_not_apply_yet():
    decision = status_of(account(priority_override=OVERRIDE), D(2026, 10, 31)).priority
    assert (decision.override, decision.effective) == (None, "P2")


def _book(p1_count, size=100):
    """A book of `size` accounts, the first `p1_count` red since early 2026."""
    red = (HealthFact(D(2026, 1, 5), "red"),)
    return [
        account(
            account_id=n, name=f"Account {n:03}", health=red if n < p1_count else account().health
        )
        for n in range(size)
    ]


@pytest.mark.parametrize(
    ("p1_count", "whys"),
    [
        pytest.param(30, [], id="exactly-30-percent"),
        pytest.param(
            31,
            [
                "P1 share 31% (31 of 100 accounts) has been above the 30% target for longer than "
                "1 quarter; at most 1 quarter is allowed."
            ],
            id="31-percent-for-long",
        ),
        pytest.param(
            50,
            [
                "P1 share 50% (50 of 100 accounts) has been above the 30% target for longer than "
                "1 quarter; at most 1 quarter is allowed."
            ],
            id="50-percent",
        ),
        pytest.param(
            51,
            [
                "P1 share 51% (51 of 100 accounts) is above the 50% maximum.",
                "P1 share 51% (51 of 100 accounts) has been above the 30% target for longer than "
                "1 quarter; at most 1 quarter is allowed.",
            ],
            id="51-percent",
        ),
    ],
)
def test_prio_3_p1_share(p1_count, whys):
    book = _book(p1_count)
    priorities = [status_of(f).priority.effective for f in book]
    share = p1_share(book, priorities, defaults(), TODAY)
    items = p1_share_flags(CSM, share, context())
    assert [i.why for i in items] == whys
    assert all((i.rule, i.csm, i.account) == ("PRIO-3", CSM, None) for i in items)
    # Above target for longer than the history reaches: late, with no due date to give;
    # above the maximum: a condition that holds now, due.
    expected = {(None, "late")} if items else set()
    assert {(i.due, i.state) for i in items} == expected | (
        {(None, "due")} if p1_count > 50 else set()
    )


def test_prio_3_above_target_for_long_says_the_same_on_every_later_day():
    """Its due date once moved with the day asked (always a week late): replaying any
    later day must not change it."""
    book = _book(31)
    priorities = [status_of(f).priority.effective for f in book]
    first = None
    for today in [TODAY, TODAY + dt.timedelta(days=30), TODAY + dt.timedelta(days=45)]:
        share = p1_share(book, priorities, defaults(), today)
        [item] = p1_share_flags(CSM, share, context(today))
        assert (item.due, item.state, item.why) == (None, "late", first.why if first else item.why)
        first = first or item


def test_prio_3_above_target_for_less_than_a_quarter_is_not_yet_flagged():
    book = [replace(f, health=(HealthFact(D(2026, 11, 1), "red"),)) for f in _book(31)[:31]]
    book += _book(0)[31:]
    priorities = [status_of(f).priority.effective for f in book]
    share = p1_share(book, priorities, defaults(), TODAY)
    assert share.above_target_since == D(2026, 11, 1)  # the day the 31st account went red
    assert p1_share_flags(CSM, share, context()) == []  # due 2027-02-01, beyond the look-ahead
    later = context(D(2027, 2, 7))
    assert summary(p1_share_flags(CSM, share, later)) == [("PRIO-3", "late", D(2027, 2, 1))]


def test_prio_3_the_run_above_target_is_dated_to_the_day_and_does_not_move():
    """Its "since" and due date once moved with the day asked (the history was sampled
    weekly back from it), and the item was never late: each later day gives the same."""
    book = [replace(f, health=(HealthFact(D(2026, 11, 1), "red"),)) for f in _book(31)[:31]]
    book += _book(0)[31:]
    priorities = [status_of(f).priority.effective for f in book]
    seen = []
    for today in [D(2027, 1, 20), D(2027, 1, 27), D(2027, 2, 1), D(2027, 2, 2), D(2027, 2, 9)]:
        share = p1_share(book, priorities, defaults(), today)
        [item] = p1_share_flags(CSM, share, context(today))
        seen.append((share.above_target_since, item.due, item.state))
    assert seen == [
        (D(2026, 11, 1), D(2027, 2, 1), "coming"),
        (D(2026, 11, 1), D(2027, 2, 1), "due"),
        (D(2026, 11, 1), D(2027, 2, 1), "due"),
        (D(2026, 11, 1), D(2027, 2, 1), "late"),
        # Past the history (a quarter and a week): above target since before it, still late.
        (D(2026, 11, 2), None, "late"),
    ]


def test_prio_3_a_dip_to_the_target_ends_the_run_however_short():
    """Weekly samples once missed a two-day dip, and so flagged a book above target for
    longer than a quarter that had been above it for 43 days."""
    dip = (HealthFact(D(2026, 6, 1), "red"), HealthFact(D(2026, 10, 6), "green"))
    back = (*dip, HealthFact(D(2026, 10, 8), "red"))
    book = [replace(f, health=back) for f in _book(30)[:30]]
    book.append(replace(_book(31)[30], health=dip))  # the 31st: red until 10-06
    book += _book(0)[31:]
    priorities = [status_of(f).priority.effective for f in book]
    share = p1_share(book, priorities, defaults(), TODAY)
    assert (share.p1_accounts, share.above_target_since) == (30, None)  # 30%: not above
    book[30] = replace(book[30], health=back)  # the 31st red again from 10-08 too
    priorities = [status_of(f).priority.effective for f in book]
    share = p1_share(book, priorities, defaults(), TODAY)
    assert (share.above_target_since, share.since_or_earlier) == (D(2026, 10, 8), False)
    assert p1_share_flags(CSM, share, context()) == []  # due 2027-01-08


def _book_joined_by_new_p1_accounts(signed):
    """Ten accounts, two of them P1 for two years (20%), and two P1 accounts signed later."""
    old = _book(2, size=10)
    new = [
        account(
            account_id=100 + n,
            name=f"New {n}",
            initial_transaction_date=signed,
            milestones=Milestones(),
            use_cases=(),  # no green use case: P1 from their first day
            activities=(),
            ebrs=(),
            check_ins=(),
        )
        for n in range(2)
    ]
    return old + new


@pytest.mark.parametrize(
    ("signed", "since"),
    [
        # Above target from the day the two P1 accounts signed, to the day.
        pytest.param(D(2026, 11, 5), D(2026, 11, 5), id="signed-on-a-thursday"),
        pytest.param(D(2026, 11, 6), D(2026, 11, 6), id="signed-on-a-friday"),
        pytest.param(D(2026, 11, 20), D(2026, 11, 20), id="signed-today"),
    ],
)
def test_prio_3_an_account_counts_only_from_its_initial_transaction(signed, since):
    book = _book_joined_by_new_p1_accounts(signed)
    priorities = [status_of(f).priority.effective for f in book]
    share = p1_share(book, priorities, defaults(), TODAY)
    assert (share.p1_accounts, share.accounts) == (4, 12)
    assert (share.above_target_since, share.since_or_earlier) == (since, False)
    assert p1_share_flags(CSM, share, context()) == []  # a quarter from then is not near yet


@pytest.mark.parametrize(
    ("target", "maximum", "whys"),
    [
        pytest.param(
            33.4,
            50,
            [],
            id="below-target",
        ),
        pytest.param(
            33.3,
            50,
            [
                "P1 share 33.3% (1 of 3 accounts) has been above the 33.3% target for longer than "
                "1 quarter; at most 1 quarter is allowed."
            ],
            id="shown-as-the-target-but-above-it",
        ),
        pytest.param(
            30,
            33.3,
            [
                "P1 share 33.3% (1 of 3 accounts) is above the 33.3% maximum.",
                "P1 share 33.3% (1 of 3 accounts) has been above the 30% target for longer than "
                "1 quarter; at most 1 quarter is allowed.",
            ],
            id="shown-as-the-maximum-but-above-it",
        ),
    ],
)
def test_prio_3_judges_the_exact_share_not_the_rounded_one(tmp_path, target, maximum, whys):
    path = tmp_path / "playbook.toml"
    path.write_text(
        dedent(f"""
            [prioritisation]
            p1_share_target_percent = {target}
            p1_share_max_percent = {maximum}
        """)
    )
    settings = load_settings(str(path))
    book = _book(1, size=3)  # one of three P1 all year: 33.333...%
    priorities = [status_of(f).priority.effective for f in book]
    share = p1_share(book, priorities, settings, TODAY)
    assert share.percent == 33.3
    items = p1_share_flags(CSM, share, context(settings=settings))
    assert [i.why for i in items] == whys


@pytest.mark.parametrize(
    ("reviewed", "expected", "why"),
    [
        pytest.param(
            D(2026, 8, 21),
            ("PRIO-4", "due", D(2026, 11, 21)),
            "Priority last reviewed 2026-08-21, 91 days ago; review it every quarter.",
            id="due-tomorrow",
        ),
        pytest.param(D(2026, 8, 19), ("PRIO-4", "late", D(2026, 11, 19)), None, id="late"),
        pytest.param(
            None,
            ("PRIO-4", "due", None),
            "Priority never reviewed; review it every quarter.",
            id="never",
        ),
        pytest.param(D(2026, 10, 1), None, None, id="recent"),
    ],
)
def test_prio_4_quarterly_review(reviewed, expected, why):
    items = run(priority_review_due, account(priority_reviewed_on=reviewed))
    assert summary(items) == ([expected] if expected else [])
    if why:
        assert items[0].why == why


def test_p1_history_counts_engagement_from_the_sale_not_a_call_before_it():
    """PRIO-3's replay of CAD-2: a discovery call months before the sale does not make the
    new account non-engaged (P1) from the day it signs; the 2 months run from the sale."""
    facts = account(
        activities=(ActivityFact("discovery_call", D(2026, 6, 10)),),
        initial_transaction_date=D(2026, 11, 2),
        milestones=Milestones(),
        ebrs=(),
        check_ins=(),
    )
    history = p1_history(facts, defaults(), D(2026, 11, 2))
    assert (history.days, history.p1) == ((D(2026, 11, 2), D(2027, 1, 3)), (False, True))
    for day in (D(2026, 11, 2), D(2027, 1, 2), D(2027, 1, 3)):
        assert history.is_p1(day) == (priority_on(facts, defaults(), day) == "P1"), day


# PRIO's durations in business days, around the US holidays of Christmas and New Year: ten
# business days after Monday 2026-12-21 is 2027-01-06 (2027-01-04 counting weekends only).
BUSINESS_DAYS = """
[prioritisation]
review_every = "10 business days"
p1_share_above_target_for = "10 business days"
[cadence]
non_engaged_after = "10 business days"
"""


@pytest.fixture(scope="module")
def business_days(tmp_path_factory):
    return settings_from(tmp_path_factory, BUSINESS_DAYS)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        pytest.param(D(2027, 1, 5), ("due", D(2027, 1, 6)), id="day-before"),
        pytest.param(D(2027, 1, 6), ("due", D(2027, 1, 6)), id="on-the-day"),
        pytest.param(D(2027, 1, 7), ("late", D(2027, 1, 6)), id="day-after"),
    ],
)
def test_prio_4_review_in_business_days_skips_the_holidays(business_days, today, expected):
    facts = account(priority_reviewed_on=D(2026, 12, 21))
    items = run_with_calendar(priority_review_due, facts, business_days, today, AMER_HOLIDAYS)
    assert summary(items) == [("PRIO-4", *expected)]


@pytest.mark.parametrize(
    ("day", "p1"),
    [
        pytest.param(D(2027, 1, 6), False, id="last-engaged-day"),
        pytest.param(D(2027, 1, 7), True, id="non-engaged-the-day-after"),
    ],
)
def test_p1_history_skips_the_holidays_as_prio_1_does(business_days, day, p1):
    facts = account(activities=(ActivityFact("cadence_call", D(2026, 12, 21)),))
    history = p1_history(facts, business_days, D(2026, 12, 1), AMER_HOLIDAYS)
    assert history.is_p1(day) is p1
    assert (priority_on(facts, business_days, day, AMER_HOLIDAYS) == "P1") is p1


@pytest.mark.parametrize(
    ("today", "state"),
    [
        pytest.param(D(2027, 1, 6), "due", id="on-the-day"),
        pytest.param(D(2027, 1, 7), "late", id="day-after"),
    ],
)
def test_prio_3_allowed_period_in_business_days_skips_the_csms_holidays(
    business_days, today, state
):
    share = P1Share(4, 10, above_target_since=D(2026, 12, 21))
    items = p1_share_flags(CSM, share, context(today, AMER_HOLIDAYS, business_days), region="AMER")
    assert summary(items) == [("PRIO-3", state, D(2027, 1, 6))]
