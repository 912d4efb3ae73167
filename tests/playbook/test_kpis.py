"""Section 3 KPIs on a hand-built book, per group and over time."""

import datetime as dt
import json
from dataclasses import replace
from decimal import Decimal

import pytest

from rhythm.playbook.rules.facts import (
    ActivityFact,
    BookFacts,
    EbrFact,
    HealthFact,
    Milestones,
    RenewalFact,
    SessionFacts,
    SurveyFact,
    UsageFact,
)
from rhythm.playbook.rules.kpis import (
    MilestoneKpi,
    Ratio,
    accounts_behind,
    cohort,
    compute_kpis,
    group_kpis,
    kpi_series,
)
from rhythm.playbook.rules.status import account_status
from rhythm.playbook.settings import load_settings

from .builders import HOLIDAYS, TODAY, D, account, defaults, settings_from

NEW_ACCOUNT = account(
    account_id=4,
    name="Dyna",
    csm_email="bob@rhythm.test",
    industry="Health",
    initial_transaction_date=D(2026, 10, 1),
    licenses_activated=None,
    milestones=Milestones(engagement=D(2026, 10, 10)),
    activities=(ActivityFact("cadence_call", D(2026, 10, 10)),),
    usage=(UsageFact(D(2026, 10, 20), 5), UsageFact(D(2026, 10, 25), 10)),
    ebrs=(),
)
BOOK = BookFacts(
    accounts=(
        account(account_id=1, name="Acme"),
        account(account_id=2, name="Beta", health=(HealthFact(D(2026, 11, 2), "red"),), ebrs=()),
        account(
            account_id=3,
            name="Core",
            activities=(ActivityFact("cadence_call", D(2026, 9, 1)),),
            health=(HealthFact(D(2026, 10, 1), "green"),),
            success_plans=(),
        ),
        NEW_ACCOUNT,
    ),
    sessions=(SessionFacts(1, "roundtable", D(2026, 10, 7), industries=("finance",)),),
)


def test_kpis_of_a_book():
    kpis = compute_kpis(BOOK, defaults(), TODAY)
    ratios = {
        name: (getattr(kpis, name).count, getattr(kpis, name).total, getattr(kpis, name).met)
        for name in (
            "p1_share",
            "non_engaged",
            "ebr_coverage",
            "green_success_plans",
            "health_freshness",
        )
    }
    assert ratios == {
        "p1_share": (2, 4, False),
        "non_engaged": (1, 4, False),
        "ebr_coverage": (2, 4, False),
        "green_success_plans": (3, 4, False),
        "health_freshness": (3, 4, False),
    }
    assert kpis.p1_share.percent == 50.0
    assert (kpis.time_to_first_engage_days, kpis.time_to_first_engage.on_time_percent) == (
        5.0,
        100.0,
    )
    assert (kpis.time_to_first_value_days, kpis.time_to_first_value.due) == (24.0, 1)
    onboard = kpis.time_to_onboard
    assert (onboard.median_days, onboard.reached, onboard.due, onboard.on_time) == (36.0, 3, 4, 3)
    # Each industry as the accounts write it (the session's "finance" is the same one).
    assert kpis.roundtables == (("Finance", 1), ("Health", 0))


@pytest.mark.parametrize(
    ("median", "due", "on_time", "met"),
    [
        pytest.param(19.0, 6, 1, False, id="one-of-six-reached-five-past-target"),
        pytest.param(19.0, 6, 3, True, id="half-on-time"),
        pytest.param(19.0, 1, 1, True, id="all-on-time"),
        pytest.param(31.0, 3, 2, False, id="median-over-target"),
        pytest.param(None, 2, 0, None, id="none-reached"),
    ],
)
def test_a_time_to_a_milestone_is_met_only_if_the_accounts_past_target_do_not_outnumber(
    median, due, on_time, met
):
    """An account past its target without the milestone took longer than the target: the
    median of those that reached it is not met while most of those due missed it."""
    reached = 1 if median is not None else 0
    kpi = MilestoneKpi("30 days", median, reached, due, on_time, 30.0)
    assert kpi.met is met


def roundtable(session_id, day, *industries):
    return SessionFacts(session_id, "roundtable", day, industries=industries)


