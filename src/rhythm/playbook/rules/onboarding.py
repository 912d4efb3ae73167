"""Onboarding and time to value (handbook 003 "Align & Onboard"; 004 2.2): TTV-1 to TTV-3."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rhythm.playbook.rules.dates import Duration, iso, shift
from rhythm.playbook.rules.derived import first_engagement, license_share
from rhythm.playbook.rules.facts import AccountFacts
from rhythm.playbook.rules.items import RuleContext, WorkItem, keep

if TYPE_CHECKING:
    from rhythm.playbook.rules.status import AccountStatus
    from rhythm.playbook.settings import PlaybookSettings

# TTV-2 raises an item per milestone; the pages tell them apart by what clears them.
HOLD_FIRST_MEETING = "Hold the first meeting with the customer and log it."
RECORD_ONBOARDED = "Finish the onboarding tasks and record onboarding complete."
DRIVE_ACTIVATION = "Drive license activation; usage records mark first value automatically."


@dataclass(frozen=True, slots=True)
class MilestoneDates:
    """The milestones' effective dates: recorded, or derived from calls and usage (TTV-1)."""

    engagement: dt.date | None
    onboarding_complete: dt.date | None
    infrastructure_ready: dt.date | None
    first_value: dt.date | None
    first_value_reached: bool  # true even when only the current license count shows it
    outcome_achieved: dt.date | None


def first_value_from_usage(facts: AccountFacts, settings: PlaybookSettings) -> dt.date | None:
    """Return the first usage record at which activations reach 10% of licenses (TTV-3).

    First value is reached automatically, so nobody has to remember to record it. Time to
    value is counted from the initial transaction, so a record dated before it is not one.
    """
    purchased = facts.licenses_purchased
    if not purchased:
        return None
    threshold = settings.onboarding.first_value_license_percent
    start = facts.initial_transaction_date or dt.date.min
    for record in sorted(facts.usage, key=lambda u: u.on):
        if record.on >= start and 100 * record.licenses_activated >= threshold * purchased:
            return record.on
    return None


def milestone_dates(
    facts: AccountFacts, settings: PlaybookSettings, today: dt.date
) -> MilestoneDates:
    """Return each milestone's date as of `today`, recorded or derived (TTV-1, TTV-3).

    Engagement falls back to the first call logged on or after the initial transaction (a
    meeting before the sale is not the customer's first engagement); first value to the
    usage records, and failing those to the current license count (reached, date unknown).
    """
    facts = facts.as_of(today)
    recorded = facts.milestones
    first_value = recorded.first_value or first_value_from_usage(facts, settings)
    share = license_share(facts)
    threshold = settings.onboarding.first_value_license_percent
    return MilestoneDates(
        engagement=first_engagement(facts, settings),
        onboarding_complete=recorded.onboarding_complete,
        infrastructure_ready=recorded.infrastructure_ready,
        first_value=first_value,
        first_value_reached=first_value is not None or (share is not None and share >= threshold),
        outcome_achieved=recorded.outcome_achieved,
    )


def days_from_transaction(facts: AccountFacts, day: dt.date | None) -> int | None:
    """Count calendar days from the initial transaction to a milestone (TTV-1)."""
    start = facts.initial_transaction_date
    return (day - start).days if start and day else None


def targets(settings: PlaybookSettings) -> tuple[tuple[str, str, Duration, str], ...]:
    """Return (milestone field, label, target, action) for each TTV-2 target."""
    onboarding = settings.onboarding
    return (
        (
            "engagement",
            "First engagement (first CSM meeting)",
            onboarding.engage_within,
            HOLD_FIRST_MEETING,
        ),
        (
            "first_value",
            f"First value ({onboarding.first_value_license_percent:g}% of licenses activated)",
            onboarding.first_value_within,
            DRIVE_ACTIVATION,
        ),
        (
            "onboarding_complete",
            "Onboarding complete",
            onboarding.onboard_within,
            RECORD_ONBOARDED,
        ),
    )


def onboarding_milestones_due(
    facts: AccountFacts, status: AccountStatus, ctx: RuleContext
) -> list[WorkItem]:
    """Reach first engagement in 14 days, first value in 30 and onboarding in 45 (TTV-2).

    The clock starts at the initial transaction; a milestone not reached by its target is
    late. Accounts past the tracking period stop raising items (they remain in the KPIs).
    Targets and the tracking period in business days skip the public holidays of the
    account's working region.
    """
    facts = facts.as_of(ctx.today)
    start = facts.initial_transaction_date
    settings = ctx.settings
    if start is None:
        return []
    calendar, region = ctx.calendar, facts.working_region
    if ctx.today > shift(start, settings.onboarding.track_for, calendar=calendar, region=region):
        return []
    reached = milestone_dates(facts, settings, ctx.today)
    items = []
    for name, label, target, action in targets(settings):
        done = reached.first_value_reached if name == "first_value" else getattr(reached, name)
        if done:
            continue
        due = shift(start, target, calendar=calendar, region=region)
        if not ctx.shows("TTV-2", due):
            continue
        why = (
            f"{label} is due {target} after the initial transaction on {iso(start)}; "
            "not reached yet."
        )
        items.append(ctx.item("TTV-2", facts, due=due, why=why, action=action))
    return keep(*items)
