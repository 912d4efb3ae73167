"""Account prioritisation (handbook 003 "Account Prioritization"): PRIO-1 to PRIO-4."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rhythm.playbook.rules.cadence import Engagement, engagement
from rhythm.playbook.rules.dates import Calendar, every, iso, shift
from rhythm.playbook.rules.derived import (
    codes,
    compare_share,
    latest_health,
    norm,
    use_case_statuses,
)
from rhythm.playbook.rules.facts import AccountFacts, PriorityOverride
from rhythm.playbook.rules.items import RuleContext, WorkItem, counted, keep
from rhythm.playbook.rules.labels import code_words
from rhythm.playbook.rules.p1_history import DAY, p1_history

if TYPE_CHECKING:
    from rhythm.playbook.rules.status import AccountStatus
    from rhythm.playbook.settings import PlaybookSettings

P1, P2 = "P1", "P2"

# The topic of PRIO-1's low-adoption reasons, the words before their colon: WS-1 asks
# quarterly workshops of the accounts P1 for it (`PriorityDecision.low_adoption`).
LOW_ADOPTION = "Low use-case adoption"


@dataclass(frozen=True, slots=True)
class PriorityDecision:
    """The computed priority with every reason (PRIO-1) and any override beside it (PRIO-2)."""

    computed: str
    reasons: tuple[str, ...]
    override: PriorityOverride | None = None

    @property
    def effective(self) -> str:
        """Return the priority that counts: the manager's override, else the computed one."""
        return self.override.priority if self.override else self.computed

    @property
    def explanation(self) -> tuple[str, ...]:
        """Return the sentences that justify the effective priority."""
        if self.override:
            note = (
                f"Set to {self.override.priority} by {self.override.by} on {iso(self.override.on)}"
            )
            return (f"{note}: {self.override.reason}",)
        return self.reasons

    @property
    def low_adoption(self) -> bool:
        """Tell whether PRIO-1 found the account's use-case adoption low (a reason)."""
        return any(reason.startswith(f"{LOW_ADOPTION}:") for reason in self.reasons)


def compute_priority(
    facts: AccountFacts, engaged: Engagement, settings: PlaybookSettings, today: dt.date
) -> PriorityDecision:
    """Decide P1 or P2 and give every reason that makes the account P1 (PRIO-1).

    P1 when adoption is low, the account is red or at risk, or an expansion is open; P2
    otherwise. A manager's override (PRIO-2) is kept beside the computed value, never
    replacing it, so both stay visible.
    """
    facts = facts.as_of(today)
    reasons = (
        _adoption_reasons(facts, settings)
        + _risk_reasons(facts, engaged, settings)
        + _expansion_reasons(facts, settings)
    )
    return PriorityDecision(P1 if reasons else P2, reasons, facts.priority_override)


def _adoption_reasons(facts: AccountFacts, settings: PlaybookSettings) -> tuple[str, ...]:
    tier = norm(facts.tier)
    statuses = use_case_statuses(facts)
    green = sorted(u for u, status in statuses.items() if status == "green")
    limit, red = settings.prioritisation.adoption_by_tier.get(tier, (None, frozenset()))
    reasons = []
    label = facts.tier.strip().capitalize()
    if limit is not None and len(green) <= limit:
        which = f" ({', '.join(code_words(u) for u in green)})" if green else ""
        plural = "s" if len(green) != 1 else ""
        count = f"{len(green)} green use case{plural}" if green else "no green use case"
        reasons.append(
            f"{LOW_ADOPTION}: {label} tier with {count}{which}; {limit} or fewer makes P1."
        )
    for use_case in sorted(red):
        if statuses.get(use_case) == "red":
            reasons.append(f"{LOW_ADOPTION}: {label} tier with {code_words(use_case)} red.")
    return tuple(reasons)


