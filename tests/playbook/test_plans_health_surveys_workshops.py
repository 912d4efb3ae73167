"""PLAN-1 to 3, HEALTH-1 and 2, NPS-1, WS-1, WS-2 and RT-1."""

from dataclasses import replace

import pytest

from rhythm.playbook.rules.capacity import expected_week
from rhythm.playbook.rules.engine import build_queue
from rhythm.playbook.rules.facts import (
    ActionItemFact,
    ActivityFact,
    BookFacts,
    ExpansionFact,
    HealthFact,
    MemberFacts,
    ObjectiveFact,
    PriorityOverride,
    SessionFacts,
    SuccessPlanFact,
    SurveyFact,
)
from rhythm.playbook.rules.health import health_freshness_due, triage_action_flag
from rhythm.playbook.rules.items import RuleContext
from rhythm.playbook.rules.plans import objective_flags, plan_sharing_flags, success_plan_flags
from rhythm.playbook.rules.surveys import net_promoter_score, survey_due
from rhythm.playbook.rules.workshops import (
    roundtable_due,
    roundtable_industry,
    workshop_due,
    workshop_lead_due,
)

from .builders import (
    CSM,
    HOLIDAYS,
    MONTHLY_CALLS,
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

ROI = SuccessPlanFact("roi", "active", "green", D(2026, 1, 10), D(2026, 1, 12), D(2026, 10, 1))


@pytest.mark.parametrize(
    ("plans", "why"),
    [
        pytest.param((ROI,), None, id="qualified-green"),
        pytest.param((), "No success plan.", id="no-plan"),
        pytest.param(
            (SuccessPlanFact("roi", "active", "yellow"),),
            "No management-qualified green success plan (ROI plan yellow, not qualified).",
            id="yellow",
        ),
        pytest.param(
            (SuccessPlanFact("roi", "active", "green", qualified_on=D(2026, 12, 1)),),
            "No management-qualified green success plan (ROI plan green, not qualified).",
            id="qualified-after-today",
        ),
    ],
)
def test_plan_1(plans, why):
    items = run(success_plan_flags, account(success_plans=plans))
    assert [i.why for i in items] == ([why] if why else [])


@pytest.mark.parametrize(
    ("plans", "expected", "why"),
    [
        pytest.param((ROI,), [], None, id="reviewed-last-month"),
        pytest.param(
            (SuccessPlanFact("stage_adoption", "active"),),
            [("PLAN-2", "due", None)],
            "No customer-facing ROI success plan to share.",
            id="no-roi-plan",
        ),
        pytest.param(
            (SuccessPlanFact("roi", "active"),),
            [("PLAN-2", "due", None)],
            "The ROI success plan was never shared with the customer.",
            id="never-shared",
        ),
        pytest.param(
            (SuccessPlanFact("roi", "active", shared_on=D(2026, 8, 19)),),
            [("PLAN-2", "late", D(2026, 11, 19))],
            "The ROI success plan was last reviewed 2026-08-19, 93 days ago; review it "
            "every quarter.",
            id="not-reviewed-in-a-quarter",
        ),
        pytest.param((), [], None, id="no-plan-left-to-plan-1"),
    ],
)
def test_plan_2(plans, expected, why):
    items = run(plan_sharing_flags, account(success_plans=plans))
    assert summary(items) == expected
    if why:
        assert items[0].why == why


def test_plan_3_objectives_complete():
    complete = ObjectiveFact("Faster releases", True, True, D(2027, 6, 1), True, True)
    partial = ObjectiveFact("Fewer incidents", has_metric=True, has_vendor_owner=True)
    plan = SuccessPlanFact("roi", "active", "green", objectives=(complete, partial))
    items = run(objective_flags, account(success_plans=(plan,)))
    assert [i.why for i in items] == [
        "Objective 'Fewer incidents' lacks a target, a target date and a customer owner."
    ]


@pytest.mark.parametrize(
    ("health", "csm", "expected"),
    [
        pytest.param(
            (HealthFact(D(2026, 10, 21), "green"),),
            CSM,
            [("HEALTH-1", "due", D(2026, 11, 21))],
            id="day-before-stale",
        ),
        pytest.param(
            (HealthFact(D(2026, 10, 20), "green"),),
            CSM,
            [("HEALTH-1", "due", D(2026, 11, 20))],
            id="on-due",
        ),
        pytest.param(
            (HealthFact(D(2026, 10, 19), "green"),),
            CSM,
            [("HEALTH-1", "late", D(2026, 11, 19))],
            id="day-after",
        ),
        pytest.param((), CSM, [("HEALTH-1", "due", None)], id="never"),
        pytest.param((), None, [], id="no-csm-assigned"),
    ],
)
def test_health_1_monthly(health, csm, expected):
    assert summary(run(health_freshness_due, account(health=health, csm_email=csm))) == expected


RED = (HealthFact(D(2026, 11, 2), "red"),)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param({"health": RED}, [("HEALTH-2", "due", None)], id="red-without-action"),
        pytest.param(
            {"health": RED, "action_items": (ActionItemFact(D(2026, 11, 3)),)},
            [],
            id="red-with-open-action",
        ),
        pytest.param(
            {
                "health": RED,
                "action_items": (ActionItemFact(D(2026, 11, 3), "done", D(2026, 11, 10)),),
            },
            [("HEALTH-2", "due", None)],
            id="action-done",
        ),
        pytest.param(
            {
                "health": RED,
                "action_items": (ActionItemFact(D(2026, 11, 3), "dropped", D(2026, 11, 10)),),
            },
            [("HEALTH-2", "due", None)],
            id="action-dropped",
        ),
        pytest.param(
            # Replaying 2026-11-20: closed later, the item was open that day, dropped or done.
            {
                "health": RED,
                "action_items": (ActionItemFact(D(2026, 11, 3), "dropped", D(2026, 11, 25)),),
            },
            [],
            id="action-dropped-after-today",
        ),
        pytest.param(
            {
                "health": RED,
                "action_items": (ActionItemFact(D(2026, 11, 3), "done", D(2026, 11, 25)),),
            },
            [],
            id="action-done-after-today",
        ),
        pytest.param(
            {"health": RED, "action_items": (ActionItemFact(D(2026, 11, 3), "done"),)},
            [("HEALTH-2", "due", None)],
            id="action-done-on-no-known-day",
        ),
        pytest.param(
            {"health": RED, "action_items": (ActionItemFact(D(2026, 11, 21)),)},
            [("HEALTH-2", "due", None)],
            id="action-opened-after-today",
        ),
        pytest.param({"in_triage": True}, [("HEALTH-2", "due", None)], id="manual-triage"),
        pytest.param({}, [], id="not-in-triage"),
    ],
)
def test_health_2_triage_needs_an_open_action(changes, expected):
    assert summary(run(triage_action_flag, account(**changes))) == expected


