"""The manager dashboard as the page shows it: KPI cards with trends, and one panel per book.

Presentation only: everything here reads the `WorkQueue`, the `Kpis` and the monthly
series the playbook computed, and puts them in the order and words of the page.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString

from rhythm.lib.codes import code_key, code_label
from rhythm.playbook.queue import WorkQueue
from rhythm.playbook.rules.dates import Calendar, every, last, quarter_start, shift
from rhythm.playbook.rules.derived import norm
from rhythm.playbook.rules.ebr import RoadmapEntry, RoadmapMonth
from rhythm.playbook.rules.engine import BookState
from rhythm.playbook.rules.items import LATE, WorkItem, counted
from rhythm.playbook.rules.kpis import (
    BEHIND_KEYS,
    KPI_LABELS,
    UNSET,
    KpiGroup,
    Kpis,
    MilestoneKpi,
    Ratio,
)
from rhythm.playbook.settings import PlaybookSettings
from rhythm.web.charts import line_chart, one_decimal

PERCENT_BOUNDS = (0.0, 100.0)
TASK_LABELS = {
    "cadence_calls": "Cadence calls",
    "cadence_prep": "Cadence prep and follow-up",
    "internal_meetings": "Internal meetings",
    "account_planning": "Account planning",
    "system_upkeep": "System upkeep (logging)",
    "ebrs": "EBRs",
    "workshops": "Webinars and workshops",
    "ad_hoc_calls": "Ad-hoc customer calls",
    "async_requests": "Ad-hoc async requests",
    "outreach": "Customer outreach",
    "professional_development": "Professional development",
    "special_projects": "Special projects",
    "release_review": "Release review",
    "check_ins": "Leadership check-ins",
}


@dataclass(frozen=True)
class KpiCard:
    """One KPI: its value now, its target, whether it is met, and its 12-month trend."""

    name: str
    value: str
    target: str
    met: bool | None
    detail: str
    chart: SafeString
    first_month: str = ""
    last_month: str = ""
    # The trend in figures, a (month, value) pair a month: the chart's tooltips and the
    # table under it ("Jun 2026", "31%"; "—" for a month without data).
    figures: tuple[tuple[str, str], ...] = ()
    about: str = ""  # what it counts, and over which period
    # The accounts keeping a share of accounts from its target, for the Accounts list to
    # show (`?behind=`): the KPI's key ("" for another KPI), and how many there are.
    behind: str = ""
    behind_count: int = 0
    behind_label: str = ""  # which accounts those are, in words (`behind_labels`)

    @property
    def behind_link(self) -> str:
        """Say what the link to the accounts behind the target shows: '7 accounts without
        health updated in the last 1 month'; '' when there is none to show."""
        if not self.behind_count:
            return ""
        return f"{counted(self.behind_count, 'account')} {self.behind_label}"

    @property
    def first_value(self) -> str:
        """Return the trend's first month's value, as the chart's axis shows it."""
        return self.figures[0][1] if self.figures else ""

    @property
    def last_value(self) -> str:
        """Return the trend's latest month's value, as the chart's axis shows it."""
        return self.figures[-1][1] if self.figures else ""


@dataclass(frozen=True)
class KpiSpec:
    """How to read one KPI from a `Kpis`: its value, target, direction and detail line."""

    name: str
    read: Callable[[Kpis], float | None]
    unit: str  # "%", " days" or ""
    target: float | None = None
    lower_is_better: bool = False
    detail: Callable[[Kpis], str] = lambda kpis: ""
    bounds: tuple[float | None, float | None] = PERCENT_BOUNDS
    ratio: str = ""  # the `Ratio` the value is read from: judged on its counts, exactly
    milestone: str = ""  # the `MilestoneKpi` the value is read from: judged as it judges
    about: str = ""  # what the KPI counts and over which period, as the playbook defines it

    def met(self, value: float | None) -> bool | None:
        """Tell whether the value meets the target (None without either)."""
        if value is None or self.target is None:
            return None
        return value <= self.target if self.lower_is_better else value >= self.target

    def judge(self, kpis: Kpis) -> bool | None:
        """Tell whether the KPI meets its target; a ratio on its exact share, not the one shown."""
        if self.milestone:
            found: MilestoneKpi = getattr(kpis, self.milestone)
            return found.met
        if not self.ratio:
            return self.met(self.read(kpis))
        ratio: Ratio = getattr(kpis, self.ratio)
        return Ratio(ratio.count, ratio.total, self.target, self.lower_is_better).met


