"""Read CSV and XLSX files into rows of text, keyed by the header row's column names.

Everything a spreadsheet can hold becomes text here (dates as YYYY-MM-DD, whole numbers
without ".0", TRUE/FALSE as yes/no), so every kind parses one kind of input.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from rhythm.imports import encodings
from rhythm.imports.results import ImportFailed, RowError
from rhythm.lib.output import FORMULA_STARTS

CSV_SUFFIXES = {".csv", ".txt"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
_DELIMITERS = (",", ";", "\t")
_DELIMITER_NAMES = {",": "a comma", ";": "a semicolon", "\t": "a tab"}


@dataclass
class Table:
    """The header row and the data rows of one file; row i (from 0) is spreadsheet row i + 2.

    `malformed` holds, by row number, the error of each row whose cells cannot be told
    apart (see `_table`): the row's error, while the other rows are still checked.
    """

    header: list[str]
    rows: list[dict[str, str]] = field(default_factory=list)
    malformed: dict[int, RowError] = field(default_factory=dict)


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


EMPTY = "the file is empty: its first row must name the columns"


def _table(
    lines: Iterator[Sequence[Any]], empty: Callable[[], str] = lambda: EMPTY, delimiter: str = ""
) -> Table:
    """Read the header and the rows; in a CSV (`delimiter`), a row longer than the header is
    malformed: an unquoted delimiter in a value has cut it in two, so its cells are not in
    their columns. That is the row's error (`Table.malformed`), and the other rows are read."""
    header_cells = next(lines, None)
    if not header_cells or not any(cell_text(cell) for cell in header_cells):
        raise ImportFailed([RowError(0, "", empty())])
    header = [cell_text(cell) for cell in header_cells]
    table = Table(header=[name for name in header if name])
    for number, cells in enumerate(lines, start=2):
        texts = [cell_text(cell) for cell in cells]
        if delimiter and any(texts[len(header) :]):
            reason = (
                f"the row has {len(texts)} cells but the header names {len(header)} columns; "
                f"put a value that contains {_DELIMITER_NAMES[delimiter]} in double quotes"
            )
            table.malformed[number] = RowError(number, "", reason)
        table.rows.append(
            {name: (texts[i] if i < len(texts) else "") for i, name in enumerate(header) if name}
        )
    return table


