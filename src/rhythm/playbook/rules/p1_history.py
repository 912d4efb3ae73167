"""When was an account P1? PRIO-1 over time, worked out once from the account's own dated facts.

PRIO-3 flags a book that has been above the P1 target for longer than a quarter, so it needs
every account's priority on each day of the last quarter. Replaying PRIO-1 on a
copy of the facts cut at each day (`prioritisation.priority_on`) cost a tenth of a
millisecond a replay. Here each input of PRIO-1 becomes steps, (from day, value) pairs
sorted by day, built once per account; the priority on a day is then one lookup. A property
test holds this equal to the plain replay.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from itertools import groupby
from typing import TYPE_CHECKING

from rhythm.playbook.rules.dates import Calendar, shift
from rhythm.playbook.rules.derived import activity_dates, codes, norm
from rhythm.playbook.rules.facts import AccountFacts

if TYPE_CHECKING:
    from rhythm.playbook.settings import PlaybookSettings

# (from day, value): the value holds from that day until the next step's day.
Steps = list[tuple[dt.date, bool]]
EVER = dt.date.min
DAY = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class P1History:
    """An account's effective priority over time: P1 from each day in `days` when True."""

    days: tuple[dt.date, ...]
    p1: tuple[bool, ...]

    def is_p1(self, day: dt.date) -> bool:
        """Tell whether the account was P1 on `day` (on or after the history's first day)."""
        return self.p1[bisect_right(self.days, day) - 1]


def p1_history(
    facts: AccountFacts,
    settings: PlaybookSettings,
    since: dt.date = EVER,
    calendar: Calendar | None = None,
) -> P1History:
    """Work out on which days from `since` on the account was P1, as PRIO-1 and 2 decided.

    P1 while any input says so (low adoption, red health, non-engaged, an at-risk renewal
    open, a qualifying expansion open), unless a manager's override was set by then.
    `calendar` holds the public holidays a setting in business days skips, as the rules
    have it (`cadence.engagement`).
    """
    settings = settings.for_segment(facts.segment)
    decisions = _decisions(facts)
    if not decisions:  # usual: never overridden
        steps = _computed(facts, settings, since, calendar)
        return P1History(tuple(day for day, _ in steps), tuple(p1 for _, p1 in steps))
    # The override in force on `since`, and those set or removed later.
    index = bisect_right(decisions, since, key=lambda decision: decision[0])
    first = decisions[index - 1][1] if index else ""
    later = decisions[index:]
    if first and not later:  # the override decides throughout
        return P1History((since,), (first == "P1",))
    computed = _computed(facts, settings, since, calendar)
    steps = _overridden(computed, [(since, first), *later])
    return P1History(tuple(day for day, _ in steps), tuple(p1 for _, p1 in steps))


def _decisions(facts: AccountFacts) -> list[tuple[dt.date, str]]:
    """Return the overrides by day, the last of each day: P1, P2, or "" (none in force)."""
    overrides = facts.priority_overrides
    if not overrides:
        override = facts.priority_override
        return [] if override is None else [(override.on, override.priority)]
    by_day = {override.on: override.priority for override in overrides}  # the day's last wins
    return sorted(by_day.items())


def _overridden(computed: Steps, decisions: list[tuple[dt.date, str]]) -> Steps:
    """Combine the computed steps with the overrides: an override's priority holds from its
    day to the next decision; where none is in force, the computed value does."""
    steps: Steps = []
    for (start, priority), following in zip(decisions, [*decisions[1:], None], strict=True):
        if priority:
            steps.append((start, priority == "P1"))
            continue
        end = following[0] if following else dt.date.max
        at = bisect_right(computed, start, key=lambda step: step[0])
        steps.append((start, computed[at - 1][1] if at else computed[0][1]))
        steps.extend(step for step in computed[at:] if step[0] < end)
    return _compress(steps)


def _computed(
    facts: AccountFacts, settings: PlaybookSettings, since: dt.date, calendar: Calendar | None
) -> Steps:
    """PRIO-1's computed value from `since` on: P1 while any input says so.

    Engagement costs the most to work out, so it comes last: when another input is true
    all the way from `since`, the OR is settled without it.
    """
    found = [
        *_renewal_steps(facts, settings),
        *_expansion_steps(facts, settings),
        _adoption_steps(facts, settings, since),
        _health_steps(facts),
    ]
    components = [_from(steps, since) for steps in found]
    if any(len(steps) == 1 and steps[0][1] for steps in components):
        return [(since, True)]
    components.append(_from(_non_engaged_steps(facts, settings, since, calendar), since))
    return _any(components)


def _from(steps: Steps, since: dt.date) -> Steps:
    """Keep the steps from `since` on, starting with the value in force on `since`."""
    index = bisect_right(steps, since, key=lambda step: step[0])
    return [(since, steps[index - 1][1])] + steps[index:]


def _compress(steps: Iterable[tuple[dt.date, bool]]) -> Steps:
    """Drop the steps that do not change the value (the first step always stays)."""
    kept: Steps = []
    for day, value in steps:
        if not kept or kept[-1][1] != value:
            kept.append((day, value))
    return kept