def test_health_2_sentence_lists_every_triage_reason():
    [item] = run(triage_action_flag, account(health=RED, in_triage=True))
    assert item.why == (
        "In triage with no open action item: health red (assessed 2026-11-02); "
        "put in triage by hand."
    )


def test_health_2_sentence_reads_a_non_engaged_reason_as_one_clause():
    quiet = account(activities=(ActivityFact("cadence_call", D(2026, 8, 20)),))
    [item] = run(triage_action_flag, quiet)
    assert item.why == (
        "In triage with no open action item: non-engaged, with no call or meeting since "
        "2026-08-20, more than 2 months ago."
    )


@pytest.mark.parametrize(
    ("surveys", "expected"),
    [
        pytest.param(
            (SurveyFact("csat", 4, D(2026, 5, 21)),),
            [("NPS-1", "due", D(2026, 11, 21))],
            id="csat-counts",
        ),
        pytest.param(
            (SurveyFact("nps", 9, D(2026, 5, 19)),), [("NPS-1", "late", D(2026, 11, 19))], id="late"
        ),
        pytest.param((SurveyFact("nps", 9, D(2026, 9, 1)),), [], id="recent"),
    ],
)
def test_nps_1_every_six_months(surveys, expected):
    assert summary(run(survey_due, account(surveys=surveys))) == expected


