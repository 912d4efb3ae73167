"""Renewals and expansion (004 4.1, 4.3; 003 "Expand & Renew"): REN-1, REN-2, REN-3, REN-6."""

from __future__ import annotations

import datetime as dt
import re
import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from rhythm.playbook.rules.dates import (
    Calendar,
    ShiftByRegion,
    iso,
    quarter_end,
    quarter_start,
    shift,
)
from rhythm.playbook.rules.derived import codes, latest_health, norm
from rhythm.playbook.rules.facts import (
    AccountFacts,
    ExpansionFact,
    RenewalFact,
    RenewalReviewFact,
)
from rhythm.playbook.rules.health import RECORD_HEALTH, health_fresh_until
from rhythm.playbook.rules.items import RuleContext, WorkItem, keep

if TYPE_CHECKING:
    from rhythm.playbook.rules.status import AccountStatus
    from rhythm.playbook.settings import PlaybookSettings, RenewalReviewSettings


def upcoming_renewals(facts: AccountFacts, today: dt.date) -> tuple[RenewalFact, ...]:
    """Return the open renewals dated today or later, the soonest first."""
    facts = facts.as_of(today)
    found = (r for r in facts.renewals if open_on(r, today))
    return tuple(sorted(found, key=lambda r: r.renewal_date))


def open_on(renewal: RenewalFact, day: dt.date) -> bool:
    """Tell whether a renewal was open on `day` and dated that day or later: one REN-1
    looked at then (`upcoming_renewals`).

    `renewal` may stand as on a later day (`AccountFacts.as_of`): one renewed or churned
    after `day` was still open on it. A closing without its date (which the database
    refuses) counts as closed all along, as REN-1 reads it today.
    """
    closed = renewal.outcome != "open" and (renewal.closed_on is None or renewal.closed_on <= day)
    return not closed and renewal.renewal_date >= day


def reviews_shown_from(
    renewal_date: dt.date,
    settings: PlaybookSettings,
    calendar: Calendar | None = None,
    region: str | None = None,
) -> dt.date:
    """Return the day a renewal enters REN-1's window (`renewals.window` before it, 6 months
    by default): from then on, both its reviews show.

    Like every date of a renewal's reviews here, a window in business days skips the
    public holidays of `region` in `calendar`: the rules pass the account's working region
    (`AccountFacts.working_region`), and so must any caller that wants the queue's dates.
    """
    window = settings.renewals.window
    return shift(renewal_date, window, before=True, calendar=calendar, region=region)


def review_due(
    renewal_date: dt.date,
    review: RenewalReviewSettings,
    calendar: Calendar | None = None,
    region: str | None = None,
) -> dt.date:
    """Return the date a renewal review is due: 5 or 3 months before the renewal date
    (in business days, skipping the public holidays of `region` in `calendar`)."""
    return shift(renewal_date, review.before, before=True, calendar=calendar, region=region)


def stage_label(stage: str, reviews: Sequence[RenewalReviewSettings]) -> str:
    """Name a review stage by how long before the renewal the settings have it due:
    '5 months before' by default, '4 months before' for a team that holds that review a
    month later; the code itself, spaced, for a stage they do not list."""
    for review in reviews:
        if norm(review.stage) == norm(stage):
            return f"{review.before} before"
    return stage.replace("_", " ")


def review_stage(
    renewal_date: dt.date,
    day: dt.date,
    reviews: Sequence[RenewalReviewSettings],
    calendar: Calendar | None = None,
    region: str | None = None,
) -> RenewalReviewSettings | None:
    """Return the stage a renewal review held on `day` counts for: the one whose due date is
    nearest (the first listed on a tie; due dates as `review_due` has them in `region`).

    A review counts for one stage only, so a second review near a stage already held is
    that stage's again and never stands for another stage.
    """

    def distance(review: RenewalReviewSettings) -> int:
        return abs((review_due(renewal_date, review, calendar, region) - day).days)

    return min(reviews, key=distance, default=None)


