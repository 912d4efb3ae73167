"""The runner's promises: all or nothing, idempotent, every error named, dry runs write nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError

from rhythm.accounts.models import Account
from rhythm.adoption.models import LicenseUsage
from rhythm.imports import runner
from rhythm.imports.kinds import KINDS
from rhythm.imports.results import ImportFailed, RowError
from rhythm.imports.runner import import_file, import_rows
from rhythm.team.models import TeamMember
from tests.imports.conftest import BOOK, dump, import_book, refusals, write_text

BAD_ACCOUNTS = """name,segment,arr,licenses_purchased,csm_email,renewal_date,renewal_outlook
Initech,enterprise,1000,10,,,
Beta,gold,ten,2.5,nobody@rhythm.test,2027-13-01,
,smb,5,,,,at_risk
Initech,smb,,,,,
Delta,strategic,-3,,ann@rhythm.test,,sunny
"""


def test_the_whole_book_imports_in_order(db, book_dir):
    reports = import_book(book_dir)

    created = {kind: report.created for kind, report in reports.items()}
    assert created == {
        "team": 3,
        "accounts": 2,
        "contacts": 3,
        "activities": 2,
        "sessions": 3,
        "use_cases": 2,
        "health": 1,
        "milestones": 2,
        "usage": 2,
        "success_plans": 2,
        "objectives": 2,
        "expansions": 2,
        "renewals": 2,
        "surveys": 2,
        "action_items": 3,
        "priority_decisions": 3,
        "ebrs": 2,
        "ebr_steps": 2,
        "check_ins": 2,
        "time_off": 1,
    }
    assert all(report.updated == report.unchanged == 0 for report in reports.values())


def test_importing_the_same_files_twice_changes_nothing(imported):
    before = dump()

    reports = import_book(imported)

    assert {(r.created, r.updated) for r in reports.values()} == {(0, 0)}
    assert sum(report.unchanged for report in reports.values()) == 43
    assert dump() == before


def test_a_changed_cell_counts_as_updated(imported):
    changed = BOOK["health"].replace("yellow,green", "red,green")
    write_text(imported / "health.csv", changed)

    report = import_file("health", imported / "health.csv")

    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)


def test_every_bad_row_is_reported_and_nothing_is_written(people, tmp_path):
    before = dump()
    path = write_text(tmp_path / "bad.csv", BAD_ACCOUNTS)

    assert refusals(lambda: import_file("accounts", path)) == [
        "row 3, column 'segment': 'gold' is not a segment; use one of: "
        "strategic, enterprise, mid-market, smb",
        "row 3, column 'arr': 'ten' is not a number",
        "row 3, column 'licenses_purchased': '2.5' is not a whole number",
        "row 3, column 'renewal_date': '2027-13-01' is not a day of the calendar",
        "row 3, column 'csm_email': 'nobody@rhythm.test' is not a team member; import team first",
        "row 4, column 'name': a value is required",
        "row 4, column 'renewal_outlook': needs a renewal_date",
        "row 5, column 'name': same name as row 2",
        "row 6, column 'arr': '-3' cannot be negative",
        "row 6, column 'renewal_outlook': 'sunny' is not a renewal outlook; "
        "use one of: flat, growth, at_risk",
    ]
    assert dump() == before


def test_errors_found_by_a_service_are_reported_with_the_parse_errors(people, tmp_path):
    path = write_text(
        tmp_path / "surveys.csv",
        "account,kind,score,date\nAcme Corp,nps,11,2026-09-01\nAcme Corp,csat,x,2026-09-01\n"
        "Acme Corp,csat,0,2026-09-02\n",
    )

    with pytest.raises(ImportFailed) as failure:
        import_file("surveys", path)

    assert failure.value.errors == [
        RowError(2, "score", "11 is outside the NPS scale of 0 to 10"),
        RowError(3, "score", "'x' is not a number"),
        RowError(4, "score", "0 is outside the CSAT scale of 1 to 5"),
    ]


def test_a_row_with_too_many_cells_is_that_rows_error_and_every_other_row_is_checked(
    people, tmp_path
):
    path = write_text(
        tmp_path / "accounts.csv",
        "name,segment,csm_email,arr\n"
        "Quietco,enterprise,ann@exampel.test,150000\n"
        "Bigco,gold,ann@rhythm.test,120000\n"
        "Riskco,mid-market,ann@rhythm.test,45000,extra\n"
        "Ebrco,enterprise,ann@rhythm.test,ten\n",
    )

    assert refusals(lambda: import_file("accounts", path)) == [
        "row 2, column 'csm_email': 'ann@exampel.test' is not a team member; import team first",
        "row 3, column 'segment': 'gold' is not a segment; use one of: strategic, enterprise, "
        "mid-market, smb",
        "row 4: the row has 5 cells but the header names 4 columns; put a value that contains "
        "a comma in double quotes",
        "row 5, column 'arr': 'ten' is not a number",
    ]


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_reports_a_row_with_too_many_cells_as_its_error(people, tmp_path, kind):
    header = KINDS[kind].required
    path = write_text(
        tmp_path / f"{kind}.csv",
        ",".join(header) + "\n" + ",".join(["x"] * (len(header) + 1)) + "\n",
    )

    assert refusals(lambda: import_file(kind, path)) == [
        f"row 2: the row has {len(header) + 1} cells but the header names {len(header)} "
        "columns; put a value that contains a comma in double quotes"
    ]


def test_no_required_column_is_alone():
    # A required cell is needed to write the row: one that cannot be read leaves no row to check.
    assert [
        (kind.name, column.name)
        for kind in KINDS.values()
        for column in kind.columns
        if column.required and column.alone
    ] == []


def test_a_missing_column_is_reported_on_the_header_row(db, tmp_path):
    path = write_text(tmp_path / "team.csv", "Email,full name\na@rhythm.test,A\n")

    assert refusals(lambda: import_file("team", path)) == [
        "row 1, column 'role': the column is missing"
    ]


def test_a_column_given_twice_is_refused(db, tmp_path):
    path = write_text(tmp_path / "team.csv", "email,name,role,Manager,manager_email\n")

    assert refusals(lambda: import_file("team", path)) == [
        "row 1, column 'manager_email': the column appears more than once"
    ]


def test_no_rows_import_nothing(db):
    report = import_rows("accounts", [])

    assert (report.rows, str(report)) == (0, "accounts: 0 created, 0 updated, 0 unchanged")


def test_a_dry_run_counts_what_would_change_and_writes_nothing(db, book_dir):
    import_book(book_dir, ["team"])
    before = dump()

    report = import_file("accounts", book_dir / "accounts.csv", dry_run=True)

    assert (report.dry_run, report.created, report.updated) == (True, 2, 0)
    assert str(report) == (
        "accounts (dry run, nothing written): would be 2 created, 0 updated, 0 unchanged"
    )
    assert dump() == before


def test_a_dry_run_still_reports_errors(db, tmp_path):
    path = write_text(tmp_path / "team.csv", "email,name,role\nnot-an-email,A,csm\n")

    with pytest.raises(ImportFailed, match="'not-an-email' is not an email address"):
        import_file("team", path, dry_run=True)


def test_a_database_error_rolls_back_and_names_the_row(people, monkeypatch):
    real = runner.get_kind("usage").write
    calls = []

    def fail_on_second_row(record, lookups):
        calls.append(record.row)
        if len(calls) == 2:
            raise IntegrityError("disk on fire")
        return real(record, lookups)

    monkeypatch.setitem(KINDS, "usage", _with_writer(KINDS["usage"], fail_on_second_row))
    rows = [
        {"account": "Acme Corp", "date": f"2026-0{month}-01", "licenses_activated": "5"}
        for month in (1, 2, 3)
    ]

    assert refusals(lambda: import_rows("usage", rows)) == [
        "row 3: the database refused the row: disk on fire"
    ]
    assert calls == [2, 3]
    assert not LicenseUsage.objects.exists()


def _with_writer(kind, write):
    from dataclasses import replace

    return replace(kind, write=write)


def test_an_import_interrupted_while_reading_its_file_says_so(db, tmp_path, monkeypatch):
    path = write_text(tmp_path / "team.csv", BOOK["team"])

    def interrupt(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(runner, "read_file", interrupt)

    assert refusals(lambda: import_file("team", path)) == [runner.INTERRUPTED]


@pytest.mark.parametrize("phase", ["checking", "writing"])
def test_an_interrupted_import_says_so_and_writes_nothing(people, monkeypatch, phase):
    # Ctrl-C on a long import: a sentence saying nothing was kept, not a traceback.
    from dataclasses import replace

    kind, real = KINDS["usage"], KINDS["usage"].write

    def interrupt(*args):
        raise KeyboardInterrupt

    def interrupt_on_third_row(record, lookups):
        if record.row == 4:
            raise KeyboardInterrupt
        return real(record, lookups)

    changed = (
        replace(kind, prepare=interrupt)
        if phase == "checking"
        else replace(kind, write=interrupt_on_third_row)
    )
    monkeypatch.setitem(KINDS, "usage", changed)
    rows = [
        {"account": "Acme Corp", "date": f"2026-0{month}-01", "licenses_activated": "5"}
        for month in (1, 2, 3, 4)
    ]

    assert refusals(lambda: import_rows("usage", rows)) == [runner.INTERRUPTED]
    assert not LicenseUsage.objects.exists()


def test_import_rows_takes_mappings_with_loose_headers_and_values(people):
    rows = [
        {" Account ": "acme corp", "Date": dt.date(2026, 10, 5), "Licenses Activated": 240},
        {" Account ": "", "Date": None, "Licenses Activated": None},
    ]

    report = import_rows("usage", rows)

    assert (report.created, report.rows) == (1, 1)
    assert Account.objects.get(name="Acme Corp").licenses_activated == 240


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown kind 'widgets'; use one of: team, accounts"):
        import_rows("widgets", [])


def test_a_large_import_shows_a_progress_bar_when_asked(people, capsys):
    start = dt.date(2025, 6, 1)  # the initial transaction: usage starts there
    rows = [
        {"account": "Acme Corp", "date": str(start + dt.timedelta(days=n)), "licenses_activated": n}
        for n in range(runner.PROGRESS_ABOVE + 1)
    ]

    report = import_rows("usage", rows, progress=True)

    assert report.created == runner.PROGRESS_ABOVE + 1
    assert "import usage" in capsys.readouterr().err


def test_a_small_import_shows_no_progress_bar(people, capsys):
    import_rows(
        "usage",
        [{"account": "Acme Corp", "date": "2026-01-01", "licenses_activated": 1}],
        progress=True,
    )

    assert capsys.readouterr().err == ""


def test_team_emails_are_matched_ignoring_case(people, tmp_path):
    path = write_text(tmp_path / "team.csv", "email,name,role\nANN@rhythm.test,Ann CSM,csm\n")

    report = import_file("team", path)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)
    assert TeamMember.objects.count() == 3


@pytest.mark.parametrize("text", ["email,name,role\n", "email,name,role\n,,\n\n"])
def test_a_file_with_only_its_header_is_refused(db, tmp_path, text):
    """An export that came out empty, or the wrong sheet: not a success that changed nothing."""
    path = write_text(tmp_path / "team.csv", text)

    assert refusals(lambda: import_file("team", path)) == [
        "the file has its header row but no rows under it: there is nothing to import"
    ]


@pytest.mark.parametrize(
    ("header", "ignored"),
    [
        ("name,segment", []),
        (" Name ,SEGMENT,Renewal Date", []),
        ("name,segment,Account Owner,Notes", ["Account Owner", "Notes"]),
        ("Account Name,segment,CSM,Customer Success Manager", ["Customer Success Manager"]),
        ("name,segment,,", []),
    ],
)
def test_the_report_names_the_columns_it_ignored(people, tmp_path, header, ignored):
    # A CSM column named "Account Owner" is not read: the report says so, rather than the
    # accounts arriving without their CSM unnoticed.
    cells = ["Initech", "smb", "", ""][: len(header.split(","))]
    path = write_text(tmp_path / "accounts.csv", f"{header}\n{','.join(cells)}\n")

    report = import_file("accounts", path, dry_run=True)

    assert report.ignored == ignored
    names = ", ".join(repr(name) for name in ignored)
    suffix = f"; ignored, not columns of accounts: {names}" if ignored else ""
    assert str(report) == (
        f"accounts (dry run, nothing written): would be 1 created, 0 updated, 0 unchanged{suffix}"
    )


@pytest.mark.parametrize(
    ("account", "reason"),
    [
        ("Acme Crop", "no account named 'Acme Crop'; did you mean 'Acme Corp'?"),
        ("acme  corp", "no account named 'acme  corp'; did you mean 'Acme Corp'?"),
        ("Globx", "no account named 'Globx'; did you mean 'Globex'?"),
        ("Initech", "no account named 'Initech'; import accounts first"),
    ],
)
def test_an_unknown_account_names_the_stored_one_it_is_a_near_miss_of(people, account, reason):
    rows = [{"account": account, "date": "2026-01-01", "licenses_activated": "5"}]

    assert refusals(lambda: import_rows("usage", rows)) == [f"row 2, column 'account': {reason}"]


def test_only_the_first_unknown_account_names_are_given_a_did_you_mean(people):
    # Each suggestion reads every account: a file of new accounts' rows imported before
    # the accounts stays quick, and says what to import first.
    rows = [
        {"account": f"Acme Cor{n}", "date": "2026-01-01", "licenses_activated": "5"}
        for n in range(runner.SUGGEST_AT_MOST + 3)
    ]

    reasons = [error.split(": ", 1)[1] for error in refusals(lambda: import_rows("usage", rows))]

    assert reasons[: runner.SUGGEST_AT_MOST] == [
        f"no account named 'Acme Cor{n}'; did you mean 'Acme Corp'?"
        for n in range(runner.SUGGEST_AT_MOST)
    ]
    assert reasons[runner.SUGGEST_AT_MOST :] == [
        f"no account named 'Acme Cor{n}'; import accounts first"
        for n in range(runner.SUGGEST_AT_MOST, runner.SUGGEST_AT_MOST + 3)
    ]