def _ratio(name: str) -> Callable[[Kpis], float | None]:
    return lambda kpis: getattr(kpis, name).percent


def _counted(name: str, what: str = "accounts", none: str = "no accounts") -> Callable[[Kpis], str]:
    def detail(kpis: Kpis) -> str:
        ratio: Ratio = getattr(kpis, name)
        return f"{ratio.count} of {ratio.total} {what}" if ratio.total else none

    return detail


def _milestone(name: str) -> Callable[[Kpis], str]:
    def detail(kpis: Kpis) -> str:
        kpi: MilestoneKpi = getattr(kpis, name)
        if not kpi.due:
            return "no accounts due yet"
        return f"{kpi.on_time} of {kpi.due} on time; {kpi.reached} reached"

    return detail


def kpi_specs(settings: PlaybookSettings) -> tuple[KpiSpec, ...]:
    """List the section-3 KPIs the dashboard shows, with targets from the playbook settings.

    Each says what it counts and over which period (`about`), in the settings' own words,
    so a manager reads a figure without looking up its definition.
    """
    onboarding, renewals = settings.onboarding, settings.renewals
    prio, health, cadence = settings.prioritisation, settings.health, settings.cadence
    return (
        _ratio_spec("ebr_coverage", settings.ebr.coverage_target_percent,
                    about=f"accounts with an EBR held in {last(settings.ebr.coverage_window)}"),
        _ratio_spec("green_success_plans",
                    settings.plans.green_target_percent,
                    about="accounts with a management-qualified green success plan"),
        _ratio_spec("p1_share", prio.p1_share_target_percent, "accounts P1",
                    lower_is_better=True,
                    about=f"P1 accounts in the books today; up to {prio.p1_share_max_percent:g}% "
                    f"allowed for at most {prio.p1_share_above_target_for}"),
        _ratio_spec("health_freshness",
                    health.freshness_target_percent,
                    about=f"accounts with health updated in {last(health.fresh_within)}"),
        _ratio_spec("non_engaged",
                    cadence.non_engaged_target_percent, lower_is_better=True,
                    about=f"accounts with no meeting for more than {cadence.non_engaged_after}"),
        _ratio_spec("renewal_reviews_on_time",
                    renewals.reviews_on_time_target_percent, "reviews due",
                    none="no reviews due",
                    about=f"renewal reviews due in {last(renewals.rate_period)}, "
                    "held by their due date"),
        _ratio_spec("cadence_adherence", None, "calls due held on time",
                    none="no calls due",
                    about=f"cadence calls due in {last(cadence.adherence_period)}, "
                    "held on time"),
        KpiSpec(KPI_LABELS["time_to_first_engage_days"], lambda k: k.time_to_first_engage_days,
                " days", onboarding.engage_within.approximate_days, lower_is_better=True,
                detail=_milestone("time_to_first_engage"), bounds=(0.0, None),
                milestone="time_to_first_engage",
                about="median days from the initial transaction to the first CSM meeting"),
        KpiSpec(KPI_LABELS["time_to_first_value_days"], lambda k: k.time_to_first_value_days,
                " days", onboarding.first_value_within.approximate_days, lower_is_better=True,
                detail=_milestone("time_to_first_value"), bounds=(0.0, None),
                milestone="time_to_first_value",
                about="median days from the initial transaction to "
                f"{onboarding.first_value_license_percent:g}% of licenses activated"),
        KpiSpec(KPI_LABELS["time_to_onboard_days"], lambda k: k.time_to_onboard_days,
                " days", onboarding.onboard_within.approximate_days, lower_is_better=True,
                detail=_milestone("time_to_onboard"), bounds=(0.0, None),
                milestone="time_to_onboard",
                about="median days from the initial transaction to onboarding complete"),
        KpiSpec(KPI_LABELS["nps"], lambda k: k.nps.score, "", detail=_nps_detail,
                bounds=(None, None),
                about="% promoters minus % detractors, answers of "
                f"{last(settings.surveys.nps_period)}"),
        KpiSpec(KPI_LABELS["renewal_rate"], lambda k: k.renewal_rate, "%", detail=_renewal_detail,
                bounds=(0.0, None),
                about=f"renewed ARR over ARR up for renewal in {last(renewals.rate_period)}"),
    )  # fmt: skip


