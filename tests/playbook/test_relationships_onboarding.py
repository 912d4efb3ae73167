"""CHK-1 check-ins, EXEC-1/2 executives, TTV-1 to 3 onboarding, ADOPT-1/2, PHASE-1."""

import pytest

from rhythm.playbook.rules.adoption import stage_adoption, use_case_tracking_flag
from rhythm.playbook.rules.checkins import check_in_due
from rhythm.playbook.rules.executives import (
    decision_maker_flag,
    executive_contact_flags,
    introduction_chain,
)
from rhythm.playbook.rules.facts import (
    ActivityFact,
    CheckInFact,
    ContactFact,
    EbrFact,
    Milestones,
    UsageFact,
    UseCaseFact,
)
from rhythm.playbook.rules.onboarding import (
    first_value_from_usage,
    milestone_dates,
    onboarding_milestones_due,
)
from rhythm.playbook.rules.phases import compute_phase

from .builders import (
    AMER_HOLIDAYS,
    TODAY,
    D,
    account,
    defaults,
    green,
    run,
    run_with_calendar,
    settings_from,
    summary,
)

VIC = (ContactFact(1, "Vic", "vp"),)
EBR_AUG = (EbrFact(D(2026, 8, 25), held_on=D(2026, 8, 25), status="held"),)


@pytest.mark.parametrize(
    ("changes", "expected", "why"),
    [
        pytest.param(
            {"ebrs": EBR_AUG, "check_ins": ()},
            [("CHK-1", "due", D(2026, 11, 25))],
            "EBR held 2026-08-25; propose a leadership check-in 3 months later.",
            id="quarter-after-ebr",
        ),
        pytest.param(
            {"ebrs": EBR_AUG, "check_ins": (CheckInFact(D(2026, 12, 1)),)},
            [],
            None,
            id="check-in-planned",
        ),
        pytest.param(
            {"check_ins": (CheckInFact(D(2026, 8, 19), held_on=D(2026, 8, 19)),)},
            [("CHK-1", "late", D(2026, 11, 19))],
            "Last leadership check-in 2026-08-19; the next one is due 3 months later.",
            id="quarter-after-check-in",
        ),
        pytest.param({"ebrs": ()}, [], None, id="no-ebr-no-check-in"),
    ],
)
def test_chk_1_check_in_a_quarter_after_the_ebr(changes, expected, why):
    items = run(check_in_due, account(**changes))
    assert summary(items) == expected
    if why:
        assert items[0].why == why


@pytest.mark.parametrize(
    ("planned", "expected", "why", "action"),
    [
        pytest.param(D(2026, 11, 20), [], None, None, id="planned-for-today"),
        pytest.param(
            D(2026, 11, 19),
            [("CHK-1", "due", D(2026, 11, 25))],
            "EBR held 2026-08-25; propose a leadership check-in 3 months later; the one "
            "planned for 2026-11-19 was not logged as held.",
            "Log the leadership check-in held, or plan it for a later date.",
            id="planned-for-yesterday",
        ),
        pytest.param(
            D(2026, 9, 1),
            [("CHK-1", "due", D(2026, 11, 25))],
            None,
            None,
            id="planned-months-ago",
        ),
    ],
)
def test_chk_1_a_check_in_planned_clears_it_only_until_its_date(planned, expected, why, action):
    facts = account(ebrs=EBR_AUG, check_ins=(CheckInFact(planned),))
    items = run(check_in_due, facts)
    assert summary(items) == expected
    if why:
        assert (items[0].why, items[0].action) == (why, action)


def test_chk_1_a_missed_check_in_shows_at_once_whatever_the_due_date():
    ebr_in_october = (EbrFact(D(2026, 10, 1), held_on=D(2026, 10, 1), status="held"),)
    facts = account(ebrs=ebr_in_october, check_ins=(CheckInFact(D(2026, 11, 2)),))
    assert run(check_in_due, facts, D(2026, 11, 2)) == []
    # Due 2027-01-01, beyond the look-ahead, but the plan was not kept: shown the day after.
    assert summary(run(check_in_due, facts, D(2026, 11, 3))) == [("CHK-1", "coming", D(2027, 1, 1))]
    assert run(check_in_due, account(ebrs=ebr_in_october, check_ins=()), D(2026, 11, 3)) == []


