"""`rhythm kpis`: the KPIs of section 3 on a date, per group, or as a monthly series."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandError

from rhythm.lib.cli import DataCommand
from rhythm.lib.output import write_rows, write_table
from rhythm.playbook.management.scope import (
    add_scope_arguments,
    run_scope,
    write_listing,
)
from rhythm.playbook.present import KPI_COLUMNS, KPI_GROUP_COLUMNS, kpi_group_rows, kpi_summary
from rhythm.playbook.queue import grouped_kpis_of, kpis_of, monthly_kpis, work_queue
from rhythm.playbook.rules.items import counted
from rhythm.playbook.rules.kpis import GROUPINGS, KPI_LABELS

COLUMNS = KPI_COLUMNS


class Command(DataCommand):
    help = (
        "Show the KPIs for a CSM, a team or everything, on a date or month by month, or per "
        "CSM, region, segment, industry or cohort."
    )
    examples = (
        "rhythm kpis --manager maria.santos@rhythm.example",
        "rhythm kpis --csm alex.chen@rhythm.example --series --format csv",
        "rhythm kpis --by segment --on 2026-06-30",
    )

    def add_arguments(self, parser):
        add_scope_arguments(parser, account=False)
        parser.add_argument(
            "--series",
            action="store_true",
            help="One row per month end over the last months (kpis.series_months, 12 by default).",
        )
        parser.add_argument(
            "--by",
            choices=GROUPINGS,
            help="One row per CSM, region, segment, industry or cohort (the quarter of the "
            "initial transaction, e.g. 2026-Q1), on one date.",
        )

    def handle(self, *args, **options):
        fmt = options["format"]
        if options["by"] and options["series"]:
            raise CommandError(
                "--by and --series do not go together: the KPIs per group are on one date "
                "(--on); ask for the series of one CSM or team instead."
            )
        if options["series"]:
            series = run_scope(monthly_kpis, options, self.progress())
            rows = [kpi_summary(kpis) for kpis in series]
            write_rows(self.stdout, shown_rows(rows, fmt), COLUMNS, fmt, KPI_LABELS)
            return
        work = run_scope(work_queue, options, self.progress())
        if options["by"]:
            rows = shown_rows(kpi_group_rows(grouped_kpis_of(work, options["by"])), fmt)
            what = f"accounts to group by {options['by']}"
            write_listing(
                self, rows, KPI_GROUP_COLUMNS, options, what, work.scope, work.today, KPI_LABELS
            )
            return
        summary = kpi_summary(kpis_of(work))
        if fmt == "json":
            self.stdout.write(json.dumps(summary, indent=2, default=str))
        elif fmt == "csv":
            write_rows(self.stdout, [summary], COLUMNS, fmt)
        else:
            self.stdout.write(
                f"KPIs of {work.scope.describe()} on {summary['on']}: "
                f"{summary['accounts']} account{'s' * (summary['accounts'] != 1)}.\n"
            )
            columns = ("kpi", "value", "target", "how it stands")
            lines = [kpi_line(summary, kpi) for kpi in COLUMNS[2:]]
            target = work.settings.workshops.roundtables_per_industry_per_quarter
            write_table(self.stdout, lines + quarter_lines(summary["details"], target), columns)


# The unit each KPI's figure is in, for the table's cells (JSON and CSV keep bare numbers).
_UNITS = {
    **dict.fromkeys(
        ("time_to_first_engage_days", "time_to_first_value_days", "time_to_onboard_days"),
        " days",
    ),
    **dict.fromkeys(
        (
            "ebr_coverage",
            "green_success_plans",
            "p1_share",
            "health_freshness",
            "renewal_reviews_on_time",
            "cadence_adherence",
            "renewal_rate",
        ),
        "%",
    ),
}


def shown_rows(rows: list[dict[str, Any]], fmt: str) -> list[dict[str, Any]]:
    """Return KPI rows as the table shows them, each figure with its unit ('12.5 days',
    '75.0%'); in another format, the rows as they are."""
    if fmt != "table":
        return rows
    return [
        row
        | {key: f"{row[key]}{unit}" for key, unit in _UNITS.items() if row[key] is not None}
        | {"non_engaged": _accounts(row["non_engaged"])}
        for row in rows
    ]


def _accounts(count: int) -> str:
    """Say a count of accounts: the non-engaged KPI is one (playbook section 3)."""
    return f"{count} account{'s' * (count != 1)}"


# The KPIs of one summary that are a median time against a target, and those that are a
# share of accounts against a target percentage (`details` has each one's figures).
_TIMES = {
    "time_to_first_engage_days": "time_to_first_engage",
    "time_to_first_value_days": "time_to_first_value",
    "time_to_onboard_days": "time_to_onboard",
}


def kpi_line(summary: dict[str, Any], kpi: str) -> list[str]:
    """Return one KPI of the table: its name, value, target and how it stands against it."""
    return [KPI_LABELS[kpi], *_standing(summary, kpi)]


def _standing(summary: dict[str, Any], kpi: str) -> list[str]:
    """Return one KPI's value, target and how it stands against it."""
    value, details = summary[kpi], summary["details"]
    shown = "-" if value is None else str(value)
    if kpi in _TIMES:
        time = details[_TIMES[kpi]]
        shown = "-" if value is None else f"{value} days (median)"
        on_time = f"{time['on_time']} of {time['due']} within it"
        if time["on_time_percent"] is not None:
            on_time += f" ({time['on_time_percent']}%)"
        standing = {True: "met: ", False: "not met: ", None: ""}[time["met"]]
        return [shown, time["target"], standing + on_time]
    if kpi == "nps":
        return [shown, "", counted(details["nps"]["responses"], "response")]
    if kpi == "renewal_rate":
        renewals = details["renewals"]
        retention = renewals["net_revenue_retention"]
        shown = "-" if value is None else f"{value}%"
        return [shown, "", "" if retention is None else f"net revenue retention {retention}%"]
    share = details[kpi]
    shown = "-" if value is None else f"{value}%"
    if kpi == "non_engaged":  # a count, beside its share
        shown = _accounts(value)
    target = share["target_percent"]
    aim = "" if target is None else f"{'at most ' if share['lower_is_better'] else ''}{target}%"
    if share["percent"] is None:
        return [shown, aim, ""]
    standing = {True: "met", False: "not met", None: ""}[share["met"]]
    share_counted = f"{share['count']} of {share['total']} ({share['percent']}%)"
    return [shown, aim, f"{standing}: {share_counted}" if standing else share_counted]


def quarter_lines(details: dict[str, Any], roundtables_target: float) -> list[list[str]]:
    """Return the table's lines for the KPIs counted this quarter: roundtables per industry
    against their target (RT-1), and the expansion playbooks' win rate (REN-3)."""
    held = details["roundtables"]
    short = sum(1 for _, count in held if count < roundtables_target)
    target = f"{roundtables_target:g} per industry"
    if held:
        standing = f"not met: {short} short" if short else "met"
        industries = "industry" if len(held) == 1 else "industries"
        roundtables = [f"{len(held) - short} of {len(held)} {industries}", target, standing]
    else:
        roundtables = ["-", target, "no industry on the accounts"]
    expansion = details["expansion"]
    rate = expansion["win_rate"]
    return [
        [KPI_LABELS["roundtables_this_quarter"], *roundtables],
        [
            KPI_LABELS["expansion_this_quarter"],
            "-" if rate is None else f"{rate}% won",
            "",
            f"{expansion['completed']} completed; {expansion['opened']} opened",
        ],
    ]
