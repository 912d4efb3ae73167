"""REN-1 renewal reviews, REN-2 readiness, REN-3 expansion stats, REN-6 renewal rate."""

import datetime as dt
from decimal import Decimal

import pytest

from rhythm.playbook.rules.facts import (
    BookFacts,
    ExpansionFact,
    HealthFact,
    RenewalFact,
    RenewalReviewFact,
    StageChange,
)
from rhythm.playbook.rules.kpis import kpi_series
from rhythm.playbook.rules.renewals import (
    counts_until,
    expansion_stats,
    renewal_outcome_due,
    renewal_rates,
    renewal_review_readiness,
    renewal_reviews_due,
    review_entry,
    review_stage,
    review_to_complete,
    reviews_on_time,
)

from .builders import (
    HOLIDAYS,
    TODAY,
    D,
    account,
    defaults,
    run,
    run_with_calendar,
    settings_from,
    summary,
)

ALL_THREE = ("csm", "ae", "sa")


def renewal(day, *reviews, **extra):
    return RenewalFact(day, Decimal("100000"), reviews=tuple(reviews), **extra)


@pytest.mark.parametrize(
    ("renewal_date", "expected"),
    [
        pytest.param(D(2027, 5, 21), [], id="six-months-and-a-day-out"),
        pytest.param(
            D(2027, 5, 20),
            [("REN-1", "coming", D(2026, 12, 20)), ("REN-1", "coming", D(2027, 2, 20))],
            id="exactly-six-months-out",
        ),
        pytest.param(
            D(2027, 3, 1),
            [("REN-1", "late", D(2026, 10, 1)), ("REN-1", "coming", D(2026, 12, 1))],
            id="five-month-review-late",
        ),
        pytest.param(D(2026, 11, 19), [], id="renewal-date-passed"),
    ],
)
def test_ren_1_two_reviews_within_six_months(renewal_date, expected):
    items = run(renewal_reviews_due, account(renewals=(renewal(renewal_date),)))
    assert summary(items) == expected


def test_ren_1_sentence():
    [item] = run(renewal_reviews_due, account(renewals=(renewal(D(2027, 5, 20)),)))[:1]
    assert item.why == (
        "Renewal on 2027-05-20 needs its review 5 months before (by 2026-12-20) with the AE and "
        "SA; none logged yet."
    )
    assert item.action == "Hold the renewal review with the AE and SA and log it."


@pytest.mark.parametrize(
    ("reviews", "extra", "expected"),
    [
        pytest.param(
            (RenewalReviewFact("five_months", D(2026, 10, 5), ALL_THREE),),
            {},
            [("REN-1", "coming", D(2026, 12, 1))],
            id="five-month-review-held",
        ),
        pytest.param(
            (
                RenewalReviewFact("five_months", D(2026, 10, 5), ALL_THREE),
                RenewalReviewFact("three_months", D(2026, 11, 18), ALL_THREE),
            ),
            {},
            [],
            id="both-held",
        ),
        pytest.param((), {"outcome": "renewed", "closed_on": D(2026, 11, 1)}, [], id="closed"),
        pytest.param(
            (RenewalReviewFact("five_months", D(2026, 11, 25), ALL_THREE),),
            {},
            [("REN-1", "late", D(2026, 10, 1)), ("REN-1", "coming", D(2026, 12, 1))],
            id="review-logged-after-today-ignored",
        ),
    ],
)
def test_ren_1_held_reviews_clear_items(reviews, extra, expected):
    items = run(renewal_reviews_due, account(renewals=(renewal(D(2027, 3, 1), *reviews, **extra),)))
    assert summary(items) == expected


