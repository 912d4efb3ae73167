"""EBR-1 frequency, EBR-2 planning, EBR-3 steps and follow-up, EBR-4, EBR-7 roadmap, EBR-8."""

from decimal import Decimal

import pytest

from rhythm.playbook.rules.dates import Calendar
from rhythm.playbook.rules.ebr import (
    RoadmapEntry,
    RoadmapMonth,
    ebr_coverage_flag,
    ebr_covered,
    ebr_due,
    ebr_plan_update_due,
    ebr_planning_due,
    ebr_roadmap,
    ebr_roadmap_flags,
    ebr_steps_due,
    high_arr_ids,
    next_ebr_due,
)
from rhythm.playbook.rules.engine import build_queue
from rhythm.playbook.rules.facts import BookFacts, EbrFact, MemberFacts, PeerFacts
from rhythm.playbook.rules.items import RuleContext
from rhythm.playbook.settings import load_settings

from .builders import (
    CSM,
    HOLIDAYS,
    TODAY,
    D,
    account,
    context,
    defaults,
    run,
    run_with_calendar,
    settings_from,
    summary,
)


def held(day, **extra):
    """An EBR held on `day`, followed up and with the plan updated unless told otherwise."""
    values = {"follow_up_sent_on": day, "success_plan_updated_on": day} | extra
    return EbrFact(day, held_on=day, status="held", **values)


def test_high_arr_is_the_top_three_of_each_book():
    book = [account(account_id=n, name=f"A{n}", arr=Decimal(n * 1000)) for n in range(1, 6)]
    other = account(account_id=9, name="Other", arr=Decimal(10), csm_email="bob@rhythm.test")
    assert high_arr_ids(book + [other], defaults()) == {3, 4, 5, 9}


def test_high_arr_ranks_a_part_of_a_book_with_the_rest_of_it():
    # An AE sees A1 and A2 of Alice's five: alone they would be her top three.
    part = [account(account_id=n, name=f"A{n}", arr=Decimal(n * 1000)) for n in (1, 2)]
    peers = [PeerFacts(n, CSM.upper(), Decimal(n * 1000), D(2025, 1, 1)) for n in (3, 4, 5)]
    assert high_arr_ids(part, defaults()) == {1, 2}
    assert high_arr_ids(part, defaults(), peers) == {3, 4, 5}
    # A4 and A5 without ARR rank below A1 and A2; another CSM's peers rank in their book.
    unpriced = [PeerFacts(n, CSM, None, None) for n in (4, 5)] + [
        PeerFacts(9, "bob@rhythm.test", Decimal(10**6), None)
    ]
    assert high_arr_ids(part, defaults(), [peers[0], *unpriced]) == {1, 2, 3, 9}


@pytest.mark.parametrize(
    ("changes", "high_arr", "expected"),
    [
        pytest.param({}, False, D(2027, 6, 1), id="yearly"),
        pytest.param({}, True, D(2026, 12, 1), id="high-arr-twice-a-year"),
        pytest.param({"ebrs_per_year": 4}, False, D(2026, 9, 1), id="set-to-quarterly"),
        pytest.param({"ebrs": ()}, False, D(2025, 1, 15), id="first-after-transaction"),
        pytest.param({"ebrs": (), "initial_transaction_date": None}, False, None, id="unknown"),
    ],
)
def test_next_ebr_due(changes, high_arr, expected):
    assert next_ebr_due(account(**changes), defaults(), high_arr) == expected


