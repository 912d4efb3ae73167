"""The KPIs of playbook section 3, for any set of accounts, on any date, and over time."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from rhythm.playbook.rules.adoption import stage_adoption
from rhythm.playbook.rules.batch import collector_paused
from rhythm.playbook.rules.cadence import cadence_adherence
from rhythm.playbook.rules.dates import Duration, add_months, month_end, quarter_start, shift
from rhythm.playbook.rules.derived import compare_share, norm
from rhythm.playbook.rules.ebr import ebr_covered
from rhythm.playbook.rules.facts import AccountFacts, BookFacts
from rhythm.playbook.rules.health import health_fresh_until
from rhythm.playbook.rules.onboarding import MilestoneDates, milestone_dates
from rhythm.playbook.rules.plans import qualified_green
from rhythm.playbook.rules.renewals import (
    ExpansionStats,
    RenewalRates,
    expansion_stats,
    renewal_rates,
    reviews_on_time,
)
from rhythm.playbook.rules.status import AccountStatus, account_status
from rhythm.playbook.rules.surveys import NetPromoterScore, net_promoter_score
from rhythm.playbook.rules.workshops import industry_labels, is_roundtable_for

if TYPE_CHECKING:
    from rhythm.playbook.rules.dates import Calendar
    from rhythm.playbook.settings import PlaybookSettings

# The settings an account runs on: its CSM's team's, with its segment's overrides
# (`WorkQueue.account_settings`). Without one, every account has the view's settings and
# its segment's.
SettingsOf = Callable[[AccountFacts], "PlaybookSettings"]


@dataclass(frozen=True)
class Ratio:
    """A count over a total, its percentage, and the target it is measured against."""

    count: int
    total: int
    target_percent: float | None = None
    lower_is_better: bool = False

    @property
    def percent(self) -> float | None:
        """Return count over total in percent (None when the total is zero)."""
        return round(100 * self.count / self.total, 1) if self.total else None

    @property
    def met(self) -> bool | None:
        """Tell whether the target is met (None without a target or a total).

        Judged on the exact share, not on `percent`, which is rounded for display.
        """
        if self.target_percent is None or not self.total:
            return None
        compared = compare_share(self.count, self.total, self.target_percent)
        return compared <= 0 if self.lower_is_better else compared >= 0


@dataclass(frozen=True)
class MilestoneKpi:
    """Time to a milestone (TTV-2): median days, and the share reached by its target."""

    target: str
    median_days: float | None
    reached: int
    due: int
    on_time: int
    target_days: float | None = None  # the target shown, in days (months of 365.25 / 12)

    @property
    def on_time_percent(self) -> float | None:
        """Return the share of accounts due that reached the milestone by its target."""
        return round(100 * self.on_time / self.due, 1) if self.due else None

    @property
    def met(self) -> bool | None:
        """Tell whether the median time is within the target shown (None without either).

        The median counts the accounts that reached the milestone; one past its target
        without it took longer than the target too. So the median is within the target
        only if at least half of the accounts due reached it on time: one account of six
        reaching first value in 19 days, the five others past 30 days without it, is not
        a median of 19 days met.
        """
        if self.median_days is None or self.target_days is None:
            return None
        return self.median_days <= self.target_days and 2 * self.on_time >= self.due


@dataclass(frozen=True)
class Kpis:
    """Every KPI of section 3 for one set of accounts on one date."""

    today: dt.date
    accounts: int
    time_to_first_engage: MilestoneKpi
    time_to_first_value: MilestoneKpi
    time_to_onboard: MilestoneKpi
    ebr_coverage: Ratio
    green_success_plans: Ratio
    p1_share: Ratio
    non_engaged: Ratio
    health_freshness: Ratio
    renewal_reviews_on_time: Ratio
    cadence_adherence: Ratio
    stage_adoption: Ratio
    nps: NetPromoterScore
    renewals: RenewalRates
    expansion: ExpansionStats
    roundtables: tuple[tuple[str, int], ...]  # industry, roundtables held this quarter

    @property
    def time_to_first_engage_days(self) -> float | None:
        """Return the median days from the initial transaction to the first CSM meeting."""
        return self.time_to_first_engage.median_days

    @property
    def time_to_first_value_days(self) -> float | None:
        """Return the median days from the initial transaction to first value."""
        return self.time_to_first_value.median_days

    @property
    def time_to_onboard_days(self) -> float | None:
        """Return the median days from the initial transaction to onboarding complete."""
        return self.time_to_onboard.median_days

    @property
    def renewal_rate(self) -> float | None:
        """Return renewed ARR over ARR up for renewal in the period, in percent."""
        return self.renewals.renewal_rate

    def as_dict(self) -> dict[str, Any]:
        """Return the KPIs as JSON-ready data, with percentages computed."""
        data = _plain(asdict(self))
        for name in (
            "ebr_coverage",
            "green_success_plans",
            "p1_share",
            "non_engaged",
            "health_freshness",
            "renewal_reviews_on_time",
            "cadence_adherence",
            "stage_adoption",
        ):
            ratio = getattr(self, name)
            data[name].update(percent=ratio.percent, met=ratio.met)
        for name in ("time_to_first_engage", "time_to_first_value", "time_to_onboard"):
            milestone = getattr(self, name)
            data[name].update(on_time_percent=milestone.on_time_percent, met=milestone.met)
        data["nps"]["score"] = self.nps.score
        data["renewals"].update(
            renewal_rate=self.renewals.renewal_rate,
            net_revenue_retention=self.renewals.net_revenue_retention,
        )
        data["expansion"]["win_rate"] = self.expansion.win_rate
        return data


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def milestone_kpi(
    accounts: Sequence[AccountFacts],
    field: str,
    target: Duration,
    settings: PlaybookSettings,
    today: dt.date,
    *,
    milestones: Sequence[MilestoneDates] | None = None,
    targets: Sequence[Duration] | None = None,
    calendar: Calendar | None = None,
) -> MilestoneKpi:
    """Measure time to one milestone over accounts with an initial transaction (TTV-2).

    The median counts accounts that reached it; the on-time share counts those whose
    target date has passed or that reached it. A first value known only from the current
    license count has no date, so it is left out. `milestones` (aligned with `accounts`)
    reuses the accounts' milestone dates when several milestones are measured; `targets`
    (aligned too) gives each account its own target, where teams or segments differ, and
    `target` is then the one shown. A target in business days skips the public holidays
    in `calendar` of the account's working region, as TTV-2 counts it.
    """
    if milestones is None:
        milestones = [milestone_dates(facts, settings, today) for facts in accounts]
    days, due, on_time = [], 0, 0
    each = targets if targets is not None else [target] * len(accounts)
    for facts, dates, own in zip(accounts, milestones, each, strict=True):
        start = facts.initial_transaction_date
        if start is None or start > today:
            continue
        reached = getattr(dates, field)
        if reached is None and field == "first_value" and dates.first_value_reached:
            continue
        deadline = shift(start, own, calendar=calendar, region=facts.working_region)
        if reached is not None:
            days.append((reached - start).days)
        if reached is not None or deadline < today:
            due += 1
            on_time += 1 if reached is not None and reached <= deadline else 0
    median = float(statistics.median(days)) if days else None
    return MilestoneKpi(str(target), median, len(days), due, on_time, target.approximate_days)


def compute_kpis(
    book: BookFacts | Sequence[AccountFacts],
    settings: PlaybookSettings,
    today: dt.date,
    *,
    statuses: Sequence[AccountStatus] | None = None,
    settings_of: SettingsOf | None = None,
    calendar: Calendar | None = None,
) -> Kpis:
    """Compute every KPI of section 3 for a set of accounts on `today`.

    Accounts whose initial transaction is after `today` are left out. Pass `statuses`
    (aligned with the accounts that remain) to reuse states already computed by
    `build_queue`; otherwise they are derived here. The cycle collector is paused meanwhile
    (`batch.collector_paused`).

    What is worked out of one account (its state, milestones and their targets, EBR
    coverage, fresh health, adoption, cadence, renewal review stages) uses the account's
    settings (`settings_of`); the targets of the shares and the periods the KPIs cover are
    `settings`'s, the view's. `calendar` holds the public holidays a setting in business
    days skips, as the rules have it (the queue's, so non-engaged is counted as CAD-2 says).
    Each account's business days are those of its working region (its CSM's, else its
    own), the periods counted back from today too (the renewal rate's, EBR coverage's): so
    an account counts alike in every view and grouping, and a team's figures are its
    CSMs' put together, whatever the view's region.
    """
    with collector_paused():
        return _kpis(book, settings, today, statuses, settings_of, calendar)


def _kpis(
    book: BookFacts | Sequence[AccountFacts],
    settings: PlaybookSettings,
    today: dt.date,
    statuses: Sequence[AccountStatus] | None,
    settings_of: SettingsOf | None,
    calendar: Calendar | None = None,
) -> Kpis:
    listed = book.accounts if isinstance(book, BookFacts) else book
    accounts = tuple(f.as_of(today) for f in listed if f.is_customer_on(today))
    sessions = book.sessions if isinstance(book, BookFacts) else ()
    own = [(settings_of or _by_segment(settings))(f) for f in accounts]
    if statuses is None:
        statuses = _statuses(accounts, own, today, calendar)
    reached = [milestone_dates(f, s, today) for f, s in zip(accounts, own, strict=True)]

    def time_to(field: str, target: str) -> MilestoneKpi:
        shown = getattr(settings.onboarding, target)
        targets = [getattr(s.onboarding, target) for s in own]
        return milestone_kpi(
            accounts,
            field,
            shown,
            settings,
            today,
            milestones=reached,
            targets=targets,
            calendar=calendar,
        )

    return Kpis(
        today=today,
        accounts=len(accounts),
        time_to_first_engage=time_to("engagement", "engage_within"),
        time_to_first_value=time_to("first_value", "first_value_within"),
        time_to_onboard=time_to("onboarding_complete", "onboard_within"),
        **_account_ratios(accounts, statuses, own, settings, today, calendar),
        **_activity_ratios(accounts, statuses, own, settings, today, calendar),
        nps=net_promoter_score(accounts, settings, today, calendar),
        renewals=renewal_rates(accounts, settings, today, calendar),
        expansion=expansion_stats(accounts, today),
        roundtables=_roundtables(accounts, sessions, today),
    )


def _by_segment(settings: PlaybookSettings) -> SettingsOf:
    return lambda facts: settings.for_segment(facts.segment)


def _statuses(
    accounts: Sequence[AccountFacts],
    own: Sequence[PlaybookSettings],
    today: dt.date,
    calendar: Calendar | None,
) -> list[AccountStatus]:
    """Derive each account's state on its own settings, as the queue derives it."""
    return [
        account_status(f, s, today, calendar=calendar) for f, s in zip(accounts, own, strict=True)
    ]