@pytest.mark.parametrize(
    ("sessions", "counted"),
    [
        pytest.param(
            (roundtable(1, D(2026, 10, 7), "Finance", "health"),),
            (("Finance", 1), ("Health", 1)),
            id="one-for-two-industries-counts-for-each",
        ),
        pytest.param(
            (
                roundtable(1, D(2026, 10, 7), "FINANCE", "Health"),
                roundtable(2, D(2026, 11, 3), "finance"),
            ),
            (("Finance", 2), ("Health", 1)),
            id="counted-per-industry-any-case",
        ),
        pytest.param(
            (roundtable(1, D(2026, 9, 30), "Finance", "Health"),),
            (("Finance", 0), ("Health", 0)),
            id="last-quarter-not-counted",
        ),
        pytest.param(
            (roundtable(1, D(2026, 10, 7), "Retail", "Energy"),),
            (("Finance", 0), ("Health", 0)),
            id="industries-not-in-the-book",
        ),
    ],
)
def test_roundtables_per_industry_count_each_industry_named(sessions, counted):
    kpis = compute_kpis(replace(BOOK, sessions=sessions), defaults(), TODAY)
    assert kpis.roundtables == counted


def test_kpis_as_json():
    data = compute_kpis(BOOK, defaults(), TODAY).as_dict()
    assert json.loads(json.dumps(data))["p1_share"]["percent"] == 50.0
    assert data["today"] == "2026-11-20"


def test_kpis_per_csm():
    groups = group_kpis(BOOK, defaults(), TODAY, "csm")
    assert [(group.name, group.kpis.accounts) for group in groups] == [
        ("alice@rhythm.test", 3),
        ("bob@rhythm.test", 1),
    ]
    alice = groups[0].kpis
    assert alice == compute_kpis(BookFacts(BOOK.accounts[:3], (), BOOK.sessions), defaults(), TODAY)


def test_kpis_per_region_segment_and_industry_match_codes_case_insensitively():
    book = BookFacts(
        (
            account(account_id=1, name="A", segment="Enterprise", region="EMEA", industry="Retail"),
            account(account_id=2, name="B", segment="enterprise", region="", industry=""),
            account(account_id=3, name="C", segment="smb", region="emea", csm_email=None),
        )
    )

    def sizes(by):
        return [(g.name, g.kpis.accounts) for g in group_kpis(book, defaults(), TODAY, by)]

    # Named as its first account writes it; the accounts without a value last, so labelled.
    assert sizes("segment") == [("Enterprise", 2), ("smb", 1)]
    assert sizes("region") == [("EMEA", 2), ("(no region)", 1)]
    assert sizes("industry") == [("Finance", 1), ("Retail", 1), ("(no industry)", 1)]
    assert sizes("csm") == [("alice@rhythm.test", 2), ("(no CSM)", 1)]


def test_a_cohort_is_the_calendar_quarter_of_the_initial_transaction():
    book = BookFacts(
        (
            account(account_id=1, name="Last of Q1", initial_transaction_date=D(2026, 3, 31)),
            account(account_id=2, name="First of Q2", initial_transaction_date=D(2026, 4, 1)),
            account(account_id=3, name="Q4 before", initial_transaction_date=D(2025, 12, 31)),
            account(account_id=4, name="Also Q2", initial_transaction_date=D(2026, 6, 30)),
            account(account_id=5, name="Undated", initial_transaction_date=None),
            account(account_id=6, name="Not yet", initial_transaction_date=D(2026, 12, 1)),
        )
    )
    groups = group_kpis(book, defaults(), TODAY, "cohort")
    assert [(g.name, g.kpis.accounts) for g in groups] == [
        ("2025-Q4", 1),
        ("2026-Q1", 1),
        ("2026-Q2", 2),
        ("(no initial transaction)", 1),
    ]  # the account not signed by TODAY is in none, as compute_kpis leaves it out
    assert (cohort(D(2026, 3, 31)), cohort(D(2026, 4, 1)), cohort(None)) == (
        "2026-Q1",
        "2026-Q2",
        "",
    )
    assert sum(g.kpis.accounts for g in groups) == compute_kpis(book, defaults(), TODAY).accounts


def test_grouped_kpis_reuse_the_statuses_given(monkeypatch):
    customers = [f for f in BOOK.accounts if f.is_customer_on(TODAY)]
    statuses = [account_status(f.as_of(TODAY), defaults(), TODAY) for f in customers]
    all_p1 = [
        replace(s, priority=replace(s.priority, computed="P1", override=None)) for s in statuses
    ]

    def not_again(*args, **kwargs):
        raise AssertionError("a status was worked out again")

    monkeypatch.setattr("rhythm.playbook.rules.kpis.account_status", not_again)
    groups = group_kpis(BOOK, defaults(), TODAY, "csm", statuses=all_p1)
    assert [(g.kpis.p1_share.count, g.kpis.p1_share.total) for g in groups] == [(3, 3), (1, 1)]
    with pytest.raises(ValueError, match="3 statuses for 4 accounts"):
        group_kpis(BOOK, defaults(), TODAY, "csm", statuses=all_p1[:3])


