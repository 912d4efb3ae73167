"""Print rows as a table, JSON or CSV: the formats every listing command offers."""

from __future__ import annotations

import csv
import json
import shutil
import textwrap
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Protocol

FORMATS = ("table", "json", "csv")
LONG = 30  # a column wider than this is text, the first to leave a table too wide


class Writer(Protocol):
    """Anything with write(text): a file, or a management command's stdout."""

    def write(self, msg: str, /) -> Any: ...


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(str(part) for part in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


# A text cell starting with one of these is a formula to a spreadsheet (=HYPERLINK(...) in a
# contact's name would run when the file is opened): such a cell is written after an
# apostrophe, which spreadsheets read as "text" and do not show. Numbers (-12.5) stay.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any) -> str:
    text = _cell(value)
    if text.startswith(FORMULA_STARTS) and not isinstance(value, int | float):
        try:
            float(text)
        except ValueError:
            return "'" + text
    return text


def write_rows(
    out: Writer,
    rows: Iterable[dict[str, Any]],
    columns: Sequence[str],
    fmt: str,
    headers: Mapping[str, str] | None = None,
) -> None:
    """Write rows: JSON keeps every key; table and CSV show `columns`. A CSV cell a
    spreadsheet would run as a formula is written as text (`FORMULA_STARTS`). The table,
    written for people, heads a column with its name in `headers` where it has one; JSON
    and CSV keep the keys, which scripts read.

    JSON and CSV are written row by row as the rows come, so a queue of a million items
    never sits in memory a second time as text. JSON is a list with one object a line.
    """
    if fmt == "json":
        for text in json_list_chunks(rows):
            out.write(text)
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_csv_cell(row.get(column)) for column in columns])
    else:
        cells = [[_cell(row.get(column)) for column in columns] for row in rows]
        write_table(out, cells, [(headers or {}).get(column, column) for column in columns])


def json_list_chunks(rows: Iterable[dict[str, Any]], chunk: int = 1_000) -> Iterator[str]:
    """Yield a JSON list with one row a line, `chunk` lines at a time, each ending a line.

    For a file, a terminal or an HTTP response that should not hold a million rows as one
    string; rows are encoded without indent, by the encoder written in C.
    """
    encode = json.JSONEncoder(default=str).encode
    lines: list[str] = []
    yield "[\n"
    for row in rows:
        if len(lines) == chunk:
            yield ",\n".join(lines) + ",\n"
            lines = []
        lines.append("  " + encode(row))
    yield ",\n".join(lines) + ("\n]\n" if lines else "]\n")


def write_table(
    out: Writer, cells: Sequence[Sequence[str]], columns: Sequence[str], width: int | None = None
) -> None:
    """Write a plain aligned text table that fits `width` characters.

    `width` is the terminal's (or the COLUMNS variable's), 100 when the output is not a
    terminal. When the columns do not fit side by side, the text ones (a why sentence, an
    action, the failing accounts), then the last ones, leave the row: each is written whole
    under its row, as `name: text` wrapped to the width, rather than cut, and the rows are
    spaced apart.
    """
    if width is None:
        width = shutil.get_terminal_size((100, 24)).columns
    natural = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    inline = list(range(len(columns)))

    def too_wide() -> bool:
        return len(inline) > 1 and sum(natural[i] + 2 for i in inline) - 2 > width

    # The first column stays. Text (wider than LONG) leaves first, the widest first; then
    # the last columns, so the ones kept side by side are the first, in their order.
    while too_wide() and (text := [i for i in inline[1:] if natural[i] > LONG]):
        inline.remove(max(text, key=lambda i: natural[i]))
    while too_wide():
        inline.pop()
    below = [i for i in range(len(columns)) if i not in inline]
    header = "  ".join(columns[i].upper().ljust(natural[i]) for i in inline)
    out.write(header.rstrip() + "\n")
    indent = "    "
    for number, row in enumerate(cells):
        if below and number:
            out.write("\n")
        out.write("  ".join(row[i].ljust(natural[i]) for i in inline).rstrip() + "\n")
        for i in below:
            if not row[i]:
                continue
            label = f"{indent}{columns[i]}: "
            lines = textwrap.wrap(
                row[i],
                width=max(width, len(label) + 20),
                initial_indent=label,
                subsequent_indent=" " * len(label),
                break_on_hyphens=False,
            )
            out.write("\n".join(lines) + "\n")
