"""The options every playbook command shares: whose book, and as of which date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from rhythm.lib.cli import parse_date
from rhythm.lib.output import FORMATS
from rhythm.playbook.queue import QueueItems, Scope, ScopeError, WorkQueue, queue_items, work_queue

T = TypeVar("T")


def add_scope_arguments(parser: CommandParser, *, account: bool = True) -> None:
    """Add --csm / --manager (/ --account), --on and --format."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--csm", help="A CSM's email: their book.")
    group.add_argument("--manager", help="A manager's email: their team's books.")
    if account:
        group.add_argument("--account", help="One account, by name.")
    parser.add_argument("--on", help="The date to evaluate, YYYY-MM-DD (default today).")
    parser.add_argument("--format", choices=FORMATS, default="table")


def scope_of(options: dict[str, Any]) -> Scope:
    """Build the scope the options ask for."""
    return Scope(
        csm=options.get("csm"), manager=options.get("manager"), account=options.get("account")
    )


def date_of(options: dict[str, Any]) -> dt.date:
    """Return --on, or today in the team's time zone."""
    return parse_date(options["on"], "--on") if options.get("on") else timezone.localdate()


def run_queue(options: dict[str, Any]) -> WorkQueue:
    """Build the work queue the options ask for (the CLI sees every account)."""
    return _evaluated(work_queue, options)


def run_items(options: dict[str, Any]) -> QueueItems:
    """List the queue the options ask for (large scopes in several processes)."""
    return _evaluated(queue_items, options)


def _evaluated(evaluate: Callable[[Any, Scope, dt.date], T], options: dict[str, Any]) -> T:
    """Evaluate the options' scope on their date, a scope that does not exist a usage error."""
    try:
        return evaluate(None, scope_of(options), date_of(options))
    except ScopeError as error:
        raise CommandError(str(error)) from None