@pytest.mark.parametrize(
    ("held_on", "stage"),
    [
        # A 2027-05-01 renewal: reviews due 2026-12-01 and 2027-02-01, 62 days apart.
        pytest.param(D(2026, 11, 1), "five_months", id="window-opens"),
        pytest.param(D(2026, 12, 31), "five_months", id="day-before-midway"),
        pytest.param(D(2027, 1, 1), "five_months", id="midway-tie-first-listed"),
        pytest.param(D(2027, 1, 2), "three_months", id="day-after-midway"),
        pytest.param(D(2027, 4, 30), "three_months", id="day-before-renewal"),
    ],
)
def test_a_review_counts_for_the_stage_due_nearest(held_on, stage):
    found = review_stage(D(2027, 5, 1), held_on, defaults().renewals.reviews)
    assert found is not None and found.stage == stage


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        pytest.param(D(2027, 1, 31), [("REN-1", "due", D(2027, 2, 1))], id="day-before"),
        pytest.param(D(2027, 2, 1), [("REN-1", "due", D(2027, 2, 1))], id="due-day"),
        pytest.param(D(2027, 2, 2), [("REN-1", "late", D(2027, 2, 1))], id="day-after"),
    ],
)
def test_ren_1_two_reviews_of_one_stage_leave_the_other_owed(today, expected):
    reviews = (
        RenewalReviewFact("five_months", D(2026, 11, 25), ALL_THREE),
        RenewalReviewFact("five_months", D(2026, 11, 28), ALL_THREE),
    )
    facts = account(renewals=(renewal(D(2027, 5, 1), *reviews),))
    assert summary(run(renewal_reviews_due, facts, today)) == expected
    [item] = run(renewal_reviews_due, facts, today)
    assert item.why.endswith(
        "; the review 5 months before was logged on 2026-11-28, this one not yet."
    )  # not "none logged yet": the five-month stage's review was


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        pytest.param(D(2027, 2, 1), (1, 1), id="due-day-of-the-3-month-review"),
        pytest.param(D(2027, 2, 2), (2, 1), id="day-after-3-month-review-missed"),
    ],
)
def test_reviews_on_time_count_one_stage_reviewed_twice_once(today, expected):
    reviews = (
        RenewalReviewFact("five_months", D(2026, 11, 25), ALL_THREE),
        RenewalReviewFact("five_months", D(2026, 12, 5), ALL_THREE),  # again, late
    )
    facts = account(renewals=(renewal(D(2027, 5, 1), *reviews),))
    result = reviews_on_time([facts], defaults(), today)
    assert (result.due, result.on_time) == expected  # the first review of a stage counts


def test_ren_2_review_without_ae_and_sa():
    review = RenewalReviewFact("five_months", D(2026, 10, 5), ("csm",))
    items = run(renewal_review_readiness, account(renewals=(renewal(D(2027, 3, 1), review),)))
    assert [(i.rule, i.state, i.why) for i in items] == [
        (
            "REN-2",
            "due",
            "The review 5 months before the renewal on 2027-03-01 (held 2026-10-05) "
            "has no AE and SA logged as attendee.",
        ),
    ]


RENEWS = D(2027, 5, 1)  # its reviews are due 2026-12-01 and 2027-02-01


@pytest.mark.parametrize(
    ("reviews", "today", "action"),
    [
        pytest.param(
            (RenewalReviewFact("five_months", D(2026, 11, 25), ("csm", "ae")),),
            D(2026, 12, 10),
            "Review again with the SA by 2027-01-01 and log it with them as attendees.",
            id="sa-missing",
        ),
        pytest.param(
            (
                RenewalReviewFact("five_months", D(2026, 11, 25), ("csm", "ae")),
                RenewalReviewFact("five_months", D(2026, 11, 28), ("csm", "sa")),
            ),
            D(2026, 12, 10),
            None,
            id="reviewed-again-with-the-sa",
        ),
        pytest.param(
            (
                RenewalReviewFact("five_months", D(2026, 11, 25), ("csm",)),
                RenewalReviewFact("five_months", D(2026, 11, 28), ("csm", "sa")),
            ),
            D(2026, 12, 10),
            "Review again with the AE by 2027-01-01 and log it with them as attendees.",
            id="reviewed-again-still-without-the-ae",
        ),
        pytest.param(
            (RenewalReviewFact("five_months", D(2026, 11, 25), ("csm", "ae")),),
            D(2027, 1, 1),
            "Review again with the SA by 2027-01-01 and log it with them as attendees.",
            id="last-day-a-review-counts-for-the-stage",
        ),
        pytest.param(
            (RenewalReviewFact("five_months", D(2026, 11, 25), ("csm", "ae")),),
            D(2027, 1, 2),
            "Record the review of 2026-11-25 again, with the SA as attendees.",
            id="a-review-now-would-count-for-the-next-stage",
        ),
        pytest.param(
            (RenewalReviewFact("three_months", D(2027, 1, 20), ("csm", "ae")),),
            D(2027, 2, 10),
            "Review again with the SA by 2027-04-30 and log it with them as attendees.",
            id="last-stage-until-the-renewal",
        ),
    ],
)
def test_ren_2_a_stage_reviewed_again_with_the_missing_attendees_is_complete(
    reviews, today, action
):
    facts = account(renewals=(renewal(RENEWS, *reviews),), health=(HealthFact(today, "green"),))
    items = [i for i in run(renewal_review_readiness, facts, today) if i.due is None]
    assert [i.action for i in items] == ([action] if action else [])