def _ratio_spec(
    ratio: str,
    target: float | None,
    what: str = "accounts",
    *,
    none: str = "no accounts",
    lower_is_better: bool = False,
    about: str = "",
) -> KpiSpec:
    """Describe a KPI read from one of the `Kpis` ratios, in percent, with its count."""
    return KpiSpec(
        KPI_LABELS[ratio],
        _ratio(ratio),
        "%",
        target,
        lower_is_better,
        detail=_counted(ratio, what, none),
        ratio=ratio,
        about=about,
    )


def _nps_detail(kpis: Kpis) -> str:
    nps = kpis.nps
    if not nps.responses:
        return "no answers"
    promoters, detractors = counted(nps.promoters, "promoter"), counted(nps.detractors, "detractor")
    return f"{promoters}, {detractors} of {counted(nps.responses, 'answer')}"


def _renewal_detail(kpis: Kpis) -> str:
    rates = kpis.renewals
    if rates.net_revenue_retention is None:
        shown = "nothing renewed or churned" if rates.open_renewals else "nothing up for renewal"
    else:
        shown = (
            f"{rates.renewed_capped:,.0f} of {rates.arr_up:,.0f} ARR renewed; "
            f"NRR {number(rates.net_revenue_retention)}% with growth"
        )
    if rates.open_renewals:
        their = "its" if rates.open_renewals == 1 else "their"
        shown += (
            f"; not counted: {rates.arr_open:,.0f} ARR of "
            f"{counted(rates.open_renewals, 'renewal')} past {their} date, still open"
        )
    return shown


def number(value: float | None) -> str:
    """Write a figure with at most one decimal ('4.4', '5'), or a dash for none."""
    return "—" if value is None else one_decimal(value)


def _shown(spec: KpiSpec, value: float | None) -> str:
    return "—" if value is None else f"{number(value)}{spec.unit}"


def _target(spec: KpiSpec) -> str:
    return "" if spec.target is None else f"{number(spec.target)}{spec.unit}"


def kpi_cards(kpis: Kpis, series: Sequence[Kpis], settings: PlaybookSettings) -> list[KpiCard]:
    """Build the KPI cards: value against target now, and the monthly trend as a chart."""
    cards = []
    labels = behind_labels(settings)
    months = [f"{point.today:%b %Y}" for point in series]
    for spec in kpi_specs(settings):
        value = spec.read(kpis)
        points = [spec.read(point) for point in series]
        figures = tuple((month, _shown(spec, v)) for month, v in zip(months, points, strict=True))
        target = _target(spec)
        chart = line_chart(
            points,
            target=spec.target,
            label=_chart_label(spec.name, figures, target),
            bounds=spec.bounds,
            tips=[f"{month}: {shown}" for month, shown in figures],
        )
        shown, met, detail = _shown(spec, value), spec.judge(kpis), spec.detail(kpis)
        first, last = (months[0], months[-1]) if months else ("", "")
        behind = spec.ratio if spec.ratio in BEHIND_KEYS else ""
        cards.append(
            KpiCard(
                spec.name, shown, target, met, detail, chart, first, last, figures, spec.about,
                behind, _behind_count(getattr(kpis, behind)) if behind else 0,
                labels.get(behind, ""),
            )
        )  # fmt: skip
    return cards


def _behind_count(ratio: Ratio) -> int:
    """Count the accounts keeping a share from its target: those counted when lower is
    better, else those not counted (`rules.kpis.accounts_behind`)."""
    return ratio.count if ratio.lower_is_better else ratio.total - ratio.count


