"""CAD-1 cadence calls, CAD-2 non-engagement, CAD-3 book load, cadence adherence."""

import pytest

from rhythm.playbook.rules.cadence import (
    book_load,
    book_load_flags,
    cadence_adherence,
    cadence_call_due,
    engagement,
    non_engaged_flag,
)
from rhythm.playbook.rules.facts import ActivityFact, HealthFact, Milestones
from rhythm.playbook.rules.kpis import compute_kpis
from rhythm.playbook.rules.status import account_status

from .builders import (
    CSM,
    HOLIDAYS,
    TODAY,
    D,
    account,
    context,
    defaults,
    run,
    settings_from,
    status_of,
    summary,
)

CALL_2026_10_20 = (ActivityFact("cadence_call", D(2026, 10, 20)),)
RED = (HealthFact(D(2026, 11, 1), "red"),)


@pytest.mark.parametrize(
    ("today", "state"),
    [
        pytest.param(D(2026, 11, 11), "coming", id="nine-days-before"),
        pytest.param(D(2026, 11, 19), "due", id="day-before"),
        pytest.param(D(2026, 11, 20), "due", id="on-due-date"),
        pytest.param(D(2026, 11, 21), "late", id="day-after"),
    ],
)
def test_p2_call_due_one_month_after_the_last(today, state):
    items = run(cadence_call_due, account(activities=CALL_2026_10_20), today)
    assert summary(items) == [("CAD-1", state, D(2026, 11, 20))]


def test_p1_call_every_14_days_with_the_playbook_sentence():
    facts = account(activities=CALL_2026_10_20, health=RED)
    [item] = run(cadence_call_due, facts, D(2026, 11, 22))
    assert (item.state, item.due, item.severity) == ("late", D(2026, 11, 3), "medium")
    assert item.why == "P1 account: calls every 14 days; last call 2026-10-20, 33 days ago."
    assert item.action == "Log a cadence call."
    assert (item.account, item.account_id, item.csm) == ("Acme", 1, CSM)


def test_first_call_counts_from_engagement():
    facts = account(
        activities=(),
        initial_transaction_date=D(2026, 10, 28),
        milestones=Milestones(engagement=D(2026, 11, 2)),
    )
    [item] = run(cadence_call_due, facts)
    assert (item.due, item.state) == (D(2026, 12, 2), "coming")
    assert (
        item.why
        == "P2 account: calls every month; no cadence call yet, engagement started 2026-11-02."
    )


NEW_ACCOUNT = D(2026, 11, 10)  # signed ten days before TODAY


@pytest.mark.parametrize(
    ("activities", "milestones", "today", "expected", "why"),
    [
        pytest.param(
            (ActivityFact("onboarding_kickoff", D(2026, 11, 18)),),
            Milestones(),
            TODAY,
            [("CAD-1", "coming", D(2026, 12, 18))],
            "P2 account: calls every month; no cadence call yet, engagement started 2026-11-18.",
            id="kick-off-starts-engagement",
        ),
        pytest.param(
            (
                ActivityFact("discovery_call", D(2026, 11, 1)),  # before the sale: not counted
                ActivityFact("welcome_call", D(2026, 11, 12)),
                ActivityFact("onboarding_kickoff", D(2026, 11, 18)),
            ),
            Milestones(),
            D(2026, 12, 12),
            [("CAD-1", "due", D(2026, 12, 12))],
            "P2 account: calls every month; no cadence call yet, engagement started 2026-11-12.",
            id="first-meeting-after-the-sale-on-due-date",
        ),
        pytest.param(
            (ActivityFact("welcome_call", D(2026, 11, 12)),),
            Milestones(),
            D(2026, 12, 13),
            [("CAD-1", "late", D(2026, 12, 12))],
            None,
            id="day-after",
        ),
        pytest.param(
            (ActivityFact("welcome_call", D(2026, 11, 12)),),
            Milestones(engagement=D(2026, 11, 14)),
            TODAY,
            [("CAD-1", "coming", D(2026, 12, 14))],
            "P2 account: calls every month; no cadence call yet, engagement started 2026-11-14.",
            id="recorded-milestone-wins",
        ),
        pytest.param(
            (ActivityFact("outreach", D(2026, 11, 12)),),  # not an engagement kind
            Milestones(),
            TODAY,
            [("CAD-1", "coming", D(2026, 12, 10))],
            "P2 account: calls every month; no cadence call or other meeting yet, counted "
            "from the initial transaction on 2026-11-10.",
            id="not-engaged-counts-from-the-sale",
        ),
        pytest.param(
            (
                ActivityFact("onboarding_kickoff", D(2026, 11, 12)),
                ActivityFact("cadence_call", D(2026, 11, 16)),
            ),
            Milestones(),
            TODAY,
            [("CAD-1", "coming", D(2026, 12, 16))],
            None,
            id="a-cadence-call-wins",
        ),
    ],
)
def test_first_call_of_a_new_account(activities, milestones, today, expected, why):
    facts = account(
        activities=activities, initial_transaction_date=NEW_ACCOUNT, milestones=milestones
    )
    items = run(cadence_call_due, facts, today)
    assert summary(items) == expected
    if why:
        assert items[0].why == why


