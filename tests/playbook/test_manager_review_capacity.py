"""MGR-1 checklist, CAP-1 default week, CAP-2 expected load."""

import pytest

from rhythm.playbook.rules.capacity import capacity_flags, default_week, expected_week
from rhythm.playbook.rules.engine import build_queue
from rhythm.playbook.rules.facts import (
    ActivityFact,
    BookFacts,
    EbrFact,
    HealthFact,
    MemberFacts,
    Milestones,
    RenewalFact,
    RenewalReviewFact,
    SuccessPlanFact,
    TimeOffFact,
)
from rhythm.playbook.rules.manager_review import manager_review, manager_review_flags
from rhythm.playbook.rules.status import account_status
from rhythm.playbook.settings import load_settings

from .builders import (
    CSM,
    HOLIDAYS,
    TODAY,
    D,
    account,
    context,
    defaults,
    green,
    settings_from,
    status_of,
)

ALICE = MemberFacts(CSM, "Alice")


def _review(accounts, members=(ALICE,)):
    statuses = [status_of(f) for f in accounts]
    return manager_review(CSM, accounts, statuses, members, defaults(), TODAY)


@pytest.mark.parametrize(
    ("changes", "members", "failing"),
    [
        pytest.param({}, (ALICE,), {}, id="all-pass"),
        pytest.param({"csm_email": None}, (ALICE,), {"assignment"}, id="unassigned"),
        pytest.param(
            {"csm_email": None, "in_assignment_review": True}, (ALICE,), set(), id="in-review"
        ),
        pytest.param({}, (MemberFacts(CSM, is_active=False),), {"assignment"}, id="csm-left"),
        pytest.param(
            {"milestones": Milestones()}, (ALICE,), {"onboarding"}, id="onboarding-no-notes"
        ),
        pytest.param(
            {
                "milestones": Milestones(),
                "activities": (
                    ActivityFact("cadence_call", D(2026, 11, 13)),
                    ActivityFact("welcome_call", D(2026, 11, 2), has_notes=True),
                ),
            },
            (ALICE,),
            set(),
            id="onboarding-noted",
        ),
        pytest.param({"success_plans": ()}, (ALICE,), {"success_plans"}, id="no-plan"),
        pytest.param(
            {"success_plans": (SuccessPlanFact("roi", "draft", shared_on=D(2026, 11, 1)),)},
            (ALICE,),
            {"success_plans"},
            id="plan-not-in-use",
        ),
        pytest.param(
            {"health": (HealthFact(D(2026, 10, 1), "green"),)},
            (ALICE,),
            {"triage_health"},
            id="stale-health",
        ),
        pytest.param(
            {"health": (HealthFact(D(2026, 10, 20), "green"),)},
            (ALICE,),
            set(),
            id="health-updated-a-month-ago",
        ),
        pytest.param(
            {"health": (HealthFact(D(2026, 10, 19), "green"),)},
            (ALICE,),
            {"triage_health"},
            id="health-updated-a-month-and-a-day-ago",
        ),
        pytest.param({"in_triage": True}, (ALICE,), {"triage_health"}, id="triage-not-evaluated"),
        # Fresh health is asked of CSM-assigned accounts only (HEALTH-1); triage of every one.
        pytest.param(
            {
                "csm_email": None,
                "in_assignment_review": True,
                "health": (HealthFact(D(2026, 10, 19), "green"),),
            },
            (ALICE,),
            set(),
            id="unassigned-stale-health",
        ),
        pytest.param(
            {"csm_email": None, "in_assignment_review": True, "health": ()},
            (ALICE,),
            set(),
            id="unassigned-no-health",
        ),
        pytest.param(
            {"csm_email": None, "in_assignment_review": True, "in_triage": True},
            (ALICE,),
            {"triage_health"},
            id="unassigned-triage-not-evaluated",
        ),
        pytest.param(
            {"renewals": (RenewalFact(D(2027, 3, 1)),)},
            (ALICE,),
            {"renewal_review"},
            id="renewal-review-missing",
        ),
        # The five-month review of a renewal on 2027-04-20 is due on TODAY: not missed
        # until the next day, as in the queue (REN-1 `due`) and the reviews-on-time KPI.
        pytest.param(
            {"renewals": (RenewalFact(D(2027, 4, 20)),)},
            (ALICE,),
            set(),
            id="renewal-review-due-today",
        ),
        pytest.param(
            {"renewals": (RenewalFact(D(2027, 4, 19)),)},
            (ALICE,),
            {"renewal_review"},
            id="renewal-review-due-yesterday",
        ),
        pytest.param(
            {
                "renewals": (
                    RenewalFact(
                        D(2027, 3, 1),
                        reviews=(
                            RenewalReviewFact("five_months", D(2026, 9, 28), ("csm", "ae", "sa")),
                        ),
                    ),
                )
            },
            (ALICE,),
            set(),
            id="renewal-reviewed",
        ),
        pytest.param(
            {
                "renewals": (
                    RenewalFact(
                        D(2027, 3, 1),
                        reviews=(
                            RenewalReviewFact("five_months", D(2026, 9, 28), ("csm", "ae", "sa")),
                        ),
                    ),
                ),
                "sa_email": None,
            },
            (ALICE,),
            {"renewal_review"},
            id="no-sa-on-account",
        ),
        pytest.param(
            {
                "renewals": (
                    RenewalFact(
                        D(2027, 3, 1),
                        reviews=(RenewalReviewFact("five_months", D(2026, 9, 28), ("csm", "ae")),),
                    ),
                )
            },
            (ALICE,),
            {"renewal_review"},
            id="review-without-sa",
        ),
        pytest.param(
            {
                "renewals": (
                    RenewalFact(
                        D(2027, 3, 1),
                        reviews=(
                            RenewalReviewFact("five_months", D(2026, 9, 28), ("csm", "ae")),
                            RenewalReviewFact("five_months", D(2026, 10, 2), ("csm", "sa")),
                        ),
                    ),
                )
            },
            (ALICE,),
            set(),
            id="stage-reviewed-again-with-the-sa",
        ),
    ],
)
def test_mgr_1_checklist(changes, members, failing):
    review = _review([account(**changes)], members)
    assert {c.key for c in review.checks if not c.passed} == set(failing)
    assert review.passed is (not failing)