def _risk_reasons(
    facts: AccountFacts, engaged: Engagement, settings: PlaybookSettings
) -> tuple[str, ...]:
    reasons = []
    health = latest_health(facts)
    if health and norm(health.overall) == "red":
        reasons.append(f"At risk: overall health red (assessed {iso(health.on)}).")
    if not engaged.engaged:
        reasons.append(f"At risk: {engaged.reason[0].lower()}{engaged.reason[1:]}")
    at_risk = codes(settings.prioritisation.at_risk_outlooks)
    for renewal in sorted(facts.renewals, key=lambda r: r.renewal_date):
        if renewal.outcome == "open" and norm(renewal.outlook) in at_risk:
            reasons.append(f"At risk: renewal on {iso(renewal.renewal_date)} may decrease ARR.")
    return tuple(reasons)


def _expansion_reasons(facts: AccountFacts, settings: PlaybookSettings) -> tuple[str, ...]:
    kinds = codes(settings.prioritisation.expansion_kinds)
    open_playbooks = sorted(
        (e for e in facts.expansions if e.closed_on is None and norm(e.kind) in kinds),
        key=lambda e: (e.opened_on, e.kind),
    )
    return tuple(
        f"Expansion opportunity: {e.kind.replace('_', ' ')} playbook open since {iso(e.opened_on)}."
        for e in open_playbooks
    )


def priority_on(
    facts: AccountFacts,
    settings: PlaybookSettings,
    day: dt.date,
    calendar: Calendar | None = None,
) -> str:
    """Return the account's effective priority as it stood on `day`, by replaying PRIO-1.

    The plain replay: PRIO-3 uses `p1_history`, which a property test holds equal to this.
    `calendar` holds the public holidays a setting in business days skips.
    """
    facts = facts.as_of(day)
    settings = settings.for_segment(facts.segment)
    engaged = engagement(facts, settings, day, calendar)
    return compute_priority(facts, engaged, settings, day).effective


def priority_review_due(
    facts: AccountFacts, status: AccountStatus, ctx: RuleContext
) -> list[WorkItem]:
    """Review the account's priority every quarter (PRIO-4).

    Priorities drift as adoption, health and renewals change; a quarterly review keeps
    the P1 list honest. An interval in business days skips the public holidays of the
    account's working region.
    """
    facts = facts.as_of(ctx.today)
    interval = ctx.settings.prioritisation.review_every
    reviewed = facts.priority_reviewed_on
    region = facts.working_region
    due = shift(reviewed, interval, calendar=ctx.calendar, region=region) if reviewed else None
    if not ctx.shows("PRIO-4", due):
        return []
    if reviewed:
        ago = ctx.days_ago(reviewed)
        why = f"Priority last reviewed {iso(reviewed)}, {ago}; review it {every(interval)}."
    else:
        why = f"Priority never reviewed; review it {every(interval)}."
    action = "Review the account's priority and record the review."
    return keep(ctx.item("PRIO-4", facts, due=due, why=why, action=action))


@dataclass(frozen=True)
class P1Share:
    """PRIO-3's view of a book: P1 share now, and since when it has been above target."""

    p1_accounts: int
    accounts: int
    above_target_since: dt.date | None
    since_or_earlier: bool = False  # the history sampled ran out while still above target

    @property
    def percent(self) -> float | None:
        """Return the P1 share in percent (None for an empty book), rounded for display."""
        return round(100 * self.p1_accounts / self.accounts, 1) if self.accounts else None

    def above(self, limit_percent: float) -> bool:
        """Tell whether the exact share is above a percentage (never the rounded one)."""
        return (
            bool(self.accounts)
            and compare_share(self.p1_accounts, self.accounts, limit_percent) > 0
        )


