"""Hand-built facts for the rule tests: a healthy P2 account to vary one fact at a time."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from functools import cache
from typing import Any

from rhythm.playbook.rules.dates import Calendar, add_months
from rhythm.playbook.rules.facts import (
    AccountFacts,
    ActivityFact,
    CheckInFact,
    ContactFact,
    EbrFact,
    HealthFact,
    Milestones,
    SuccessPlanFact,
    SurveyFact,
    UseCaseFact,
)
from rhythm.playbook.rules.items import RuleContext, WorkItem
from rhythm.playbook.rules.status import AccountStatus, account_status
from rhythm.playbook.settings import PlaybookSettings, load_settings

D = dt.date
TODAY = D(2026, 11, 20)  # a Friday
CSM = "alice@rhythm.test"

# The public holidays of Christmas and New Year for the business-day tests: AMER skips
# 2026-12-25 and 2027-01-01, EMEA 2026-12-28 too; AMER_HOLIDAYS knows the AMER ones alone.
AMER_HOLIDAYS = Calendar.from_mapping({"AMER": [D(2026, 12, 25), D(2027, 1, 1)]})
HOLIDAYS = Calendar.from_mapping(
    {
        "AMER": [D(2026, 12, 25), D(2027, 1, 1)],
        "EMEA": [D(2026, 12, 25), D(2026, 12, 28), D(2027, 1, 1)],
    }
)


@cache
def defaults() -> PlaybookSettings:
    """Return the default playbook settings (loaded once per test run)."""
    return load_settings()


def settings_from(tmp_path_factory: Any, toml_text: str) -> PlaybookSettings:
    """Return the playbook settings of `toml_text`, written to a fresh playbook.toml."""
    path = tmp_path_factory.mktemp("playbook") / "playbook.toml"
    path.write_text(toml_text)
    return load_settings(str(path))


# A cadence call on the 13th of every month for the last year, the latest on 2026-11-13.
MONTHLY_CALLS = tuple(
    ActivityFact("cadence_call", add_months(D(2026, 11, 13), -n)) for n in range(13)
)


LAST_YEAR = D(2025, 6, 1)


def green(*use_cases: str, on: dt.date = LAST_YEAR) -> tuple[UseCaseFact, ...]:
    """Return green statuses for these use cases (since last year unless told)."""
    return tuple(UseCaseFact(u, "green", on) for u in use_cases)


def account(**changes: Any) -> AccountFacts:
    """Return a healthy P2 account as of TODAY, with `changes` applied.

    Ultimate tier with four green use cases, green health this month, a cadence call a
    week ago (and monthly before), an EBR, a check-in, a workshop and a survey this year,
    an executive engaged this year, and a shared, reviewed, qualified green ROI plan.
    """
    base = AccountFacts(
        account_id=1,
        name="Acme",
        segment="strategic",
        region="AMER",
        industry="Finance",
        tier="ultimate",
        arr=Decimal("100000"),
        licenses_purchased=100,
        licenses_activated=90,
        initial_transaction_date=D(2024, 1, 15),
        csm_email=CSM,
        csm_name="Alice",
        ae_email="ed@rhythm.test",
        sa_email="sam@rhythm.test",
        milestones=Milestones(engagement=D(2024, 1, 20), onboarding_complete=D(2024, 2, 20)),
        use_cases=green("source_code_management", "ci", "cd", "devsecops"),
        activities=MONTHLY_CALLS + (ActivityFact("workshop", D(2026, 3, 2)),),
        check_ins=(CheckInFact(D(2026, 10, 1), held_on=D(2026, 10, 1)),),
        ebrs=(
            EbrFact(
                D(2026, 6, 1),
                held_on=D(2026, 6, 1),
                status="held",
                follow_up_sent_on=D(2026, 6, 2),
                success_plan_updated_on=D(2026, 6, 3),
            ),
        ),
        health=(HealthFact(D(2026, 11, 2), "green"),),
        contacts=(ContactFact(1, "Dana", "cto", decision_maker=True, engaged_on=(D(2026, 6, 1),)),),
        success_plans=(
            SuccessPlanFact(
                "roi",
                "active",
                "green",
                qualified_on=D(2026, 1, 10),
                shared_on=D(2026, 1, 12),
                reviewed_on=D(2026, 10, 1),
            ),
        ),
        surveys=(SurveyFact("nps", 9, D(2026, 9, 1)),),
        priority_reviewed_on=D(2026, 10, 1),
    )
    return replace(base, **changes)


def context(
    today: dt.date = TODAY,
    calendar: Calendar | None = None,
    settings: PlaybookSettings | None = None,
) -> RuleContext:
    """Return a rule context for `today` with the default settings."""
    return RuleContext(settings or defaults(), today, calendar or Calendar())


def status_of(facts: AccountFacts, today: dt.date = TODAY, **options: Any) -> AccountStatus:
    """Return the account's derived status on `today`."""
    return account_status(facts, defaults(), today, **options)


def run(
    rule: Any,
    facts: AccountFacts,
    today: dt.date = TODAY,
    calendar: Calendar | None = None,
    **options: Any,
) -> list[WorkItem]:
    """Run one account rule on `today` and return its items."""
    return rule(facts, status_of(facts, today, **options), context(today, calendar))


def run_with_calendar(
    rule: Any,
    facts: AccountFacts,
    settings: PlaybookSettings,
    today: dt.date,
    calendar: Calendar = HOLIDAYS,
) -> list[WorkItem]:
    """Run one account rule on `today` with these settings and holiday calendar."""
    status = account_status(facts, settings, today, calendar=calendar)
    return rule(facts, status, context(today, calendar, settings))


def summary(items: list[WorkItem]) -> list[tuple[str, str, dt.date | None]]:
    """Reduce items to (rule, state, due) for compact assertions."""
    return [(item.rule, item.state, item.due) for item in items]
