"""docs/import.md stays true to the code: every column, alias and example of every kind."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest
from django.utils import timezone

from rhythm.imports import cells
from rhythm.imports.kinds import KINDS
from rhythm.imports.results import ImportFailed
from rhythm.imports.runner import import_file, import_rows

DOCS = Path(__file__).resolve().parents[2] / "docs" / "import.md"
WRITTEN_ON = dt.date(2026, 12, 1)  # the examples' today: an EBR they plan is still ahead


def sections() -> dict[str, str]:
    """Return each kind's section of the docs, by kind name."""
    parts = re.split(r"^### (\w+)$", DOCS.read_text(), flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def documented_columns(section: str) -> dict[str, bool]:
    """Return the columns of a section's table, each with whether it is marked required."""
    rows = re.findall(r"^\| `(\w+)` \| (yes|no) \|", section, flags=re.MULTILINE)
    return {name: required == "yes" for name, required in rows}


def test_every_kind_is_documented_in_import_order():
    assert list(sections()) == list(KINDS)


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_column_is_documented_with_whether_it_is_required(kind):
    expected = {column.name: column.required for column in KINDS[kind].columns}

    assert documented_columns(sections()[kind]) == expected


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_alias_is_documented(kind):
    section = sections()[kind]

    assert [alias for alias in KINDS[kind].aliases if f"`{alias}`" not in section] == []


@pytest.fixture
def written_on(monkeypatch):
    """Make today the day the examples were written, `WRITTEN_ON`."""
    real_localdate = timezone.localdate
    monkeypatch.setattr(
        timezone,
        "localdate",
        lambda value=None, timezone=None: (
            WRITTEN_ON if value is None else real_localdate(value, timezone)
        ),
    )


def test_the_examples_import_in_the_documented_order_and_twice_change_nothing(
    db, tmp_path, written_on
):
    for kind, section in sections().items():
        example = re.search(r"```csv\n(.*?)```", section, flags=re.DOTALL)
        assert example, f"no example CSV for {kind}"
        (tmp_path / f"{kind}.csv").write_text(example.group(1))

    first = {kind: import_file(kind, tmp_path / f"{kind}.csv") for kind in KINDS}
    second = {kind: import_file(kind, tmp_path / f"{kind}.csv") for kind in KINDS}

    assert all(report.created > 0 for report in first.values())
    assert {(report.created, report.updated) for report in second.values()} == {(0, 0)}


def documented_meanings(section: str) -> dict[str, str]:
    """Return the meaning a section's table gives each column, by column name."""
    rows = re.findall(r"^\| `(\w+)` \| (?:yes|no) \| (.*?) \|", section, flags=re.MULTILINE)
    return dict(rows)


def test_every_date_column_refused_in_the_future_says_so(db, tmp_path, written_on):
    """Import a row of each kind's example with each date column, in turn, set to the day
    after the examples' today (and its other optional dates left out, so that none is
    refused for coming before it): the docs say "not in the future" of exactly the columns
    refused then."""
    tomorrow = (WRITTEN_ON + dt.timedelta(days=1)).isoformat()
    examples = {}
    for kind, section in sections().items():
        example = re.search(r"```csv\n(.*?)```", section, flags=re.DOTALL)
        assert example, f"no example CSV for {kind}"
        examples[kind] = list(csv.DictReader(io.StringIO(example.group(1))))
        (tmp_path / f"{kind}.csv").write_text(example.group(1))
        import_file(kind, tmp_path / f"{kind}.csv")
    refused, documented = set(), set()
    for kind, rows in examples.items():
        meanings = documented_meanings(sections()[kind])
        dates = [column for column in KINDS[kind].columns if column.parse is cells.date]
        for column in dates:
            if "not in the future" in meanings[column.name]:
                documented.add((kind, column.name))
            row = next((row for row in rows if row.get(column.name)), None)
            assert row is not None, f"no example of {kind}'s {column.name}"
            try:
                others = {other.name: "" for other in dates if not other.required}
                import_rows(kind, [{**row, **others, column.name: tomorrow}], dry_run=True)
            except ImportFailed as failed:
                future = f"{tomorrow} is in the future"
                if any(e.column == column.name and future in e.reason for e in failed.errors):
                    refused.add((kind, column.name))

    assert sorted(documented - refused) == []
    assert sorted(refused - documented) == []