@pytest.mark.parametrize(
    ("last", "planned", "expected", "why"),
    [
        pytest.param(
            D(2025, 11, 20),
            None,
            ("EBR-1", "due", D(2026, 11, 20)),
            "1 EBR a year; last held 2025-11-20, 365 days ago.",
            id="due-today",
        ),
        pytest.param(D(2025, 11, 19), None, ("EBR-1", "late", D(2026, 11, 19)), None, id="late"),
        pytest.param(D(2025, 12, 21), None, None, None, id="beyond-look-ahead"),
        pytest.param(
            D(2025, 11, 20),
            D(2026, 11, 30),
            ("EBR-1", "due", D(2026, 11, 20)),
            "1 EBR a year; last held 2025-11-20, 365 days ago; the one planned for "
            "2026-11-30 is after the due date.",
            id="planned-too-late",
        ),
        pytest.param(D(2025, 11, 20), D(2026, 11, 20), None, None, id="planned-on-due-date"),
    ],
)
def test_ebr_1_yearly(last, planned, expected, why):
    ebrs = (held(last),) + ((EbrFact(planned),) if planned else ())
    items = run(ebr_due, account(ebrs=ebrs))
    assert summary(items) == ([expected] if expected else [])
    if why:
        assert items[0].why == why


# Last held 2025-06-01, so the next EBR is due 2026-06-01; one planned for 2026-05-15.
LAST_HELD_2025_06_01 = held(D(2025, 6, 1))
PLANNED_2026_05_15 = EbrFact(D(2026, 5, 15), status="scheduled")


@pytest.mark.parametrize(
    ("today", "expected", "why"),
    [
        pytest.param(D(2026, 5, 31), [], None, id="planned-date-passed-due-tomorrow"),
        pytest.param(D(2026, 6, 1), [], None, id="planned-date-passed-due-today"),
        pytest.param(
            D(2026, 6, 2),
            [("EBR-1", "late", D(2026, 6, 1))],
            "1 EBR a year; last held 2025-06-01, 366 days ago; the one planned for "
            "2026-05-15 was not logged as held.",
            id="due-date-passed-too",
        ),
        pytest.param(
            D(2026, 11, 20),
            [("EBR-1", "late", D(2026, 6, 1))],
            "1 EBR a year; last held 2025-06-01, 537 days ago; the one planned for "
            "2026-05-15 was not logged as held.",
            id="months-later",
        ),
    ],
)
def test_ebr_1_a_plan_not_kept_clears_it_only_until_the_due_date(today, expected, why):
    facts = account(ebrs=(LAST_HELD_2025_06_01, PLANNED_2026_05_15))
    items = run(ebr_due, facts, today)
    assert summary(items) == expected
    if why:
        assert items[0].why == why
    # EBR-3 says the planned EBR was not held all along; EBR-2 stays quiet, as it asks the same.
    steps = run(ebr_steps_due, facts, today)
    assert summary(steps) == [("EBR-3", "late", D(2026, 5, 15))]
    assert steps[0].why == "EBR planned for 2026-05-15 is not logged as held."
    assert run(ebr_planning_due, facts, today) == []


def test_ebr_1_a_plan_after_the_due_date_not_kept_says_so():
    facts = account(ebrs=(LAST_HELD_2025_06_01, EbrFact(D(2026, 7, 1))))
    [item] = run(ebr_due, facts, D(2026, 7, 2))
    assert item.why.endswith("; the one planned for 2026-07-01 was not logged as held.")


NEXT_DUE_2027_03_20 = (held(D(2026, 3, 20)),)


