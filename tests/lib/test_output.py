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


def test_a_csv_cell_a_spreadsheet_would_run_as_a_formula_is_written_as_text():
    rows = [
        {"account": '=HYPERLINK("http://x.test","Acme")', "nps": -9.1},
        {"account": "+Beta", "nps": "-12"},
        {"account": "@Core", "nps": "- none"},
        {"account": "-", "nps": 0},
        {"account": "Dyna = Ltd", "nps": None},
    ]
    out = io.StringIO()
    write_rows(out, iter(rows), ("account", "nps"), "csv")
    assert out.getvalue().splitlines() == [
        "account,nps",
        '"\'=HYPERLINK(""http://x.test"",""Acme"")",-9.1',
        "'+Beta,-12",
        "'@Core,'- none",
        "'-,0",
        "Dyna = Ltd,",
    ]
    out = io.StringIO()  # JSON and the table are not opened by spreadsheets: as they are
    write_rows(out, iter(rows[:1]), ("account",), "json")
    assert json.loads(out.getvalue())[0]["account"].startswith("=HYPERLINK")


WHY = (
    "No meeting logged with an executive contact (Elena Okafor, Jamal Larsen) since the "
    "initial transaction on 2024-03-31; meet one every 12 months."
)


def test_a_table_too_wide_for_the_terminal_writes_its_long_cells_whole_under_the_row():
    rows = [
        {"state": "late", "account": "Pinecrest Mutual", "why": WHY, "action": "Meet one."},
        {"state": "due", "account": "Juniper Pharma", "why": "Short.", "action": ""},
    ]
    out = io.StringIO()
    write_rows(out, iter(rows), ("state", "account", "why", "action"), "table")
    lines = out.getvalue().splitlines()
    assert max(len(line) for line in lines) <= 100
    assert lines[:2] == ["STATE  ACCOUNT           ACTION", "late   Pinecrest Mutual  Meet one."]
    assert lines[2].startswith("    why: No meeting logged")
    # the sentence is all there, wrapped, not cut with an ellipsis
    assert " ".join(line.strip() for line in lines[2:4]) == f"why: {WHY}"
    assert lines[4:] == ["", "due    Juniper Pharma", "    why: Short."]


def test_the_table_width_is_the_terminal_s(monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    out = io.StringIO()
    write_rows(out, iter([{"rule": "CAD-1", "why": "x " * 40}]), ("rule", "why"), "table")
    lines = out.getvalue().splitlines()
    assert lines[0] == "RULE"
    assert max(len(line) for line in lines) <= 60
    monkeypatch.setenv("COLUMNS", "120")
    out = io.StringIO()
    write_rows(out, iter([{"rule": "CAD-1", "why": "x " * 40}]), ("rule", "why"), "table")
    assert out.getvalue().splitlines()[0].split() == ["RULE", "WHY"]


def test_short_columns_that_do_not_fit_leave_from_the_right_after_the_text():
    columns = ("csm", "review", "failing", "expected", "capacity", "call", "flags")
    row = {"csm": "c" * 28, "review": "1 of 5 pass", "failing": "onboarding: " + "Acme, " * 20,
           "expected": "35.06".ljust(20), "capacity": "33.25".ljust(20), "call": "15.0".ljust(20),
           "flags": "expected 35.06 h exceeds capacity 33.25 h"}  # fmt: skip
    out = io.StringIO()
    write_rows(out, iter([row]), columns, "table")
    lines = out.getvalue().splitlines()
    # the text first, then the last short column; the first ones stay side by side, in order
    assert lines[0].split() == ["CSM", "REVIEW", "EXPECTED", "CAPACITY"]
    assert [line.split(":")[0].strip() for line in lines[2:] if not line.startswith(" " * 8)] == [
        "failing",
        "call",
        "flags",
    ]
