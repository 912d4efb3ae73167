"""`rhythm kpis`: the KPIs of section 3 on a date, or as a monthly series."""

from __future__ import annotations

import json

from rhythm.lib.cli import DataCommand
from rhythm.lib.output import write_rows
from rhythm.playbook.management.scope import add_scope_arguments, run_scope
from rhythm.playbook.present import KPI_COLUMNS, kpi_summary
from rhythm.playbook.queue import kpis_of, monthly_kpis, work_queue

COLUMNS = KPI_COLUMNS


class Command(DataCommand):
    help = "Show the KPIs for a CSM, a team or everything, on a date or month by month."

    def add_arguments(self, parser):
        add_scope_arguments(parser, account=False)
        parser.add_argument(
            "--series",
            action="store_true",
            help="One row per month end over the last months (kpis.series_months, 12 by default).",
        )

    def handle(self, *args, **options):
        fmt = options["format"]
        if options["series"]:
            series = run_scope(monthly_kpis, options, self.progress())
            write_rows(self.stdout, [kpi_summary(kpis) for kpis in series], COLUMNS, fmt)
            return
        summary = kpi_summary(kpis_of(run_scope(work_queue, options, self.progress())))
        if fmt == "json":
            self.stdout.write(json.dumps(summary, indent=2, default=str))
        elif fmt == "csv":
            write_rows(self.stdout, [summary], COLUMNS, fmt)
        else:
            for column in COLUMNS:
                value = summary[column]
                self.stdout.write(f"{column:<28} {'-' if value is None else value}")