def test_ebr_7_overdue_ebrs_are_laid_on_today_and_crowd_no_month():
    """Three EBRs overdue on 2026-11-20 land on it, to be held now (EBR-1's late items):
    EBR-7 does not flag November, which no spreading could fix, late from the day it
    appeared and moving along month after month; a crowded month still is flagged."""
    held = (EbrFact(D(2025, 11, 2), held_on=D(2025, 11, 2)),)
    overdue = [account(account_id=n, name=f"Late {n}", arr=None, ebrs=held) for n in range(3)]
    roadmap = ebr_roadmap(overdue, frozenset(), defaults(), TODAY)
    november = roadmap[0]
    assert november.month == D(2026, 11, 1)
    assert [(e.on, e.overdue_since) for e in november.entries] == [(TODAY, D(2026, 11, 2))] * 3
    assert november.scheduled == () and not november.crowded(2)
    for today in (TODAY, D(2027, 1, 5)):
        assert (
            ebr_roadmap_flags(
                CSM, ebr_roadmap(overdue, frozenset(), defaults(), today), context(today)
            )
            == []
        )
    # Held today, all three are due again together a year on: that month is crowded, and
    # flagged once its planning lead comes; a crowded month of EBRs due is flagged today.
    assert roadmap[-1].month == D(2027, 11, 1) and roadmap[-1].crowded(2)
    both = ebr_roadmap(_roadmap_book() + overdue, frozenset(), defaults(), TODAY)
    (flag,) = ebr_roadmap_flags(CSM, both, context())
    assert flag.why.startswith("3 EBRs fall in 2027-03 (Acme 2027-03-03, ")


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        pytest.param(D(2026, 11, 19), [], id="day-before-planning-lead"),
        pytest.param(D(2026, 11, 20), [("EBR-2", "coming", D(2026, 12, 20))], id="four-months-out"),
        pytest.param(D(2026, 12, 20), [("EBR-2", "due", D(2026, 12, 20))], id="three-months-out"),
        pytest.param(D(2026, 12, 21), [("EBR-2", "late", D(2026, 12, 20))], id="late"),
    ],
)
def test_ebr_2_planning_starts_three_to_four_months_before(today, expected):
    items = run(ebr_planning_due, account(ebrs=NEXT_DUE_2027_03_20), today)
    assert summary(items) == expected
    if items:
        assert items[0].why == (
            "Next EBR due 2027-03-20 and none in planning; planning starts 3 to 4 months before."
        )


def test_ebr_2_cleared_by_an_ebr_in_planning():
    facts = account(ebrs=NEXT_DUE_2027_03_20 + (EbrFact(D(2027, 3, 10)),))
    assert run(ebr_planning_due, facts, D(2026, 12, 21)) == []


MONDAY_HOLIDAY = Calendar.from_mapping({"AMER": {D(2026, 10, 12)}})


@pytest.mark.parametrize(
    ("held_on", "calendar", "today", "expected"),
    [
        pytest.param(D(2026, 10, 8), None, D(2026, 10, 9), ("due", D(2026, 10, 9)), id="thursday"),
        pytest.param(
            D(2026, 10, 9),
            None,
            D(2026, 10, 12),
            ("due", D(2026, 10, 12)),
            id="over-weekend-on-monday",
        ),
        pytest.param(
            D(2026, 10, 9),
            None,
            D(2026, 10, 13),
            ("late", D(2026, 10, 12)),
            id="over-weekend-late-tuesday",
        ),
        pytest.param(
            D(2026, 10, 9),
            MONDAY_HOLIDAY,
            D(2026, 10, 13),
            ("due", D(2026, 10, 13)),
            id="over-weekend-and-holiday",
        ),
        pytest.param(
            D(2026, 10, 9),
            MONDAY_HOLIDAY,
            D(2026, 10, 14),
            ("late", D(2026, 10, 13)),
            id="holiday-late-wednesday",
        ),
    ],
)
def test_ebr_3_follow_up_within_one_business_day(held_on, calendar, today, expected):
    facts = account(ebrs=(held(held_on, follow_up_sent_on=None),))
    items = run(ebr_steps_due, facts, today, calendar)
    assert [(i.state, i.due) for i in items] == [expected]
    assert items[0].why == (
        f"EBR held {held_on}: the follow-up email is due within 1 business day (by {expected[1]})."
    )


def test_ebr_3_holiday_of_another_region_does_not_count():
    facts = account(ebrs=(held(D(2026, 10, 9), follow_up_sent_on=None),), region="EMEA")
    assert summary(run(ebr_steps_due, facts, D(2026, 10, 12), MONDAY_HOLIDAY)) == [
        ("EBR-3", "due", D(2026, 10, 12))
    ]


@pytest.mark.parametrize(
    ("calendar", "due"),
    [
        pytest.param(None, D(2026, 10, 14), id="over-weekend"),
        pytest.param(MONDAY_HOLIDAY, D(2026, 10, 15), id="over-weekend-and-holiday"),
    ],
)
def test_ebr_4_plan_updated_within_three_business_days(calendar, due):
    facts = account(ebrs=(held(D(2026, 10, 9), success_plan_updated_on=None),))
    items = run(ebr_plan_update_due, facts, D(2026, 10, 12), calendar)
    assert summary(items) == [("EBR-4", "due", due)]