def behind_labels(settings: PlaybookSettings) -> dict[str, str]:
    """Say which accounts keep each share from its target, after a count ("7 accounts ..."),
    in the settings' words, for the Accounts list's heading and the cards' links."""
    quiet = settings.cadence.non_engaged_after
    return {
        "ebr_coverage": f"without an EBR held in {last(settings.ebr.coverage_window)}",
        "green_success_plans": "without a management-qualified green success plan",
        "p1_share": "at priority P1",
        "non_engaged": f"non-engaged: no meeting for more than {quiet}",
        "health_freshness": f"without health updated in {last(settings.health.fresh_within)}",
    }


def has_accounts(kpis: Kpis, series: Sequence[Kpis]) -> bool:
    """Tell whether the view holds any account, today or in a month of its trend.

    Without one, every KPI is a dash over an empty chart: the page says so once instead.
    """
    return bool(kpis.accounts or any(point.accounts for point in series))


def _chart_label(name: str, figures: Sequence[tuple[str, str]], target: str) -> str:
    """Name a trend for a screen reader: its months, first and latest values, target.

    Every month's value is in the card's table of figures; the label gives the gist.
    """
    if not figures:
        return name + (f"; target {target}" if target else "")
    (first, was), (last, now) = figures[0], figures[-1]
    return f"{name}, {first} to {last}: {was} in {first}, {now} in {last}" + (
        f"; target {target}" if target else ""
    )


@dataclass(frozen=True)
class QuarterRow:
    """One figure of a quarter's KPI: this quarter's value beside the last quarter's."""

    label: str
    now: str
    before: str
    met: bool | None = None


@dataclass(frozen=True)
class QuarterKpi:
    """A KPI the playbook counts per calendar quarter (roundtables, expansion), with the
    quarter so far beside the whole quarter before it."""

    name: str
    about: str
    value: str
    met: bool | None
    detail: str
    rows: tuple[QuarterRow, ...]


def quarter_name(day: dt.date) -> str:
    """Name the calendar quarter of a day: 'Q4 2026'."""
    return f"Q{(day.month - 1) // 3 + 1} {day.year}"


def quarter_names(day: dt.date) -> tuple[str, str]:
    """Name the quarter of a day and the one before it: ('Q4 2026', 'Q3 2026')."""
    return quarter_name(day), quarter_name(quarter_start(day) - dt.timedelta(days=1))


def last_quarter(kpis: Kpis, series: Sequence[Kpis]) -> Kpis | None:
    """Return the KPIs at the end of the quarter before `kpis`' (a point of the monthly
    series), or None when the series does not reach back that far."""
    end = quarter_start(kpis.today) - dt.timedelta(days=1)
    return next((point for point in series if point.today == end), None)


def quarter_kpis(
    kpis: Kpis, series: Sequence[Kpis], settings: PlaybookSettings
) -> list[QuarterKpi]:
    """Build the KPIs counted per quarter: roundtables per industry against their target
    (RT-1) and the expansion playbooks opened, completed and won (REN-3)."""
    before = last_quarter(kpis, series)
    return [_roundtables_kpi(kpis, before, settings), _expansion_kpi(kpis, before)]


def _roundtables_kpi(kpis: Kpis, before: Kpis | None, settings: PlaybookSettings) -> QuarterKpi:
    target = settings.workshops.roundtables_per_industry_per_quarter
    earlier = {norm(industry): held for industry, held in before.roundtables} if before else {}
    rows = tuple(
        QuarterRow(
            industry,
            str(held),
            str(earlier[norm(industry)]) if norm(industry) in earlier else "—",
            held >= target,
        )
        for industry, held in kpis.roundtables
    )
    met = sum(1 for row in rows if row.met)
    return QuarterKpi(
        KPI_LABELS["roundtables_this_quarter"],
        f"customer roundtables held this quarter with each industry of the accounts in view "
        f"(RT-1); target {target:g} per industry a quarter",
        f"{met} of {len(rows)}" if rows else "—",
        met == len(rows) if rows else None,
        "industries at target" if rows else "no industry recorded on the accounts",
        rows,
    )