def test_grouping_by_anything_else_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="group by one of csm, region, segment, industry, cohort"):
        group_kpis(BOOK, defaults(), TODAY, "tier")


def test_monthly_series_replays_each_month_end():
    series = kpi_series(BOOK, defaults(), TODAY)
    assert [k.today for k in series][:2] == [D(2025, 12, 31), D(2026, 1, 31)]
    assert series[-1].today == TODAY and len(series) == 12
    assert series[-1] == compute_kpis(BOOK, defaults(), TODAY)
    october = [k for k in series if k.today == D(2026, 10, 31)][0]
    assert october.accounts == 4 and october.time_to_first_value.median_days == 24.0
    september = [k for k in series if k.today == D(2026, 9, 30)][0]
    assert september.accounts == 3  # Dyna had not signed yet
    assert september.time_to_first_value.median_days is None
    assert all(isinstance(k.today, dt.date) for k in series)


@pytest.mark.parametrize(
    ("count", "total", "target", "lower_is_better", "percent", "met"),
    [
        pytest.param(9_999, 10_000, 100, False, 100.0, False, id="shown-100-below-100"),
        pytest.param(10_000, 10_000, 100, False, 100.0, True, id="on-100"),
        pytest.param(2_999, 4_000, 75, False, 75.0, False, id="shown-75-below-75"),
        pytest.param(3_000, 4_000, 75, False, 75.0, True, id="on-75"),
        pytest.param(3_001, 4_000, 75, False, 75.0, True, id="above-75"),
        pytest.param(2_999, 10_000, 30, True, 30.0, True, id="at-most-30-below"),
        pytest.param(3_000, 10_000, 30, True, 30.0, True, id="at-most-30-on"),
        pytest.param(3_001, 10_000, 30, True, 30.0, False, id="shown-30-above-30"),
        pytest.param(301, 1_000, 30.1, False, 30.1, True, id="on-a-target-with-a-decimal"),
        pytest.param(301, 1_000, 30.1, True, 30.1, True, id="at-most-a-target-with-a-decimal"),
        pytest.param(0, 0, 100, False, None, None, id="nothing-to-count"),
    ],
)
def test_a_target_is_judged_on_the_exact_share_not_the_rounded_one(
    count, total, target, lower_is_better, percent, met
):
    ratio = Ratio(count, total, float(target), lower_is_better=lower_is_better)
    assert (ratio.percent, ratio.met) == (percent, met)


def test_each_account_is_judged_on_its_own_settings_and_each_share_on_the_view_s_target(
    tmp_path,
):
    path = tmp_path / "playbook.toml"
    path.write_text(
        "[health]\nfreshness_target_percent = 40\n"
        '[segment.smb.health]\nfresh_within = "3 months"\nfreshness_target_percent = 90\n'
    )
    settings = load_settings(str(path))
    stale = (HealthFact(TODAY - dt.timedelta(days=60), "green"),)  # 2 months old
    book = BookFacts(
        accounts=(
            account(account_id=1, name="Small", segment="smb", health=stale),
            account(account_id=2, name="Large", segment="enterprise", health=stale),
        )
    )
    fresh = compute_kpis(book, settings, TODAY).health_freshness
    # Fresh within the small-business segment's 3 months, not within the file's 1 month;
    # the share is judged against the view's 40%, not the segment's 90%.
    assert (fresh.count, fresh.total, fresh.target_percent) == (1, 2, 40)
    teams = {1: load_settings(None)}  # a team's settings for the first account alone
    judged = compute_kpis(
        book, settings, TODAY, settings_of=lambda f: teams.get(f.account_id, settings)
    )
    assert judged.health_freshness.count == 0


def test_the_non_engaged_share_is_judged_against_its_setting(tmp_path):
    path = tmp_path / "playbook.toml"
    path.write_text("[cadence]\nnon_engaged_target_percent = 30\n")
    non_engaged = compute_kpis(BOOK, load_settings(str(path)), TODAY).non_engaged
    # One account of four (25%) is non-engaged: above the default 0%, within 30%.
    assert (non_engaged.count, non_engaged.total, non_engaged.target_percent) == (1, 4, 30)
    assert non_engaged.met is True
    assert compute_kpis(BOOK, defaults(), TODAY).non_engaged.met is False