def test_ebr_3_preparation_steps():
    planned = EbrFact(D(2027, 2, 15), steps_done=((1, D(2026, 10, 20)),))
    items = run(ebr_steps_due, account(ebrs=(held(D(2026, 6, 1)), planned)))
    assert summary(items) == [
        ("EBR-3", "late", D(2026, 11, 15)),
        ("EBR-3", "coming", D(2026, 12, 15)),
    ]
    assert items[0].why == (
        "EBR on 2027-02-15: step 2, initial customer discussion (3 to 4 months before), "
        "is not done."
    )


def test_ebr_3_delivery_late_when_not_held():
    items = run(
        ebr_steps_due,
        account(
            ebrs=(
                EbrFact(
                    D(2026, 11, 19), steps_done=tuple((n, D(2026, 11, 1)) for n in range(1, 8))
                ),
            )
        ),
    )
    assert summary(items) == [("EBR-3", "late", D(2026, 11, 19))]
    assert items[0].why == "EBR planned for 2026-11-19 is not logged as held."


def test_ebr_3_past_ebr_keeps_only_its_delivery():
    items = run(ebr_steps_due, account(ebrs=(EbrFact(D(2026, 11, 19)),)))
    assert summary(items) == [("EBR-3", "late", D(2026, 11, 19))]


def _roadmap_book():
    return [
        account(account_id=n, name=name, arr=None, ebrs=(EbrFact(day),))
        for n, (name, day) in enumerate(
            [
                ("Acme", D(2027, 3, 3)),
                ("Beta", D(2027, 3, 10)),
                ("Core", D(2027, 3, 30)),
                ("Dyna", D(2027, 4, 2)),
            ]
        )
    ]


def test_ebr_7_roadmap_lays_out_next_ebrs():
    roadmap = ebr_roadmap(_roadmap_book(), frozenset(), defaults(), TODAY)
    march = [m for m in roadmap if m.month == D(2027, 3, 1)][0]
    assert [(e.account, e.on, e.planned) for e in march.entries] == [
        ("Acme", D(2027, 3, 3), True),
        ("Beta", D(2027, 3, 10), True),
        ("Core", D(2027, 3, 30), True),
    ]


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        pytest.param(D(2026, 10, 31), [], id="before-planning-lead"),
        pytest.param(
            D(2026, 11, 1), [("EBR-7", "coming", D(2026, 12, 1))], id="four-months-before"
        ),
        pytest.param(D(2026, 12, 2), [("EBR-7", "late", D(2026, 12, 1))], id="late"),
    ],
)
def test_ebr_7_flags_months_over_the_maximum(today, expected):
    roadmap = ebr_roadmap(_roadmap_book(), frozenset(), defaults(), today)
    items = ebr_roadmap_flags(CSM, roadmap, context(today))
    assert summary(items) == expected
    if items:
        assert items[0].why == (
            "3 EBRs fall in 2027-03 (Acme 2027-03-03, Beta 2027-03-10, Core 2027-03-30); "
            "the roadmap allows 2 a month."
        )


@pytest.mark.parametrize(
    ("covered", "why"),
    [
        pytest.param(3, None, id="75-percent-meets-target"),
        pytest.param(
            2,
            "EBR coverage 50% (2 of 4 accounts with an EBR in the last 12 months) is "
            "below the 75% target.",
            id="50-percent",
        ),
    ],
)
def test_ebr_8_coverage(covered, why):
    book = [
        account(account_id=n, ebrs=(held(D(2026, 6, 1) if n < covered else D(2025, 11, 19)),))
        for n in range(4)
    ]
    items = ebr_coverage_flag(CSM, book, context())
    assert [i.why for i in items] == ([why] if why else [])