@pytest.mark.parametrize(
    ("reviews", "today", "action"),
    [
        pytest.param(
            (RenewalReviewFact("five_months", D(2026, 11, 25), ("csm", "ae"), 41),),
            D(2027, 1, 2),
            "Add the SA to the review of 2026-11-25.",
            id="past-the-stage-add-the-sa-to-its-entry",
        ),
        pytest.param(
            (RenewalReviewFact("five_months", D(2026, 11, 25), ("csm",), 41),),
            D(2027, 1, 2),
            "Add the AE and SA to the review of 2026-11-25.",
            id="past-the-stage-both-missing",
        ),
        pytest.param(
            (RenewalReviewFact("five_months", D(2026, 11, 25), ("csm", "ae"), 41),),
            D(2026, 12, 10),
            "Add the SA to the review of 2026-11-25 if they were there, or review again with "
            "the SA by 2027-01-01 and log it with them as attendees.",
            id="within-the-stage-add-or-review-again",
        ),
        pytest.param(
            (
                RenewalReviewFact("five_months", D(2026, 11, 25), ("csm",)),  # no entry
                RenewalReviewFact("five_months", D(2026, 11, 28), ("csm", "ae"), 42),
            ),
            D(2027, 1, 2),
            "Add the SA to the review of 2026-11-28.",
            id="the-first-review-with-an-entry",
        ),
    ],
)
def test_ren_2_a_review_logged_without_the_team_asks_to_add_them_to_its_entry(
    reviews, today, action
):
    facts = account(renewals=(renewal(RENEWS, *reviews),), health=(HealthFact(today, "green"),))
    [item] = [i for i in run(renewal_review_readiness, facts, today) if i.due is None]
    assert item.action == action
    held_on = review_to_complete(item.action)
    assert held_on is not None and review_entry(facts, held_on) in (41, 42)


def test_only_an_add_to_review_action_names_a_review_to_complete():
    assert review_to_complete("Add the AE and SA to the review of 2026-11-25.") == D(2026, 11, 25)
    assert review_to_complete("Record the review of 2026-11-25 again, with the SA.") is None
    assert review_to_complete("Record a health update.") is None


def test_ren_2_names_every_review_of_the_stage():
    reviews = (
        RenewalReviewFact("five_months", D(2026, 11, 25), ("csm",)),
        RenewalReviewFact("five_months", D(2026, 11, 28), ("csm", "ae")),
    )
    facts = account(renewals=(renewal(RENEWS, *reviews),))
    [item] = [i for i in run(renewal_review_readiness, facts, D(2026, 12, 10)) if i.due is None]
    assert item.why == (
        "The review 5 months before the renewal on 2027-05-01 (held 2026-11-25 and 2026-11-28) "
        "has no SA logged as attendee."
    )


@pytest.mark.parametrize("order", [1, -1], ids=["as-listed", "reversed"])
@pytest.mark.parametrize("renews", [RENEWS, D(2027, 3, 31), D(2027, 6, 30)])
def test_counts_until_is_the_last_day_review_stage_gives_the_stage(order, renews):
    stages = defaults().renewals.reviews[::order]
    for review in stages:
        until = counts_until(renews, review, stages)
        assert review_stage(renews, until, stages) == review
        after = until + dt.timedelta(days=1)
        assert after == renews or review_stage(renews, after, stages) != review


