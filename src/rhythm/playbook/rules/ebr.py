"""Executive business reviews (000; 003 "EBRs"; 004 3.3): EBR-1, 2, 3, 4, 7 and 8."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING

from rhythm.playbook.rules.dates import Calendar, Duration, iso, last, shift, span
from rhythm.playbook.rules.derived import compare_share, ebr_in_planning, ebrs_held, norm
from rhythm.playbook.rules.facts import AccountFacts, EbrFact, PeerFacts
from rhythm.playbook.rules.items import RuleContext, WorkItem, counted, keep
from rhythm.playbook.rules.labels import in_sentence

if TYPE_CHECKING:
    from rhythm.playbook.rules.status import AccountStatus
    from rhythm.playbook.settings import PlaybookSettings

# EBR-3 raises three kinds of items; the pages tell them apart by what clears them.
HOLD_EBR = "Hold the EBR and log it, or move its planned date."
# EBR-1 raises two: planning by the due date clears it; once late, only holding it does.
PLAN_EBR_IN_TIME = "Hold the EBR by its due date; plan it now if it is not planned."
HOLD_LATE_EBR = "Hold the EBR and log it; plan it first if it is not planned."
SEND_FOLLOW_UP = "Send the follow-up email (takeaways, owned action items, the deck) and record it."
_STEP_ACTION = re.compile(r"Do step (\d+) \(")


def step_action(number: int, name: str) -> str:
    """Say what clears a preparation step's item: 'Do step 3 (scheduling) and record it done.'
    (an acronym kept: 'Do step 4 (EBR planning) ...')."""
    return f"Do step {number} ({in_sentence(name)}) and record it done."


def step_of(action: str) -> int | None:
    """Return the preparation step an item's action sentence names (`step_action`), if any."""
    found = _STEP_ACTION.match(action)
    return int(found.group(1)) if found else None


def high_arr_ids(
    accounts: Sequence[AccountFacts],
    settings: PlaybookSettings,
    peers: Sequence[PeerFacts] = (),
    *,
    settings_of: Callable[[str | None], PlaybookSettings] | None = None,
) -> frozenset[int]:
    """Return the high-ARR accounts: the top N by ARR in each CSM's book, or above a threshold.

    High-ARR accounts get two EBRs a year (EBR-1); the handbook speaks of 3 to 5 per CSM.
    When `accounts` hold only part of some books (what an AE, SA or PSE sees), `peers` are
    the rest of those books: they are ranked too, so an account is high-ARR or not whoever
    looks, and the ids returned may include theirs. Pass only customers, of both.
    `settings_of` gives a CSM's book its team's settings; without it, every book has
    `settings`.
    """
    books: dict[str, list[AccountFacts | PeerFacts]] = defaultdict(list)
    accounts_and_peers: Iterable[AccountFacts | PeerFacts] = chain(accounts, peers)
    for facts in accounts_and_peers:
        if facts.arr is not None and facts.arr > 0:
            books[norm(facts.csm_email)].append(facts)
    chosen: set[int] = set()
    for book in books.values():
        ebr = (settings_of(book[0].csm_email) if settings_of else settings).ebr
        top_n, threshold = ebr.high_arr_top_n, ebr.high_arr_threshold
        ranked = sorted(book, key=lambda f: (-(f.arr or 0), f.account_id))
        chosen.update(f.account_id for f in ranked[:top_n])
        if threshold > 0:
            chosen.update(f.account_id for f in book if float(f.arr or 0) >= threshold)
    return frozenset(chosen)


def ebrs_per_year(facts: AccountFacts, settings: PlaybookSettings, high_arr: bool) -> int:
    """Return how many EBRs a year the account gets: its own setting, else 1 or 2 (EBR-1)."""
    if facts.ebrs_per_year:
        return facts.ebrs_per_year
    return settings.ebr.high_arr_per_year if high_arr else settings.ebr.per_year


def ebr_interval(per_year: int) -> Duration:
    """Return the time between EBRs: 12 months for one a year, 6 for two, 3 for quarterly."""
    return Duration(max(1, round(12 / max(per_year, 1))), "months")


def next_ebr_due(facts: AccountFacts, settings: PlaybookSettings, high_arr: bool) -> dt.date | None:
    """Return when the next EBR is due: one interval after the last held, or after the start.

    The interval is whole months (`ebr_interval`), which no public holiday moves.
    """
    interval = ebr_interval(ebrs_per_year(facts, settings, high_arr))
    held = ebrs_held(facts)
    start = held[-1] if held else facts.initial_transaction_date
    return shift(start, interval) if start else None