def _expansion_kpi(kpis: Kpis, before: Kpis | None) -> QuarterKpi:
    now, then = kpis.expansion, before.expansion if before else None

    def figure(read: Callable[[Any], float | int | None], unit: str = "") -> tuple[str, str]:
        def shown(stats: Any) -> str:
            value = None if stats is None else read(stats)
            return "—" if value is None else f"{number(value)}{unit}"

        return shown(now), shown(then)

    stages = dict(now.median_days_per_stage), dict(then.median_days_per_stage if then else ())
    rows = [
        QuarterRow("Opened", *figure(lambda e: e.opened)),
        QuarterRow("Completed", *figure(lambda e: e.completed)),
        QuarterRow("Won", *figure(lambda e: e.won)),
        QuarterRow("Lost", *figure(lambda e: e.lost)),
        QuarterRow("Win rate", *figure(lambda e: e.win_rate, "%")),
    ]
    for stage in sorted(set(stages[0]) | set(stages[1])):
        now_days, then_days = (
            f"{number(found[stage])} days" if stage in found else "—" for found in stages
        )
        rows.append(QuarterRow(f"Median days in {code_label(stage).lower()}", now_days, then_days))
    return QuarterKpi(
        KPI_LABELS["expansion_this_quarter"],
        "expansion playbooks (REN-3) opened and completed this quarter, won over completed, "
        "and the median days spent in each stage of those completed",
        "—" if now.win_rate is None else f"{number(now.win_rate)}%",
        None,
        f"won, {now.won} of {now.completed} completed; {now.opened} opened"
        if now.completed
        else f"none completed yet; {now.opened} opened",
        tuple(rows),
    )


# A cohort as `rules.kpis.cohort` names it ("2026-Q1"), shown as the page names quarters.
COHORT = re.compile(r"(?P<year>\d{4})-Q(?P<quarter>[1-4])")
# What the dashboard groups its KPIs by, in the order of its links (`rules.kpis.GROUPINGS`).
GROUP_BY = (("segment", "Segment"), ("region", "Region"), ("csm", "CSM"), ("cohort", "Cohort"))
# The KPIs the table per group shows, by the names of `kpi_specs`: the shares of accounts
# judged against a target; a cohort (accounts signed in one quarter) leads with the times to
# value, which TTV-2 reports per cohort.
GROUP_KPIS = (
    "EBR coverage",
    "Green success plans",
    "P1 share",
    "Non-engaged accounts",
    "Health freshness",
    "Renewal reviews on time",
)
COHORT_KPIS = (
    "Time to first engage",
    "Time to first value",
    "Time to onboard",
    "EBR coverage",
    "Green success plans",
    "Health freshness",
)


@dataclass(frozen=True)
class KpiCell:
    """One KPI of one group: its value, whether it meets the target, and its counts."""

    value: str
    met: bool | None
    detail: str


@dataclass(frozen=True)
class KpiGroupRow:
    """One group of the table per segment, region, CSM or cohort."""

    name: str
    accounts: int
    cells: tuple[KpiCell, ...]


@dataclass(frozen=True)
class KpiGroupTable:
    """The headline KPIs per group: the headings (name, target) and a row per group."""

    by: str
    heading: str  # the grouping in words: "Segment"
    columns: tuple[tuple[str, str], ...]
    rows: tuple[KpiGroupRow, ...]

    @property
    def title(self) -> str:
        """Name the section: 'KPIs by segment', 'KPIs by CSM'."""
        return f"KPIs by {self.heading if self.heading.isupper() else self.heading.lower()}"