def _any(components: list[Steps]) -> Steps:
    """Combine steps with OR: true on the days any component is true."""
    if all(len(steps) == 1 for steps in components):  # usual: nothing changes in the window
        return [(components[0][0][0], any(steps[0][1] for steps in components))]
    current = [False] * len(components)
    # A stable sort on the day alone keeps each component's own order within a day.
    events = sorted(
        ((day, index, value) for index, steps in enumerate(components) for day, value in steps),
        key=lambda event: event[0],
    )
    combined: Steps = []
    for day, changes in groupby(events, key=lambda event: event[0]):
        for _, index, value in changes:
            current[index] = value
        combined.append((day, any(current)))
    return _compress(combined)


def _adoption_test(tier: str, settings: PlaybookSettings) -> Callable[[Mapping[str, str]], bool]:
    """Return PRIO-1's low-adoption test for a tier, given its use cases' latest statuses."""
    limit, red = settings.prioritisation.adoption_by_tier.get(tier, (None, frozenset()))

    def low(statuses: Mapping[str, str]) -> bool:
        green = sum(1 for status in statuses.values() if status == "green")
        if limit is not None and green <= limit:
            return True
        return any(statuses.get(use_case) == "red" for use_case in red)

    return low


def _adoption_steps(facts: AccountFacts, settings: PlaybookSettings, since: dt.date) -> Steps:
    """Low adoption from `since` on: each day's records update the statuses, the latest winning.

    A stable sort keeps the tuple order within a day, so the later record wins, as it does
    in `derived.use_case_statuses`.
    """
    low = _adoption_test(norm(facts.tier), settings)
    ordered = sorted(facts.use_cases, key=lambda record: record.on)
    cut = bisect_right(ordered, since, key=lambda record: record.on)
    statuses = {norm(r.use_case): norm(r.status) for r in ordered[:cut]}
    steps = [(since, low(statuses))]
    for day, records in groupby(ordered[cut:], key=lambda record: record.on):
        statuses.update((norm(r.use_case), norm(r.status)) for r in records)
        steps.append((day, low(statuses)))
    return _compress(steps)


def _health_steps(facts: AccountFacts) -> Steps:
    """Red health over time: the first assessment of each day counts, as in `latest_health`."""
    steps = [(EVER, False)]
    ordered = sorted(facts.health, key=lambda record: record.on)
    for day, records in groupby(ordered, key=lambda record: record.on):
        steps.append((day, norm(next(records).overall) == "red"))
    return _compress(steps)


def _non_engaged_steps(
    facts: AccountFacts, settings: PlaybookSettings, since: dt.date, calendar: Calendar | None
) -> Steps:
    """Non-engaged over time (CAD-2): engaged from each reference until the limit after it.

    `cadence.engagement` measures from the later of the last call and the initial
    transaction, so each of them starts the clock again (a call before the sale stops
    counting on the day of the sale). References before the one in force on `since` cannot
    matter and are skipped.
    """
    after = settings.cadence.non_engaged_after
    region = facts.working_region
    references = _engagement_references(facts, settings)
    steps = [(EVER, True)]
    first = max(bisect_right(references, since) - 1, 0)
    for index in range(first, len(references)):
        reference = references[index]
        following = references[index + 1] if index + 1 < len(references) else None
        steps.append((reference, False))
        first_day_out = shift(reference, after, calendar=calendar, region=region) + DAY
        if following is None or first_day_out < following:
            steps.append((first_day_out, True))
    return _compress(steps)


def _engagement_references(facts: AccountFacts, settings: PlaybookSettings) -> list[dt.date]:
    """Return the days CAD-2's clock starts, in order: every call or meeting of the
    engagement kinds and the initial transaction, each once.

    Before the initial transaction (a day `as_of` hides it on) the calls alone count; from
    it on, a call before it is overtaken by it.
    """
    calls = activity_dates(facts, settings.cadence.engagement_kinds)
    start = facts.initial_transaction_date
    return sorted({*calls, start}) if start else list(dict.fromkeys(calls))


def _renewal_steps(facts: AccountFacts, settings: PlaybookSettings) -> list[Steps]:
    """An at-risk renewal counts until it closes with an outcome (`as_of` reopens it before)."""
    at_risk = codes(settings.prioritisation.at_risk_outlooks)
    found = []
    for renewal in facts.renewals:
        if norm(renewal.outlook) not in at_risk:
            continue
        if renewal.closed_on and renewal.outcome != "open":
            found.append([(EVER, True), (renewal.closed_on, False)])
        else:
            found.append([(EVER, True)])
    return found


def _expansion_steps(facts: AccountFacts, settings: PlaybookSettings) -> list[Steps]:
    """A tier-upgrade or new-business-unit playbook counts from its opening to its closing."""
    kinds = codes(settings.prioritisation.expansion_kinds)
    found = []
    for playbook in facts.expansions:
        closed = playbook.closed_on
        if norm(playbook.kind) not in kinds or (closed and closed <= playbook.opened_on):
            continue
        steps = [(EVER, False), (playbook.opened_on, True)]
        found.append(steps + [(closed, False)] if closed else steps)
    return found
