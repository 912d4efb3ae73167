"""Helpers shared by Rhythm's management commands."""

from __future__ import annotations

import argparse
import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, DjangoHelpFormatter
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(value: str, option: str) -> dt.date:
    """Parse a date given on the command line as YYYY-MM-DD (as an import reads one), naming
    the option when it is bad; the other forms ISO allows (20261101, 2026-W47-1) are not,
    and neither is an empty one (`--on ''`): a command given a date never means today by it."""
    try:
        if not _DAY.fullmatch(value.strip()):
            raise ValueError(value)
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise CommandError(f"{option}: {value!r} is not a date; use YYYY-MM-DD") from None


def validation_to_command_error(
    error: ValidationError, options: Mapping[str, str] | None = None
) -> CommandError:
    """Turn a service's field errors into one readable command error, each field named by
    the command's option for it (`options`: `{"duration_minutes": "--duration"}`)."""
    names = options or {}
    if hasattr(error, "error_dict"):
        lines = [
            f"{names.get(field, field)}: {' '.join(msgs)}"
            for field, msgs in error.message_dict.items()
        ]
    else:
        lines = list(error.messages)
    return CommandError("; ".join(lines))


# Django's options every command accepts, which a person running Rhythm never needs; they
# still work, but `--help` leaves them out so that it shows only what the command is about.
_HIDDEN_OPTIONS = {"--version", "--verbosity", "--settings", "--pythonpath", "--traceback"}
_HIDDEN_OPTIONS |= {"--no-color", "--force-color", "--skip-checks"}
_EXAMPLES = "examples:\n"


class _HelpFormatter(DjangoHelpFormatter):
    """Django's help layout, with the examples after the options kept line by line."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if not text.startswith(_EXAMPLES):
            return super()._fill_text(text, width, indent)
        return "".join(indent + line for line in text.splitlines(keepends=True))


class RhythmCommand(BaseCommand):
    """One of Rhythm's own commands: its `--help` shows its options and `examples`."""

    suppressed_base_arguments = _HIDDEN_OPTIONS
    examples: tuple[str, ...] = ()  # command lines shown under "examples:" in `--help`

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> Any:
        if self.examples:
            lines = "\n".join(f"  {example}" for example in self.examples)
            kwargs.setdefault("epilog", f"{_EXAMPLES}{lines}")
        kwargs.setdefault("formatter_class", _HelpFormatter)
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        skip = parser._option_string_actions.get("--skip-checks")  # not a base argument
        if skip is not None:
            skip.help = argparse.SUPPRESS
        return parser


class DataCommand(RhythmCommand):
    """A command that reads or writes the book.

    It first checks that the database can be reached and its tables are up to date, and
    stops with a sentence saying what to do instead of a database traceback.
    """

    def execute(self, *args: Any, **options: Any) -> str | None:
        require_schema()
        return super().execute(*args, **options)

    def progress(self) -> Callable[[str], None] | None:
        """Return where to say what long work is doing: standard error, on a terminal only.

        Output piped to a file or another program stays exactly the data asked for.
        """
        return self.stderr.write if self.stderr.isatty() else None


def require_database(alias: str = DEFAULT_DB_ALIAS) -> None:
    """Raise a command error naming the database when it cannot be reached."""
    connection = connections[alias]
    try:
        connection.ensure_connection()
    except DatabaseError as error:
        raise _unusable(connection.settings_dict, error) from None


def require_schema(alias: str = DEFAULT_DB_ALIAS) -> None:
    """Raise a command error when the database is unreachable or its schema is not current."""
    require_database(alias)
    connection = connections[alias]
    try:
        executor = MigrationExecutor(connection)
        missing = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as error:
        raise _unusable(connection.settings_dict, error) from None
    if not missing:
        return
    if not executor.loader.applied_migrations:
        state = "has no Rhythm tables yet"
    else:
        count = len(missing)
        state = f"is behind this version of Rhythm ({count} migration{'s' * (count != 1)} to apply)"
    raise CommandError(
        f"The database {_describe(connection.settings_dict)} {state}: run `rhythm migrate` "
        "first (`rhythm start` does it before serving)."
    )


def _unusable(database: dict[str, Any], error: DatabaseError) -> CommandError:
    reason = " ".join(str(error).split()) or type(error).__name__
    return CommandError(
        f"Cannot use the database {_describe(database)} (check DATABASE_URL): {reason}"
    )


def _describe(database: dict[str, Any]) -> str:
    """Name a database without its password: the SQLite file, or host:port/name."""
    if "sqlite" in database["ENGINE"]:
        return str(database["NAME"])
    host = database.get("HOST") or "localhost"
    port = f":{database['PORT']}" if database.get("PORT") else ""
    return f"{host}{port}/{database['NAME']}"