def kpi_group_table(
    groups: Sequence[KpiGroup], by: str, settings: PlaybookSettings, names: Mapping[str, str]
) -> KpiGroupTable:
    """Lay out the headline KPIs per group, each judged against its target as the cards are
    (a cohort's times to value first: `COHORT_KPIS`).

    A CSM's group is shown by the CSM's name (`names`, by email) when known; a segment by
    its label ('Mid-market', 'SMB'), in the order of the playbook's segments (`[codes]`),
    any other after them as the groups come, the accounts without one last.
    """
    specs = {spec.name: spec for spec in kpi_specs(settings)}
    shown = [specs[name] for name in (COHORT_KPIS if by == "cohort" else GROUP_KPIS)]

    def cell(spec: KpiSpec, kpis: Kpis) -> KpiCell:
        return KpiCell(_shown(spec, spec.read(kpis)), spec.judge(kpis), spec.detail(kpis))

    def name(group: KpiGroup) -> str:
        if by == "csm":
            return names.get(norm(group.name), group.name)
        if by == "segment" and group.name != UNSET[by]:
            return code_label(group.name)
        if by == "cohort" and (quarter := COHORT.fullmatch(group.name)):
            return f"Q{quarter['quarter']} {quarter['year']}"  # as "This quarter" names one
        return group.name

    if by == "segment":
        groups = _in_code_order(groups, settings.codes.segments, UNSET[by])
    rows = tuple(
        KpiGroupRow(
            name(group), group.kpis.accounts, tuple(cell(spec, group.kpis) for spec in shown)
        )
        for group in groups
    )
    columns = tuple((spec.name, _target(spec)) for spec in shown)
    return KpiGroupTable(by, dict(GROUP_BY).get(by, by), columns, rows)


def _in_code_order(groups: Sequence[KpiGroup], codes: Sequence[str], unset: str) -> list[KpiGroup]:
    """Order groups named by codes as the code list has them (matched as codes are, ignoring
    case and separators); a value not in the list after them, the group named `unset` last."""
    place = {code_key(code): index for index, code in enumerate(codes)}

    def key(group: KpiGroup) -> tuple[bool, int]:
        return group.name == unset, place.get(code_key(group.name), len(place))

    return sorted(groups, key=key)  # stable: the groups' own order within a place


@dataclass(frozen=True)
class Check:
    """One MGR-1 line for one book, with the failing accounts as (name, id) for links."""

    title: str
    passed: bool
    failing: tuple[tuple[str, int | None], ...]


@dataclass(frozen=True)
class Measure:
    """A number against its allowed range, and whether it is inside."""

    value: float
    low: float
    high: float

    @property
    def inside(self) -> bool:
        """Tell whether the value is within the range, ends included."""
        return self.low <= self.value <= self.high


@dataclass(frozen=True)
class BookPanel:
    """One CSM's book: size and calls (CAD-3), P1 share (PRIO-3), capacity (CAP-2), MGR-1."""

    csm: str | None
    name: str
    size: Measure
    calls: Measure
    p1_percent: float | None
    p1_target: float
    p1_max: float
    p1_since: dt.date | None
    p1_longer: bool  # above target on every day sampled: since `p1_since` or earlier
    p1_allowed: str  # how long above target PRIO-3 allows ("1 quarter")
    hours: float
    capacity: float
    call_hours: Measure
    checks: tuple[Check, ...]
    time_off_days: int
    tasks: dict[str, float]
    roadmap: tuple[RoadmapMonth, ...] = ()
    ebr_max: int = 0  # the roadmap's EBRs a month at most (EBR-7)
    p1_above_target: bool = False  # judged on the exact share, not `p1_percent`
    p1_above_max: bool = False
    p1_flagged: bool = False  # PRIO-3 flags the book: above max, or above target too long

    @property
    def overloaded(self) -> bool:
        """Tell whether the expected weekly load exceeds the capacity."""
        return self.hours > self.capacity

    @property
    def p1_state(self) -> str:
        """Say where the P1 share stands: 'ok'; 'above target' within the quarter PRIO-3
        allows; 'above max', or 'above target too long' once PRIO-3 flags it."""
        if not self.p1_above_target:
            return "ok"
        if self.p1_above_max:
            return "above max"
        return "above target too long" if self.p1_flagged else "above target"

    @property
    def checks_passed(self) -> int:
        """Count the checklist lines that pass."""
        return sum(1 for check in self.checks if check.passed)


def book_panels(work: WorkQueue, names: Mapping[str, str]) -> list[BookPanel]:
    """Build one panel per book in the queue (CSM books first, unassigned accounts last),
    each against the targets of the settings it ran on (its team's)."""
    ids = {state.name: state.account_id for state in work.queue.accounts}
    return [_panel(book, work.book_settings(book), ids, names) for book in work.books]