@pytest.mark.parametrize(
    ("health_on", "expected"),
    [
        pytest.param(D(2026, 11, 2), [], id="fresh-at-review"),
        pytest.param(D(2026, 10, 31), [("REN-2", "coming", D(2026, 12, 1))], id="stale-by-review"),
    ],
)
def test_ren_2_health_fresh_for_the_next_review(health_on, expected):
    review = RenewalReviewFact("five_months", D(2026, 10, 5), ALL_THREE)
    facts = account(
        renewals=(renewal(D(2027, 3, 1), review),), health=(HealthFact(health_on, "green"),)
    )
    assert summary(run(renewal_review_readiness, facts)) == expected


@pytest.mark.parametrize(
    ("health", "ends"),
    [
        pytest.param(
            (HealthFact(D(2026, 10, 31), "green"),), "last updated 2026-10-31.", id="stale"
        ),
        pytest.param((), "none recorded yet.", id="never"),
    ],
)
def test_ren_2_why_names_the_last_health_update_or_none(health, ends):
    review = RenewalReviewFact("five_months", D(2026, 10, 5), ALL_THREE)
    facts = account(renewals=(renewal(D(2027, 3, 1), review),), health=health)
    [item] = [i for i in run(renewal_review_readiness, facts) if i.rule == "REN-2"]
    assert item.why == (
        "Health must be updated within 1 month before the renewal review due 2026-12-01; " + ends
    )


def test_ren_6_renewal_rate_and_net_retention():
    book = [
        account(
            account_id=1,
            renewals=(
                RenewalFact(
                    D(2026, 6, 1),
                    Decimal(100),
                    outcome="renewed",
                    renewed_arr=Decimal(120),
                    closed_on=D(2026, 5, 20),
                ),
            ),
        ),
        account(
            account_id=2,
            renewals=(
                RenewalFact(D(2026, 7, 1), Decimal(50), outcome="churned", closed_on=D(2026, 7, 1)),
            ),
        ),
        account(
            account_id=3,
            renewals=(
                RenewalFact(D(2026, 8, 1), Decimal(30), outcome="renewed", closed_on=D(2026, 8, 1)),
            ),
        ),
        account(account_id=4, renewals=(RenewalFact(D(2026, 10, 1), Decimal(70)),)),  # still open
        account(
            account_id=5,
            renewals=(
                RenewalFact(
                    D(2025, 10, 1), Decimal(999), outcome="churned", closed_on=D(2025, 10, 1)
                ),
            ),
        ),  # before period
    ]
    rates = renewal_rates(book, defaults(), TODAY)
    assert (rates.arr_up, rates.renewed_capped, rates.renewed) == (180, 130, 150)
    assert (rates.renewal_rate, rates.net_revenue_retention) == (72.2, 83.3)
    # The October renewal is past its date and undecided: out of the rates, shown apart.
    assert (rates.arr_open, rates.open_renewals) == (70, 1)


def test_renewal_reviews_on_time():
    facts = account(
        renewals=(
            renewal(D(2027, 3, 1), RenewalReviewFact("five_months", D(2026, 9, 30), ALL_THREE)),
            renewal(D(2027, 2, 1), RenewalReviewFact("five_months", D(2026, 9, 5), ALL_THREE)),
        )
    )
    result = reviews_on_time([facts], defaults(), TODAY)
    assert (result.due, result.on_time) == (3, 1)  # the 3-month review of February is missing


@pytest.mark.parametrize(
    ("today", "held_on", "expected"),
    [
        # The 5-month review of a 2027-05-01 renewal is due 2026-12-01.
        pytest.param(D(2026, 11, 30), None, (0, 0), id="day-before-not-due-yet"),
        pytest.param(D(2026, 12, 1), None, (0, 0), id="due-day-unheld-not-missed-yet"),
        pytest.param(D(2026, 12, 2), None, (1, 0), id="day-after-unheld-missed"),
        pytest.param(D(2026, 12, 1), D(2026, 12, 1), (1, 1), id="due-day-held-that-day"),
        pytest.param(D(2026, 12, 2), D(2026, 12, 1), (1, 1), id="held-on-due-day-stays-on-time"),
        pytest.param(D(2026, 12, 2), D(2026, 12, 2), (1, 0), id="held-the-day-after-late"),
        pytest.param(D(2026, 12, 1), D(2026, 11, 30), (1, 1), id="due-day-held-before"),
    ],
)
def test_renewal_reviews_on_time_around_the_due_date(today, held_on, expected):
    reviews = (RenewalReviewFact("five_months", held_on, ALL_THREE),) if held_on else ()
    facts = account(renewals=(renewal(D(2027, 5, 1), *reviews),))
    result = reviews_on_time([facts], defaults(), today)
    assert (result.due, result.on_time) == expected