# What each share of accounts counts: a test of an account's facts, its state today, its
# own settings and the public holidays (business days in its working region). The
# dashboard's cards count these, and the Accounts list shows the accounts behind a share
# (`accounts_behind`) with the very same test.
AccountTest = Callable[
    [AccountFacts, AccountStatus, "PlaybookSettings", dt.date, "Calendar | None"], bool
]
ACCOUNT_TESTS: dict[str, AccountTest] = {
    "ebr_coverage": lambda f, _, s, today, cal: ebr_covered(f, s, today, cal),
    "green_success_plans": lambda f, _, s, today, _c: qualified_green(f, today),
    "p1_share": lambda _f, state, _s, _t, _c: state.priority.effective == "P1",
    "non_engaged": lambda _f, state, _s, _t, _c: not state.engagement.engaged,
    "health_freshness": lambda f, _, s, today, cal: (
        (health_fresh_until(f, s, cal) or dt.date.min) >= today
    ),
    "stage_adoption": lambda f, _, s, today, _c: stage_adoption(f, s, today).complete,
}
# The shares whose target is a most (the accounts counted are the ones behind it).
LOWER_IS_BETTER = frozenset({"p1_share", "non_engaged"})
# The shares of accounts with a target, whose accounts behind it a manager may list.
BEHIND_KEYS = ("ebr_coverage", "green_success_plans", "p1_share", "non_engaged", "health_freshness")