@pytest.mark.parametrize(
    ("contacts", "expected", "why"),
    [
        pytest.param(
            (),
            [("EXEC-1", "due", None)],
            "No executive-level contact (director, VP, C-level or decision-maker) on record.",
            id="no-executive",
        ),
        pytest.param(
            (ContactFact(1, "Ann", "admin", engaged_on=(D(2026, 11, 1),)),),
            [("EXEC-1", "due", None)],
            None,
            id="only-an-admin",
        ),
        pytest.param(
            (ContactFact(1, "Vic", "VP", departed_on=D(2026, 10, 1), engaged_on=(D(2026, 9, 1),)),),
            [("EXEC-1", "due", None)],
            None,
            id="executive-departed",
        ),
        pytest.param(
            (ContactFact(1, "Vic", "vp", engaged_on=(D(2025, 11, 21),)),),
            [("EXEC-1", "due", D(2026, 11, 21))],
            "Last spoke with an executive (Vic) on 2025-11-21, 364 days ago; meet one "
            "every 12 months.",
            id="due-tomorrow",
        ),
        pytest.param(
            (ContactFact(1, "Ann", "admin", decision_maker=True, engaged_on=(D(2026, 6, 1),)),),
            [],
            None,
            id="decision-maker-counts",
        ),
        pytest.param(
            (ContactFact(1, "Vic", "vp"),),
            [("EXEC-1", "late", D(2025, 1, 15))],
            "No meeting logged with an executive contact (Vic) since the initial transaction "
            "on 2024-01-15; meet one every 12 months.",
            id="never-met",
        ),
    ],
)
def test_exec_1_executive_contact(contacts, expected, why):
    items = run(executive_contact_flags, account(contacts=contacts))
    assert summary(items) == expected
    if why:
        assert items[0].why == why


@pytest.mark.parametrize(
    ("signed", "contacts", "expected"),
    [
        # An executive contact never met: 12 months from the initial transaction.
        pytest.param(D(2026, 10, 30), VIC, [], id="new-account-three-weeks-old"),
        pytest.param(D(2025, 12, 10), VIC, [("EXEC-1", "coming", D(2026, 12, 10))], id="coming"),
        pytest.param(D(2025, 11, 21), VIC, [("EXEC-1", "due", D(2026, 11, 21))], id="day-before"),
        pytest.param(D(2025, 11, 20), VIC, [("EXEC-1", "due", D(2026, 11, 20))], id="on-the-day"),
        pytest.param(D(2025, 11, 19), VIC, [("EXEC-1", "late", D(2026, 11, 19))], id="day-after"),
        pytest.param(None, VIC, [("EXEC-1", "due", None)], id="no-initial-transaction"),
        # No executive contact at all: a standing flag, however young the account.
        pytest.param(D(2026, 10, 30), (), [("EXEC-1", "due", None)], id="new-account-no-executive"),
    ],
)
def test_exec_1_counts_from_the_initial_transaction_until_an_executive_is_met(
    signed, contacts, expected
):
    facts = account(contacts=contacts, initial_transaction_date=signed)
    assert summary(run(executive_contact_flags, facts)) == expected


CHAIN = (
    ContactFact(1, "Ann", "admin"),
    ContactFact(2, "Bob", "champion", introduced_by=1),
    ContactFact(3, "Carla", "director", introduced_by=2),
    ContactFact(4, "Dan", "manager", introduced_by=1),
)


def test_exec_2_chain_to_the_most_senior_contact():
    [item] = run(decision_maker_flag, account(contacts=CHAIN))
    assert item.why == (
        "No decision-maker reached yet; the most senior contact so far is in the chain "
        "Ann (admin) → Bob (champion) → Carla (director)."
    )
    assert item.action == "Ask Carla to introduce you to a decision-maker."