def _panel(
    book: BookState,
    settings: PlaybookSettings,
    ids: Mapping[str, int],
    names: Mapping[str, str],
) -> BookPanel:
    cadence, priority, cap = settings.cadence, settings.prioritisation, settings.capacity
    checks = tuple(
        Check(c.title, c.passed, tuple((name, ids.get(name)) for name in c.failing))
        for c in book.manager_review.checks
    )
    name = names.get(norm(book.csm), book.csm or "") if book.csm else "Unassigned accounts"
    return BookPanel(
        csm=book.csm,
        name=name,
        size=Measure(book.load.accounts, cadence.book_size_min, cadence.book_size_max),
        calls=Measure(
            book.load.calls_per_week, cadence.calls_per_week_min, cadence.calls_per_week_max
        ),
        p1_percent=book.p1_share.percent,
        p1_target=priority.p1_share_target_percent,
        p1_max=priority.p1_share_max_percent,
        p1_since=book.p1_share.above_target_since,
        p1_longer=book.p1_share.since_or_earlier,
        p1_allowed=str(priority.p1_share_above_target_for),
        hours=book.capacity.total,
        capacity=book.capacity.capacity,
        call_hours=Measure(book.capacity.call_hours, cap.call_hours_min, cap.call_hours_max),
        checks=checks,
        time_off_days=book.capacity.time_off_days,
        tasks=dict(book.capacity.tasks),
        roadmap=book.ebr_roadmap,
        ebr_max=settings.ebr.per_month_max,
        p1_above_target=book.p1_share.above(priority.p1_share_target_percent),
        p1_above_max=book.p1_share.above(priority.p1_share_max_percent),
        p1_flagged=any(_flags_p1(item) for item in book.items),
    )


def _flags_p1(item: WorkItem) -> bool:
    """Tell whether a book's item is PRIO-3's flag: the share above the maximum, or above
    target for longer than the quarter it may be (no due date: since before the history
    sampled), or past that quarter (late). One due later is a warning."""
    return item.rule == "PRIO-3" and (item.due is None or item.state == LATE)


@dataclass(frozen=True)
class CapacityRow:
    """One task of the week: the handbook's default hours and each book's expected hours."""

    task: str
    default: float | None
    expected: tuple[float | None, ...]
    basis: str = ""  # how CAP-2 works out a book's hours for it ("" for a fixed task)


def capacity_basis(settings: PlaybookSettings) -> dict[str, str]:
    """Say how CAP-2 works out each task that follows the book, from the settings.

    The other tasks keep the CAP-1 hours whatever the book.
    """
    cap, cadence, ebr = settings.capacity, settings.cadence, settings.ebr
    workshops, check_ins = settings.workshops, settings.check_ins
    calls = f"P1 {every(cadence.p1_every)}, P2 {every(cadence.p2_every)}"
    top = f"the top {ebr.high_arr_top_n} by ARR"
    if ebr.high_arr_threshold > 0:
        top += f" and those with {ebr.high_arr_threshold:,.0f} ARR or more"
    return {
        "cadence_calls": f"{number(cap.cadence_call_hours)} h a call; {calls}",
        "cadence_prep": f"{number(cap.cadence_prep_hours)} h a call; {calls}",
        "ebrs": f"{number(cap.ebr_hours)} h an EBR; {ebr.per_year} a year an account, "
        f"{ebr.high_arr_per_year} for {top}, or as set on the account",
        "workshops": f"{number(cap.workshop_hours)} h a workshop; P1 for low adoption "
        f"{every(workshops.p1_every)}, others {every(workshops.other_every)}",
        "check_ins": f"{number(cap.check_in_hours)} h a check-in; "
        f"{every(check_ins.after_ebr)} for accounts with an EBR held in "
        f"{last(ebr.coverage_window)}",
    }