def _account_ratios(
    accounts: Sequence[AccountFacts],
    statuses: Sequence[AccountStatus],
    own: Sequence[PlaybookSettings],
    settings: PlaybookSettings,
    today: dt.date,
    calendar: Calendar | None = None,
) -> dict[str, Ratio]:
    """Shares of accounts in a state today: covered, green, P1, non-engaged, fresh, adopted.

    Each account is judged on its own settings (`own`, aligned) and its working region's
    holidays in `calendar`, each share against the view's target (`settings`).
    """
    total = len(accounts)
    judged = list(zip(accounts, statuses, own, strict=True))

    def count(key: str) -> int:
        test = ACCOUNT_TESTS[key]
        return sum(
            1 for facts, status, found in judged if test(facts, status, found, today, calendar)
        )

    targets = {
        "ebr_coverage": settings.ebr.coverage_target_percent,
        "green_success_plans": settings.plans.green_target_percent,
        "p1_share": settings.prioritisation.p1_share_target_percent,
        "non_engaged": settings.cadence.non_engaged_target_percent,
        "health_freshness": settings.health.freshness_target_percent,
        "stage_adoption": None,
    }
    return {
        key: Ratio(count(key), total, target, lower_is_better=key in LOWER_IS_BETTER)
        for key, target in targets.items()
    }