def test_a_month_end_before_the_first_usage_record_does_not_see_today_s_activations():
    # Signed in January with nothing activated until a record of 90 of 100 in June: the
    # account's own count (90, today's) is not what was activated at the end of March.
    signed = account(
        initial_transaction_date=D(2026, 1, 5),
        milestones=Milestones(engagement=D(2026, 1, 8)),
        licenses_purchased=100,
        licenses_activated=90,
        usage=(UsageFact(D(2026, 6, 10), 90),),
    )
    march = compute_kpis(BookFacts((signed,)), defaults(), D(2026, 3, 31))
    assert (march.time_to_first_value.due, march.time_to_first_value.on_time) == (1, 0)
    june = compute_kpis(BookFacts((signed,)), defaults(), D(2026, 6, 30))
    assert june.time_to_first_value.median_days == (D(2026, 6, 10) - D(2026, 1, 5)).days
    # With no usage records at all, the account's own count is all there is to go on.
    counted = replace(signed, usage=())
    assert (
        compute_kpis(BookFacts((counted,)), defaults(), D(2026, 3, 31)).time_to_first_value.due == 0
    )


# The KPIs with every period in business days, on Wednesday 2027-01-06, around the public
# holidays of Christmas and New Year: AMER skips 2026-12-25 and 2027-01-01, EMEA
# 2026-12-28 too. Each account counts in its own working region (its CSM's, else its own).
BUSINESS_DAYS = """
[onboarding]
engage_within = "5 business days"
[health]
fresh_within = "10 business days"
[ebr]
coverage_window = "10 business days"
[renewals]
rate_period = "10 business days"
[surveys]
nps_period = "10 business days"
"""
ON_2027_01_06 = D(2027, 1, 6)
MONDAY = D(2026, 12, 21)


def _held(day):
    return EbrFact(day, held_on=day, status="held", follow_up_sent_on=day)


def _renewed(day):
    return RenewalFact(day, Decimal(100), outcome="renewed", closed_on=day)


# Ten business days back from 2027-01-06 is 2026-12-21 in AMER, 2026-12-18 in EMEA, and
# would be 2026-12-23 counting weekends only; ten forwards from 2026-12-21 is 2027-01-06 in
# AMER and 2027-01-07 in EMEA (2027-01-04); five forwards is 2026-12-29 and 2026-12-30
# (2026-12-28). Counting weekends only, none of these accounts would count.
HOLIDAY_BOOK = BookFacts(
    accounts=tuple(
        account(
            account_id=n,
            name=f"A{n}",
            csm_region=region,
            initial_transaction_date=MONDAY,
            milestones=Milestones(engagement=engaged, onboarding_complete=engaged),
            health=(HealthFact(MONDAY, "green"),),
            surveys=(SurveyFact("nps", 10, MONDAY),),
            ebrs=(_held(held),),
            renewals=(_renewed(renewed),),
        )
        for n, region, engaged, held, renewed in (
            (1, "", D(2026, 12, 29), D(2026, 12, 21), D(2026, 12, 22)),
            (2, "EMEA", D(2026, 12, 30), D(2026, 12, 18), D(2026, 12, 21)),
        )
    )
)


@pytest.fixture(scope="module")
def holiday_kpis(tmp_path_factory):
    settings = settings_from(tmp_path_factory, BUSINESS_DAYS)
    return settings, compute_kpis(HOLIDAY_BOOK, settings, ON_2027_01_06, calendar=HOLIDAYS)


@pytest.mark.parametrize(
    ("figure", "expected"),
    [
        pytest.param(lambda k: k.health_freshness.count, 2, id="health-fresh-until-then"),
        pytest.param(lambda k: k.ebr_coverage.count, 2, id="ebr-held-in-the-window"),
        pytest.param(lambda k: k.nps.responses, 2, id="nps-answer-in-its-period"),
        pytest.param(lambda k: k.renewals.arr_up, Decimal(200), id="renewals-in-the-period"),
        pytest.param(
            lambda k: (k.time_to_first_engage.due, k.time_to_first_engage.on_time),
            (2, 2),
            id="engaged-by-the-target",
        ),
    ],
)
def test_kpis_in_business_days_skip_each_accounts_holidays(holiday_kpis, figure, expected):
    _, kpis = holiday_kpis
    assert figure(kpis) == expected


@pytest.mark.parametrize("key", ["health_freshness", "ebr_coverage"])
def test_accounts_behind_in_business_days_are_those_the_kpis_count(holiday_kpis, key):
    settings, _ = holiday_kpis
    behind = accounts_behind(HOLIDAY_BOOK, key, settings, ON_2027_01_06, calendar=HOLIDAYS)
    assert behind == ()