def capacity_rows(panels: Sequence[BookPanel], settings: PlaybookSettings) -> list[CapacityRow]:
    """Lay out CAP-2 as a table: tasks down, the default week and each CSM across."""
    default = settings.capacity.weekly_hours
    tasks = list(default) + sorted({t for p in panels for t in p.tasks} - set(default))
    basis = capacity_basis(settings)
    return [
        CapacityRow(
            TASK_LABELS.get(task, task.replace("_", " ").capitalize()),
            default.get(task),
            tuple(panel.tasks.get(task) for panel in panels),
            basis.get(task, ""),
        )
        for task in tasks
    ]


@dataclass(frozen=True)
class RoadmapCell:
    """One CSM's EBRs in one month (planned, or projected from the EBR interval)."""

    entries: tuple[RoadmapEntry, ...]
    crowded: bool  # more EBRs planned or due than the playbook's a month (EBR-7)

    @property
    def scheduled(self) -> int:
        """Count the EBRs planned or due this month, not the overdue ones laid on today."""
        return sum(1 for entry in self.entries if entry.overdue_since is None)


@dataclass(frozen=True)
class RoadmapRow:
    """One month of the EBR roadmap, a cell per CSM."""

    month: dt.date
    cells: tuple[RoadmapCell, ...]
    # The part of the month the roadmap covers, when not all of it: from today in this
    # month, to the horizon's last day in its month ("" for a whole month).
    part: str = ""


@dataclass(frozen=True)
class RoadmapSpan:
    """The days the EBR roadmap covers: from today to the horizon's end, both included."""

    start: dt.date
    end: dt.date
    horizon: str  # the setting in words: "12 months"

    def part_of(self, month: dt.date) -> str:
        """Say which days of a month the roadmap covers, if not all of them."""
        first = self.start.replace(day=1) == month and self.start.day > 1
        last = self.end.replace(day=1) == month and (self.end + dt.timedelta(days=1)).day != 1
        if first and last:
            return f"{self.start.day}–{self.end.day} {self.end:%b}"
        if first:
            return f"from {self.start.day} {self.start:%b}"
        return f"to {self.end.day} {self.end:%b}" if last else ""


def roadmap_span(
    settings: PlaybookSettings,
    today: dt.date,
    calendar: Calendar | None = None,
    regions: Iterable[str] = ("",),
) -> RoadmapSpan:
    """Return the days the EBR roadmap covers (`ebr.roadmap_horizon` from today, EBR-7).

    Both ends are included, so a 12-month horizon reaches the same day a year on and
    touches 13 calendar months, the first and last only in part. A horizon in business
    days is each book's, counted in its CSM's region (`rules.ebr.ebr_roadmap`): the span
    reaches as far as the furthest of `regions` (the CSMs' shown, `book_regions`) with the
    public holidays in `calendar`, so every book's roadmap falls within it.
    """
    horizon = settings.ebr.roadmap_horizon
    ends = [shift(today, horizon, calendar=calendar, region=region) for region in regions]
    return RoadmapSpan(today, max(ends, default=shift(today, horizon)), str(horizon))


def book_regions(work: WorkQueue, panels: Iterable[BookPanel]) -> set[str]:
    """Return the working regions of the panels' CSMs, whose public holidays their books'
    durations in business days skip (the engine's `Team.member`: a CSM's first record)."""
    regions: dict[str, str] = {}
    for member in work.book.members:
        regions.setdefault(norm(member.email), member.region)
    return {regions.get(norm(panel.csm), "") for panel in panels if panel.csm}


def roadmap_rows(panels: Sequence[BookPanel], span: RoadmapSpan) -> list[RoadmapRow]:
    """Lay the books' EBR roadmaps on one calendar: months down, each CSM across (EBR-7).

    Every month from this one to the last with an EBR is shown, empty months too, so a
    CSM sees where an EBR could move; a month the span covers in part says which days.
    """
    by_book = [{month.month: month for month in panel.roadmap} for panel in panels]
    months = [month for book in by_book for month in book]
    if not months:
        return []
    rows, month = [], span.start.replace(day=1)
    while month <= max(months):
        cells = tuple(
            RoadmapCell(found.entries, found.crowded(panel.ebr_max))
            if (found := book.get(month))
            else RoadmapCell((), False)
            for book, panel in zip(by_book, panels, strict=True)
        )
        rows.append(RoadmapRow(month, cells, span.part_of(month)))
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return rows