def p1_share(
    accounts: Sequence[AccountFacts],
    priorities: Sequence[str],
    settings: PlaybookSettings,
    today: dt.date,
    *,
    calendar: Calendar | None = None,
    region: str = "",
) -> P1Share:
    """Measure a book's P1 share and, when above target, since when it has been (PRIO-3).

    "Since" is the first day of the run of days above target that ends today, to the day:
    the share changes only on the days an account's priority changes or an account signs,
    so those days are all that is looked at. The history reaches back a week further than
    the allowed period, far enough to tell "longer than a quarter", no further; above
    target on each of those days, `since_or_earlier` says so. On each day an account counts,
    as P1 or not, only from its initial transaction on: before it, it was not a customer
    yet. Each account's P1 days are worked out once from its facts (`p1_history`).
    `calendar` holds
    the public holidays a setting in business days skips: each account's own working
    region's in its history, the CSM's `region` for the allowed period.
    """
    share = P1Share(sum(1 for p in priorities if p == P1), len(priorities), None)
    target = settings.prioritisation.p1_share_target_percent
    if not share.above(target):
        return share
    allowed = settings.prioritisation.p1_share_above_target_for
    back = shift(today, allowed, before=True, calendar=calendar, region=region)
    limit = back - dt.timedelta(days=7)
    changes = _share_changes(accounts, settings, limit, today, calendar)
    for day, p1_accounts, customers in changes:
        # The counts on the day before `day`: at or below target there, the run began on `day`.
        if not customers or compare_share(p1_accounts, customers, target) <= 0:
            return P1Share(share.p1_accounts, share.accounts, day)
    return P1Share(share.p1_accounts, share.accounts, limit, since_or_earlier=True)


# (day, P1 accounts, customers): the counts on the day before `day`, which differ from
# those on `day`; the latest day first.
Changes = Iterator[tuple[dt.date, int, int]]


def _share_changes(
    accounts: Sequence[AccountFacts],
    settings: PlaybookSettings,
    limit: dt.date,
    today: dt.date,
    calendar: Calendar | None,
) -> Changes:
    """Walk a book's P1 and customer counts back from today, over the days they change
    (after `limit`), from each account's P1 days (`p1_history`) and first day as a customer."""
    p1 = customers = 0
    deltas: dict[dt.date, list[int]] = defaultdict(lambda: [0, 0])
    for facts in accounts:
        start = facts.initial_transaction_date
        if start is not None and start > today:
            continue
        history = p1_history(facts, settings, limit, calendar)
        customers += 1
        p1 += history.is_p1(today)
        if start is not None and start > limit:  # a customer from `start` on
            delta = deltas[start]
            delta[0] += history.is_p1(start)
            delta[1] += 1
        for day in history.days:
            if limit < day <= today and (start is None or day > start):
                deltas[day][0] += history.is_p1(day) - history.is_p1(day - DAY)
    for day in sorted(deltas, reverse=True):
        p1 -= deltas[day][0]
        customers -= deltas[day][1]
        yield day, p1, customers


def p1_share_flags(
    csm: str | None, share: P1Share, ctx: RuleContext, *, region: str = ""
) -> list[WorkItem]:
    """Flag a book above 50% P1, or above the 30% target for longer than a quarter (PRIO-3).

    Up to 50% is allowed for at most one quarter with defined action items; the item
    comes due one quarter after the share first rose above target (business days skip the
    public holidays of the CSM's `region`, as `p1_share` counted them).
    """
    settings = ctx.settings.prioritisation
    if share.percent is None or share.above_target_since is None:
        return []
    now = f"{share.percent:g}% ({share.p1_accounts} of {counted(share.accounts, 'account')})"
    action = "Agree action items to bring P1 accounts back to P2 with your manager."
    items = []
    if share.above(settings.p1_share_max_percent):
        why = f"P1 share {now} is above the {settings.p1_share_max_percent:g}% maximum."
        items.append(ctx.item("PRIO-3", None, due=None, why=why, action=action, csm=csm))
    target = f"the {settings.p1_share_target_percent:g}% target"
    allowed = settings.p1_share_above_target_for
    overdue = share.since_or_earlier
    if overdue:
        # Above target on every day of the history: longer than allowed, since a day the
        # history does not reach. Late with no due date, not a date that moves with the day.
        due = None
        why = (
            f"P1 share {now} has been above {target} for longer than {allowed}; "
            f"at most {allowed} is allowed."
        )
    else:
        due = shift(share.above_target_since, allowed, calendar=ctx.calendar, region=region)
        why = (
            f"P1 share {now} has been above {target} since {iso(share.above_target_since)}; "
            f"at most {allowed} is allowed."
        )
    items.append(
        ctx.item("PRIO-3", None, due=due, why=why, action=action, csm=csm, overdue=overdue)
    )
    return keep(*items)