def accounts_behind(
    book: BookFacts | Sequence[AccountFacts],
    key: str,
    settings: PlaybookSettings,
    today: dt.date,
    *,
    statuses: Sequence[AccountStatus] | None = None,
    settings_of: SettingsOf | None = None,
    calendar: Calendar | None = None,
) -> tuple[AccountFacts, ...]:
    """Return the accounts that keep a share of accounts (`BEHIND_KEYS`) from its target:
    those it counts when lower is better (the P1 and non-engaged ones), else those it does
    not (without an EBR held, a qualified green plan, fresh health), exactly as
    `compute_kpis` counts them on `today`. Another key is a ValueError."""
    if key not in BEHIND_KEYS:
        raise ValueError(f"Not a share of accounts: {key!r}; one of {', '.join(BEHIND_KEYS)}.")
    listed = book.accounts if isinstance(book, BookFacts) else book
    accounts = tuple(f.as_of(today) for f in listed if f.is_customer_on(today))
    own = [(settings_of or _by_segment(settings))(f) for f in accounts]
    if statuses is None:
        statuses = _statuses(accounts, own, today, calendar)
    test, counted = ACCOUNT_TESTS[key], key in LOWER_IS_BETTER
    return tuple(
        facts
        for facts, status, found in zip(accounts, statuses, own, strict=True)
        if test(facts, status, found, today, calendar) is counted
    )


def _activity_ratios(
    accounts: Sequence[AccountFacts],
    statuses: Sequence[AccountStatus],
    own: Sequence[PlaybookSettings],
    settings: PlaybookSettings,
    today: dt.date,
    calendar: Calendar | None = None,
) -> dict[str, Ratio]:
    """Shares of things due that were done on time: renewal reviews and cadence calls."""
    reviews = reviews_on_time(accounts, settings, today, stages_of=own, calendar=calendar)
    adherence = [
        cadence_adherence(f, state.priority.effective, s, today, calendar)
        for f, state, s in zip(accounts, statuses, own, strict=True)
    ]
    target = settings.renewals.reviews_on_time_target_percent
    return {
        "renewal_reviews_on_time": Ratio(reviews.on_time, reviews.due, target),
        "cadence_adherence": Ratio(
            sum(a.on_time for a in adherence), sum(a.due for a in adherence)
        ),
    }


def _roundtables(
    accounts: Sequence[AccountFacts], sessions: Sequence, today: dt.date
) -> tuple[tuple[str, int], ...]:
    """Count roundtables held this quarter for each industry in the accounts (RT-1).

    Each industry is named as the first account writes it, as RT-1's items and the KPIs
    by industry name it; industries that differ only by case are one. A roundtable for
    several industries counts once for each of them.
    """
    start = quarter_start(today)
    labels = industry_labels(f.industry for f in accounts)
    return tuple(
        (
            labels[industry],
            sum(1 for s in sessions if is_roundtable_for(s, industry) and start <= s.on <= today),
        )
        for industry in sorted(labels)
    )


# Each KPI's name for people, under the key the JSON, the CSV and the API give it: the
# dashboard's cards and the `rhythm kpis` table both name the KPIs from here.
KPI_LABELS = {
    "time_to_first_engage_days": "Time to first engage",
    "time_to_first_value_days": "Time to first value",
    "time_to_onboard_days": "Time to onboard",
    "ebr_coverage": "EBR coverage",
    "green_success_plans": "Green success plans",
    "p1_share": "P1 share",
    "non_engaged": "Non-engaged accounts",
    "health_freshness": "Health freshness",
    "renewal_reviews_on_time": "Renewal reviews on time",
    "cadence_adherence": "Cadence adherence",
    "nps": "NPS",
    "renewal_rate": "Renewal rate",
    "roundtables_this_quarter": "Roundtables",
    "expansion_this_quarter": "Expansion playbooks",
}