@pytest.mark.parametrize(
    ("held_on", "covered", "ebr_1"),
    [
        pytest.param(D(2025, 11, 19), False, ("EBR-1", "late", D(2026, 11, 19)), id="day-before"),
        pytest.param(D(2025, 11, 20), True, ("EBR-1", "due", D(2026, 11, 20)), id="12-months-ago"),
        pytest.param(D(2025, 11, 21), True, ("EBR-1", "due", D(2026, 11, 21)), id="day-after"),
    ],
)
def test_ebr_8_window_counts_its_first_day_as_ebr_1_does(held_on, covered, ebr_1):
    facts = account(ebrs=(held(held_on),))
    assert ebr_covered(facts, defaults(), TODAY) is covered
    assert summary(run(ebr_due, facts)) == [ebr_1]


def test_ebr_8_judges_the_exact_coverage_not_the_rounded_one(tmp_path):
    path = tmp_path / "playbook.toml"
    path.write_text("[ebr]\ncoverage_target_percent = 66.7\n")
    settings = load_settings(str(path))
    book = [
        account(account_id=n, ebrs=(held(D(2026, 6, 1) if n < 2 else D(2025, 6, 1)),))
        for n in range(3)
    ]
    items = ebr_coverage_flag(CSM, book, context(settings=settings))
    assert [i.why for i in items] == [
        "EBR coverage 66.7% (2 of 3 accounts with an EBR in the last 12 months) is below the "
        "66.7% target."
    ]


def test_ebr_known_only_from_the_timeline_asks_for_no_follow_up():
    logged = EbrFact(D(2026, 10, 9), held_on=D(2026, 10, 9), status="held", tracked=False)
    facts = account(ebrs=(logged,))
    assert run(ebr_steps_due, facts, D(2026, 10, 12)) == []
    assert run(ebr_plan_update_due, facts, D(2026, 10, 12)) == []


# Every EBR duration in business days, around the public holidays of Christmas and New
# Year: AMER skips 2026-12-25 and 2027-01-01, EMEA 2026-12-28 too. Counting weekends only
# (the holidays ignored), each date below would be a day or more later.
BUSINESS_DAYS = """
[ebr]
planning_lead = "15 business days"
planning_start_by = "10 business days"
roadmap_horizon = "10 business days"
coverage_window = "10 business days"

[[ebr.steps]]
number = 1
name = "Internal alignment"
owner_role = "csm"
opens_before = "15 business days"
closes_before = "10 business days"
"""
EBR_2027_01_08 = D(2027, 1, 8)  # a Friday: the next EBR due, or the one planned


@pytest.fixture(scope="module")
def business_days(tmp_path_factory):
    return settings_from(tmp_path_factory, BUSINESS_DAYS)


@pytest.mark.parametrize(
    ("csm_region", "today", "expected"),
    [
        # 10 AMER business days before 2027-01-08 is 2026-12-23, 15 is 2026-12-16
        # (2026-12-25 and 2026-12-18 counting weekends only).
        pytest.param("", D(2026, 12, 16), [("due", D(2026, 12, 23))], id="amer-lead-opens"),
        pytest.param("", D(2026, 12, 23), [("due", D(2026, 12, 23))], id="amer-on-the-day"),
        pytest.param("", D(2026, 12, 24), [("late", D(2026, 12, 23))], id="amer-day-after"),
        # The CSM's region wins over the account's: EMEA also skips 2026-12-28.
        pytest.param("EMEA", D(2026, 12, 15), [("due", D(2026, 12, 22))], id="emea-lead-opens"),
        pytest.param("EMEA", D(2026, 12, 23), [("late", D(2026, 12, 22))], id="emea-day-after"),
    ],
)
def test_ebr_2_and_3_in_business_days_skip_the_working_regions_holidays(
    business_days, csm_region, today, expected
):
    facts = account(ebrs=(held(D(2026, 1, 8)),), csm_region=csm_region)
    assert next_ebr_due(facts, business_days, False) == EBR_2027_01_08
    planning = [("EBR-2", state, due) for state, due in expected]
    assert summary(run_with_calendar(ebr_planning_due, facts, business_days, today)) == planning
    # The step's window is counted back from the planned date the same way.
    planned = account(ebrs=(held(D(2026, 1, 8)), EbrFact(EBR_2027_01_08)), csm_region=csm_region)
    step = [("EBR-3", state, due) for state, due in expected]
    assert summary(run_with_calendar(ebr_steps_due, planned, business_days, today)) == step


