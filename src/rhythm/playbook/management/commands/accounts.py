"""`rhythm accounts`: each account as the rules see it (priority, engagement, triage...)."""

from __future__ import annotations

from rhythm.accounts.models import Phase
from rhythm.lib.cli import DataCommand
from rhythm.playbook.management.scope import (
    add_scope_arguments,
    run_scope,
    write_listing,
)
from rhythm.playbook.present import ACCOUNT_COLUMNS, account_rows
from rhythm.playbook.queue import work_queue


class Command(DataCommand):
    help = "List accounts with priority and reasons, engagement, triage, health and phase."
    examples = (
        "rhythm accounts --csm alex.chen@rhythm.example",
        "rhythm accounts --manager maria.santos@rhythm.example --format json",
    )

    def add_arguments(self, parser):
        add_scope_arguments(parser, account=False)

    def handle(self, *args, **options):
        work = run_scope(work_queue, options, self.progress())
        rows = account_rows(work)
        if options["format"] == "table":  # for people: the phase as the pages name it
            phases = dict(Phase.choices)
            rows = [row | {"phase": phases.get(row["phase"], row["phase"])} for row in rows]
        write_listing(self, rows, ACCOUNT_COLUMNS, options, "accounts", work.scope, work.today)
