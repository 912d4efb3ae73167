"""`rhythm queue`: every item due, late or coming, each with its rule and why."""

from __future__ import annotations

from collections import Counter

from rhythm.lib.cli import DataCommand
from rhythm.lib.output import write_rows
from rhythm.playbook.management.scope import add_scope_arguments, run_scope, write_listing
from rhythm.playbook.present import ITEM_COLUMNS, item_rows
from rhythm.playbook.queue import queue_items, work_queue


class Command(DataCommand):
    help = "Show the work queue of a CSM, a manager's team, one account, or everything."
    examples = (
        "rhythm queue --csm alex.chen@rhythm.example",
        "rhythm queue --manager maria.santos@rhythm.example --on 2026-07-01 --format csv",
        'rhythm queue --account "Northwind Bank" --format json',
    )

    def add_arguments(self, parser):
        add_scope_arguments(parser)

    def handle(self, *args, **options):
        work = run_scope(queue_items, options, self.progress())
        if not work.items and not run_scope(work_queue, options, None).accounts:
            # Not an all-clear book: there is nothing to clear (`No accounts in ...`).
            write_listing(self, [], ITEM_COLUMNS, options, "accounts", work.scope, work.today)
            return
        write_rows(self.stdout, item_rows(work.items), ITEM_COLUMNS, options["format"])
        if options["format"] == "table":
            counts = Counter(item.state for item in work.items)
            self.stdout.write(
                f"\n{len(work.items)} items for {work.scope.describe()} on "
                f"{work.today.isoformat()}: "
                f"{counts['late']} late, {counts['due']} due, {counts['coming']} coming."
            )
