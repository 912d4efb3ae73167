"""Capacity, the rhythm of business (handbook 003 "Rhythm of Business"): CAP-1 and CAP-2."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rhythm.playbook.rules.cadence import cadence_interval
from rhythm.playbook.rules.ebr import ebr_covered, ebrs_per_year
from rhythm.playbook.rules.facts import AccountFacts, MemberFacts
from rhythm.playbook.rules.items import RuleContext, WorkItem, keep
from rhythm.playbook.rules.workshops import workshop_interval

if TYPE_CHECKING:
    from rhythm.playbook.rules.dates import Calendar
    from rhythm.playbook.rules.status import AccountStatus
    from rhythm.playbook.settings import PlaybookSettings

WEEKS_PER_YEAR = 52  # the handbook's table: yearly = weekly x 52
TIME_OFF_WINDOW = dt.timedelta(days=365)  # CAP-2 counts the time off of the last year


def default_week(settings: PlaybookSettings) -> dict[str, float]:
    """Return the CAP-1 week: hours per task, 33.25 in total by default.

    The handbook's monthly, quarterly and yearly columns are this week times 4, 12 and 52.
    """
    return dict(settings.capacity.weekly_hours)


@dataclass(frozen=True)
class CapacityEstimate:
    """CAP-2 for one CSM: expected hours a week per task, in total, on calls, and capacity,
    with the weekdays of time off over the last year that the capacity allows for."""

    tasks: tuple[tuple[str, float], ...]
    total: float
    call_hours: float
    capacity: float
    time_off_days: int = 0

    @property
    def overloaded(self) -> bool:
        """Tell whether the expected load exceeds the capacity."""
        return self.total > self.capacity


def _yearly_counts(
    accounts: Sequence[AccountFacts],
    statuses: Sequence[AccountStatus],
    settings: PlaybookSettings,
    today: dt.date,
    calendar: Calendar | None = None,
) -> dict[str, float]:
    counts = {"calls": 0.0, "ebrs": 0.0, "workshops": 0.0, "check_ins": 0.0}
    working_days = settings.capacity.working_days_per_year
    for facts, status in zip(accounts, statuses, strict=True):
        priority = status.priority.effective
        counts["calls"] += cadence_interval(priority, settings).per_year(working_days)
        counts["ebrs"] += ebrs_per_year(facts, settings, status.high_arr)
        # WS-1: quarterly for low-adoption P1 accounts, yearly for the others
        counts["workshops"] += workshop_interval(status.priority, settings.workshops).per_year(
            working_days
        )
        if ebr_covered(facts, settings, today, calendar):  # check-ins follow EBRs (CHK-1)
            counts["check_ins"] += settings.check_ins.after_ebr.per_year(working_days)
    return counts


def _pto_days(member: MemberFacts | None, today: dt.date) -> int:
    """Count the weekdays of time off taken in the year up to `today`."""
    if member is None:
        return 0
    start = today - TIME_OFF_WINDOW
    days = set()
    for period in member.time_off:
        day = max(period.starts_on, start + dt.timedelta(days=1))
        while day <= min(period.ends_on, today):
            if day.weekday() < 5:
                days.add(day)
            day += dt.timedelta(days=1)
    return len(days)


def expected_week(
    accounts: Sequence[AccountFacts],
    statuses: Sequence[AccountStatus],
    settings: PlaybookSettings,
    today: dt.date,
    member: MemberFacts | None = None,
    *,
    calendar: Calendar | None = None,
) -> CapacityEstimate:
    """Estimate a CSM's weekly hours per task from the real book (CAP-2).

    Cadence calls, EBRs, workshops and check-ins follow the book's priorities and EBR
    frequencies; the other tasks keep the CAP-1 hours. Time off beyond the assumed 44
    days a year (counted over the last year) shrinks the capacity in proportion. Check-ins
    count for the accounts EBR-8 counts covered (`ebr_covered`, with the holidays in
    `calendar`).
    """
    cap = settings.capacity
    yearly = _yearly_counts(accounts, statuses, settings, today, calendar)
    weekly = {name: count / WEEKS_PER_YEAR for name, count in yearly.items()}
    tasks = dict(cap.weekly_hours)
    tasks["cadence_calls"] = weekly["calls"] * cap.cadence_call_hours
    tasks["cadence_prep"] = weekly["calls"] * cap.cadence_prep_hours
    tasks["ebrs"] = weekly["ebrs"] * cap.ebr_hours
    tasks["workshops"] = weekly["workshops"] * cap.workshop_hours
    tasks["check_ins"] = weekly["check_ins"] * cap.check_in_hours
    calls = (
        tasks["cadence_calls"]
        + weekly["ebrs"] * cap.ebr_call_hours
        + weekly["workshops"] * cap.workshop_call_hours
        + weekly["check_ins"] * cap.check_in_call_hours
        + sum(cap.weekly_hours.get(name, 0.0) for name in cap.call_tasks)
    )
    pto = _pto_days(member, today)
    available = cap.working_days_per_year - cap.pto_days_per_year
    factor = min(1.0, (cap.working_days_per_year - pto) / available) if available > 0 else 1.0
    return CapacityEstimate(
        tasks=tuple((name, round(hours, 2)) for name, hours in sorted(tasks.items())),
        total=round(sum(tasks.values()), 2),
        call_hours=round(calls, 2),
        capacity=round(cap.weekly_total * max(factor, 0.0), 2),
        time_off_days=pto,
    )


def capacity_flags(csm: str | None, estimate: CapacityEstimate, ctx: RuleContext) -> list[WorkItem]:
    """Flag a CSM whose expected load exceeds capacity or whose call hours leave 8-20 (CAP-2).

    The handbook expects about 14 hours of calls a week, 8 in a quiet week and 20 in a
    busy one; outside that, the workload needs a conversation with the manager.
    """
    cap = ctx.settings.capacity
    action = "Review the workload with your manager."
    items = []
    if estimate.overloaded:
        why = (
            f"Expected load {estimate.total:g} hours a week exceeds the "
            f"{estimate.capacity:g}-hour capacity."
        )
        items.append(ctx.item("CAP-2", None, due=None, why=why, action=action, csm=csm))
    if not cap.call_hours_min <= estimate.call_hours <= cap.call_hours_max:
        why = (
            f"Expected call time {estimate.call_hours:g} hours a week is outside the "
            f"{cap.call_hours_min:g}-{cap.call_hours_max:g} range."
        )
        items.append(ctx.item("CAP-2", None, due=None, why=why, action=action, csm=csm))
    return keep(*items)