def test_nps_score():
    scores = [10, 9, 9, 8, 7, 6, 3, 10, 2, 9]
    facts = account(
        surveys=tuple(SurveyFact("nps", s, D(2026, 10, 1)) for s in scores)
        + (SurveyFact("nps", 0, D(2026, 5, 1)), SurveyFact("csat", 1, D(2026, 10, 1)))
    )
    nps = net_promoter_score([facts], defaults(), TODAY)
    assert (nps.responses, nps.promoters, nps.detractors, nps.score) == (10, 5, 3, 20.0)


@pytest.mark.parametrize(
    ("answered_on", "counted"),
    [
        # TODAY is 2026-11-20: an answer of exactly 6 months ago is in the period, both
        # ends included, as NPS-1 has the next answer due (not late) that day.
        pytest.param(D(2026, 5, 19), 0, id="six-months-and-a-day-ago"),
        pytest.param(D(2026, 5, 20), 1, id="six-months-ago-to-the-day"),
        pytest.param(D(2026, 5, 21), 1, id="within-six-months"),
        pytest.param(TODAY, 1, id="today"),
    ],
)
def test_nps_score_period_includes_both_ends(answered_on, counted):
    facts = account(surveys=(SurveyFact("nps", 10, answered_on),))
    assert net_promoter_score([facts], defaults(), TODAY).responses == counted


LOW_ADOPTION = green("source_code_management", "ci")  # Ultimate with 2 green use cases: P1
EXPANSION = (ExpansionFact("tier_upgrade", D(2026, 9, 1)),)
BY_MANAGER = D(2026, 11, 1)


@pytest.mark.parametrize(
    ("changes", "expected", "why"),
    [
        pytest.param({}, [], None, id="p2-workshop-this-year"),
        pytest.param(
            {"use_cases": LOW_ADOPTION},
            [("WS-1", "late", D(2026, 6, 2))],
            "P1 account with low use-case adoption: a workshop every quarter; last workshop "
            "2026-03-02, 263 days ago.",
            id="p1-low-adoption-quarterly",
        ),
        pytest.param(
            {"use_cases": LOW_ADOPTION, "health": RED, "expansions": EXPANSION},
            [("WS-1", "late", D(2026, 6, 2))],
            None,
            id="p1-low-adoption-among-other-reasons-quarterly",
        ),
        # The handbook asks quarterly workshops of low-usage customers only: a P1 with healthy
        # adoption (at risk, or an open expansion) needs one a year, due 2027-03-02.
        pytest.param({"health": RED}, [], None, id="p1-at-risk-yearly"),
        pytest.param({"expansions": EXPANSION}, [], None, id="p1-for-expansion-yearly"),
        pytest.param(
            {
                "health": RED,
                "activities": MONTHLY_CALLS + (ActivityFact("workshop", D(2025, 12, 10)),),
            },
            [("WS-1", "coming", D(2026, 12, 10))],
            "P1 account without low use-case adoption: a workshop every year; last workshop "
            "2025-12-10, 345 days ago.",
            id="p1-at-risk-says-why-yearly",
        ),
        # PRIO-2: an override to P1 does not make adoption low; one to P2 leaves the P1 effort.
        pytest.param(
            {
                "priority_override": PriorityOverride(
                    "P1", "Escalation.", "maria@rhythm.test", BY_MANAGER
                )
            },
            [],
            None,
            id="p1-by-override-yearly",
        ),
        pytest.param(
            {
                "use_cases": LOW_ADOPTION,
                "priority_override": PriorityOverride(
                    "P2", "Pilot.", "maria@rhythm.test", BY_MANAGER
                ),
            },
            [],
            None,
            id="p2-by-override-yearly",
        ),
        pytest.param(
            {
                "activities": (
                    ActivityFact("cadence_call", D(2026, 11, 13)),
                    ActivityFact("workshop", D(2025, 12, 10)),
                )
            },
            [("WS-1", "coming", D(2026, 12, 10))],
            "P2 account: a workshop every year; last workshop 2025-12-10, 345 days ago.",
            id="p2-yearly",
        ),
    ],
)
def test_ws_1(changes, expected, why):
    items = run(workshop_due, account(**changes))
    assert summary(items) == expected
    if why:
        assert items[0].why == why