def test_mgr_1_items_name_the_failing_accounts():
    book = [
        account(name="Beta", success_plans=()),
        account(account_id=2, name="Acme", success_plans=()),
    ]
    items = manager_review_flags(_review(book), context())
    assert [(i.rule, i.csm, i.why) for i in items] == [
        (
            "MGR-1",
            CSM,
            "Manager review, success plans: every account has one, shared and in use; "
            "failing: Acme, Beta.",
        ),
    ]


def test_mgr_1_lines_and_actions_say_the_book_s_settings(tmp_path):
    """Health fresh within 2 weeks and plans reviewed monthly: the checklist says so."""
    file = tmp_path / "playbook.toml"
    file.write_text('[health]\nfresh_within = "2 weeks"\n[plans]\nreview_every = "1 month"\n')
    settings = load_settings(str(file))
    book = [account(success_plans=(), health=(HealthFact(D(2026, 10, 1), "green"),))]
    statuses = [status_of(f) for f in book]
    review = manager_review(CSM, book, statuses, (ALICE,), settings, TODAY)
    titles = {c.key: c.title for c in review.checks}
    assert titles["triage_health"] == (
        "Triage and health: health of CSM-assigned accounts updated within 2 weeks, "
        "triaged accounts evaluated"
    )
    actions = [i.action for i in manager_review_flags(review, context(settings=settings))]
    assert "Share the ROI plan with the customer and review it every month." in actions
    defaults_review = _review(book)
    assert (
        "updated within a month,"
        in {c.key: c.title for c in defaults_review.checks}["triage_health"]
    )


def test_mgr_1_names_a_segment_s_own_settings_after_the_book_s(tmp_path_factory):
    """Strategic accounts' health is fresh within 10 business days: the line says so."""
    toml = '[segment.strategic.health]\nfresh_within = "10 business days"\n'
    settings = settings_from(tmp_path_factory, toml)
    book = [
        account(name="Big", segment="strategic", health=(HealthFact(D(2026, 11, 2), "green"),)),
        account(account_id=2, name="Small", segment="smb"),
    ]
    statuses = [status_of(f) for f in book]
    review = manager_review(CSM, book, statuses, (ALICE,), settings, TODAY)
    (line,) = [c for c in review.checks if c.key == "triage_health"]
    assert line.failing == ("Big",)
    assert line.title == (
        "Triage and health: health of CSM-assigned accounts updated within a month "
        "(10 business days for Strategic), triaged accounts evaluated"
    )
    only_smb = manager_review(CSM, book[1:], statuses[1:], (ALICE,), settings, TODAY)
    assert "within a month," in {c.key: c.title for c in only_smb.checks}["triage_health"]


