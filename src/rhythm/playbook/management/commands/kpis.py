"""`rhythm kpis`: the KPIs of section 3 on a date, per group, or as a monthly series."""

from __future__ import annotations

import json

from django.core.management.base import CommandError

from rhythm.lib.cli import DataCommand
from rhythm.lib.output import write_rows
from rhythm.playbook.management.scope import (
    add_scope_arguments,
    run_scope,
    write_listing,
)
from rhythm.playbook.present import KPI_COLUMNS, KPI_GROUP_COLUMNS, kpi_group_rows, kpi_summary
from rhythm.playbook.queue import grouped_kpis_of, kpis_of, monthly_kpis, work_queue
from rhythm.playbook.rules.kpis import GROUPINGS

COLUMNS = KPI_COLUMNS


class Command(DataCommand):
    help = (
        "Show the KPIs for a CSM, a team or everything, on a date or month by month, or per "
        "CSM, region, segment, industry or cohort."
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
            write_rows(self.stdout, [kpi_summary(kpis) for kpis in series], COLUMNS, fmt)
            return
        work = run_scope(work_queue, options, self.progress())
        if options["by"]:
            rows = kpi_group_rows(grouped_kpis_of(work, options["by"]))
            what = f"accounts to group by {options['by']}"
            write_listing(self, rows, KPI_GROUP_COLUMNS, options, what, work.scope, work.today)
            return
        summary = kpi_summary(kpis_of(work))
        if fmt == "json":
            self.stdout.write(json.dumps(summary, indent=2, default=str))
        elif fmt == "csv":
            write_rows(self.stdout, [summary], COLUMNS, fmt)
        else:
            for column in COLUMNS:
                value = summary[column]
                self.stdout.write(f"{column:<28} {'-' if value is None else value}")
