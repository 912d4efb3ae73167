"""The options every playbook command shares: whose book, and as of which date."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from rhythm.lib.cli import parse_date
from rhythm.lib.dates import day_error
from rhythm.lib.output import FORMATS, write_rows
from rhythm.playbook.queue import (
    Scope,
    ScopeError,
    scoped_accounts,
)

T = TypeVar("T")


def add_scope_arguments(parser: CommandParser, *, account: bool = True) -> None:
    """Add --csm / --manager (/ --account), --on and --format."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--csm", metavar="EMAIL", help="A CSM's email: their book.")
    group.add_argument("--manager", metavar="EMAIL", help="A manager's email: their team's books.")
    if account:
        group.add_argument("--account", metavar="NAME", help="One account, by name.")
    parser.add_argument(
        "--on", metavar="DATE", help="The date to evaluate, YYYY-MM-DD (default today)."
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="table (the default: fits the terminal), json or csv.",
    )


def scope_of(options: dict[str, Any]) -> Scope:
    """Build the scope the options ask for. One given empty (`--csm "$EMAIL"` with nothing
    in it) is refused, rather than taken for not given: that would be every account."""
    for name, what in (("csm", "a CSM's email"), ("manager", "a manager's email"),
                       ("account", "an account's name")):  # fmt: skip
        if options.get(name) is not None and not options[name].strip():
            raise CommandError(
                f"--{name}: {options[name]!r} is empty; give {what}, or leave --{name} out "
                "for every account."
            )
    return Scope(
        csm=options.get("csm"), manager=options.get("manager"), account=options.get("account")
    )


def date_of(options: dict[str, Any]) -> dt.date:
    """Return --on, or today in the team's time zone without one; an empty --on ('') or a
    day out of range is a usage error."""
    today = timezone.localdate()
    day = parse_date(options["on"], "--on") if options.get("on") is not None else today
    if error := day_error(day, today):
        raise CommandError(f"--on: {error}")
    return day


# Scopes of this many accounts take seconds: a command on a terminal says what it is doing.
LARGE_SCOPE = 2_000

Notify = Callable[[str], None]


def run_scope(
    evaluate: Callable[[Any, Scope, dt.date], T],
    options: dict[str, Any],
    notify: Notify | None,
) -> T:
    """Evaluate the options' scope on their date with `evaluate` (`work_queue`, say).

    The command line sees every account; a scope that does not exist is a usage error.
    `notify` (a terminal's standard error) is told, for a large scope, how many accounts
    are being worked out before, and how long it took after.
    """
    scope, today = scope_of(options), date_of(options)
    try:
        count = scoped_accounts(None, scope).accounts.count() if notify else 0
        say = notify if count >= LARGE_SCOPE else None
        started = time.monotonic()
        if say is not None:
            accounts = f"{count:,} account{'s' * (count != 1)}"
            say(f"Working out {scope.describe()} as of {today.isoformat()}: {accounts}...")
        result = evaluate(None, scope, today)
    except ScopeError as error:
        raise CommandError(str(error)) from None
    if say is not None:
        say(f"Done in {time.monotonic() - started:.1f} s.")
    return result


def write_listing(
    command: BaseCommand,
    rows: list[dict[str, Any]],
    columns: tuple[str, ...],
    options: dict[str, Any],
    what: str,
    scope: Scope,
    today: dt.date,
    headers: Mapping[str, str] | None = None,
) -> None:
    """Write a listing's rows in the asked format (`write_rows`, with the table's `headers`);
    an empty one says so in a sentence.

    The table is the sentence alone (`No accounts in the book of ... on 2026-12-01.`); CSV
    and JSON stay the data (a header, an empty list), with the sentence on standard error
    when that is a terminal.
    """
    note = f"No {what}{'' if scope == Scope() else f' in {scope.describe()}'} on {today}."
    if not rows and options["format"] == "table":
        command.stdout.write(note)
        return
    write_rows(command.stdout, rows, columns, options["format"], headers)
    if not rows and command.stderr.isatty():
        command.stderr.write(note)