def test_other_calls_do_not_count_as_cadence_calls():
    facts = account(activities=CALL_2026_10_20 + (ActivityFact("ad_hoc_call", D(2026, 11, 19)),))
    assert summary(run(cadence_call_due, facts)) == [("CAD-1", "due", D(2026, 11, 20))]


LAST_CALL = (ActivityFact("cadence_call", D(2026, 9, 20)),)


@pytest.mark.parametrize(
    ("today", "engaged", "items"),
    [
        pytest.param(D(2026, 11, 19), True, [], id="day-before-two-months"),
        pytest.param(D(2026, 11, 20), True, [], id="exactly-two-months"),
        pytest.param(D(2026, 11, 21), False, [("CAD-2", "late", D(2026, 11, 20))], id="day-after"),
    ],
)
def test_non_engaged_after_more_than_two_calendar_months(today, engaged, items):
    facts = account(activities=LAST_CALL)
    assert engagement(facts, defaults(), today).engaged is engaged
    assert summary(run(non_engaged_flag, facts, today)) == items


@pytest.mark.parametrize(
    ("activities", "why"),
    [
        pytest.param(
            LAST_CALL,
            "Non-engaged, with no call or meeting since 2026-09-20, more than 2 months ago.",
            id="cadence-call",
        ),
        pytest.param(
            (ActivityFact("cadence_call", D(2026, 8, 1)), ActivityFact("workshop", D(2026, 9, 20))),
            "Non-engaged, with no call or meeting since 2026-09-20, more than 2 months ago.",
            id="workshop-after-the-call",
        ),
        pytest.param(
            (ActivityFact("cadence_call", D(2026, 8, 1)), ActivityFact("ebr", D(2026, 9, 20))),
            "Non-engaged, with no call or meeting since 2026-09-20, more than 2 months ago.",
            id="ebr-after-the-call",
        ),
        pytest.param(
            LAST_CALL + (ActivityFact("webinar", D(2026, 10, 1)),),
            "Non-engaged, with no call or meeting since 2026-09-20, more than 2 months ago.",
            id="a-webinar-does-not-count",
        ),
    ],
)
def test_non_engaged_sentence_names_calls_and_meetings(activities, why):
    facts = account(activities=activities, check_ins=(), ebrs=())
    [item] = run(non_engaged_flag, facts, D(2026, 11, 21))
    assert item.why == why
    new = account(activities=(), initial_transaction_date=D(2026, 9, 20))
    assert run(non_engaged_flag, new, D(2026, 11, 21))[0].why == (
        "Non-engaged, with no call or meeting since the initial transaction on 2026-09-20, "
        "more than 2 months ago."
    )


def test_non_engaged_sentence_and_triage():
    facts = account(activities=LAST_CALL)
    [item] = run(non_engaged_flag, facts, D(2026, 11, 21))
    assert item.why == (
        "Non-engaged, with no call or meeting since 2026-09-20, more than 2 months ago."
    )
    status = status_of(facts, D(2026, 11, 21))
    assert status.triage.in_triage
    assert status.priority.computed == "P1"


def test_engaged_sentence_says_until_when():
    facts = account(activities=LAST_CALL)
    assert (
        engagement(facts, defaults(), D(2026, 11, 20)).reason
        == "Engaged until 2026-11-20, 2 months after the last call or meeting."
    )
    new = account(activities=(), initial_transaction_date=D(2026, 10, 1))
    assert (
        engagement(new, defaults(), D(2026, 11, 1)).reason
        == "Engaged until 2026-12-01, 2 months after the initial transaction."
    )


def test_next_completed_call_ends_non_engagement():
    facts = account(activities=LAST_CALL + (ActivityFact("cadence_call", D(2026, 11, 25)),))
    assert not engagement(facts, defaults(), D(2026, 11, 24)).engaged
    assert engagement(facts, defaults(), D(2026, 11, 25)).engaged


@pytest.mark.parametrize(
    ("initial", "engaged"),
    [
        pytest.param(D(2026, 9, 20), True, id="new-account-within-two-months"),
        pytest.param(D(2026, 9, 19), False, id="new-account-past-two-months"),
        pytest.param(None, False, id="nothing-known"),
    ],
)
def test_new_account_counts_from_initial_transaction(initial, engaged):
    facts = account(activities=(), initial_transaction_date=initial)
    assert engagement(facts, defaults(), TODAY).engaged is engaged