# A renewal on 2027-01-01: its 5-month review is due 2026-08-01, its 3-month one 2026-10-01,
# both before TODAY and within the KPI's 12 months.
EARLY_RENEWAL = D(2027, 1, 1)
FIVE_MONTH_REVIEW = RenewalReviewFact("five_months", D(2026, 7, 25), ALL_THREE)
THREE_MONTH_REVIEW = RenewalReviewFact("three_months", D(2026, 9, 28), ALL_THREE)


@pytest.mark.parametrize(
    ("outcome", "closed_on", "reviews", "expected"),
    [
        pytest.param("renewed", D(2026, 6, 1), (), (0, 0), id="closed-before-5-month-stage"),
        pytest.param("renewed", D(2026, 8, 1), (), (0, 0), id="closed-on-5-month-due-day"),
        pytest.param(
            "renewed", D(2026, 7, 28), (FIVE_MONTH_REVIEW,), (0, 0), id="held-then-closed-early"
        ),
        pytest.param("renewed", D(2026, 9, 1), (), (1, 0), id="closed-between-stages"),
        pytest.param(
            "churned", D(2026, 9, 1), (FIVE_MONTH_REVIEW,), (1, 1), id="churned-between-held"
        ),
        pytest.param(
            "renewed",
            D(2026, 9, 1),
            (FIVE_MONTH_REVIEW, THREE_MONTH_REVIEW),
            (1, 1),
            id="3-month-held-before-close-not-due",
        ),
        pytest.param("renewed", D(2026, 10, 15), (), (2, 0), id="closed-after-both-stages"),
        pytest.param(
            "renewed",
            D(2026, 10, 15),
            (FIVE_MONTH_REVIEW, THREE_MONTH_REVIEW),
            (2, 2),
            id="closed-after-both-held",
        ),
        pytest.param("open", None, (), (2, 0), id="still-open"),
        pytest.param("open", None, (FIVE_MONTH_REVIEW,), (2, 1), id="still-open-one-held"),
    ],
)
def test_reviews_on_time_count_only_stages_due_while_the_renewal_was_open(
    outcome, closed_on, reviews, expected
):
    closed = renewal(EARLY_RENEWAL, *reviews, outcome=outcome, closed_on=closed_on)
    result = reviews_on_time([account(renewals=(closed,))], defaults(), TODAY)
    assert (result.due, result.on_time) == expected


@pytest.mark.parametrize(
    ("closed_on", "asked_on"),
    [
        pytest.param(D(2026, 6, 1), [], id="closed-before-5-month-stage"),
        pytest.param(D(2026, 9, 1), [D(2026, 8, 1)], id="closed-between-stages"),
        pytest.param(D(2026, 10, 15), [D(2026, 8, 1), D(2026, 10, 1)], id="closed-after-both"),
        pytest.param(None, [D(2026, 8, 1), D(2026, 10, 1)], id="still-open"),
    ],
)
def test_reviews_on_time_due_are_the_reviews_ren_1_asked_for_on_their_due_day(closed_on, asked_on):
    outcome = "renewed" if closed_on else "open"
    facts = account(renewals=(renewal(EARLY_RENEWAL, outcome=outcome, closed_on=closed_on),))
    dues = (D(2026, 8, 1), D(2026, 10, 1))
    asked = [due for due in dues if run(renewal_reviews_due, facts, due)]
    assert asked == asked_on
    assert reviews_on_time([facts], defaults(), TODAY).due == len(asked_on)


@pytest.mark.parametrize(
    ("month_end", "expected"),
    [
        pytest.param(D(2026, 7, 31), (0, 0), id="july-nothing-due-yet"),
        pytest.param(D(2026, 8, 31), (1, 0), id="august-open-5-month-missed"),
        pytest.param(D(2026, 9, 30), (1, 0), id="september-closed-since"),
        pytest.param(D(2026, 10, 31), (1, 0), id="october-3-month-not-due"),
        pytest.param(TODAY, (1, 0), id="today"),
    ],
)
def test_monthly_reviews_on_time_count_a_renewal_closed_later_as_open(month_end, expected):
    # Renewed on 2026-09-01, between the stages: at the end of August it was open, and its
    # missed 5-month review stays counted; the 3-month review never fell due.
    closed = renewal(EARLY_RENEWAL, outcome="renewed", closed_on=D(2026, 9, 1))
    series = kpi_series(BookFacts((account(renewals=(closed,)),)), defaults(), TODAY)
    [point] = [k for k in series if k.today == month_end]
    ratio = point.renewal_reviews_on_time
    assert (ratio.total, ratio.count) == expected


