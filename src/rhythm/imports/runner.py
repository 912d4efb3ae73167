"""Run one import: read the rows, check all of them, then write them in one transaction.

Every row is checked before anything is kept: a file with one bad row writes nothing, and
the error list names every bad row, with its row number as a spreadsheet shows it, its
column and the reason. Rows are written through the owning apps' services, and upserted on
their natural key, so importing the same file twice changes nothing.
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from tqdm import tqdm

from rhythm.accounts.models import Account
from rhythm.imports import cells
from rhythm.imports.kinds import Column, Kind, Lookups, Record, get_kind
from rhythm.imports.readers import cell_text, normalise_header, read_file
from rhythm.imports.results import ImportFailed, ImportReport, RowError
from rhythm.lib.lookups import close_to, did_you_mean
from rhythm.playbook.rules.items import listed

__all__ = ["ImportFailed", "ImportReport", "RowError", "import_file", "import_rows"]

PROGRESS_ABOVE = 500
TYPO_CUTOFF = 0.85
SUGGEST_AT_MOST = 20  # account names given a "did you mean": each reads every stored name
NO_ROWS = "the file has its header row but no rows under it: there is nothing to import"
INTERRUPTED = "the import was interrupted before it ended"
_FIRST = "; import accounts first"


class _Abort(Exception):
    """Leave the transaction after a database error: the connection cannot go on."""


def import_rows(
    kind: str,
    rows: Iterable[Mapping[str, Any]],
    *,
    dry_run: bool = False,
    progress: bool = False,
) -> ImportReport:
    """Import rows of one KIND, each a mapping of column name to cell text.

    The header is every column name the rows use; no rows at all import nothing. Raise
    ImportFailed, having written nothing, when any row is bad. A dry run checks and counts
    everything, then writes nothing. `progress` shows a progress bar on large imports even
    off a terminal.
    """
    spec = get_kind(kind)
    table = [dict(row) for row in rows]
    if not table:
        return ImportReport(kind=spec.name, dry_run=dry_run)
    header = list(dict.fromkeys(name for row in table for name in row))
    return _run(spec, header, table, dry_run=dry_run, progress=progress)


def import_file(
    kind: str,
    path: str | Path,
    *,
    dry_run: bool = False,
    progress: bool = False,
    encoding: str | None = None,
) -> ImportReport:
    """Import a CSV or XLSX file of one KIND; see `import_rows`. A CSV is read in `encoding`
    when given, else as `readers.read_csv` tells. A file with no row under its header is
    refused: it is the wrong file or sheet, or an export that came out empty."""
    spec = get_kind(kind)
    try:
        table = read_file(path, encoding)  # a large workbook takes a while to read
    except KeyboardInterrupt:
        raise ImportFailed([RowError(0, "", INTERRUPTED)]) from None
    filled = any(cell_text(value) for row in table.rows for value in row.values())
    if not (filled or table.malformed):
        _columns(spec, table.header)  # a wrong header is said first
        raise ImportFailed([RowError(0, "", NO_ROWS)])
    return _run(
        spec,
        table.header,
        table.rows,
        dry_run=dry_run,
        progress=progress,
        malformed=table.malformed,
    )


def _run(
    spec: Kind,
    header: list[str],
    rows: list[dict[str, Any]],
    *,
    dry_run: bool,
    progress: bool,
    malformed: Mapping[int, RowError] | None = None,
) -> ImportReport:
    """Check and write the rows; an interrupt (Ctrl-C on a long import) is said as such.

    The rows are kept only when the transaction that writes them ends, as `_write`
    returns: an interrupt before then has written nothing. `malformed` holds the error of
    each row, by number, whose cells a CSV reader could not put in their columns.
    """
    try:
        return _check_and_write(
            spec, header, rows, dry_run=dry_run, progress=progress, malformed=malformed or {}
        )
    except KeyboardInterrupt:
        raise ImportFailed([RowError(0, "", INTERRUPTED)]) from None


def _check_and_write(
    spec: Kind,
    header: list[str],
    rows: list[dict[str, Any]],
    *,
    dry_run: bool,
    progress: bool,
    malformed: Mapping[int, RowError],
) -> ImportReport:
    columns = _columns(spec, header)
    records = [
        # A malformed row's cells are not in their columns: reading them would only mislead.
        Record(row=number, errors=[malformed[number]])
        if number in malformed
        else _parse(columns, number, row)
        for number, row in enumerate(rows, start=2)
        if number in malformed or any(cell_text(value) for value in row.values())
    ]
    lookups = Lookups(today=timezone.localdate())
    _resolve(spec, records, lookups)
    for record in records:
        record.cell_errors = tuple(record.errors)
    _mark_duplicates(spec, records)
    records = spec.prepare(records, lookups)
    errors = [error for record in records for error in record.errors]
    ignored = [name for name in header if name not in columns]
    report = ImportReport(kind=spec.name, dry_run=dry_run, ignored=ignored)
    good = [record for record in records if not record.errors]
    show = len(good) > PROGRESS_ABOVE and (progress or sys.stderr.isatty())
    errors += _write(spec, records, lookups, report, keep=not (dry_run or errors), progress=show)
    if errors:
        raise ImportFailed(errors)
    return report


def _columns(spec: Kind, header: list[str]) -> dict[str, Column]:
    """Map each header name the kind knows to its column; refuse missing or repeated ones, and
    an unknown one that looks like a typo of a known one."""
    columns: dict[str, Column] = {}
    errors = []
    for raw in header:
        name = normalise_header(raw)
        column = spec.column(spec.aliases.get(name, name))
        if column is None:
            if typo := _looks_like(spec, name):
                reason = (
                    f"{raw!r} is not a column of {spec.name}; did you mean {typo!r}? Rename it, "
                    "or remove it if it is not meant to be imported"
                )
                errors.append(RowError(1, raw, reason))
            continue
        if column in columns.values():
            errors.append(RowError(1, column.name, "the column appears more than once"))
        columns[raw] = column
    present = {column.name for column in columns.values()}
    errors += [
        RowError(1, name, "the column is missing") for name in spec.required if name not in present
    ]
    if errors:
        raise ImportFailed(errors)
    return columns


def _looks_like(spec: Kind, name: str) -> str | None:
    """Return the known column an unknown one is a near miss of (`renewal_dat`), if any.

    Other unknown columns are ignored, so a sheet exported from another tool imports as it is.
    """
    known = [column.name for column in spec.columns] + list(spec.aliases)
    close = difflib.get_close_matches(name, known, n=1, cutoff=TYPO_CUTOFF)
    return close[0] if close else None


def _parse(columns: dict[str, Column], number: int, row: dict[str, Any]) -> Record:
    """Read each cell of one row; a bad cell becomes an error of the row."""
    record = Record(row=number)
    for raw, column in columns.items():
        text = cell_text(row.get(raw))
        if not text:
            if column.required:
                record.fail(column.name, "a value is required")
            else:
                record.values[column.name] = column.empty
            continue
        try:
            record.values[column.name] = column.parse(text)
        except cells.CellError as error:
            record.fail(column.name, str(error))
            if column.refers == "member":
                record.member_names[column.name] = text
    return record


def _resolve(spec: Kind, records: list[Record], lookups: Lookups) -> None:
    """Replace account names and team-member emails with what they name, loaded in bulk."""
    refers = {column.name: column.refers for column in spec.columns if column.refers}
    wanted: dict[str, set[str]] = {"account": set(), "member": set()}
    for record in records:
        for name, what in refers.items():
            if record.values.get(name):
                wanted[what].add(record.values[name].lower())
    lookups.load_accounts(wanted["account"])
    lookups.load_members(wanted["member"])
    near: dict[str, str] = {}  # a "did you mean" for each account name not found
    for record in records:
        for name, what in refers.items():
            value = record.values.get(name)
            if not value:
                continue
            found = (lookups.accounts if what == "account" else lookups.members).get(value.lower())
            if found is not None:
                record.values[name] = found
                continue
            del record.values[name]
            if what == "member":
                record.fail(name, f"{value!r} is not a team member; import team first")
                continue
            if value.lower() not in near:
                near[value.lower()] = _near_account(value) if len(near) < SUGGEST_AT_MOST else ""
            record.fail(name, f"no account named {value!r}{near[value.lower()] or _FIRST}")
    _name_member_emails(records, lookups)


def _name_member_emails(records: list[Record], lookups: Lookups) -> None:
    """A team-member column holding a name (`Alex Chen`, as a CRM's "Account Owner" column
    does) is refused as not an email; say the email of the team member of that name."""
    names = {text.lower() for record in records for text in record.member_names.values()}
    emails = lookups.emails_of_members_named(names) if names else {}
    for record in records:
        for column, text in record.member_names.items():
            if email := emails.get(text.lower()):
                record.errors = [
                    RowError(error.row, column, f"{error.reason}; {text} on the team is {email}")
                    if error.column == column
                    else error
                    for error in record.errors
                ]


def _near_account(name: str) -> str:
    """Say which stored account a name not found is a near miss of (`Acme Crop`), if any."""
    return did_you_mean(close_to(Account.objects.all(), "name", name))


def _mark_duplicates(spec: Kind, records: list[Record]) -> None:
    """Refuse a second row with the same natural key: which of the two should win?"""
    seen: dict[tuple, int] = {}
    for record in records:
        found = spec.key_of(record)
        if found is None:
            continue
        columns, key = found
        if key in seen:
            record.fail(columns[-1], f"same {listed(columns)} as row {seen[key]}")
        else:
            seen[key] = record.row


def _write(
    spec: Kind,
    records: list[Record],
    lookups: Lookups,
    report: ImportReport,
    *,
    keep: bool,
    progress: bool,
) -> list[RowError]:
    """Write the good rows in one transaction; roll it back on any error, or when not keeping.

    A bad row whose only errors are cells no other check reads is still checked by its
    service (`_check_without`), so its other cells' errors are reported too.
    """
    errors: list[RowError] = []
    written = [record for record in records if not record.errors or _checkable(spec, record)]
    rows = tqdm(
        written, desc=f"import {spec.name}", unit="row", disable=not progress, file=sys.stderr
    )
    try:
        with transaction.atomic():
            for record in rows:
                if record.errors:
                    errors += _check_without(spec, record, lookups)
                    continue
                try:
                    report.count(spec.write(record, lookups))
                except ValidationError as error:
                    errors += _validation_errors(spec, record.row, error)
                except DatabaseError as error:
                    errors.append(
                        RowError(record.row, "", f"the database refused the row: {error}")
                    )
                    raise _Abort from error
            if errors or not keep:
                transaction.set_rollback(True)
    except _Abort:
        pass
    finally:
        rows.close()
    return errors


def _checkable(spec: Kind, record: Record) -> bool:
    """Tell whether a bad row can still be asked of its service: its only errors are those
    of its cells (none found since, by the file's other rows or the kind's own checks), and
    each is in a column that is `alone`: no check of another cell reads it."""
    if not record.cell_errors or record.errors != list(record.cell_errors):
        return False
    return all(
        (column := spec.column(error.column)) is not None and column.alone
        for error in record.cell_errors
    )


def _check_without(spec: Kind, record: Record, lookups: Lookups) -> list[RowError]:
    """Ask the service that writes a bad row what else is wrong with it: the row is written
    without the cells that could not be read, as if their columns were not in the file, and
    the errors on its other columns are returned.

    Nothing is kept: the import rolls back, the row being bad. A row the service refuses is
    undone at once (a savepoint), so the rows after it are checked as if it were not there;
    one it takes stays, as it would once its bad cells are fixed, for later rows that refer
    to it.
    """
    unread = {error.column for error in record.cell_errors}
    try:
        with transaction.atomic():
            spec.write(record, lookups)
    except ValidationError as error:
        found = _validation_errors(spec, record.row, error)
        return [error for error in found if error.column not in unread]
    except DatabaseError:
        pass  # refused for lack of the cells left out: the row's own errors say what to fix
    return []


def _validation_errors(spec: Kind, row: int, error: ValidationError) -> list[RowError]:
    """Turn a service's ValidationError into row errors on the columns the fields come from."""
    by_field = (
        error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
    )
    errors = []
    for name, messages in by_field.items():
        column = spec.fields.get(name, name)
        if name == NON_FIELD_ERRORS:
            column = ""
        elif spec.column(column) is None:
            messages = [f"{name}: {message}" for message in messages]
            column = ""
        errors += [RowError(row, column, message.rstrip(".")) for message in messages]
    return errors