def _planned_book(*days):
    return [
        account(account_id=n, name=f"A{n}", arr=None, ebrs=(EbrFact(day),))
        for n, day in enumerate(days, start=1)
    ]


@pytest.mark.parametrize(
    ("region", "on_the_roadmap"),
    [
        # 10 business days from Monday 2026-12-21: 2027-01-06 in AMER, 2027-01-07 in EMEA
        # (2027-01-04 counting weekends only).
        pytest.param("AMER", [D(2027, 1, 5), D(2027, 1, 6)], id="amer"),
        pytest.param("EMEA", [D(2027, 1, 5), D(2027, 1, 6), D(2027, 1, 7)], id="emea"),
    ],
)
def test_ebr_7_horizon_in_business_days_is_the_csms(business_days, region, on_the_roadmap):
    book = _planned_book(D(2027, 1, 5), D(2027, 1, 6), D(2027, 1, 7), D(2027, 1, 8))
    today = D(2026, 12, 21)
    roadmap = ebr_roadmap(book, frozenset(), business_days, today, HOLIDAYS, region)
    assert [e.on for month in roadmap for e in month.entries] == on_the_roadmap
    # The engine counts a book's horizon in its CSM's region, whatever the accounts'.
    members = (MemberFacts(CSM, region=region),)
    queue = build_queue(BookFacts(tuple(book), members), business_days, today, HOLIDAYS)
    assert [e.on for m in queue.books[0].ebr_roadmap for e in m.entries] == on_the_roadmap


@pytest.mark.parametrize(
    ("region", "today", "expected"),
    [
        # Counted back from 2027-01-01: 10 AMER business days is 2026-12-17, 15 is
        # 2026-12-10 (2026-12-18 and 2026-12-11 counting weekends only).
        pytest.param("AMER", D(2026, 12, 9), [], id="amer-before-the-lead"),
        pytest.param("AMER", D(2026, 12, 10), [("due", D(2026, 12, 17))], id="amer-lead-opens"),
        pytest.param("AMER", D(2026, 12, 18), [("late", D(2026, 12, 17))], id="amer-day-after"),
        pytest.param("EMEA", D(2026, 12, 9), [("due", D(2026, 12, 16))], id="emea-lead-opens"),
        pytest.param("EMEA", D(2026, 12, 17), [("late", D(2026, 12, 16))], id="emea-day-after"),
    ],
)
def test_ebr_7_flag_in_business_days_is_the_csms(business_days, region, today, expected):
    entries = tuple(RoadmapEntry(n, f"A{n}", EBR_2027_01_08, True) for n in range(1, 4))
    roadmap = (RoadmapMonth(D(2027, 1, 1), entries),)
    ctx = RuleContext(business_days, today, HOLIDAYS, region)
    flagged = [("EBR-7", state, due) for state, due in expected]
    assert summary(ebr_roadmap_flags(CSM, roadmap, ctx)) == flagged


@pytest.mark.parametrize(
    ("csm_region", "held_on", "covered"),
    [
        # 10 business days back from 2027-01-08: 2026-12-23 in AMER, 2026-12-22 in EMEA
        # (2026-12-25 counting weekends only).
        pytest.param("", D(2026, 12, 22), False, id="amer-day-before"),
        pytest.param("", D(2026, 12, 23), True, id="amer-first-day"),
        pytest.param("EMEA", D(2026, 12, 21), False, id="emea-day-before"),
        pytest.param("EMEA", D(2026, 12, 22), True, id="emea-first-day"),
    ],
)
def test_ebr_8_window_in_business_days_is_the_working_regions(
    business_days, csm_region, held_on, covered
):
    today = EBR_2027_01_08
    facts = account(ebrs=(held(held_on),), csm_region=csm_region)
    assert ebr_covered(facts, business_days, today, HOLIDAYS) is covered
    items = ebr_coverage_flag(CSM, [facts], context(today, HOLIDAYS, business_days))
    assert len(items) == (0 if covered else 1)