@pytest.mark.parametrize(
    ("priorities", "whys"),
    [
        pytest.param(["P1"] * 8 + ["P2"] * 8, [], id="16-accounts-5.85-calls"),
        pytest.param(
            ["P2"] * 12,
            ["The book needs 2.77 cadence calls a week (0 P1, 12 P2), outside the 5-7 range."],
            id="12-p2-too-few-calls",
        ),
        pytest.param(
            ["P1"] * 11,
            ["Book of 11 accounts is outside the 12-20 range."],
            id="11-accounts",
        ),
        pytest.param(
            ["P1"] * 2,
            [
                "Book of 2 accounts is outside the 12-20 range.",
                "The book needs 1 cadence call a week (2 P1, 0 P2), outside the 5-7 range.",
            ],
            id="one-call-a-week",
        ),
    ],
)
def test_book_load(priorities, whys):
    load = book_load(priorities, defaults())
    items = book_load_flags(CSM, load, context())
    assert [i.why for i in items] == whys
    assert all((i.rule, i.account, i.csm, i.state) == ("CAD-3", None, CSM, "due") for i in items)


def test_book_load_counts():
    load = book_load(["P1"] * 21 + ["P2"] * 4, defaults())
    assert (load.accounts, load.p1_accounts, load.calls_per_week) == (25, 21, 11.42)


def test_book_load_counts_business_days_in_the_working_days_of_the_year(tmp_path_factory):
    toml = (
        '[cadence]\np1_every = "10 business days"\n'
        "[capacity]\nworking_days_per_year = 208\npto_days_per_year = 20\n"
    )
    load = book_load(["P1"] * 5, settings_from(tmp_path_factory, toml))
    assert load.calls_per_week == 2.0  # 208 / 10 calls a year each, over 52 weeks


@pytest.mark.parametrize(
    ("calls", "expected"),
    [
        pytest.param(
            [D(2026, 8, 12), D(2026, 9, 10), D(2026, 10, 9), D(2026, 11, 8)],
            (3, 3),
            id="all-on-time",
        ),
        pytest.param(
            [D(2026, 8, 12), D(2026, 9, 10), D(2026, 10, 20), D(2026, 11, 8)],
            (3, 2),
            id="one-late-restarts-the-clock",
        ),
        pytest.param([D(2026, 8, 10)], (3, 0), id="none-held-one-due-each-month"),
    ],
)
def test_cadence_adherence_over_three_months(calls, expected):
    facts = account(activities=tuple(ActivityFact("cadence_call", d) for d in calls))
    adherence = cadence_adherence(facts, "P2", defaults(), TODAY)
    assert (adherence.due, adherence.on_time) == expected


@pytest.mark.parametrize(
    ("activities", "expected"),
    [
        # Signed 2026-09-01, kick-off 2026-09-20: calls due 10-20 (held) and 11-20, today
        # (not missed yet).
        pytest.param(
            (
                ActivityFact("onboarding_kickoff", D(2026, 9, 20)),
                ActivityFact("cadence_call", D(2026, 10, 20)),
            ),
            (1, 1),
            id="counts-from-the-kick-off",
        ),
        # Not engaged: from the initial transaction, due 10-01 and 11-01, both missed.
        pytest.param((), (2, 0), id="not-engaged-counts-from-the-sale"),
    ],
)
def test_cadence_adherence_of_a_new_account(activities, expected):
    facts = account(
        activities=activities, initial_transaction_date=D(2026, 9, 1), milestones=Milestones()
    )
    adherence = cadence_adherence(facts, "P2", defaults(), TODAY)
    assert (adherence.due, adherence.on_time) == expected


@pytest.mark.parametrize(
    ("today", "calls", "expected"),
    [
        # Last call 2026-10-20: the next is due 2026-11-20.
        pytest.param(D(2026, 11, 19), [D(2026, 10, 20)], (0, 0), id="the-day-before"),
        pytest.param(D(2026, 11, 20), [D(2026, 10, 20)], (0, 0), id="due-today-not-missed-yet"),
        pytest.param(
            D(2026, 11, 20), [D(2026, 10, 20), D(2026, 11, 20)], (1, 1), id="held-on-the-day"
        ),
        pytest.param(D(2026, 11, 21), [D(2026, 10, 20)], (1, 0), id="missed-the-day-after"),
    ],
)
def test_cadence_adherence_on_the_due_date(today, calls, expected):
    facts = account(
        activities=tuple(ActivityFact("cadence_call", d) for d in calls),
        initial_transaction_date=D(2026, 10, 1),
        milestones=Milestones(),
    )
    adherence = cadence_adherence(facts, "P2", defaults(), today)
    assert (adherence.due, adherence.on_time) == expected