def workshop(day, lead=CSM, session_id=1):
    return SessionFacts(session_id, "workshop", day, lead_email=lead, account_ids=(1, 2))


@pytest.mark.parametrize(
    ("sessions", "expected"),
    [
        pytest.param((workshop(D(2026, 11, 6)),), [("WS-2", "due", D(2026, 11, 20))], id="on-due"),
        pytest.param((workshop(D(2026, 11, 5)),), [("WS-2", "late", D(2026, 11, 19))], id="late"),
        pytest.param(
            (workshop(D(2026, 11, 5)), workshop(D(2026, 11, 18), "bob@rhythm.test", 2)),
            [("WS-2", "late", D(2026, 11, 19))],
            id="led-by-someone-else",
        ),
        pytest.param(
            (workshop(D(2026, 11, 5)), workshop(D(2026, 11, 25), session_id=2)),
            [("WS-2", "late", D(2026, 11, 19))],
            id="future-workshop-ignored",
        ),
        pytest.param((), [("WS-2", "due", None)], id="none-led"),
    ],
)
def test_ws_2_lead_a_workshop_every_two_weeks(sessions, expected):
    items = workshop_lead_due(CSM, sessions, context())
    assert summary(items) == expected
    assert all(i.csm == CSM and i.account is None for i in items)


def test_ws_2_counts_the_session_kinds_the_settings_count_as_workshops(tmp_path_factory):
    led = (
        workshop(D(2026, 11, 18)),
        replace(workshop(D(2026, 11, 19), session_id=2), kind="roundtable"),
    )
    by_default = workshop_lead_due(CSM, led, context())
    assert summary(by_default) == [("WS-2", "coming", D(2026, 12, 2))]
    toml = '[workshops]\nkinds = ["workshop", "roundtable"]\n'
    both = workshop_lead_due(CSM, led, context(settings=settings_from(tmp_path_factory, toml)))
    assert summary(both) == [("WS-2", "coming", D(2026, 12, 3))]


def roundtable(day, *industries, kind="roundtable"):
    return SessionFacts(7, kind, day, industries=industries)


