"""`rhythm review`: the manager review (MGR-1) and the expected week (CAP-2) of each book."""

from __future__ import annotations

from rhythm.lib.cli import DataCommand
from rhythm.playbook.management.scope import (
    add_scope_arguments,
    run_scope,
    write_listing,
)
from rhythm.playbook.present import REVIEW_COLUMNS, book_rows
from rhythm.playbook.queue import work_queue


class Command(DataCommand):
    help = (
        "Show each CSM's manager review checklist (MGR-1) with the failing accounts, and "
        "their expected weekly hours against capacity (CAP-2)."
    )
    examples = (
        "rhythm review --manager maria.santos@rhythm.example",
        "rhythm review --csm alex.chen@rhythm.example --format json",
    )

    def add_arguments(self, parser):
        add_scope_arguments(parser, account=False)

    def handle(self, *args, **options):
        work = run_scope(work_queue, options, self.progress())
        write_listing(
            self,
            book_rows(work),
            REVIEW_COLUMNS,
            options,
            "CSM books with accounts",
            work.scope,
            work.today,
        )
