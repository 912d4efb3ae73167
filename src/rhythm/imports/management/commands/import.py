"""`rhythm import KIND FILE [--dry-run]`: load a CSV or XLSX file of one kind of record."""

from __future__ import annotations

import codecs
from argparse import ArgumentTypeError
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from rhythm.imports.kinds import KINDS
from rhythm.imports.results import ImportFailed
from rhythm.imports.runner import import_file
from rhythm.lib.cli import DataCommand


def encoding_name(value: str) -> str:
    """Return an encoding's name as given, refusing one Python does not know."""
    try:
        codecs.lookup(value)
    except LookupError:
        raise ArgumentTypeError(
            f"unknown encoding {value!r}; name one such as utf-8, cp1252, cp1251, cp1250, "
            "iso8859_2 or mac_roman"
        ) from None
    return value


class Command(DataCommand):
    help = (
        "Import a CSV or XLSX file of one kind of record, all or nothing. Import team, "
        "accounts and contacts first, then the rest (objectives after success_plans, ebrs "
        "after activities, ebr_steps after ebrs). See "
        "docs/import.md for the columns."
    )
    examples = (
        "rhythm import accounts accounts.csv --dry-run",
        "rhythm import activities calls.xlsx",
        "rhythm import contacts contacts.csv --encoding cp1251",
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "kind",
            choices=list(KINDS),
            metavar="KIND",
            help=f"What the file holds: {', '.join(KINDS)}.",
        )
        parser.add_argument(
            "file", metavar="FILE", help="A .csv or .xlsx file; the first row names the columns."
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and report what would change, writing nothing.",
        )
        parser.add_argument(
            "--encoding",
            type=encoding_name,
            help="The code page a CSV was saved in (cp1251, cp1250, mac_roman...), when it is "
            "not UTF-8 or Windows-1252; by default it is told from the file.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        given = options["file"]
        if not given.strip() or Path(given).is_dir():
            what = "no file" if not given.strip() else "a folder"
            raise CommandError(f"FILE: {given!r} is {what}; give the path of a .csv or .xlsx file")
        try:
            report = import_file(
                options["kind"],
                options["file"],
                dry_run=options["dry_run"],
                encoding=options["encoding"],
            )
        except ImportFailed as failure:
            for error in failure.errors:  # each names the file, for a script importing several
                self.stderr.write(f"{options['file']}: {error}")
            count = len(failure.errors)
            errors = f"{count} error" if count == 1 else f"{count} errors"
            raise CommandError(f"{errors} in {options['file']}; nothing was written") from None
        except OSError as error:
            raise CommandError(f"cannot read {options['file']}: {error.strerror}") from None
        self.stdout.write(str(report))