def test_exec_2_names_personas_in_words_not_codes():
    chain = (ContactFact(1, "Ann", "c_level"), ContactFact(2, "Bob", "economic_buyer"))
    chain = (chain[0], ContactFact(2, "Bob", "economic_buyer", introduced_by=1))
    [item] = run(decision_maker_flag, account(contacts=chain))
    assert "Ann (C-level) → Bob (economic buyer)" in item.why


def test_exec_2_chain_survives_a_loop():
    looped = (
        ContactFact(1, "Ann", "admin", introduced_by=2),
        ContactFact(2, "Bob", introduced_by=1),
    )
    assert [c.name for c in introduction_chain(account(contacts=looped), 1)] == ["Bob", "Ann"]


def test_exec_2_decision_maker_reached():
    contacts = CHAIN + (ContactFact(5, "Eve", "cto", decision_maker=True, introduced_by=3),)
    facts = account(contacts=contacts)
    assert run(decision_maker_flag, facts) == []
    assert [c.name for c in introduction_chain(facts, 5)] == ["Ann", "Bob", "Carla", "Eve"]


NEW = {
    "initial_transaction_date": D(2026, 10, 20),
    "milestones": Milestones(),
    "activities": (),
    "usage": (),
    "licenses_activated": 0,
}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param(
            {},
            [
                ("TTV-2", "late", D(2026, 11, 3)),
                ("TTV-2", "late", D(2026, 11, 19)),
                ("TTV-2", "coming", D(2026, 12, 4)),
            ],
            id="nothing-reached",
        ),
        pytest.param(
            {"milestones": Milestones(engagement=D(2026, 11, 1))},
            [("TTV-2", "late", D(2026, 11, 19)), ("TTV-2", "coming", D(2026, 12, 4))],
            id="engaged-late-is-done",
        ),
        pytest.param(
            {"usage": (UsageFact(D(2026, 11, 2), 10),), "licenses_activated": 10, "activities": ()},
            [("TTV-2", "late", D(2026, 11, 3)), ("TTV-2", "coming", D(2026, 12, 4))],
            id="first-value-from-usage",
        ),
        pytest.param({"initial_transaction_date": D(2025, 11, 19)}, [], id="past-tracking-period"),
    ],
)
def test_ttv_2_targets(changes, expected):
    items = run(onboarding_milestones_due, account(**(NEW | changes)))
    assert summary(items) == expected


def test_ttv_2_sentence():
    items = run(onboarding_milestones_due, account(**NEW))
    assert items[0].why == (
        "First engagement (first CSM meeting) is due 14 days after the initial transaction on "
        "2026-10-20; not reached yet."
    )


@pytest.mark.parametrize(
    ("usage", "expected"),
    [
        pytest.param(
            (
                UsageFact(D(2026, 11, 1), 9),
                UsageFact(D(2026, 11, 5), 10),
                UsageFact(D(2026, 11, 9), 30),
            ),
            D(2026, 11, 5),
            id="crosses-at-ten-percent",
        ),
        pytest.param((UsageFact(D(2026, 11, 9), 9),), None, id="not-yet"),
        pytest.param(
            (UsageFact(D(2026, 10, 31), 50), UsageFact(D(2026, 11, 1), 10)),
            D(2026, 11, 1),
            id="before-the-transaction-is-not-first-value",
        ),
        pytest.param(
            (UsageFact(D(2026, 10, 31), 50), UsageFact(D(2026, 11, 2), 9)),
            None,
            id="only-before-the-transaction",
        ),
    ],
)
def test_ttv_3_first_value_from_usage(usage, expected):
    signed = account(usage=usage, initial_transaction_date=D(2026, 11, 1))
    assert first_value_from_usage(signed, defaults()) == expected


def test_ttv_1_engagement_falls_back_to_first_call():
    facts = account(milestones=Milestones())
    assert milestone_dates(facts, defaults(), TODAY).engagement == D(2025, 11, 13)


