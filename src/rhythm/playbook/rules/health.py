"""Health and triage (handbook 004 4.1, 4.2): HEALTH-1, HEALTH-2 and the triage state."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rhythm.playbook.rules.cadence import Engagement
from rhythm.playbook.rules.dates import Calendar, every, iso, shift
from rhythm.playbook.rules.derived import has_open_action, latest_health, norm
from rhythm.playbook.rules.facts import AccountFacts
from rhythm.playbook.rules.items import RuleContext, WorkItem, clauses, keep

RECORD_HEALTH = "Record a health update."  # what clears HEALTH-1 and REN-2's health items

if TYPE_CHECKING:
    from rhythm.playbook.rules.status import AccountStatus
    from rhythm.playbook.settings import PlaybookSettings


@dataclass(frozen=True, slots=True)
class Triage:
    """Whether the account is in triage, and every reason it is."""

    in_triage: bool
    reasons: tuple[str, ...]


def triage(facts: AccountFacts, engaged: Engagement, today: dt.date) -> Triage:
    """Put an account in triage when its health is red, it is non-engaged, or by hand.

    CAD-2 sends non-engaged accounts to triage; HEALTH-2 then asks for an open action.
    """
    facts = facts.as_of(today)
    reasons = []
    health = latest_health(facts)
    if health and norm(health.overall) == "red":
        reasons.append(f"Health red (assessed {iso(health.on)}).")
    if not engaged.engaged:
        reasons.append(engaged.reason)
    if facts.in_triage:
        reasons.append("Put in triage by hand.")
    return Triage(bool(reasons), tuple(reasons))


def health_fresh_until(
    facts: AccountFacts, settings: PlaybookSettings, calendar: Calendar | None = None
) -> dt.date | None:
    """Return the last day the latest health update still counts as fresh (HEALTH-1).

    A period in business days skips the public holidays of the account's working region
    in `calendar` (weekends only without one): HEALTH-1, REN-2, MGR-1 and the health
    freshness KPI pass the rules' calendar, so they agree.
    """
    health = latest_health(facts)
    if health is None:
        return None
    within = settings.health.fresh_within
    return shift(health.on, within, calendar=calendar, region=facts.working_region)


def health_freshness_due(
    facts: AccountFacts, status: AccountStatus, ctx: RuleContext
) -> list[WorkItem]:
    """Update the health of every CSM-assigned account at least monthly (HEALTH-1).

    Health drives triage and renewal reviews; a stale score hides risk. A period in
    business days skips the public holidays of the account's working region.
    """
    facts = facts.as_of(ctx.today)
    if not facts.csm_email:
        return []
    within = ctx.settings.health.fresh_within
    health = latest_health(facts)
    if health:
        due = health_fresh_until(facts, ctx.settings, ctx.calendar)
        if not ctx.shows("HEALTH-1", due):
            return []
        why = (
            f"Health last updated {iso(health.on)} ({health.overall}), "
            f"{ctx.days_ago(health.on)}; update it {every(within)}."
        )
    else:
        due, why = None, f"No health recorded yet; update it {every(within)}."
    return keep(ctx.item("HEALTH-1", facts, due=due, why=why, action=RECORD_HEALTH))


def triage_action_flag(
    facts: AccountFacts, status: AccountStatus, ctx: RuleContext
) -> list[WorkItem]:
    """Flag a triaged account without an open action being evaluated (HEALTH-2).

    Triage means someone is working the risk; an account in triage with no open action
    is a risk nobody owns.
    """
    facts = facts.as_of(ctx.today)
    if not status.triage.in_triage or has_open_action(facts, ctx.today):
        return []
    why = f"In triage with no open action item: {clauses(status.triage.reasons)}."
    action = "Open an action item that evaluates the risk, with an owner and a due date."
    return keep(ctx.item("HEALTH-2", facts, due=None, why=why, action=action))