def test_ren_3_expansion_stats_for_the_quarter():
    playbooks = (
        ExpansionFact(
            "tier_upgrade",
            D(2026, 8, 1),
            D(2026, 10, 20),
            "won",
            (StageChange("discovery", D(2026, 8, 1)), StageChange("proposal", D(2026, 9, 1))),
        ),
        ExpansionFact(
            "new_use_case",
            D(2026, 10, 2),
            D(2026, 11, 10),
            "lost",
            (StageChange("discovery", D(2026, 10, 2)),),
        ),
        ExpansionFact("new_business_unit", D(2026, 11, 1)),
        ExpansionFact("tier_upgrade", D(2026, 12, 1)),  # after today
    )
    stats = expansion_stats([account(expansions=playbooks)], TODAY)
    assert (stats.quarter_start, stats.opened, stats.completed, stats.won, stats.lost) == (
        D(2026, 10, 1),
        2,
        2,
        1,
        1,
    )
    assert stats.win_rate == 50.0
    assert stats.median_days_per_stage == (("discovery", 35.0), ("proposal", 49.0))


@pytest.mark.parametrize(
    ("renewal", "expected"),
    [
        pytest.param(RenewalFact(TODAY + dt.timedelta(days=1)), [], id="the-day-before"),
        pytest.param(RenewalFact(TODAY), [], id="on-the-renewal-date"),
        pytest.param(
            RenewalFact(TODAY - dt.timedelta(days=1)),
            [("REN-6", "late", TODAY - dt.timedelta(days=1))],
            id="the-day-after",
        ),
        pytest.param(
            RenewalFact(
                D(2026, 10, 1), outcome="renewed", renewed_arr=Decimal(1), closed_on=D(2026, 10, 1)
            ),
            [],
            id="closed",
        ),
        pytest.param(
            RenewalFact(D(2026, 10, 1), outcome="renewed", closed_on=D(2026, 11, 25)),
            [("REN-6", "late", D(2026, 10, 1))],
            id="closed-only-after-today",
        ),
    ],
)
def test_ren_6_a_renewal_past_its_date_and_still_open_is_to_be_closed(renewal, expected):
    items = run(renewal_outcome_due, account(renewals=(renewal,)))
    assert summary(items) == expected
    for item in items:
        assert item.why.startswith(f"Renewal on {renewal.renewal_date.isoformat()} passed ")


def test_ren_6_says_how_long_the_renewal_has_been_open():
    [item] = run(renewal_outcome_due, account(renewals=(RenewalFact(D(2026, 11, 19)),)))
    assert item.why == (
        "Renewal on 2026-11-19 passed 1 day ago and is still open; the renewal rate counts it "
        "once closed."
    )


# REN-1, REN-2 and the renewal KPIs in business days, around the public holidays of
# Christmas and New Year: AMER skips 2026-12-25 and 2027-01-01, EMEA 2026-12-28 too.
BUSINESS_DAYS = """
[renewals]
window = "15 business days"
rate_period = "10 business days"
[[renewals.reviews]]
stage = "five_months"
before = "10 business days"
[[renewals.reviews]]
stage = "three_months"
before = "5 business days"
"""
RENEWS_2027_01_08 = D(2027, 1, 8)  # a Friday


@pytest.fixture(scope="module")
def business_days(tmp_path_factory):
    return settings_from(tmp_path_factory, BUSINESS_DAYS)