def test_ttv_1_a_call_before_the_sale_is_not_the_first_engagement():
    """Days to first engagement count from the initial transaction: a pre-sales meeting
    made them negative."""
    calls = (
        ActivityFact("cadence_call", D(2025, 10, 1)),
        ActivityFact("cadence_call", D(2025, 11, 20)),
    )
    facts = account(
        milestones=Milestones(), activities=calls, initial_transaction_date=D(2025, 11, 1)
    )
    assert milestone_dates(facts, defaults(), TODAY).engagement == D(2025, 11, 20)
    on_the_day = account(
        milestones=Milestones(), activities=calls, initial_transaction_date=D(2025, 10, 1)
    )
    assert milestone_dates(on_the_day, defaults(), TODAY).engagement == D(2025, 10, 1)


@pytest.mark.parametrize(
    ("changes", "complete", "not_green"),
    [
        pytest.param({}, True, (), id="eighty-percent-and-green"),
        pytest.param({"licenses_activated": 79}, False, (), id="seventy-nine-percent"),
        pytest.param(
            {"use_cases": green("ci") + (UseCaseFact("cd", "yellow", D(2026, 1, 1)),)},
            False,
            ("cd",),
            id="intent-use-case-yellow",
        ),
        pytest.param(
            {
                "use_cases": green("ci") + (UseCaseFact("cd", "yellow", D(2026, 1, 1)),),
                "purchase_intent_use_cases": ("CI",),
            },
            True,
            (),
            id="declared-intent",
        ),
        pytest.param({"use_cases": ()}, False, (), id="nothing-tracked"),
    ],
)
def test_adopt_1_stage_adoption(changes, complete, not_green):
    result = stage_adoption(account(**({"licenses_activated": 80} | changes)), defaults(), TODAY)
    assert (result.complete, result.not_green) == (complete, not_green)


def test_adopt_2_flags_accounts_without_use_case_health():
    assert summary(run(use_case_tracking_flag, account(use_cases=()))) == [("ADOPT-2", "due", None)]
    assert run(use_case_tracking_flag, account()) == []


@pytest.mark.parametrize(
    ("tier", "why"),
    [
        pytest.param(
            "ultimate",
            "No use-case health recorded, so PRIO-1 counts no green use case.",
            id="ultimate",
        ),
        pytest.param(
            "Premium",
            "No use-case health recorded, so PRIO-1 counts no green use case.",
            id="premium",
        ),
        # PRIO-1 counts no use case for a free account: the sentence names what it holds back.
        pytest.param(
            "free",
            "No use-case health recorded, so stage adoption (ADOPT-1) cannot be complete.",
            id="free",
        ),
        pytest.param(
            "",
            "No use-case health recorded, so stage adoption (ADOPT-1) cannot be complete.",
            id="no-tier",
        ),
    ],
)
def test_adopt_2_sentence_follows_the_tier(tier, why):
    [item] = run(use_case_tracking_flag, account(tier=tier, use_cases=()))
    assert item.why == why


@pytest.mark.parametrize(
    ("changes", "phase", "overridden"),
    [
        pytest.param({"milestones": Milestones()}, "onboard", False, id="onboarding"),
        pytest.param({"licenses_activated": 50}, "enable", False, id="enable"),
        pytest.param({}, "expand", False, id="expand"),
        pytest.param({"phase_override": "Enable"}, "enable", True, id="set-by-hand"),
    ],
)
def test_phase_1(changes, phase, overridden):
    decision = compute_phase(account(**changes), defaults(), TODAY)
    assert (decision.phase, decision.overridden) == (phase, overridden)


# CHK-1 and EXEC-1 in business days, around the US holidays of Christmas and New Year: ten
# business days after Monday 2026-12-21 is 2027-01-06 (2027-01-04 counting weekends only).
BUSINESS_DAYS = """
[check_ins]
after_ebr = "10 business days"
[executives]
engage_every = "10 business days"
"""
MONDAY = D(2026, 12, 21)


