"""Turn queue results into plain data: the one shape the CLI and the API both print."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from rhythm.playbook.queue import WorkQueue
from rhythm.playbook.rules.derived import latest_health
from rhythm.playbook.rules.engine import AccountState, BookState
from rhythm.playbook.rules.facts import AccountFacts
from rhythm.playbook.rules.items import WorkItem
from rhythm.playbook.rules.kpis import KpiGroup, Kpis
from rhythm.playbook.settings import PlaybookSettings

ITEM_COLUMNS = ("state", "due", "rule", "account", "csm", "severity", "why", "action")
ACCOUNT_COLUMNS = ("name", "csm", "priority", "engagement", "triage", "health", "phase")
REVIEW_COLUMNS = (
    "csm",
    "accounts",
    "p1_share",
    "review",
    "failing",
    "expected_hours",
    "capacity_hours",
    "call_hours",
    "time_off_days",
    "flags",
)
KPI_COLUMNS = (
    "on",
    "accounts",
    "time_to_first_engage_days",
    "time_to_first_value_days",
    "time_to_onboard_days",
    "ebr_coverage",
    "green_success_plans",
    "p1_share",
    "non_engaged",
    "health_freshness",
    "renewal_reviews_on_time",
    "cadence_adherence",
    "nps",
    "renewal_rate",
)
KPI_GROUP_COLUMNS = ("group", *KPI_COLUMNS)


def item_rows(items: Iterable[WorkItem]) -> Iterator[dict[str, Any]]:
    """Yield work items as JSON-ready dicts, in the order given, one at a time."""
    return (item.as_dict() for item in items)


def account_row(state: AccountState, facts: AccountFacts | None, work: WorkQueue) -> dict[str, Any]:
    """Describe one account as the rules see it on the queue's date."""
    priority = state.status.priority
    override = priority.override
    health = latest_health(facts.as_of(work.today)) if facts else None
    return {
        "id": state.account_id,
        "name": state.name,
        "csm": state.csm,
        "priority": priority.effective,
        "computed_priority": priority.computed,
        "priority_reasons": list(priority.reasons),
        "priority_override": None
        if override is None
        else {
            "priority": override.priority,
            "reason": override.reason,
            "by": override.by,
            "on": override.on.isoformat(),
        },
        "engagement": state.status.engagement.state,
        "engagement_reason": state.status.engagement.reason,
        "triage": state.status.triage.in_triage,
        "triage_reasons": list(state.status.triage.reasons),
        "health": health.overall if health else None,
        "health_updated_on": health.on.isoformat() if health else None,
        "phase": state.status.phase.phase,
        "items": len(state.items),
    }


def account_rows(work: WorkQueue) -> list[dict[str, Any]]:
    """Describe every account of the queue as the rules see it."""
    facts = {f.account_id: f for f in work.book.accounts}
    return [account_row(state, facts.get(state.account_id), work) for state in work.accounts]


def kpi_summary(kpis: Kpis) -> dict[str, Any]:
    """Return the section-3 KPIs under their documented keys, with the full detail beside."""
    return {
        "on": kpis.today.isoformat(),
        "accounts": kpis.accounts,
        "time_to_first_engage_days": kpis.time_to_first_engage_days,
        "time_to_first_value_days": kpis.time_to_first_value_days,
        "time_to_onboard_days": kpis.time_to_onboard_days,
        "ebr_coverage": kpis.ebr_coverage.percent,
        "green_success_plans": kpis.green_success_plans.percent,
        "p1_share": kpis.p1_share.percent,
        "non_engaged": kpis.non_engaged.count,
        "health_freshness": kpis.health_freshness.percent,
        "renewal_reviews_on_time": kpis.renewal_reviews_on_time.percent,
        "cadence_adherence": kpis.cadence_adherence.percent,
        "nps": kpis.nps.score,
        "renewal_rate": kpis.renewal_rate,
        "details": kpis.as_dict(),
    }


def kpi_group_rows(groups: Iterable[KpiGroup]) -> list[dict[str, Any]]:
    """Return each group's KPIs as `kpi_summary` has them, under the group's name."""
    return [{"group": group.name, **kpi_summary(group.kpis)} for group in groups]


CAPACITY_KEYS = (
    "expected_hours",
    "capacity_hours",
    "default_week_hours",
    "call_hours",
    "call_hours_range",
    "time_off_days",
    "overloaded",
    "tasks",
    "flags",
)


def book_row(book: BookState, settings: PlaybookSettings) -> dict[str, Any]:
    """Describe one CSM's book for the manager: the MGR-1 checklist and CAP-2's week.

    `settings` are the book's own (`book_settings`). Unassigned accounts (csm None) get
    the checklist only: capacity belongs to a person.
    """
    checks = book.manager_review.checks
    passed = sum(1 for check in checks if check.passed)
    estimate, cap = book.capacity, settings.capacity
    row: dict[str, Any] = {
        "csm": book.csm,
        "accounts": book.load.accounts,
        "calls_per_week": book.load.calls_per_week,
        "p1_share": book.p1_share.percent,
        "p1_above_target_since": book.p1_share.above_target_since,
        "p1_above_target_longer": book.p1_share.since_or_earlier,
        "review": f"{passed} of {len(checks)} pass",
        "review_passed": passed == len(checks),
        "failing": [
            f"{check.key}: {', '.join(check.failing)}" for check in checks if not check.passed
        ],
        "checks": [
            {
                "key": check.key,
                "title": check.title,
                "passed": check.passed,
                "failing": list(check.failing),
            }
            for check in checks
        ],
    }
    if book.csm is None:
        return row | dict.fromkeys(CAPACITY_KEYS)
    flags = []
    if estimate.overloaded:
        flags.append(f"expected {estimate.total:g} h exceeds capacity {estimate.capacity:g} h")
    if not cap.call_hours_min <= estimate.call_hours <= cap.call_hours_max:
        flags.append(f"call hours outside {cap.call_hours_min:g}-{cap.call_hours_max:g}")
    return row | {
        "expected_hours": estimate.total,
        "capacity_hours": estimate.capacity,
        "default_week_hours": cap.weekly_total,
        "call_hours": estimate.call_hours,
        "call_hours_range": [cap.call_hours_min, cap.call_hours_max],
        "time_off_days": estimate.time_off_days,
        "overloaded": estimate.overloaded,
        "tasks": dict(estimate.tasks),
        "flags": flags,
    }


def book_rows(work: WorkQueue) -> list[dict[str, Any]]:
    """Describe every book of the queue for the manager, CSM books first (MGR-1, CAP-2),
    each against the settings it ran on (its team's), as the dashboard shows it."""
    return [book_row(book, work.book_settings(book)) for book in work.books]
