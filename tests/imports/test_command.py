"""`rhythm import KIND FILE [--dry-run]`: what it prints and how it exits."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command, get_commands, load_command_class
from django.core.management.base import CommandError

from rhythm.team.models import TeamMember
from tests.imports.conftest import BOOK, dump, write_text


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_success_prints_the_counts(db, book_dir):
    out, _ = run("team", str(book_dir / "team.csv"))

    assert out == "team: 3 created, 0 updated, 0 unchanged\n"
    assert run("team", str(book_dir / "team.csv"))[0] == "team: 0 created, 0 updated, 3 unchanged\n"


def test_a_dry_run_says_nothing_was_written(db, book_dir):
    out, _ = run("team", str(book_dir / "team.csv"), "--dry-run")

    assert out == "team (dry run, nothing written): would be 3 created, 0 updated, 0 unchanged\n"
    assert not TeamMember.objects.exists()


def test_errors_are_printed_one_per_line_and_the_command_fails(people, tmp_path):
    before = dump()
    text = "account,date,overall\nAcme Corp,2026-01-01,blue\nGlobex,soon,red\n"
    path = write_text(tmp_path / "health.csv", text)
    err = StringIO()

    with pytest.raises(CommandError, match=r"^2 errors in .*health.csv; nothing was written$"):
        call_command("import", "health", str(path), stderr=err)

    assert err.getvalue().splitlines() == [
        f"{path}: row 2, column 'overall': 'blue' is not a health; use one of: green, yellow, red",
        f"{path}: row 3, column 'date': 'soon' is not a date; write it YYYY-MM-DD",
    ]
    assert dump() == before


@pytest.mark.parametrize(
    ("name", "content", "line"),
    [
        ("team.csv", b"", "the file is empty: its first row must name the columns"),
        ("team.xls", b"x", "unsupported file type '.xls'; use .csv or .xlsx"),
        ("team.xlsx", b"x", "the file is not an XLSX workbook: File is not a zip file"),
        ("team.csv", b"email,name\n", "row 1, column 'role': the column is missing"),
        ("team.csv", b"email,name,role\nann@x.test,Ann,wizard\n", "row 2, column 'role': "),
        ("team.csv", b"email,name,role\n\x81", "row 2: byte 0x81 cannot be read as UTF-8"),
    ],
    ids=["empty", "extension", "not a workbook", "header", "cell", "encoding"],
)
def test_every_error_line_names_the_file(db, tmp_path, name, content, line):
    # A script importing a folder of files sees which file each error is in, not only on
    # the last line.
    path = tmp_path / name
    path.write_bytes(content)
    err = StringIO()

    with pytest.raises(CommandError, match=f"in {re.escape(str(path))}; nothing was written$"):
        call_command("import", "team", str(path), stderr=err)

    assert err.getvalue().startswith(f"{path}: {line}")


def test_a_missing_file_is_a_command_error(db, tmp_path):
    with pytest.raises(CommandError, match="cannot read .*nope.csv: No such file or directory"):
        run("team", str(tmp_path / "nope.csv"))


def test_the_command_line_exits_non_zero_on_errors(db, tmp_path, monkeypatch, capsys):
    path = write_text(tmp_path / "team.csv", BOOK["team"].replace("csm,", "wizard,", 1))
    command = load_command_class(get_commands()["import"], "import")
    # run_from_argv closes the connections when it ends; the test's transaction needs them.
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)

    with pytest.raises(SystemExit) as exit_:
        command.run_from_argv(["rhythm", "import", "team", str(path)])

    assert exit_.value.code == 1
    assert "row 2, column 'role': 'wizard' is not a role" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("given", "what"), [("", "no file"), ("  ", "no file"), (None, "a folder")]
)
def test_no_file_or_a_folder_is_named_as_such(db, tmp_path, given, what):
    given = str(tmp_path / "accounts.csv") if given is None else given
    (tmp_path / "accounts.csv").mkdir()
    with pytest.raises(CommandError) as refused:
        run("accounts", given)
    assert str(refused.value) == (
        f"FILE: {given!r} is {what}; give the path of a .csv or .xlsx file"
    )


def test_the_encoding_of_a_csv_can_be_given(db, tmp_path):
    text = "email,name,role\nivan@x.test,Иван Петров,csm\n"
    path = tmp_path / "team.csv"
    path.write_bytes(text.encode("cp1251"))
    err = StringIO()
    with pytest.raises(CommandError, match="1 error in"):
        call_command("import", "team", str(path), stderr=err)
    assert err.getvalue().startswith(f"{path}: row 2: the file is not UTF-8")
    assert "--encoding cp1251" in err.getvalue()
    assert not TeamMember.objects.exists()

    out, _ = run("team", str(path), "--encoding", "cp1251")

    assert out == "team: 1 created, 0 updated, 0 unchanged\n"
    assert TeamMember.objects.get().name == "Иван Петров"


def test_an_unknown_encoding_is_refused_before_the_file_is_read(db, tmp_path):
    with pytest.raises(CommandError, match="unknown encoding 'klingon'; name one such as"):
        run("team", str(tmp_path / "team.csv"), "--encoding", "klingon")