# CAD-2 / PRIO-1: a discovery call during the sale does not start the 2 months; the sale does.
SIGNED = D(2026, 11, 2)
DISCOVERY = (ActivityFact("discovery_call", D(2026, 6, 10)),)
FROM_THE_SALE = "Engaged until 2027-01-02, 2 months after the initial transaction."


@pytest.mark.parametrize(
    ("activities", "today", "engaged", "reason"),
    [
        pytest.param(DISCOVERY, SIGNED, True, FROM_THE_SALE, id="the-day-it-signs"),
        pytest.param(DISCOVERY, D(2027, 1, 2), True, FROM_THE_SALE, id="two-months-after"),
        pytest.param(
            DISCOVERY,
            D(2027, 1, 3),
            False,
            "Non-engaged, with no call or meeting since the initial transaction on "
            "2026-11-02, more than 2 months ago.",
            id="the-day-after",
        ),
        pytest.param(
            (ActivityFact("discovery_call", D(2026, 11, 1)),),
            D(2027, 1, 2),
            True,
            FROM_THE_SALE,
            id="a-call-the-day-before-the-sale",
        ),
    ],
)
def test_a_meeting_before_the_initial_transaction_does_not_count(
    activities, today, engaged, reason
):
    facts = account(
        activities=activities,
        initial_transaction_date=SIGNED,
        milestones=Milestones(),
        ebrs=(),
        check_ins=(),
    )
    found = engagement(facts, defaults(), today)
    assert (found.engaged, found.limit, found.reason) == (engaged, D(2027, 1, 2), reason)
    status = status_of(facts, today)
    assert status.triage.in_triage is not engaged
    assert status.priority.computed == ("P2" if engaged else "P1")
    flagged = [] if engaged else [("CAD-2", "late", D(2027, 1, 2))]
    assert summary(run(non_engaged_flag, facts, today)) == flagged


# Every cadence duration in business days, around the US holidays of Christmas and New Year.
BUSINESS_DAYS = """
[cadence]
p1_every = "10 business days"
p2_every = "10 business days"
non_engaged_after = "10 business days"
"""
CALL_2026_12_21 = (ActivityFact("cadence_call", D(2026, 12, 21)),)  # a Monday


@pytest.fixture(scope="module")
def business_days(tmp_path_factory):
    return settings_from(tmp_path_factory, BUSINESS_DAYS)


@pytest.mark.parametrize(
    ("csm_region", "today", "due", "engaged", "state"),
    [
        # Ten AMER business days after 2026-12-21, skipping 12-25 and 01-01: 2027-01-06.
        pytest.param("", D(2027, 1, 5), D(2027, 1, 6), True, "due", id="amer-day-before"),
        pytest.param("", D(2027, 1, 6), D(2027, 1, 6), True, "due", id="amer-on-the-day"),
        pytest.param("", D(2027, 1, 7), D(2027, 1, 6), False, "late", id="amer-day-after"),
        # The CSM's region wins over the account's: EMEA also skips 12-28.
        pytest.param("EMEA", D(2027, 1, 7), D(2027, 1, 7), True, "due", id="emea-on-the-day"),
        pytest.param("EMEA", D(2027, 1, 8), D(2027, 1, 7), False, "late", id="emea-day-after"),
    ],
)
def test_business_days_skip_the_working_regions_holidays(
    business_days, csm_region, today, due, engaged, state
):
    facts = account(activities=CALL_2026_12_21, csm_region=csm_region)
    status = account_status(facts, business_days, today, calendar=HOLIDAYS)
    assert (status.engagement.engaged, status.engagement.limit) == (engaged, due)
    ctx = context(today, HOLIDAYS, business_days)
    assert summary(cadence_call_due(facts, status, ctx)) == [("CAD-1", state, due)]
    flagged = [] if engaged else [("CAD-2", "late", due)]
    assert summary(non_engaged_flag(facts, status, ctx)) == flagged
    # The KPI counts non-engaged accounts as CAD-2 decides them.
    kpis = compute_kpis([facts], business_days, today, calendar=HOLIDAYS)
    assert kpis.non_engaged.count == (0 if engaged else 1)


@pytest.mark.parametrize(
    ("second_call", "expected"),
    [
        # Due 2027-01-06, the holidays skipped (2027-01-04 counting weekends only).
        pytest.param(D(2027, 1, 5), (1, 1), id="after-weekends-only"),
        pytest.param(D(2027, 1, 6), (1, 1), id="on-the-last-business-day"),
    ],
)
def test_cadence_adherence_skips_the_holidays(business_days, second_call, expected):
    calls = CALL_2026_12_21 + (ActivityFact("cadence_call", second_call),)
    facts = account(
        activities=calls, initial_transaction_date=D(2026, 12, 1), milestones=Milestones()
    )
    adherence = cadence_adherence(facts, "P2", business_days, D(2027, 1, 12), HOLIDAYS)
    assert (adherence.due, adherence.on_time) == expected
