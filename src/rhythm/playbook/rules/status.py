"""An account's derived state: priority, engagement, triage, phase (before any work item)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rhythm.playbook.rules.cadence import Engagement, engagement
from rhythm.playbook.rules.facts import AccountFacts
from rhythm.playbook.rules.health import Triage, triage
from rhythm.playbook.rules.phases import PhaseDecision, compute_phase
from rhythm.playbook.rules.prioritisation import PriorityDecision, compute_priority

if TYPE_CHECKING:
    from rhythm.playbook.rules.dates import Calendar
    from rhythm.playbook.settings import PlaybookSettings


@dataclass(frozen=True, slots=True)
class AccountStatus:
    """What the rules derive about an account before deciding what is due.

    `high_arr` comes from the account's place in its CSM's book (EBR-1), so the engine,
    which sees the whole book (or the part evaluated, with the rest as peers), sets it.
    """

    priority: PriorityDecision
    engagement: Engagement
    triage: Triage
    phase: PhaseDecision
    high_arr: bool = False


def account_status(
    facts: AccountFacts,
    settings: PlaybookSettings,
    today: dt.date,
    *,
    high_arr: bool = False,
    calendar: Calendar | None = None,
) -> AccountStatus:
    """Derive priority (PRIO-1/2), engagement (CAD-2), triage and phase (PHASE-1) on `today`.

    `settings` may be a team's; the account's segment overrides are applied here.
    `calendar` holds the public holidays a setting in business days skips: pass the one the
    rules get (`RuleContext.calendar`), so a page's engagement is the queue's.
    """
    facts = facts.as_of(today)
    settings = settings.for_segment(facts.segment)
    engaged = engagement(facts, settings, today, calendar)
    return AccountStatus(
        priority=compute_priority(facts, engaged, settings, today),
        engagement=engaged,
        triage=triage(facts, engaged, today),
        phase=compute_phase(facts, settings, today),
        high_arr=high_arr,
    )