def _frequency(facts: AccountFacts, settings: PlaybookSettings, high_arr: bool) -> str:
    count = ebrs_per_year(facts, settings, high_arr)
    note = " (set on the account)" if facts.ebrs_per_year else " (high ARR)" if high_arr else ""
    return f"{count} EBR{'s' if count != 1 else ''} a year{note}"


def ebr_due(facts: AccountFacts, status: AccountStatus, ctx: RuleContext) -> list[WorkItem]:
    """Hold at least one EBR a year, two for high-ARR accounts (EBR-1).

    An EBR planned on or before its due date clears the item until the due date; one
    planned later does not. Once the due date has passed without the planned EBR being
    logged as held, the item is late as usual (EBR-3 also says it was not held): a plan
    that was not kept cannot hold off the yearly EBR for good.
    """
    facts = facts.as_of(ctx.today)
    due = next_ebr_due(facts, ctx.settings, status.high_arr)
    planned = ebr_in_planning(facts)
    in_time = due and planned and planned.planned_on <= due and ctx.today <= due
    if in_time or not ctx.shows("EBR-1", due):
        return []
    held = ebrs_held(facts)
    head = _frequency(facts, ctx.settings, status.high_arr)
    if held:
        why = f"{head}; last held {iso(held[-1])}, {ctx.days_ago(held[-1])}"
    elif facts.initial_transaction_date:
        start = iso(facts.initial_transaction_date)
        why = f"{head}; none held since the initial transaction on {start}"
    else:
        why = f"{head}; none held yet"
    if planned and planned.planned_on < ctx.today:
        why += f"; the one planned for {iso(planned.planned_on)} was not logged as held"
    elif planned:
        why += f"; the one planned for {iso(planned.planned_on)} is after the due date"
    # Late, a plan cannot make it on time: only holding the EBR (logged) clears the item.
    action = HOLD_LATE_EBR if due and ctx.today > due else PLAN_EBR_IN_TIME
    return keep(ctx.item("EBR-1", facts, due=due, why=why + ".", action=action))


def ebr_planning_due(
    facts: AccountFacts, status: AccountStatus, ctx: RuleContext
) -> list[WorkItem]:
    """Start planning an EBR 3 to 4 months before it is due (EBR-2).

    Scheduling executives takes time; the item shows once the EBR is within the planning
    lead (4 months) with nothing in planning, and is late after the planning start (3).
    An EBR whose planned date passed without it being logged as held is still the one in
    planning: EBR-3 asks, until it is done, to hold it or move its date, which is this
    rule's work too, so a second item would only say the same. Durations in business days
    skip the public holidays of the account's working region.
    """
    facts = facts.as_of(ctx.today)
    settings = ctx.settings.ebr
    next_due = next_ebr_due(facts, ctx.settings, status.high_arr)
    if next_due is None or ebr_in_planning(facts):
        return []
    region = facts.working_region
    due = shift(
        next_due, settings.planning_start_by, before=True, calendar=ctx.calendar, region=region
    )
    visible_from = shift(
        next_due, settings.planning_lead, before=True, calendar=ctx.calendar, region=region
    )
    if not ctx.shows("EBR-2", due, visible_from):
        return []
    why = (
        f"Next EBR due {iso(next_due)} and none in planning; planning starts "
        f"{span(settings.planning_start_by, settings.planning_lead)} before."
    )
    action = "Start planning the EBR: align internally and open the discussion with the customer."
    return keep(
        ctx.item("EBR-2", facts, due=due, why=why, action=action, visible_from=visible_from)
    )


def ebr_steps_due(facts: AccountFacts, status: AccountStatus, ctx: RuleContext) -> list[WorkItem]:
    """Do each EBR preparation step within its window, and follow up within 1 business day (EBR-3).

    A step shows once its window opens and is late once it closes undone. The follow-up
    email and the step windows count business days in the account's working region (its
    CSM's), so a Friday EBR is followed up Monday.
    """
    facts = facts.as_of(ctx.today)
    planned = ebr_in_planning(facts)
    items = _step_items(facts, planned, ctx) if planned else []
    latest = _latest_held(facts)
    if latest and latest.held_on and latest.follow_up_sent_on is None:
        within = ctx.settings.ebr.follow_up_within
        due = shift(latest.held_on, within, calendar=ctx.calendar, region=facts.working_region)
        why = (
            f"EBR held {iso(latest.held_on)}: the follow-up email is due within {within} "
            f"(by {iso(due)})."
        )
        items.append(ctx.item("EBR-3", facts, due=due, why=why, action=SEND_FOLLOW_UP))
    return keep(*items)


