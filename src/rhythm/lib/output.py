"""Print rows as a table, JSON or CSV: the formats every listing command offers."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol

FORMATS = ("table", "json", "csv")


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


def write_rows(
    out: Writer, rows: Iterable[dict[str, Any]], columns: Sequence[str], fmt: str
) -> None:
    """Write rows: JSON keeps every key; table and CSV show `columns`.

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
            writer.writerow([_cell(row.get(column)) for column in columns])
    else:
        write_table(out, [[_cell(row.get(column)) for column in columns] for row in rows], columns)


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


def write_table(out: Writer, cells: Sequence[Sequence[str]], columns: Sequence[str]) -> None:
    """Write a plain aligned text table; long cells are cut so a row fits a wide terminal."""
    limit = 70
    cut = [
        [text if len(text) <= limit else text[: limit - 1] + "…" for text in row] for row in cells
    ]
    widths = [max([len(c)] + [len(row[i]) for row in cut]) for i, c in enumerate(columns)]
    header = "  ".join(c.upper().ljust(w) for c, w in zip(columns, widths, strict=True))
    out.write(header.rstrip() + "\n")
    for row in cut:
        out.write("  ".join(t.ljust(w) for t, w in zip(row, widths, strict=True)).rstrip() + "\n")