@pytest.mark.parametrize(
    ("sessions", "owed"),
    [
        pytest.param((), ["Finance", "Health", "Energy"], id="none-this-quarter"),
        pytest.param(
            (roundtable(D(2026, 10, 5), "finance"),), ["Health", "Energy"], id="finance-held"
        ),
        pytest.param(
            (roundtable(D(2026, 9, 30), "Finance"), roundtable(D(2026, 10, 2), "Health")),
            ["Finance", "Energy"],
            id="last-quarter-does-not-count",
        ),
        pytest.param(
            (roundtable(D(2026, 10, 2), "Energy", "Health"),),
            ["Finance"],
            id="two-industries-both-held",
        ),
        pytest.param(
            (roundtable(D(2026, 11, 20), "ENERGY", " health ", "finance"),),
            [],
            id="three-industries-any-case",
        ),
        pytest.param(
            (roundtable(D(2026, 9, 30), "Energy", "Health"),),
            ["Finance", "Health", "Energy"],
            id="two-industries-last-quarter",
        ),
        pytest.param(
            (roundtable(D(2026, 12, 11), "Energy", "Health"),),
            ["Finance", "Health", "Energy"],
            id="two-industries-after-today",
        ),
        pytest.param(
            (roundtable(D(2026, 10, 2), "Energy", "Health", kind="workshop"),),
            ["Finance", "Health", "Energy"],
            id="a-workshop-is-no-roundtable",
        ),
        pytest.param(
            (roundtable(D(2026, 10, 2), "Utilities", "Retail"),),
            ["Finance", "Health", "Energy"],
            id="other-industries-only",
        ),
    ],
)
def test_rt_1_one_roundtable_per_industry_per_quarter(sessions, owed):
    book = [
        account(industry="Finance"),
        account(account_id=2, industry="Health"),
        account(account_id=3, industry=""),
        account(account_id=4, industry="Energy"),
    ]
    items = roundtable_due(book, sessions, context(D(2026, 12, 10)))
    assert summary(items) == [("RT-1", "coming", D(2026, 12, 31))] * len(owed)
    assert sorted(roundtable_industry(i.action) for i in items) == sorted(owed)


def test_rt_1_sentence():
    items = roundtable_due(
        [account()], (roundtable(D(2026, 5, 4), "Finance"),), context(D(2026, 12, 10))
    )
    assert items[0].why == (
        "0 of 1 Finance roundtable held this quarter (2026-10-01 to 2026-12-31); "
        "last one 2026-05-04."
    )


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        pytest.param(D(2026, 9, 30), [("RT-1", "due", D(2026, 9, 30))], id="last-day-of-a-quarter"),
        pytest.param(D(2026, 10, 1), [("RT-1", "coming", D(2026, 12, 31))], id="first-day-of-next"),
        pytest.param(
            D(2026, 11, 22), [("RT-1", "coming", D(2026, 12, 31))], id="beyond-look-ahead"
        ),
    ],
)
def test_rt_1_shows_from_the_quarter_start(today, expected):
    items = roundtable_due([account(industry="Finance")], (), context(today))
    assert summary(items) == expected


def test_cap_2_counts_quarterly_workshops_for_low_adoption_p1_accounts_only():
    accounts = [
        account(account_id=1, use_cases=LOW_ADOPTION),  # P1, low adoption: 4 a year
        account(account_id=2, health=RED),  # P1, at risk: 1 a year
        account(account_id=3, expansions=EXPANSION),  # P1, an open expansion: 1 a year
        account(account_id=4),  # P2: 1 a year
    ]
    estimate = expected_week(accounts, [status_of(f) for f in accounts], defaults(), TODAY)
    assert dict(estimate.tasks)["workshops"] == round(7 / 52 * 2, 2)  # 2 hours each


@pytest.mark.parametrize(
    ("today", "counted", "nps_1"),
    [
        # Six months after 28 February is 28 August: the answer counts in the score while
        # NPS-1 has the next one due, and no longer once NPS-1 has it late, though 6
        # calendar months back from 31 August would reach 28 February.
        pytest.param(D(2026, 8, 28), 1, [("NPS-1", "due", D(2026, 8, 28))], id="due"),
        pytest.param(D(2026, 8, 29), 0, [("NPS-1", "late", D(2026, 8, 28))], id="late"),
        pytest.param(D(2026, 8, 31), 0, [("NPS-1", "late", D(2026, 8, 28))], id="month-end"),
    ],
)
def test_nps_score_and_nps_1_agree_at_a_month_end(today, counted, nps_1):
    facts = account(surveys=(SurveyFact("nps", 10, D(2026, 2, 28)),))
    assert net_promoter_score([facts], defaults(), today).responses == counted
    assert summary(run(survey_due, facts, today)) == nps_1