def test_mgr_1_renewal_line_follows_the_renewal_team_of_the_settings(tmp_path_factory):
    """A team whose renewal reviews are held with the AE alone needs no SA on the account."""
    settings = settings_from(tmp_path_factory, '[renewals]\nattendee_roles = ["csm", "ae"]\n')
    reviewed = RenewalReviewFact("five_months", D(2026, 9, 28), ("csm", "ae"))
    book = [account(sa_email=None, renewals=(RenewalFact(D(2027, 3, 1), reviews=(reviewed,)),))]
    statuses = [status_of(f) for f in book]
    review = manager_review(CSM, book, statuses, (ALICE,), settings, TODAY)
    (line,) = [c for c in review.checks if c.key == "renewal_review"]
    assert line.passed
    assert line.title.endswith("health updated, AE informed")
    assert line.action == "Hold the renewal reviews with the AE; update health."
    assert not manager_review(CSM, book, statuses, (ALICE,), defaults(), TODAY).passed


def test_cap_1_default_week_is_33_25_hours():
    week = default_week(defaults())
    assert sum(week.values()) == 33.25
    assert week["cadence_calls"] == 4 and week["release_review"] == 0.25
    assert defaults().capacity.pto_days_per_year == 44


def _book(p1, p2):
    # P1 for low use-case adoption (Ultimate with 2 green), so quarterly workshops (WS-1)
    low = green("source_code_management", "ci")
    accounts = [account(account_id=n, use_cases=low) for n in range(p1)]
    accounts += [account(account_id=100 + n) for n in range(p2)]
    return accounts, [status_of(f) for f in accounts]


def test_cap_2_expected_week_for_a_typical_book():
    accounts, statuses = _book(5, 11)
    estimate = expected_week(accounts, statuses, defaults(), TODAY)
    tasks = dict(estimate.tasks)
    # 5 P1 x 26 + 11 P2 x 12 = 262 calls a year, 5.04 a week, half an hour each.
    assert (tasks["cadence_calls"], tasks["cadence_prep"]) == (2.52, 2.52)
    assert tasks["ebrs"] == 1.23  # 16 EBRs a year, 4 hours each
    assert tasks["workshops"] == 1.19  # 5 x 4 + 11 x 1 workshops, 2 hours each
    assert tasks["check_ins"] == 1.23  # 16 accounts with an EBR this year, 4 check-ins each
    assert (estimate.total, estimate.call_hours, estimate.capacity) == (29.94, 12.5, 33.25)
    assert capacity_flags(CSM, estimate, context()) == []


@pytest.mark.parametrize(
    ("p1", "p2", "whys"),
    [
        pytest.param(
            40,
            0,
            [
                "Expected load 53.56 hours a week exceeds the 33.25-hour capacity.",
                "Expected call time 24.54 hours a week is outside the 8-20 range.",
            ],
            id="overloaded",
        ),
        pytest.param(0, 0, [], id="empty-book-has-8-hours-of-meetings-in-range"),
    ],
)
def test_cap_2_flags(p1, p2, whys):
    accounts, statuses = _book(p1, p2)
    estimate = expected_week(accounts, statuses, defaults(), TODAY)
    assert [i.why for i in capacity_flags(CSM, estimate, context())] == whys


def test_cap_2_time_off_beyond_the_assumed_44_days_shrinks_capacity():
    member = MemberFacts(CSM, time_off=(TimeOffFact(D(2026, 1, 5), D(2026, 3, 27)),))  # 60 weekdays
    estimate = expected_week([], [], defaults(), TODAY, member)
    assert estimate.capacity == round(33.25 * 200 / 216, 2)
    assert estimate.time_off_days == 60


