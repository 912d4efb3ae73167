"""Cadence and engagement (handbook 003 "Cadence Frequency"): CAD-1, CAD-2, CAD-3."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rhythm.playbook.rules.dates import Calendar, Duration, every, iso, shift
from rhythm.playbook.rules.derived import activity_dates, first_engagement, last_activity
from rhythm.playbook.rules.facts import AccountFacts
from rhythm.playbook.rules.items import RuleContext, WorkItem, counted, keep

if TYPE_CHECKING:
    from rhythm.playbook.rules.status import AccountStatus
    from rhythm.playbook.settings import PlaybookSettings

ENGAGED, NON_ENGAGED = "engaged", "non-engaged"


@dataclass(frozen=True, slots=True)
class Engagement:
    """CAD-2's verdict: engaged or non-engaged, with the last call and a sentence why."""

    state: str
    last_call: dt.date | None  # the latest that counts: none before the initial transaction
    limit: dt.date | None  # the last day a call still kept the account engaged
    reason: str

    @property
    def engaged(self) -> bool:
        """Tell whether the account is engaged."""
        return self.state == ENGAGED


def engagement(
    facts: AccountFacts,
    settings: PlaybookSettings,
    today: dt.date,
    calendar: Calendar | None = None,
) -> Engagement:
    """Decide whether the account is engaged: a call within the last 2 months (CAD-2).

    A call or meeting of any of the engagement kinds counts (a workshop or an EBR keeps the
    account engaged too), and the sentences say so. The 2 months run from the later of the
    last call or meeting and the initial transaction: a new account is measured from its
    initial transaction until its first one, and a meeting before the sale (a discovery
    call) does not count, so it is not non-engaged the day it signs.
    "More than 2 months" means the day after the same date two calendar months later; a
    setting in business days skips the public holidays of the account's working region in
    `calendar` (weekends only without one).
    """
    facts = facts.as_of(today)
    after = settings.cadence.non_engaged_after
    last_call = counted_call(facts, settings.cadence.engagement_kinds)
    reference = last_call or facts.initial_transaction_date
    if reference is None:
        reason = "Non-engaged, with no call or meeting logged and no initial transaction date."
        return Engagement(NON_ENGAGED, None, None, reason)
    limit = shift(reference, after, calendar=calendar, region=facts.working_region)
    if today <= limit:
        since = "the last call or meeting" if last_call else "the initial transaction"
        reason = f"Engaged until {iso(limit)}, {after} after {since}."
        return Engagement(ENGAGED, last_call, limit, reason)
    since = iso(last_call) if last_call else f"the initial transaction on {iso(reference)}"
    reason = f"Non-engaged, with no call or meeting since {since}, more than {after} ago."
    return Engagement(NON_ENGAGED, last_call, limit, reason)


def counted_call(facts: AccountFacts, kinds: Iterable[str]) -> dt.date | None:
    """Return the latest call or meeting of these kinds that CAD-2 counts, or None.

    One held before the initial transaction (a discovery call during the sale) is not: the
    customer's engagement starts with the sale, as `derived.first_engagement` has it. A
    call on the day of the sale counts.
    """
    last_call = last_activity(facts, kinds)
    signed = facts.initial_transaction_date
    return last_call if last_call and (signed is None or last_call >= signed) else None


def cadence_interval(priority: str, settings: PlaybookSettings) -> Duration:
    """Return the cadence-call interval for a priority (CAD-1)."""
    return settings.cadence.p1_every if priority == "P1" else settings.cadence.p2_every


def cadence_call_due(
    facts: AccountFacts, status: AccountStatus, ctx: RuleContext
) -> list[WorkItem]:
    """Schedule the next cadence call one interval after the last one (CAD-1).

    P1 accounts get a call every 14 days and P2 accounts monthly (settings); a new account
    counts from the start of engagement (recorded, or its first call or meeting, as TTV-1
    and the KPIs take it), so its first call is due one interval after it; an account not
    engaged yet counts from its initial transaction. An interval in business days skips
    the public holidays of the account's working region (`RuleContext.calendar`).
    """
    facts = facts.as_of(ctx.today)
    settings = ctx.settings
    priority = status.priority.effective
    interval = cadence_interval(priority, settings)
    last_call = last_activity(facts, settings.cadence.call_kinds)
    # Only an account without a cadence call looks for when engagement started.
    engaged = None if last_call else first_engagement(facts, settings)
    signed = facts.initial_transaction_date
    since = last_call or engaged or signed
    region = facts.working_region
    due = shift(since, interval, calendar=ctx.calendar, region=region) if since else None
    if not ctx.shows("CAD-1", due):
        return []
    head = f"{priority} account: calls {every(interval)}"
    if last_call:
        why = f"{head}; last call {iso(last_call)}, {ctx.days_ago(last_call)}."
    elif engaged:
        why = f"{head}; no cadence call yet, engagement started {iso(engaged)}."
    elif signed:
        why = (
            f"{head}; no cadence call or other meeting yet, counted from the initial "
            f"transaction on {iso(signed)}."
        )
    else:
        why = f"{head}; no cadence call logged yet."
    return keep(ctx.item("CAD-1", facts, due=due, why=why, action="Log a cadence call."))