def _step_items(facts: AccountFacts, ebr: EbrFact, ctx: RuleContext) -> list[WorkItem | None]:
    done = {number for number, _ in ebr.steps_done}
    items = []
    calendar, region = ctx.calendar, facts.working_region
    for step in ctx.settings.ebr.steps:
        delivery = step.opens_before.amount == 0 and step.closes_before.amount == 0
        # Once the EBR's date has passed, only its delivery still matters.
        if step.number in done or (ebr.planned_on < ctx.today and not delivery):
            continue
        closes = shift(
            ebr.planned_on, step.closes_before, before=True, calendar=calendar, region=region
        )
        opens = shift(
            ebr.planned_on, step.opens_before, before=True, calendar=calendar, region=region
        )
        if not ctx.shows("EBR-3", closes, opens):
            continue
        if delivery:
            why = f"EBR planned for {iso(ebr.planned_on)} is not logged as held."
            action = HOLD_EBR
        else:
            why = (
                f"EBR on {iso(ebr.planned_on)}: step {step.number}, {in_sentence(step.name)} "
                f"({span(step.opens_before, step.closes_before)} before), is not done."
            )
            action = step_action(step.number, step.name)
        items.append(
            ctx.item("EBR-3", facts, due=closes, why=why, action=action, visible_from=opens)
        )
    return items


def _latest_held(facts: AccountFacts) -> EbrFact | None:
    """Return the latest EBR held, if Rhythm tracked it (its follow-up is then asked for)."""
    held = [e for e in facts.ebrs if e.held_on and e.status != "cancelled"]
    latest = max(held, key=lambda e: e.held_on or dt.date.min, default=None)
    return latest if latest is not None and latest.tracked else None


def ebr_plan_update_due(
    facts: AccountFacts, status: AccountStatus, ctx: RuleContext
) -> list[WorkItem]:
    """Update the success plan within 3 business days of the EBR (EBR-4).

    No EBR is complete until the plan holds its confirmed objectives and action items.
    """
    facts = facts.as_of(ctx.today)
    latest = _latest_held(facts)
    if not latest or not latest.held_on or latest.success_plan_updated_on:
        return []
    within = ctx.settings.ebr.plan_update_within
    due = shift(latest.held_on, within, calendar=ctx.calendar, region=facts.working_region)
    why = (
        f"EBR held {iso(latest.held_on)}: update the success plan within {within} (by {iso(due)})."
    )
    action = "Update the success plan with the EBR's objectives and action items, and record it."
    return keep(ctx.item("EBR-4", facts, due=due, why=why, action=action))


@dataclass(frozen=True, slots=True)
class RoadmapEntry:
    """One EBR on a CSM's roadmap: planned, or projected from the account's EBR interval.

    An EBR overdue (due before today, not planned) is laid on today, because it still has
    to happen, with the day it fell due in `overdue_since`.
    """

    account_id: int
    account: str
    on: dt.date
    planned: bool
    overdue_since: dt.date | None = None


@dataclass(frozen=True, slots=True)
class RoadmapMonth:
    """The EBRs falling in one calendar month (`month` is its first day)."""

    month: dt.date
    entries: tuple[RoadmapEntry, ...]

    @property
    def scheduled(self) -> tuple[RoadmapEntry, ...]:
        """Return the EBRs planned for this month or due in it, not the overdue ones laid
        on today: those are EBR-1's, late, and no spreading of the roadmap could move them."""
        return tuple(entry for entry in self.entries if entry.overdue_since is None)

    def crowded(self, per_month_max: int) -> bool:
        """Tell whether more EBRs are scheduled this month than the roadmap allows (EBR-7)."""
        return len(self.scheduled) > per_month_max


