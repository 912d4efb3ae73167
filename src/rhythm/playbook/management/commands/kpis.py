"""`rhythm kpis`: the KPIs of section 3 on a date, or as a monthly series."""

from __future__ import annotations

import json

from django.core.management.base import CommandError

from rhythm.lib.cli import DataCommand
from rhythm.lib.output import write_rows
from rhythm.playbook.management.scope import add_scope_arguments, date_of, run_queue, scope_of
from rhythm.playbook.present import KPI_COLUMNS, kpi_summary
from rhythm.playbook.queue import ScopeError, kpis_of, monthly_kpis

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
            try:
                series = monthly_kpis(None, scope_of(options), date_of(options))
            except ScopeError as error:
                raise CommandError(str(error)) from None
            write_rows(self.stdout, [kpi_summary(kpis) for kpis in series], COLUMNS, fmt)
            return
        summary = kpi_summary(kpis_of(run_queue(options)))
        if fmt == "json":
            self.stdout.write(json.dumps(summary, indent=2, default=str))
        elif fmt == "csv":
            write_rows(self.stdout, [summary], COLUMNS, fmt)
        else:
            for column in COLUMNS:
                value = summary[column]
                self.stdout.write(f"{column:<28} {'-' if value is None else value}")