def non_engaged_flag(
    facts: AccountFacts, status: AccountStatus, ctx: RuleContext
) -> list[WorkItem]:
    """Flag a non-engaged account: no call or meeting for more than 2 months (CAD-2).

    It is marked non-engaged and enters triage until the next completed call.
    """
    engaged = status.engagement
    if engaged.engaged:
        return []
    action = "Log a call with the customer; the account stays in triage until then."
    return keep(ctx.item("CAD-2", facts, due=engaged.limit, why=engaged.reason, action=action))


@dataclass(frozen=True)
class BookLoad:
    """CAD-3's view of a book: how many accounts, how many P1, calls a week it needs."""

    accounts: int
    p1_accounts: int
    calls_per_week: float


def book_load(priorities: Sequence[str], settings: PlaybookSettings) -> BookLoad:
    """Count a book's accounts and the cadence calls a week their priorities require."""
    working_days = settings.capacity.working_days_per_year
    per_year = sum(cadence_interval(p, settings).per_year(working_days) for p in priorities)
    p1 = sum(1 for p in priorities if p == "P1")
    return BookLoad(len(priorities), p1, round(per_year / 52, 2))


def book_load_flags(csm: str | None, load: BookLoad, ctx: RuleContext) -> list[WorkItem]:
    """Flag a book outside 12-20 accounts or 5-7 cadence calls a week (CAD-3).

    The ranges are per segment: a strategic CSM's book is small and deep, other segments
    set their own numbers.
    """
    cadence = ctx.settings.cadence
    action = "Rebalance the book with your manager."
    size_ok = cadence.book_size_min <= load.accounts <= cadence.book_size_max
    calls_ok = cadence.calls_per_week_min <= load.calls_per_week <= cadence.calls_per_week_max
    size_why = (
        f"Book of {counted(load.accounts, 'account')} is outside the "
        f"{cadence.book_size_min}-{cadence.book_size_max} range."
    )
    calls_why = (
        f"The book needs {load.calls_per_week:g} cadence "
        f"call{'' if load.calls_per_week == 1 else 's'} a week "
        f"({load.p1_accounts} P1, {load.accounts - load.p1_accounts} P2), outside the "
        f"{cadence.calls_per_week_min:g}-{cadence.calls_per_week_max:g} range."
    )
    return keep(
        None
        if size_ok
        else ctx.item("CAD-3", None, due=None, why=size_why, action=action, csm=csm),
        None
        if calls_ok
        else ctx.item("CAD-3", None, due=None, why=calls_why, action=action, csm=csm),
    )


@dataclass(frozen=True, slots=True)
class Adherence:
    """Cadence calls due in a period and how many were held on time."""

    due: int
    on_time: int


def cadence_adherence(
    facts: AccountFacts,
    priority: str,
    settings: PlaybookSettings,
    today: dt.date,
    calendar: Calendar | None = None,
) -> Adherence:
    """Count the cadence calls due in the adherence period and those held on time.

    Each due date is one interval after the previous call; a call by then is on time. A
    late call restarts the clock; with no call at all, another call falls due every
    interval. Before the first call, the clock starts when engagement started (as CAD-1
    counts it), else at the initial transaction. The current priority is used for the whole period.
    Business days skip the working region's public holidays in `calendar`, as CAD-1 does.
    """
    facts = facts.as_of(today)
    interval = cadence_interval(priority, settings)
    region = facts.working_region
    period = settings.cadence.adherence_period
    start = shift(today, period, before=True, calendar=calendar, region=region)
    calls = activity_dates(facts, settings.cadence.call_kinds)
    previous = (
        _last_before(calls, start)
        or first_engagement(facts, settings)
        or facts.initial_transaction_date
    )
    if previous is None or interval.amount == 0:
        return Adherence(0, 0)
    due_count = on_time = 0
    while (due := shift(previous, interval, calendar=calendar, region=region)) <= today:
        following = next((call for call in calls if call > previous), None)
        held = following is not None and following <= due
        if due == today and not held:
            break  # due today: not missed until tomorrow, as CAD-1 says "due", not "late"
        if due >= start:
            due_count += 1
            on_time += 1 if held else 0
        previous = following if following and following <= today else due
    return Adherence(due_count, on_time)


def _last_before(dates: tuple[dt.date, ...], day: dt.date) -> dt.date | None:
    earlier = [d for d in dates if d < day]
    return earlier[-1] if earlier else None
