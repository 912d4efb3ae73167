"""docs/import.md stays true to the code: every column, alias and example of every kind."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone

from rhythm.imports.kinds import KINDS
from rhythm.imports.runner import import_file

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


def test_the_examples_import_in_the_documented_order_and_twice_change_nothing(
    db, tmp_path, monkeypatch
):
    real_localdate = timezone.localdate
    monkeypatch.setattr(
        timezone,
        "localdate",
        lambda value=None, timezone=None: (
            WRITTEN_ON if value is None else real_localdate(value, timezone)
        ),
    )
    for kind, section in sections().items():
        example = re.search(r"```csv\n(.*?)```", section, flags=re.DOTALL)
        assert example, f"no example CSV for {kind}"
        (tmp_path / f"{kind}.csv").write_text(example.group(1))

    first = {kind: import_file(kind, tmp_path / f"{kind}.csv") for kind in KINDS}
    second = {kind: import_file(kind, tmp_path / f"{kind}.csv") for kind in KINDS}

    assert all(report.created > 0 for report in first.values())
    assert {(report.created, report.updated) for report in second.values()} == {(0, 0)}