def counts_until(
    renewal_date: dt.date,
    review: RenewalReviewSettings,
    reviews: Sequence[RenewalReviewSettings],
    calendar: Calendar | None = None,
    region: str | None = None,
) -> dt.date:
    """Return the last day a review held counts for `review`'s stage (`review_stage`): the
    day before the renewal, or before a later stage's due date is the nearer one (due
    dates in `region`, as `review_stage` has them)."""
    due = review_due(renewal_date, review, calendar, region)
    last = renewal_date - dt.timedelta(days=1)
    for rank, other in enumerate(reviews):
        gap = (review_due(renewal_date, other, calendar, region) - due).days
        if gap <= 0:
            continue
        tie_is_other = gap % 2 == 0 and rank < reviews.index(review)
        last = min(last, due + dt.timedelta(days=gap // 2 - (1 if tie_is_other else 0)))
    return last


def stage_reviews(
    renewal: RenewalFact, review: RenewalReviewSettings
) -> tuple[RenewalReviewFact, ...]:
    """Return the reviews held for one stage, the earliest first (a stage may be held again)."""
    stage = norm(review.stage)
    found = (r for r in renewal.reviews if norm(r.stage) == stage)
    return tuple(sorted(found, key=lambda r: r.held_on))


def renewal_team(settings: PlaybookSettings) -> str:
    """Name who attends a renewal review beside the CSM: "AE and SA" by default."""
    others = [r.upper() for r in settings.renewals.attendee_roles if norm(r) != "csm"]
    return " and ".join(others) or "account team"


def renewal_reviews_due(
    facts: AccountFacts, status: AccountStatus, ctx: RuleContext
) -> list[WorkItem]:
    """Hold two renewal reviews, 5 and 3 months before each renewal within 6 months (REN-1).

    At the start of each month the CSM looks at renewals within the window; from the day a
    renewal enters it, both reviews show, and each is late once its date passes unheld.
    The window and the reviews' leads in business days skip the public holidays of the
    account's working region.
    """
    settings = ctx.settings
    calendar, region = ctx.calendar, facts.working_region
    items = []
    for renewal in upcoming_renewals(facts, ctx.today):
        visible_from = reviews_shown_from(renewal.renewal_date, settings, calendar, region)
        held = {norm(r.stage) for r in renewal.reviews}
        leads = {norm(r.stage): r.before for r in settings.renewals.reviews} if held else {}
        logged = [r for r in renewal.reviews if norm(r.stage) in leads]
        for review in settings.renewals.reviews:
            if norm(review.stage) in held:
                continue
            due = review_due(renewal.renewal_date, review, calendar, region)
            if not ctx.shows("REN-1", due, visible_from):
                continue
            # Another stage's review logged is not this one: say so, not "none logged".
            if logged:
                other = max(logged, key=lambda r: r.held_on)
                lead = leads[norm(other.stage)]
                tail = (
                    f"the review {lead} before was logged on {iso(other.held_on)}, this one not yet"
                )
            else:
                tail = "none logged yet"
            why = (
                f"Renewal on {iso(renewal.renewal_date)} needs its review {review.before} before "
                f"(by {iso(due)}) with the {renewal_team(settings)}; {tail}."
            )
            action = f"Hold the renewal review with the {renewal_team(settings)} and log it."
            items.append(
                ctx.item("REN-1", facts, due=due, why=why, action=action, visible_from=visible_from)
            )
    return keep(*items)


def renewal_outcome_due(
    facts: AccountFacts, status: AccountStatus, ctx: RuleContext
) -> list[WorkItem]:
    """Record the outcome of a renewal whose date has passed (REN-6).

    The renewal rate and net revenue retention count a renewal once it is closed, renewed
    or churned; one left open after its date counts nowhere, and no other rule looks at it
    any more (REN-1 and REN-2 look ahead). Late from the day after the renewal date.
    """
    facts = facts.as_of(ctx.today)
    items = []
    for renewal in facts.renewals:
        if renewal.outcome != "open" or renewal.renewal_date >= ctx.today:
            continue
        why = (
            f"Renewal on {iso(renewal.renewal_date)} passed {ctx.days_ago(renewal.renewal_date)} "
            "and is still open; the renewal rate counts it once closed."
        )
        action = "Record the renewal renewed (with its ARR) or churned, and the next renewal date."
        items.append(ctx.item("REN-6", facts, due=renewal.renewal_date, why=why, action=action))
    return keep(*items)


def renewal_review_readiness(
    facts: AccountFacts, status: AccountStatus, ctx: RuleContext
) -> list[WorkItem]:
    """Update health before each renewal review and log the review team on it (REN-2).

    The review is where the account team hears the customer's state; stale health or an
    absent AE or SA defeats its purpose. The team is `renewals.attendee_roles`: by default
    the CSM, AE and SA, who hold the review together (REN-1).
    """
    facts = facts.as_of(ctx.today)
    settings = ctx.settings
    calendar, region = ctx.calendar, facts.working_region
    items = []
    for renewal in upcoming_renewals(facts, ctx.today):
        if ctx.today < reviews_shown_from(renewal.renewal_date, settings, calendar, region):
            continue
        for review in settings.renewals.reviews:
            if done := stage_reviews(renewal, review):
                items.append(_attendee_item(facts, renewal, review, done, ctx))
            else:
                due = review_due(renewal.renewal_date, review, calendar, region)
                items.append(_health_item(facts, due, ctx))
    return keep(*items)


def stage_attendees(done: Sequence[RenewalReviewFact]) -> set[str]:
    """Return the roles of the team logged at any review of one stage (REN-2): a stage
    reviewed again with whoever was missing has its whole team."""
    return {role for review in done for role in codes(review.attendee_roles)}


def _attendee_item(
    facts: AccountFacts,
    renewal: RenewalFact,
    review: RenewalReviewSettings,
    done: Sequence[RenewalReviewFact],
    ctx: RuleContext,
) -> WorkItem | None:
    missing = sorted(codes(ctx.settings.renewals.attendee_roles) - stage_attendees(done))
    if not missing:
        return None
    who = " and ".join(m.upper() for m in missing)
    held = " and ".join(iso(r.held_on) for r in done)
    why = (
        f"The review {review.before} before the renewal on {iso(renewal.renewal_date)} "
        f"(held {held}) has no {who} logged as attendee."
    )
    reviews = ctx.settings.renewals.reviews
    until = counts_until(renewal.renewal_date, review, reviews, ctx.calendar, facts.working_region)
    action = _attendee_action(who, done, until, ctx.today)
    return ctx.item("REN-2", facts, due=None, why=why, action=action)


def _attendee_action(
    who: str, done: Sequence[RenewalReviewFact], until: dt.date, today: dt.date
) -> str:
    """Say how the stage gets its whole team: most often they were there and were not
    logged, so add them to the review's timeline entry (`add_to_review`); or, while a
    review still counts for the stage, review again with them."""
    again = f"review again with the {who} by {iso(until)} and log it with them as attendees."
    logged = next((r for r in done if r.activity_id is not None), None)
    if logged is None:  # no timeline entry to correct: recorded again, or held again
        if today <= until:
            return again[:1].upper() + again[1:]
        return f"Record the review of {iso(done[0].held_on)} again, with the {who} as attendees."
    add = add_to_review(who, logged.held_on)
    return add if today > until else f"{add[:-1]} if they were there, or {again}"


_ADD_TO_REVIEW = re.compile(r"Add the .+? to the review of (\d{4}-\d{2}-\d{2})\b")


def add_to_review(who: str, held_on: dt.date) -> str:
    """Say what clears a REN-2 item when the review was held without some of the team:
    'Add the SA to the review of 2026-07-03.'"""
    return f"Add the {who} to the review of {iso(held_on)}."


def review_to_complete(action: str) -> dt.date | None:
    """Return the date of the review an item's action asks to add attendees to
    (`add_to_review`), if it asks that."""
    found = _ADD_TO_REVIEW.match(action)
    return dt.date.fromisoformat(found.group(1)) if found else None


def review_entry(facts: AccountFacts, held_on: dt.date) -> int | None:
    """Return the timeline entry of the account's renewal review held on `held_on`, if any:
    where a REN-2 item's missing attendees are added (`review_to_complete`)."""
    for renewal in facts.renewals:
        for review in renewal.reviews:
            if review.held_on == held_on and review.activity_id is not None:
                return review.activity_id
    return None


def _health_item(facts: AccountFacts, due: dt.date, ctx: RuleContext) -> WorkItem | None:
    fresh_until = health_fresh_until(facts, ctx.settings, ctx.calendar)
    if due < ctx.today or (fresh_until is not None and fresh_until >= due):
        return None  # a review already late is REN-1's item; fresh health needs nothing
    if not ctx.shows("REN-2", due):
        return None
    last = latest_health(facts)
    latest = f"last updated {iso(last.on)}" if last else "none recorded yet"
    why = (
        f"Health must be updated within {ctx.settings.health.fresh_within} before the renewal "
        f"review due {iso(due)}; {latest}."
    )
    return ctx.item("REN-2", facts, due=due, why=why, action=RECORD_HEALTH)


@dataclass(frozen=True)
class ReviewsOnTime:
    """Renewal reviews due in a period and how many were held by their due date."""

    due: int
    on_time: int


def reviews_on_time(
    accounts: Sequence[AccountFacts],
    settings: PlaybookSettings,
    today: dt.date,
    *,
    stages_of: Sequence[PlaybookSettings] | None = None,
    calendar: Calendar | None = None,
) -> ReviewsOnTime:
    """Count renewal reviews due in the last period and those held by their due date (KPI).

    The period is `settings`'s; each account's review stages are those of its own settings
    in `stages_of` (aligned with `accounts`), else `settings`'s. A review is due only if
    REN-1 asked for it on its due date (`review_asked`): a renewal closed by then asked for
    none. On its due date a review not held yet is not missed: it counts from the next
    day, or that day once held.

    Durations in business days skip the public holidays in `calendar` of each account's
    working region (its CSM's, else its own), the due dates as REN-1 has them; the
    period too is counted back from today in each account's region, so an account counts
    alike in every view and grouping (its CSM's, its team's, everyone's).
    """
    period = ShiftByRegion(today, settings.renewals.rate_period, before=True, calendar=calendar)
    due_count = on_time = 0
    own = stages_of if stages_of is not None else [settings] * len(accounts)
    for account, found in zip(accounts, own, strict=True):
        region = account.working_region
        start = period.common or period.in_region(region)
        for renewal in account.as_of(today).renewals:
            for review in found.renewals.reviews:
                due = review_due(renewal.renewal_date, review, calendar, region)
                if not start < due <= today:
                    continue
                if not review_asked(renewal, due, found, calendar, region):
                    continue
                held = stage_reviews(renewal, review)
                kept = bool(held) and held[0].held_on <= due
                if due < today or kept:
                    due_count += 1
                    on_time += 1 if kept else 0
    return ReviewsOnTime(due_count, on_time)


def review_asked(
    renewal: RenewalFact,
    due: dt.date,
    settings: PlaybookSettings,
    calendar: Calendar | None = None,
    region: str | None = None,
) -> bool:
    """Tell whether REN-1 asked, on the day it fell due, for a review of `renewal` due
    `due`, held or not: the renewal still open then (`open_on`) and within the window
    (in the account's working `region`, as REN-1 counts it).

    The KPI counts what the queue asked for, no more: a stage falling due on or after the
    day the renewal closed was never owed, so a review held for it anyway counts neither way.
    """
    if not open_on(renewal, due):
        return False
    return due >= reviews_shown_from(renewal.renewal_date, settings, calendar, region)


@dataclass(frozen=True)
class RenewalRates:
    """REN-6: ARR up for renewal in a period, what renewed (capped and with growth).

    `arr_open` is the ARR of the renewals dated in the period and not decided yet: left
    out of both rates, which only a closed renewal can move, and shown beside them so a
    late decision cannot flatter the rate unseen.
    """

    arr_up: Decimal
    renewed_capped: Decimal
    renewed: Decimal
    arr_open: Decimal = Decimal(0)
    open_renewals: int = 0

    @property
    def renewal_rate(self) -> float | None:
        """Return renewed ARR (growth excluded) over ARR up for renewal, in percent."""
        return round(float(100 * self.renewed_capped / self.arr_up), 1) if self.arr_up else None

    @property
    def net_revenue_retention(self) -> float | None:
        """Return renewed ARR including growth over ARR up for renewal, in percent."""
        return round(float(100 * self.renewed / self.arr_up), 1) if self.arr_up else None


def renewal_rates(
    accounts: Sequence[AccountFacts],
    settings: PlaybookSettings,
    today: dt.date,
    calendar: Calendar | None = None,
) -> RenewalRates:
    """Sum the renewals decided in the last period: renewed, churned, growth (REN-6).

    Only closed renewals dated in the period count; a churned one renews nothing. Those
    dated in the period and still open are summed apart (`arr_open`). A period in
    business days is counted back from today in each account's working region (the public
    holidays in `calendar` of its CSM's region, else its own), as `reviews_on_time` counts
    it: an account's renewals count alike in every view and grouping, and the rates of a
    team are those of its CSMs' books put together.
    """
    period = ShiftByRegion(today, settings.renewals.rate_period, before=True, calendar=calendar)
    up = capped = renewed = still_open = Decimal(0)
    waiting = 0
    for account in accounts:
        start = period.common or period.in_region(account.working_region)
        for renewal in account.as_of(today).renewals:
            if not start < renewal.renewal_date <= today:
                continue
            if renewal.outcome == "open":
                still_open += Decimal(str(renewal.arr or 0))
                waiting += 1
                continue
            arr = Decimal(str(renewal.arr or 0))
            again = _renewed_arr(renewal, arr)
            up, capped, renewed = up + arr, capped + min(arr, again), renewed + again
    return RenewalRates(up, capped, renewed, still_open, waiting)


def _renewed_arr(renewal: RenewalFact, arr: Decimal) -> Decimal:
    """A churned renewal renews nothing; a renewal without a figure renewed flat."""
    if norm(renewal.outcome) != "renewed":
        return Decimal(0)
    return arr if renewal.renewed_arr is None else Decimal(str(renewal.renewed_arr))


@dataclass(frozen=True)
class ExpansionStats:
    """REN-3 for one calendar quarter: playbooks opened, completed, won, days per stage."""

    quarter_start: dt.date
    opened: int
    completed: int
    won: int
    lost: int
    median_days_per_stage: tuple[tuple[str, float], ...]

    @property
    def win_rate(self) -> float | None:
        """Return won over completed playbooks, in percent."""
        return round(100 * self.won / self.completed, 1) if self.completed else None


def expansion_stats(accounts: Sequence[AccountFacts], today: dt.date) -> ExpansionStats:
    """Count the quarter's expansion playbooks and the median days spent per stage (REN-3)."""
    start, end = quarter_start(today), min(quarter_end(today), today)
    playbooks = [e for a in accounts for e in a.as_of(today).expansions]
    completed = [e for e in playbooks if e.closed_on and start <= e.closed_on <= end]
    durations: dict[str, list[int]] = defaultdict(list)
    for playbook in completed:
        for stage, days in _days_per_stage(playbook):
            durations[stage].append(days)
    return ExpansionStats(
        quarter_start=start,
        opened=sum(1 for e in playbooks if start <= e.opened_on <= end),
        completed=len(completed),
        won=sum(1 for e in completed if norm(e.outcome) == "won"),
        lost=sum(1 for e in completed if norm(e.outcome) == "lost"),
        median_days_per_stage=tuple(
            (stage, float(statistics.median(days))) for stage, days in sorted(durations.items())
        ),
    )


def _days_per_stage(playbook: ExpansionFact) -> list[tuple[str, int]]:
    changes = sorted(playbook.stage_changes, key=lambda s: s.entered_on)
    if not changes:
        return []
    ends = [c.entered_on for c in changes[1:]] + [playbook.closed_on or changes[-1].entered_on]
    return [(c.stage, (end - c.entered_on).days) for c, end in zip(changes, ends, strict=True)]