# HEALTH-1, PLAN-2, NPS-1 (and the NPS score's period), WS-1 and WS-2 in business days,
# around the public holidays of Christmas and New Year: ten business days after Monday
# 2026-12-21 is 2027-01-06 in AMER (2026-12-25 and 2027-01-01 skipped), 2027-01-07 in EMEA
# (2026-12-28 too), and would be 2027-01-04 counting weekends only.
BUSINESS_DAYS = """
[health]
fresh_within = "10 business days"
[plans]
review_every = "10 business days"
[surveys]
every = "10 business days"
nps_period = "10 business days"
[workshops]
p1_every = "10 business days"
other_every = "10 business days"
lead_every = "10 business days"
"""
MONDAY = D(2026, 12, 21)
SHARED_ON_MONDAY = (
    SuccessPlanFact("roi", "active", "green", qualified_on=MONDAY, shared_on=MONDAY),
)
# Each rule, and the facts with its event on MONDAY.
ON_MONDAY = {
    "HEALTH-1": (health_freshness_due, {"health": (HealthFact(MONDAY, "green"),)}),
    "PLAN-2": (plan_sharing_flags, {"success_plans": SHARED_ON_MONDAY}),
    "NPS-1": (survey_due, {"surveys": (SurveyFact("nps", 10, MONDAY),)}),
    "WS-1": (workshop_due, {"activities": (ActivityFact("workshop", MONDAY),)}),
}


@pytest.fixture(scope="module")
def business_days(tmp_path_factory):
    return settings_from(tmp_path_factory, BUSINESS_DAYS)


@pytest.mark.parametrize("rule", sorted(ON_MONDAY))
@pytest.mark.parametrize(
    ("csm_region", "today", "state", "due"),
    [
        pytest.param("", D(2027, 1, 5), "due", D(2027, 1, 6), id="amer-day-before"),
        pytest.param("", D(2027, 1, 6), "due", D(2027, 1, 6), id="amer-on-the-day"),
        pytest.param("", D(2027, 1, 7), "late", D(2027, 1, 6), id="amer-day-after"),
        # The CSM's region wins over the account's.
        pytest.param("EMEA", D(2027, 1, 7), "due", D(2027, 1, 7), id="emea-on-the-day"),
        pytest.param("EMEA", D(2027, 1, 8), "late", D(2027, 1, 7), id="emea-day-after"),
    ],
)
def test_business_days_skip_the_working_regions_holidays(
    business_days, rule, csm_region, today, state, due
):
    check, changes = ON_MONDAY[rule]
    facts = account(csm_region=csm_region, **changes)
    items = run_with_calendar(check, facts, business_days, today)
    assert summary(items) == [(rule, state, due)]
    if rule == "NPS-1":  # the score counts an answer while NPS-1 has the next one not late
        counted = net_promoter_score([facts], business_days, today, HOLIDAYS).responses
        assert counted == (1 if state == "due" else 0)


@pytest.mark.parametrize(
    ("region", "today", "state", "due"),
    [
        pytest.param("AMER", D(2027, 1, 6), "due", D(2027, 1, 6), id="amer-on-the-day"),
        pytest.param("AMER", D(2027, 1, 7), "late", D(2027, 1, 6), id="amer-day-after"),
        pytest.param("EMEA", D(2027, 1, 7), "due", D(2027, 1, 7), id="emea-on-the-day"),
    ],
)
def test_ws_2_in_business_days_skips_the_csms_holidays(business_days, region, today, state, due):
    led = (SessionFacts(1, "workshop", MONDAY, lead_email=CSM),)
    ctx = RuleContext(business_days, today, HOLIDAYS, region)  # a book's: the CSM's region
    assert summary(workshop_lead_due(CSM, led, ctx)) == [("WS-2", state, due)]
    # The engine gives a book the region of its CSM.
    book = BookFacts((account(),), (MemberFacts(CSM, region=region),), led)
    items = build_queue(book, business_days, today, HOLIDAYS).items
    assert [(i.state, i.due) for i in items if i.rule == "WS-2"] == [(state, due)]