@pytest.mark.parametrize(
    ("csm_region", "today", "expected"),
    [
        # Before 2027-01-08 in AMER: the window opens 2026-12-16 (15 business days), the
        # reviews are due 2026-12-23 (10) and 2026-12-31 (5); counting weekends only they
        # would be 2026-12-18, 2026-12-25 and 2027-01-01.
        pytest.param(
            "",
            D(2026, 12, 16),
            [("due", D(2026, 12, 23)), ("coming", D(2026, 12, 31))],
            id="amer-window-opens",
        ),
        pytest.param(
            "",
            D(2026, 12, 24),
            [("late", D(2026, 12, 23)), ("due", D(2026, 12, 31))],
            id="amer-first-review-late",
        ),
        # The CSM's region wins over the account's: EMEA also skips 2026-12-28.
        pytest.param(
            "EMEA",
            D(2026, 12, 15),
            [("due", D(2026, 12, 22)), ("coming", D(2026, 12, 31))],
            id="emea-window-opens",
        ),
        pytest.param(
            "EMEA",
            D(2026, 12, 23),
            [("late", D(2026, 12, 22)), ("coming", D(2026, 12, 31))],
            id="emea-first-review-late",
        ),
    ],
)
def test_ren_1_and_2_in_business_days_skip_the_working_regions_holidays(
    business_days, csm_region, today, expected
):
    facts = account(csm_region=csm_region, renewals=(renewal(RENEWS_2027_01_08),))
    assert summary(run_with_calendar(renewal_reviews_due, facts, business_days, today)) == [
        ("REN-1", state, due) for state, due in expected
    ]
    # Health is stale for each review not late yet, due on the review's due date.
    assert summary(run_with_calendar(renewal_review_readiness, facts, business_days, today)) == [
        ("REN-2", state, due) for state, due in expected if state != "late"
    ]


@pytest.mark.parametrize(
    ("region", "last_day"),
    [
        # Reviews due 2026-12-23 and 2026-12-31 in AMER, 2026-12-22 and 2026-12-31 in EMEA:
        # a review held up to halfway between counts for the first stage.
        pytest.param("AMER", D(2026, 12, 27), id="amer"),
        pytest.param("EMEA", D(2026, 12, 26), id="emea"),
    ],
)
def test_review_stages_in_business_days_are_the_working_regions(business_days, region, last_day):
    stages = business_days.renewals.reviews
    assert counts_until(RENEWS_2027_01_08, stages[0], stages, HOLIDAYS, region) == last_day
    for review in stages:
        until = counts_until(RENEWS_2027_01_08, review, stages, HOLIDAYS, region)
        assert review_stage(RENEWS_2027_01_08, until, stages, HOLIDAYS, region) == review
        after = until + dt.timedelta(days=1)
        assert after == RENEWS_2027_01_08 or (
            review_stage(RENEWS_2027_01_08, after, stages, HOLIDAYS, region) != review
        )


def test_reviews_on_time_in_business_days_are_due_as_ren_1_has_them(business_days):
    # Renewing 2027-01-06: the 5-business-day review is due 2026-12-29 in AMER and EMEA
    # (2026-12-30 counting weekends only), so one held 2026-12-30 is late.
    held = RenewalReviewFact("three_months", D(2026, 12, 30), ALL_THREE)
    book = [
        account(account_id=n, csm_region=region, renewals=(renewal(D(2027, 1, 6), held),))
        for n, region in enumerate(("", "EMEA"), start=1)
    ]
    result = reviews_on_time(book, business_days, D(2027, 1, 8), calendar=HOLIDAYS)
    assert (result.due, result.on_time) == (2, 0)


@pytest.mark.parametrize(
    ("renewal_date", "arr_up"),
    [
        # 10 business days back from 2027-01-08 is 2026-12-23 in AMER, 2026-12-22 in EMEA
        # (2026-12-25 counting weekends only); the period starts the day after.
        pytest.param(D(2026, 12, 23), Decimal(100), id="emea-only"),
        pytest.param(D(2026, 12, 24), Decimal(200), id="both"),
    ],
)
def test_renewal_rate_period_in_business_days_is_each_accounts(business_days, renewal_date, arr_up):
    renewed = RenewalFact(renewal_date, Decimal(100), outcome="renewed", closed_on=renewal_date)
    book = [
        account(account_id=n, csm_region=region, renewals=(renewed,))
        for n, region in enumerate(("", "EMEA"), start=1)
    ]
    rates = renewal_rates(book, business_days, RENEWS_2027_01_08, HOLIDAYS)
    assert (rates.arr_up, rates.renewed) == (arr_up, arr_up)
