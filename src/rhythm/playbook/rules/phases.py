"""Lifecycle phases (handbook 003, 004): PHASE-1."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rhythm.playbook.rules.adoption import stage_adoption
from rhythm.playbook.rules.dates import iso
from rhythm.playbook.rules.derived import norm
from rhythm.playbook.rules.facts import AccountFacts

if TYPE_CHECKING:
    from rhythm.playbook.settings import PlaybookSettings

ONBOARD, ENABLE, EXPAND = "onboard", "enable", "expand"
PHASES = (ONBOARD, ENABLE, EXPAND)


@dataclass(frozen=True, slots=True)
class PhaseDecision:
    """The phase in force, the computed one beside it, and a sentence why."""

    phase: str
    computed: str
    overridden: bool
    reason: str


def compute_phase(facts: AccountFacts, settings: PlaybookSettings, today: dt.date) -> PhaseDecision:
    """Derive the lifecycle phase from the milestones unless it was set by hand (PHASE-1).

    Align and onboard until onboarding is complete; enable until stage adoption is
    complete (ADOPT-1); then expand and renew.
    """
    facts = facts.as_of(today)
    done = facts.milestones.onboarding_complete
    if done is None:
        computed, reason = ONBOARD, "Onboarding not complete yet."
    else:
        adoption = stage_adoption(facts, settings, today)
        if adoption.complete:
            computed = EXPAND
            reason = f"Onboarded on {iso(done)} and stage adoption complete."
        else:
            computed = ENABLE
            reason = f"Onboarded on {iso(done)}; stage adoption not complete yet."
    override = norm(facts.phase_override)
    if override in PHASES:
        return PhaseDecision(override, computed, True, f"Set by hand (computed: {computed}).")
    return PhaseDecision(computed, computed, False, reason)
