"""Read CSV and XLSX files into rows of text, keyed by the header row's column names.

Everything a spreadsheet can hold becomes text here (dates as YYYY-MM-DD, whole numbers
without ".0", TRUE/FALSE as yes/no), so every kind parses one kind of input.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from rhythm.imports.results import ImportFailed, RowError

CSV_SUFFIXES = {".csv", ".txt"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
_DELIMITERS = (",", ";", "\t")


@dataclass
class Table:
    """The header row and the data rows of one file; row i (from 0) is spreadsheet row i + 2."""

    header: list[str]
    rows: list[dict[str, str]] = field(default_factory=list)


def normalise_header(name: str) -> str:
    """Reduce a column name to its canonical form: "  Renewal Date " becomes renewal_date."""
    return re.sub(r"[\s-]+", "_", name.strip().lower())


def cell_text(value: Any) -> str:
    """Write one cell's value as the text a person would type for it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        # A date column holds dates; a spreadsheet's date cells arrive as datetimes.
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _table(lines: Iterator[list[Any]]) -> Table:
    header_cells = next(lines, None)
    if not header_cells or not any(cell_text(cell) for cell in header_cells):
        message = "the file is empty: its first row must name the columns"
        raise ImportFailed([RowError(0, "", message)])
    header = [cell_text(cell) for cell in header_cells]
    table = Table(header=[name for name in header if name])
    for cells in lines:
        texts = [cell_text(cell) for cell in cells]
        table.rows.append(
            {name: (texts[i] if i < len(texts) else "") for i, name in enumerate(header) if name}
        )
    return table


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel's plain "CSV" (not "CSV UTF-8") writes the Windows code page.
        return data.decode("cp1252", errors="replace")


def read_csv(path: Path) -> Table:
    """Read a CSV file; the delimiter (comma, semicolon or tab) is the one the header uses."""
    content = _decode(path.read_bytes())
    first_line = content.split("\n", 1)[0]
    delimiter = max(_DELIMITERS, key=first_line.count)
    return _table(iter(csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)))


def read_xlsx(path: Path) -> Table:
    """Read the first worksheet of an XLSX workbook, with cell values rather than formulas."""
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError) as error:
        message = f"{path.name} is not an XLSX workbook: {error}"
        raise ImportFailed([RowError(0, "", message)]) from None
    try:
        return _table(iter(workbook.worksheets[0].iter_rows(values_only=True)))
    finally:
        workbook.close()


def read_file(path: str | Path) -> Table:
    """Read a CSV or XLSX file, chosen by the file's extension."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return read_csv(path)
    if suffix in XLSX_SUFFIXES:
        return read_xlsx(path)
    message = f"{path.name}: unsupported file type {suffix or '(none)'!r}; use .csv or .xlsx"
    raise ImportFailed([RowError(0, "", message)])