@pytest.fixture(scope="module")
def business_days(tmp_path_factory):
    return settings_from(tmp_path_factory, BUSINESS_DAYS)


@pytest.mark.parametrize(
    ("today", "state"),
    [
        pytest.param(D(2027, 1, 5), "due", id="day-before"),
        pytest.param(D(2027, 1, 6), "due", id="on-the-day"),
        pytest.param(D(2027, 1, 7), "late", id="day-after"),
    ],
)
def test_chk_1_and_exec_1_in_business_days_skip_the_holidays(business_days, today, state):
    held = (EbrFact(MONDAY, held_on=MONDAY, status="held"),)
    facts = account(ebrs=held, check_ins=())
    items = run_with_calendar(check_in_due, facts, business_days, today, AMER_HOLIDAYS)
    assert summary(items) == [("CHK-1", state, D(2027, 1, 6))]
    dana = ContactFact(1, "Dana", "cto", decision_maker=True, engaged_on=(MONDAY,))
    facts = account(contacts=(dana,))
    expected = [("EXEC-1", state, D(2027, 1, 6))]
    items = run_with_calendar(executive_contact_flags, facts, business_days, today, AMER_HOLIDAYS)
    assert summary(items) == expected


# TTV-2 in business days from the initial transaction on Monday 2026-12-21: 5 business
# days is 2026-12-29 in AMER (2026-12-25 skipped) and 2026-12-30 in EMEA (2026-12-28 too),
# 10 is 2027-01-06 and 2027-01-07 (2027-01-01 too), 15 is 2027-01-13 and 2027-01-14;
# counting weekends only they would be 2026-12-28, 2027-01-04 and 2027-01-11.
ONBOARDING_IN_BUSINESS_DAYS = """
[onboarding]
engage_within = "5 business days"
first_value_within = "10 business days"
onboard_within = "10 business days"
track_for = "15 business days"
"""


@pytest.fixture(scope="module")
def onboarding_in_business_days(tmp_path_factory):
    return settings_from(tmp_path_factory, ONBOARDING_IN_BUSINESS_DAYS)


@pytest.mark.parametrize(
    ("csm_region", "today", "expected"),
    [
        pytest.param(
            "",
            D(2026, 12, 29),
            [("due", D(2026, 12, 29)), ("coming", D(2027, 1, 6)), ("coming", D(2027, 1, 6))],
            id="amer-first-meeting-due",
        ),
        pytest.param(
            "",
            D(2027, 1, 6),
            [("late", D(2026, 12, 29)), ("due", D(2027, 1, 6)), ("due", D(2027, 1, 6))],
            id="amer-onboarding-due",
        ),
        pytest.param(
            "",
            D(2027, 1, 13),
            [("late", D(2026, 12, 29)), ("late", D(2027, 1, 6)), ("late", D(2027, 1, 6))],
            id="amer-last-day-tracked",
        ),
        # The CSM's region wins over the account's.
        pytest.param(
            "EMEA",
            D(2026, 12, 30),
            [("due", D(2026, 12, 30)), ("coming", D(2027, 1, 7)), ("coming", D(2027, 1, 7))],
            id="emea-first-meeting-due",
        ),
        pytest.param(
            "EMEA",
            D(2027, 1, 14),
            [("late", D(2026, 12, 30)), ("late", D(2027, 1, 7)), ("late", D(2027, 1, 7))],
            id="emea-last-day-tracked",
        ),
    ],
)
def test_ttv_2_in_business_days_skips_the_working_regions_holidays(
    onboarding_in_business_days, csm_region, today, expected
):
    facts = account(
        csm_region=csm_region,
        initial_transaction_date=MONDAY,
        milestones=Milestones(),
        activities=(),
        licenses_activated=0,
    )
    settings = onboarding_in_business_days
    items = run_with_calendar(onboarding_milestones_due, facts, settings, today)
    assert summary(items) == [("TTV-2", state, due) for state, due in expected]