def _decode(data: bytes, encoding: str | None = None) -> str:
    """Decode a CSV: in `encoding` when one is given; else UTF-16 when it starts with its
    byte-order mark (Excel's "Unicode Text"), else UTF-8, else the Windows code page Excel's
    plain "CSV" writes in English and Western Europe, when it reads as text there. A file in
    another code page is refused, naming the ones it may be in (`encodings`)."""
    if encoding is not None:
        # In UTF-8, the byte-order mark Excel writes is not a letter of the first column.
        utf8 = codecs.lookup(encoding).name == "utf-8"
        return _decode_as(data, "utf-8-sig" if utf8 else encoding, encoding)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_as(data, "utf-16", "UTF-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode(encodings.DEFAULT)
    except UnicodeDecodeError:
        return _decode_as(data, encodings.DEFAULT, "UTF-8 or Windows-1252", _other_code_pages(data))
    if (found := encodings.odd_word(text)) is not None:
        at, word = found
        reason = (
            f"the file is not UTF-8, and in Windows-1252 it reads {word!r}, which is no word; "
            "save the file as CSV UTF-8" + _other_code_pages(data)
        )
        raise ImportFailed([RowError(text[:at].count("\n") + 1, "", reason)])
    return text


def _other_code_pages(data: bytes) -> str:
    """Name the code pages the file reads as text in, as the end of a sentence."""
    likely = encodings.likely_code_pages(data)
    if not likely:
        return ", or give its encoding with --encoding (cp1251 for Cyrillic, say)"
    saved = " or ".join(encodings.CODE_PAGES[name] for name in likely)
    options = " or ".join(f"--encoding {name}" for name in likely)
    return f", or, if it was saved in {saved}, import it with {options}"


def _decode_as(data: bytes, encoding: str, described: str, advice: str = "") -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        row = data[: error.start].decode(encoding, errors="replace").count("\n") + 1
        found = " ".join(f"0x{byte:02X}" for byte in data[error.start : error.end])
        what = "byte" if error.end - error.start == 1 else "bytes"
        reason = f"{what} {found} cannot be read as {described}; save the file as CSV UTF-8"
        raise ImportFailed([RowError(row, "", reason + advice)]) from None


_SEP_LINE = re.compile(r"sep=(.)\r?(\n|$)", re.IGNORECASE)


def read_csv(path: Path, encoding: str | None = None) -> Table:
    """Read a CSV file, in `encoding` if given (see `_decode`); the delimiter (comma,
    semicolon or tab) is the one the header uses, or the one a first line `sep=;` names, as
    Excel writes and reads it (Excel hides that line, so the rows are numbered as if it were
    not there)."""
    content = _decode(path.read_bytes(), encoding)
    sep = _SEP_LINE.match(content)
    if sep:
        delimiter = sep.group(1)
        if delimiter not in _DELIMITERS:
            reason = (
                f"the file's first line, sep={delimiter}, names {delimiter!r} as the delimiter: "
                "use a comma, a semicolon or a tab"
            )
            raise ImportFailed([RowError(0, "", reason)])
        content = content[sep.end() :]
    else:
        first_line = content.split("\n", 1)[0]
        delimiter = max(_DELIMITERS, key=first_line.count)
    lines = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
    return _table(([_unescaped(cell) for cell in cells] for cells in lines), delimiter=delimiter)


def _unescaped(cell: str) -> str:
    """Drop the apostrophe before a cell a spreadsheet would run as a formula (`'=Sum`), as
    Rhythm's CSV exports write it and spreadsheets read it: a mark of text, not a letter."""
    if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


def read_xlsx(path: Path) -> Table:
    """Read the first worksheet of an XLSX workbook, with cell values rather than formulas.

    A formula saved without its value (by a tool that writes formulas but does not compute
    them) is refused rather than read as an empty cell.
    """
    workbook = _open_workbook(path, values=True)
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        table = _table(iter(rows), lambda: _empty_sheet(workbook))
    finally:
        workbook.close()
    if errors := _formulas_without_values(path):
        raise ImportFailed(errors)
    return table


def _open_workbook(path: Path, *, values: bool) -> Workbook:
    try:
        return load_workbook(path, read_only=True, data_only=values)
    except (zipfile.BadZipFile, KeyError, OSError) as error:
        message = f"the file is not an XLSX workbook: {error}"
        raise ImportFailed([RowError(0, "", message)]) from None


def _empty_sheet(workbook: Workbook) -> str:
    """Say that the first sheet is empty, naming it and the sheets that hold data."""
    first, *others = workbook.worksheets
    with_data = [
        repr(sheet.title)
        for sheet in others
        if any(cell_text(cell) for row in sheet.iter_rows(values_only=True) for cell in row)
    ]
    message = f"the first sheet, {first.title!r}, is empty"
    if not with_data:
        return f"{message}: its first row must name the columns"
    has = "has" if len(with_data) == 1 else "have"
    return (
        f"{message}, and only the first sheet is read; {', '.join(with_data)} {has} data: "
        "move the sheet to import to the front of the workbook"
    )


def _formulas_without_values(path: Path) -> list[RowError]:
    """Name each cell of the first sheet holding a formula whose value was not saved."""
    with zipfile.ZipFile(path) as archive:
        if not any(
            name.startswith("xl/worksheets/") and b"<f" in archive.read(name)
            for name in archive.namelist()
        ):
            return []
    saved, written = _open_workbook(path, values=True), _open_workbook(path, values=False)
    errors = []
    try:
        pairs = zip(
            saved.worksheets[0].iter_rows(values_only=True),
            written.worksheets[0].iter_rows(values_only=True),
            strict=False,
        )
        header: Sequence[Any] = ()
        for number, (values, formulas) in enumerate(pairs, start=1):
            header = header or values
            for index, formula in enumerate(formulas):
                if not _is_formula(formula) or (index < len(values) and values[index] is not None):
                    continue
                name = cell_text(header[index]) if index < len(header) else ""
                if number > 1 and not name:
                    continue  # a column without a name is not read
                name = name if number > 1 else ""
                cell = f"{get_column_letter(index + 1)}{number}"
                reason = (
                    f"cell {cell} holds a formula with no saved value; open the file in a "
                    "spreadsheet program and save it again, so the values are saved with it"
                )
                errors.append(RowError(number, name, reason))
    finally:
        saved.close()
        written.close()
    return errors


def _is_formula(value: Any) -> bool:
    if isinstance(value, ArrayFormula | DataTableFormula):
        return True
    return isinstance(value, str) and value.startswith("=")


def read_file(path: str | Path, encoding: str | None = None) -> Table:
    """Read a CSV or XLSX file, chosen by the file's extension; a CSV in `encoding` if
    given (a workbook says its own)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return read_csv(path, encoding)
    if suffix in XLSX_SUFFIXES:
        return read_xlsx(path)
    message = f"unsupported file type {suffix or '(none)'!r}; use .csv or .xlsx"
    raise ImportFailed([RowError(0, "", message)])