# MGR-1 and CAP-2 with the account's durations in business days, around the public holidays
# of Christmas and New Year: AMER skips 2026-12-25 and 2027-01-01, EMEA 2026-12-28 too.
BUSINESS_DAYS = """
[plans]
review_every = "10 business days"
[health]
fresh_within = "10 business days"
[ebr]
coverage_window = "10 business days"
[renewals]
window = "15 business days"
[[renewals.reviews]]
stage = "five_months"
before = "10 business days"
[[renewals.reviews]]
stage = "three_months"
before = "5 business days"
"""
MONDAY = D(2026, 12, 21)
TEAM = ("csm", "ae", "sa")


@pytest.fixture(scope="module")
def business_days(tmp_path_factory):
    return settings_from(tmp_path_factory, BUSINESS_DAYS)


@pytest.mark.parametrize(
    ("csm_region", "today", "stages_held", "failing"),
    [
        # Plan shared and health updated on Monday 2026-12-21: both fresh until 2027-01-06
        # in AMER, 2027-01-07 in EMEA (2027-01-04 counting weekends only). The renewal on
        # 2027-01-08 has its 5-business-day review due 2026-12-31 (2027-01-01 counting
        # weekends only): missed from 2027-01-01 unless held.
        pytest.param("", D(2027, 1, 1), 1, {"renewal_review"}, id="amer-review-missed"),
        pytest.param("", D(2027, 1, 6), 1, {"renewal_review"}, id="amer-still-fresh"),
        pytest.param("", D(2027, 1, 6), 2, set(), id="amer-all-pass"),
        pytest.param("EMEA", D(2027, 1, 7), 2, set(), id="emea-still-fresh"),
    ],
)
def test_mgr_1_in_business_days_skips_the_working_regions_holidays(
    business_days, csm_region, today, stages_held, failing
):
    held = (
        RenewalReviewFact("five_months", D(2026, 12, 18), TEAM),
        RenewalReviewFact("three_months", D(2026, 12, 30), TEAM),
    )[:stages_held]
    plan = SuccessPlanFact("roi", "active", "green", qualified_on=MONDAY, shared_on=MONDAY)
    facts = account(
        csm_region=csm_region,
        success_plans=(plan,),
        health=(HealthFact(MONDAY, "green"),),
        renewals=(RenewalFact(D(2027, 1, 8), reviews=held),),
    )
    statuses = [account_status(facts, business_days, today, calendar=HOLIDAYS)]
    review = manager_review(
        CSM, [facts], statuses, (ALICE,), business_days, today, calendar=HOLIDAYS
    )
    assert {c.key for c in review.checks if not c.passed} == failing
    # The engine passes its calendar to the review.
    queue = build_queue(BookFacts((facts,), (ALICE,)), business_days, today, HOLIDAYS)
    assert {c.key for c in queue.books[0].manager_review.checks if not c.passed} == failing


@pytest.mark.parametrize(
    ("csm_region", "held_on", "covered"),
    [
        # 10 business days back from 2027-01-06: 2026-12-21 in AMER, 2026-12-18 in EMEA
        # (2026-12-23 counting weekends only).
        pytest.param("", D(2026, 12, 21), True, id="amer-first-day"),
        pytest.param("", D(2026, 12, 18), False, id="amer-day-before"),
        pytest.param("EMEA", D(2026, 12, 18), True, id="emea-first-day"),
    ],
)
def test_cap_2_counts_check_ins_for_the_accounts_ebr_8_counts_covered(
    business_days, csm_region, held_on, covered
):
    today = D(2027, 1, 6)
    ebr = EbrFact(held_on, held_on=held_on, status="held", follow_up_sent_on=held_on)
    facts = account(csm_region=csm_region, ebrs=(ebr,))
    statuses = [account_status(facts, business_days, today, calendar=HOLIDAYS)]
    estimate = expected_week([facts], statuses, business_days, today, calendar=HOLIDAYS)
    check_ins = 4 / 52 * business_days.capacity.check_in_hours if covered else 0
    assert dict(estimate.tasks)["check_ins"] == round(check_ins, 2)
    queue = build_queue(BookFacts((facts,)), business_days, today, HOLIDAYS)
    assert dict(queue.books[0].capacity.tasks)["check_ins"] == round(check_ins, 2)