GROUPINGS = ("csm", "region", "segment", "industry", "cohort")
# The group of the accounts without a value, named so it cannot pass for one.
UNSET = {
    "csm": "(no CSM)",
    "region": "(no region)",
    "segment": "(no segment)",
    "industry": "(no industry)",
    "cohort": "(no initial transaction)",
}


@dataclass(frozen=True)
class KpiGroup:
    """The KPIs of the accounts that share one CSM, region, segment, industry or cohort."""

    name: str  # the value as first written, or the grouping's UNSET label
    kpis: Kpis


def cohort(day: dt.date | None) -> str:
    """Name the calendar quarter of an initial transaction, like 2026-Q1 ('' without one)."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}" if day is not None else ""


def _group_value(facts: AccountFacts, by: str) -> str:
    """Return what an account is grouped under: its CSM's email, region, segment,
    industry or cohort, as written ('' without one)."""
    if by == "cohort":
        return cohort(facts.initial_transaction_date)
    return (getattr(facts, "csm_email" if by == "csm" else by) or "").strip()


def group_kpis(
    book: BookFacts,
    settings: PlaybookSettings,
    today: dt.date,
    by: str,
    *,
    statuses: Sequence[AccountStatus] | None = None,
    settings_of: SettingsOf | None = None,
    calendar: Calendar | None = None,
) -> tuple[KpiGroup, ...]:
    """Compute the KPIs per CSM, region, segment, industry or cohort (`GROUPINGS`).

    Values match case-insensitively, as codes do, and a group is named as its first
    account writes it; the groups come in order of name, the accounts without a value last
    (named by `UNSET`). A cohort is the calendar quarter of the initial transaction.
    Accounts whose initial transaction is after `today` are left out, as `compute_kpis`
    leaves them out; `statuses` (aligned with the accounts that remain) reuses the states
    `build_queue` derived, so no account's state is worked out twice.
    """
    if by not in GROUPINGS:
        raise ValueError(f"group by one of {', '.join(GROUPINGS)}, not {by!r}")
    customers = [facts for facts in book.accounts if facts.is_customer_on(today)]
    if statuses is not None and len(statuses) != len(customers):
        raise ValueError(f"{len(statuses)} statuses for {len(customers)} accounts")
    groups: dict[str, tuple[str, list[int]]] = {}
    for index, facts in enumerate(customers):
        value = _group_value(facts, by)
        groups.setdefault(norm(value), (value or UNSET[by], []))[1].append(index)

    def kpis_of(indices: Sequence[int]) -> Kpis:
        accounts = tuple(customers[i] for i in indices)
        known = None if statuses is None else [statuses[i] for i in indices]
        group = BookFacts(accounts, book.members, book.sessions)
        return compute_kpis(
            group, settings, today, statuses=known, settings_of=settings_of, calendar=calendar
        )

    ordered = sorted(groups.items(), key=lambda group: (group[0] == "", group[0]))
    with collector_paused():
        return tuple(KpiGroup(name, kpis_of(indices)) for _, (name, indices) in ordered)


def kpi_series(
    book: BookFacts,
    settings: PlaybookSettings,
    today: dt.date,
    months: int | None = None,
    *,
    settings_of: SettingsOf | None = None,
    calendar: Calendar | None = None,
) -> tuple[Kpis, ...]:
    """Compute the KPIs at each month end over the last months, the current month at today.

    Each point replays the same facts at an earlier date, so the series needs no stored
    snapshots. Each account runs on its own settings (`settings_of`), as in `compute_kpis`.
    """
    days = series_days(settings, today, months)
    return tuple(
        compute_kpis(book, settings, day, settings_of=settings_of, calendar=calendar)
        for day in days
    )


def series_days(
    settings: PlaybookSettings, today: dt.date, months: int | None = None
) -> list[dt.date]:
    """Return the days of the monthly series, oldest first: each month's end, then `today`."""
    count = months or settings.kpis.series_months
    return [min(month_end(add_months(today, -back)), today) for back in range(count - 1, -1, -1)]
