"""The listing formats: JSON written as it comes, CSV and the table."""

import io
import json

import pytest

from rhythm.lib.output import json_list_chunks, write_rows


@pytest.mark.parametrize("count", [0, 1, 3, 4, 7], ids=lambda n: f"{n}-rows")
def test_json_is_one_list_whatever_the_chunks(count):
    chunks = list(json_list_chunks(({"n": n} for n in range(count)), chunk=3))
    assert json.loads("".join(chunks)) == [{"n": n} for n in range(count)]
    assert all(text.endswith("\n") for text in chunks)


def test_json_puts_one_row_on_each_line_and_writes_dates_as_text():
    import datetime as dt

    out = io.StringIO()
    write_rows(out, iter([{"due": dt.date(2026, 12, 1)}, {"due": None}]), ("due",), "json")
    assert out.getvalue().splitlines() == ["[", '  {"due": "2026-12-01"},', '  {"due": null}', "]"]


def test_csv_and_table_show_the_columns_in_order():
    rows = [{"state": "late", "rule": "CAD-1", "extra": "x"}, {"state": "due", "rule": None}]
    out = io.StringIO()
    write_rows(out, iter(rows), ("rule", "state"), "csv")
    assert out.getvalue().splitlines() == ["rule,state", "CAD-1,late", ",due"]
    out = io.StringIO()
    write_rows(out, iter(rows), ("rule", "state"), "table")
    assert out.getvalue().splitlines() == ["RULE   STATE", "CAD-1  late", "       due"]
