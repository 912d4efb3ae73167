"""Adoption (handbook 004 2.2; 003 "Enable"): ADOPT-1 and ADOPT-2."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rhythm.playbook.rules.derived import codes, license_share, norm, use_case_statuses
from rhythm.playbook.rules.facts import AccountFacts
from rhythm.playbook.rules.items import RuleContext, WorkItem, keep

if TYPE_CHECKING:
    from rhythm.playbook.rules.status import AccountStatus
    from rhythm.playbook.settings import PlaybookSettings


@dataclass(frozen=True, slots=True)
class StageAdoption:
    """ADOPT-1's verdict: licenses activated and which purchase-intent use cases are not green."""

    complete: bool
    license_percent: float | None
    not_green: tuple[str, ...]


def stage_adoption(
    facts: AccountFacts, settings: PlaybookSettings, today: dt.date
) -> StageAdoption:
    """Decide whether stage adoption is complete: 80% of licenses and intent use cases green.

    The purchase-intent use cases are the account's declared ones, or every use case
    tracked when none is declared. With no use case tracked, adoption cannot be complete.
    """
    facts = facts.as_of(today)
    statuses = use_case_statuses(facts)
    intent = codes(facts.purchase_intent_use_cases) or frozenset(statuses)
    not_green = tuple(sorted(u for u in intent if statuses.get(u) != "green"))
    share = license_share(facts)
    enough = share is not None and share >= settings.adoption.license_percent
    return StageAdoption(enough and bool(intent) and not not_green, share, not_green)


def use_case_tracking_flag(
    facts: AccountFacts, status: AccountStatus, ctx: RuleContext
) -> list[WorkItem]:
    """Track each use case's health; flag an account with none recorded (ADOPT-2).

    PRIO-1 counts green use cases for the tiers it sets a limit for, so such an account
    without any status looks low-adoption; for any other tier (free, by default) the
    sentence says what it does hold back: stage adoption (ADOPT-1) needs green use cases.
    """
    facts = facts.as_of(ctx.today)
    if facts.use_cases:
        return []
    limit, _ = ctx.settings.prioritisation.adoption_by_tier.get(norm(facts.tier), (None, None))
    if limit is not None:
        why = "No use-case health recorded, so PRIO-1 counts no green use case."
    else:
        why = "No use-case health recorded, so stage adoption (ADOPT-1) cannot be complete."
    action = "Record each use case's status (green, yellow or red)."
    return keep(ctx.item("ADOPT-2", facts, due=None, why=why, action=action))
