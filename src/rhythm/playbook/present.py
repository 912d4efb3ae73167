"""Turn queue results into plain data: the one shape the CLI and the API both print."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from rhythm.playbook.queue import WorkQueue
from rhythm.playbook.rules.derived import latest_health
from rhythm.playbook.rules.engine import AccountState
from rhythm.playbook.rules.facts import AccountFacts
from rhythm.playbook.rules.items import WorkItem
from rhythm.playbook.rules.kpis import Kpis

ITEM_COLUMNS = ("state", "due", "rule", "account", "csm", "severity", "why", "action")
ACCOUNT_COLUMNS = ("name", "csm", "priority", "engagement", "triage", "health", "phase")
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
    "nps",
    "renewal_rate",
)


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
        "nps": kpis.nps.score,
        "renewal_rate": kpis.renewal_rate,
        "details": kpis.as_dict(),
    }
