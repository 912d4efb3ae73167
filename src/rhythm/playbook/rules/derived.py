"""Small questions several rules ask of the facts (last call, latest health, ...).

Each function expects facts already cut at `today` (`AccountFacts.as_of`), so "latest"
means latest as of that date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING

from rhythm.playbook.rules.facts import AccountFacts, ContactFact, EbrFact, HealthFact

if TYPE_CHECKING:
    from rhythm.playbook.settings import PlaybookSettings


def norm(code: str | None) -> str:
    """Normalise a code for comparison: codes match case-insensitively."""
    return (code or "").strip().casefold()


def team_name(email: str, role: str, manager_email: str | None) -> str | None:
    """Name the team a member's book is in: their manager's email, or their own if they
    manage (the playbook file's `[team."<email>"]`); None for a member with no manager."""
    return email if role == "manager" else manager_email


def codes(values: Iterable[str]) -> frozenset[str]:
    """Normalise a list of codes from the settings."""
    if isinstance(values, tuple):
        return _codes(values)
    return frozenset(norm(value) for value in values)


@lru_cache(maxsize=512)
def _codes(values: tuple[str, ...]) -> frozenset[str]:
    # Settings lists are tuples, asked for again for every account: normalise them once.
    return frozenset(norm(value) for value in values)


def activity_dates(facts: AccountFacts, kinds: Iterable[str]) -> tuple[dt.date, ...]:
    """Return the sorted dates of the account's activities of these kinds."""
    return tuple(sorted(_dates_of_kinds(facts, codes(kinds))))


def last_activity(facts: AccountFacts, kinds: Iterable[str]) -> dt.date | None:
    """Return the date of the latest activity of these kinds, or None."""
    return max(_dates_of_kinds(facts, codes(kinds)), default=None)


def _dates_of_kinds(facts: AccountFacts, wanted: frozenset[str]) -> Iterator[dt.date]:
    # Most kinds arrive normalised already, and a normalised code normalises to itself.
    return (a.on for a in facts.activities if a.kind in wanted or norm(a.kind) in wanted)


def first_engagement(facts: AccountFacts, settings: PlaybookSettings) -> dt.date | None:
    """Return the date engagement started: recorded, else the first call or meeting (TTV-1).

    The first of the engagement kinds held on or after the initial transaction counts (a
    meeting before the sale is not the customer's first engagement). TTV-1, TTV-2, the KPIs
    and CAD-1 all start engagement here.
    """
    if facts.milestones.engagement is not None:
        return facts.milestones.engagement
    start = facts.initial_transaction_date or dt.date.min
    wanted = codes(settings.cadence.engagement_kinds)
    return min((day for day in _dates_of_kinds(facts, wanted) if day >= start), default=None)


def latest_health(facts: AccountFacts) -> HealthFact | None:
    """Return the latest overall health assessment, or None if never assessed."""
    return max(facts.health, key=lambda h: h.on, default=None)


def use_case_statuses(facts: AccountFacts) -> dict[str, str]:
    """Return each tracked use case's latest status (green / yellow / red)."""
    # By date, a stable sort keeping the given order within a day: the last record wins.
    ordered = sorted(facts.use_cases, key=lambda record: record.on)
    return {norm(record.use_case): norm(record.status) for record in ordered}


def green_use_cases(facts: AccountFacts) -> tuple[str, ...]:
    """Return the use cases currently green, sorted."""
    return tuple(sorted(u for u, status in use_case_statuses(facts).items() if status == "green"))


def activated_licenses(facts: AccountFacts) -> int | None:
    """Return activated licenses: the latest usage record, else the account's own count."""
    latest = max(facts.usage, key=lambda u: u.on, default=None)
    return latest.licenses_activated if latest else facts.licenses_activated


def license_share(facts: AccountFacts) -> float | None:
    """Return activated licenses as a percentage of purchased, or None if unknown."""
    activated = activated_licenses(facts)
    if not facts.licenses_purchased or activated is None:
        return None
    return 100 * activated / facts.licenses_purchased


def ebrs_held(facts: AccountFacts) -> tuple[dt.date, ...]:
    """Return the sorted dates of the EBRs held."""
    return tuple(sorted(e.held_on for e in facts.ebrs if e.held_on and e.status != "cancelled"))


def ebr_in_planning(facts: AccountFacts) -> EbrFact | None:
    """Return the EBR being prepared (planned or scheduled, not held), the earliest first."""
    pending = [e for e in facts.ebrs if e.held_on is None and e.status in ("planning", "scheduled")]
    return min(pending, key=lambda e: e.planned_on, default=None)


def active_contacts(facts: AccountFacts) -> tuple[ContactFact, ...]:
    """Return the contacts still at the customer."""
    return tuple(c for c in facts.contacts if c.departed_on is None)


def is_executive(contact: ContactFact, settings: PlaybookSettings) -> bool:
    """Tell whether a contact is executive level: director and above, or a decision-maker."""
    if contact.decision_maker and settings.executives.decision_maker_is_executive:
        return True
    return norm(contact.persona) in codes(settings.codes.executive_personas)


def has_open_action(facts: AccountFacts, today: dt.date) -> bool:
    """Tell whether the account had an open action item on `today`."""
    return any(item.is_open(today) for item in facts.action_items)


def percent(part: float, whole: float) -> float | None:
    """Return part over whole in percent, or None when there is nothing to divide."""
    return round(100 * part / whole, 1) if whole else None


def compare_share(count: int, total: int, target_percent: float) -> int:
    """Compare count over total (total above zero) with a percentage: -1 below, 0 on, 1 above.

    Targets are judged on the exact share, never on the one-decimal figure shown: 9,999 of
    10,000 is below a 100% target, though shown as 100%. The percentage is taken as written
    in the settings (30.1 is 301/10, not the binary fraction nearest it).
    """
    numerator, denominator = _as_written(target_percent)
    share, target = 100 * count * denominator, numerator * total  # both over total * den
    return (share > target) - (share < target)


@lru_cache(maxsize=64)
def _as_written(percent: float) -> tuple[int, int]:
    """Return a percentage setting as the exact fraction written (a few per playbook)."""
    exact = Fraction(repr(percent))
    return exact.numerator, exact.denominator