def ebr_roadmap(
    accounts: Sequence[AccountFacts],
    high_arr: frozenset[int],
    settings: PlaybookSettings,
    today: dt.date,
    calendar: Calendar | None = None,
    region: str = "",
) -> tuple[RoadmapMonth, ...]:
    """Lay all of a book's next EBRs on one calendar over the roadmap horizon (EBR-7).

    Planned EBRs keep their date; others are projected from their due date, and an
    overdue one lands today, because it still has to happen. A horizon in business days
    is the book's: it skips the public holidays of the CSM's `region` in `calendar`. The
    EBRs projected beyond the first are whole months apart (`ebr_interval`).
    """
    end = shift(today, settings.ebr.roadmap_horizon, calendar=calendar, region=region)
    entries = []
    for account in accounts:
        facts = account.as_of(today)
        is_high = facts.account_id in high_arr
        planned = ebr_in_planning(facts)
        first = planned.planned_on if planned else next_ebr_due(facts, settings, is_high)
        interval = ebr_interval(ebrs_per_year(facts, settings, is_high))
        day, is_planned = (max(first, today), planned is not None) if first else (None, False)
        overdue = first if first and first < today and not is_planned else None
        while day and day <= end:
            entries.append(RoadmapEntry(facts.account_id, facts.name, day, is_planned, overdue))
            day, is_planned, overdue = shift(day, interval), False, None
    months: dict[dt.date, list[RoadmapEntry]] = defaultdict(list)
    for entry in entries:
        months[entry.on.replace(day=1)].append(entry)
    return tuple(
        RoadmapMonth(month, tuple(sorted(found, key=lambda e: (e.on, e.account, e.account_id))))
        for month, found in sorted(months.items())
    )


def ebr_roadmap_flags(
    csm: str | None, roadmap: Sequence[RoadmapMonth], ctx: RuleContext
) -> list[WorkItem]:
    """Flag roadmap months with more EBRs than the maximum, 2 a month by default (EBR-7).

    A CSM expects 1 to 2 EBRs a month; a crowded month must be spread out before
    preparation starts. Only the EBRs planned or due in the month count: an overdue one,
    laid on today, is late under EBR-1 and must be held now, not moved, so it crowds no
    month (it would make this month's flag late from the day it appeared, and move it
    along month after month). The planning start and lead before the month's first day are the
    book's: in business days they skip the public holidays of the CSM's region
    (`ctx.region`).
    """
    settings = ctx.settings.ebr
    calendar, region = ctx.calendar, ctx.region
    items = []
    for month in roadmap:
        if not month.crowded(settings.per_month_max):
            continue
        scheduled = month.scheduled
        listed = ", ".join(f"{e.account} {iso(e.on)}" for e in scheduled)
        why = (
            f"{len(scheduled)} EBRs fall in {month.month:%Y-%m} ({listed}); "
            f"the roadmap allows {settings.per_month_max} a month."
        )
        due = shift(
            month.month, settings.planning_start_by, before=True, calendar=calendar, region=region
        )
        visible_from = shift(
            month.month, settings.planning_lead, before=True, calendar=calendar, region=region
        )
        action = "Move EBRs to quieter months on the roadmap."
        items.append(
            ctx.item(
                "EBR-7", None, due=due, why=why, action=action, csm=csm, visible_from=visible_from
            )
        )
    return keep(*items)


def ebr_covered(
    facts: AccountFacts,
    settings: PlaybookSettings,
    today: dt.date,
    calendar: Calendar | None = None,
) -> bool:
    """Tell whether the account had an EBR held in the coverage window (EBR-8).

    The window's first day counts: an EBR held 12 months ago today still covers the
    account, as EBR-1 has the next one due, not late, on that day. A window in business
    days is counted back from today in the account's working region (`calendar`'s
    holidays of its CSM's region, else its own): EBR-8, the EBR coverage KPI and CAP-2 all
    judge an account the same way, in any view, and a book's accounts are its CSM's.
    """
    window = settings.ebr.coverage_window
    start = shift(today, window, before=True, calendar=calendar, region=facts.working_region)
    return any(start <= day <= today for day in ebrs_held(facts.as_of(today)))


def ebr_coverage_flag(
    csm: str | None, accounts: Sequence[AccountFacts], ctx: RuleContext
) -> list[WorkItem]:
    """Flag a book whose EBR coverage is below target, 75% by default (EBR-8).

    The KPI counts accounts with an EBR held in the last 12 months (`ebr_covered`: a
    window in business days in each account's working region, as the KPI counts it).
    """
    if not accounts:
        return []
    calendar = ctx.calendar
    covered = sum(1 for facts in accounts if ebr_covered(facts, ctx.settings, ctx.today, calendar))
    target = ctx.settings.ebr.coverage_target_percent
    if compare_share(covered, len(accounts), target) >= 0:  # exact, not the figure shown
        return []
    share = round(100 * covered / len(accounts), 1)
    window = last(ctx.settings.ebr.coverage_window)
    why = (
        f"EBR coverage {share:g}% ({covered} of {counted(len(accounts), 'account')} with an EBR "
        f"in {window}) is below the {target:g}% target."
    )
    action = "Plan EBRs for the accounts without one in the coverage window."
    return keep(ctx.item("EBR-8", None, due=None, why=why, action=action, csm=csm))
