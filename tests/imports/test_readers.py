"""Reading files and cells: delimiters, encodings, spreadsheet values, row numbers, codes."""

from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook

from rhythm.imports import cells
from rhythm.imports.readers import cell_text, normalise_header, read_file
from rhythm.imports.results import ImportFailed, RowError
from rhythm.imports.runner import import_file
from rhythm.lib import codes
from tests.imports.conftest import refusals, write_text, write_xlsx


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("email", "email"),
        ("  Renewal Date ", "renewal_date"),
        ("Licenses-Purchased", "licenses_purchased"),
        ("CSM_Email", "csm_email"),
    ],
)
def test_header_names_are_normalised(raw, expected):
    assert normalise_header(raw) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        (True, "yes"),
        (dt.datetime(2026, 3, 1, 0, 0), "2026-03-01"),
        (dt.date(2026, 3, 1), "2026-03-01"),
        (500.0, "500"),
        (2500.5, "2500.5"),
        (42, "42"),
        ("  text ", "text"),
    ],
)
def test_spreadsheet_values_become_text(value, expected):
    assert cell_text(value) == expected


WRITE_NUMBERS = (
    "write digits only, with a . for decimals and no thousands separator or currency "
    "symbol (1234567.89)"
)


@pytest.mark.parametrize(
    ("parse", "text", "reason"),
    [
        (cells.date, "01/03/2026", "'01/03/2026' is not a date; write it YYYY-MM-DD"),
        (cells.date, "2026-6-1", "'2026-6-1' is not a date; write it YYYY-MM-DD"),
        (cells.date, "2026-02-30", "'2026-02-30' is not a day of the calendar"),
        (cells.date, "2026-11-31", "'2026-11-31' is not a day of the calendar"),
        (cells.count, "ten", "'ten' is not a number"),
        (cells.count, "NaN", "'NaN' is not a number"),
        (cells.amount, "120,000", f"'120,000' is not a number: {WRITE_NUMBERS}"),
        (cells.amount, "15000,50", f"'15000,50' is not a number: {WRITE_NUMBERS}"),
        (cells.amount, "$120000", f"'$120000' is not a number: {WRITE_NUMBERS}"),
        (cells.amount, "€1.200,50", f"'€1.200,50' is not a number: {WRITE_NUMBERS}"),
        (cells.amount, "1 200", f"'1 200' is not a number: {WRITE_NUMBERS}"),
        (cells.amount, "120000 USD", f"'120000 USD' is not a number: {WRITE_NUMBERS}"),
        (cells.count, "1'500", f'"1\'500" is not a number: {WRITE_NUMBERS}'),
        (cells.measure, "-1,5", f"'-1,5' is not a number: {WRITE_NUMBERS}"),
        (cells.amount, "1e13", "'1e13' is too large"),
        (cells.boolean, "perhaps", "'perhaps' is not yes or no"),
        (cells.email, "ann at home", "'ann at home' is not an email address"),
    ],
)
def test_bad_cells_say_why(parse, text, reason):
    with pytest.raises(cells.CellError) as error:
        parse(text)
    assert str(error.value) == reason


@pytest.mark.parametrize(
    ("parse", "text", "expected"),
    [
        (cells.boolean, "TRUE", True),
        (cells.boolean, "y", True),
        (cells.boolean, "0", False),
        (cells.count, "500.0", 500),
        (cells.amount, "0.105", Decimal("0.11")),
        (cells.email_list, "A@x.test; b@x.test,", ["a@x.test", "b@x.test"]),
    ],
)
def test_good_cells_are_read(parse, text, expected):
    assert parse(text) == expected


@pytest.mark.parametrize(
    ("value", "choices", "expected"),
    [
        ("Mid Market", codes.SEGMENTS, "mid-market"),
        ("SMB", codes.SEGMENTS, "smb"),
        ("emea", codes.REGIONS, "EMEA"),
        ("Source code management", codes.USE_CASES, "source_code_management"),
        ("C-Level", codes.PERSONAS, "c_level"),
        ("gold", codes.TIERS, None),
    ],
)
def test_codes_match_ignoring_case_and_separators(value, choices, expected):
    assert codes.match_code(value, choices) == expected


def test_a_csv_with_a_byte_order_mark_and_semicolons_is_read(tmp_path):
    path = tmp_path / "team.csv"
    path.write_bytes("\ufeffemail;name;role\r\nann@x.test;Ann;csm\r\n".encode())

    table = read_file(path)

    assert table.header == ["email", "name", "role"]
    assert table.rows == [{"email": "ann@x.test", "name": "Ann", "role": "csm"}]


def test_a_windows_encoded_csv_is_read(tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_bytes("account,name\nAcme,Zoë Müller\n".encode("cp1252"))

    assert read_file(path).rows == [{"account": "Acme", "name": "Zoë Müller"}]


WESTERN = [
    "Zoë Müller", "Seán O’Brien", "François Ørsted", "Björk Guðmundsdóttir",
    "João Ações", "Œuvre «naïve» réélue", "Straße 25°C", "Rhythm™ £5m ¿qué?", "Æblegård",
    "Café Sales–EMEA", "Went well—next: José", "Büro 500 m² • Acme¹",
]  # fmt: skip


@pytest.mark.parametrize("name", WESTERN)
def test_western_european_text_in_windows_1252_is_read_as_written(tmp_path, name):
    path = tmp_path / "contacts.csv"
    path.write_bytes(f"account,name\nAcme,{name}\n".encode("cp1252"))

    assert read_file(path).rows == [{"account": "Acme", "name": name}]


@pytest.mark.parametrize(
    ("text", "encoding", "reads", "saved"),
    [
        ("Иван Петров", "cp1251", "Ïåòðîâ", "Windows-1251 (Cyrillic)"),
        ("Jürgen Müller, Café", "mac_roman", "JŸrgen", "Mac Roman"),
        ("Wrocław, Łódź", "iso8859_2", "Wroc³aw", "ISO 8859-2 (Latin-2)"),
    ],
    ids=["cyrillic", "mac", "latin-2"],
)
def test_a_csv_in_another_code_page_is_refused_naming_it(tmp_path, text, encoding, reads, saved):
    # Every byte is a letter or a sign in Windows-1252 too: read so, the names would be
    # wrong letters without an error. The words no one writes give it away.
    path = tmp_path / "contacts.csv"
    path.write_bytes(f'account,name\nAcme,Ann\nAcme,"{text}"\n'.encode(encoding))

    assert refusals(lambda: read_file(path)) == [
        f"row 3: the file is not UTF-8, and in Windows-1252 it reads {reads!r}, which is no "
        f"word; save the file as CSV UTF-8, or, if it was saved in {saved}, import it with "
        f"--encoding {encoding}"
    ]
    assert read_file(path, encoding).rows[1] == {"account": "Acme", "name": text}


def test_a_csv_windows_1252_cannot_read_names_the_code_page_it_reads_in(tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_bytes("account,name\nAcme,Příliš žluťoučký kůň\n".encode("cp1250"))

    assert refusals(lambda: read_file(path)) == [
        "row 2: byte 0x9D cannot be read as UTF-8 or Windows-1252; save the file as CSV UTF-8, "
        "or, if it was saved in Windows-1250 (Central European), import it with "
        "--encoding cp1250"
    ]
    assert read_file(path, "cp1250").rows == [{"account": "Acme", "name": "Příliš žluťoučký kůň"}]


def test_a_file_that_reads_as_two_code_pages_names_both(tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_bytes("account,name\nAcme,Müller\n".encode("mac_roman"))

    [refusal] = refusals(lambda: read_file(path))
    assert refusal.endswith(
        "if it was saved in Windows-1250 (Central European) or Mac Roman, import it with "
        "--encoding cp1250 or --encoding mac_roman"
    )


def test_a_given_encoding_is_used_and_a_byte_order_mark_dropped(tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_bytes("\ufeffaccount,name\nAcme,Zoë\n".encode())
    assert read_file(path, "utf-8").rows == [{"account": "Acme", "name": "Zoë"}]
    # Told the encoding, the file is read in it, whatever it reads as otherwise.
    path.write_bytes("account,name\nAcme,Zoë\n".encode("cp1252"))
    assert read_file(path, "cp1251").rows == [{"account": "Acme", "name": "Zoл"}]
    assert refusals(lambda: read_file(path, "utf-8")) == [
        "row 2: byte 0xEB cannot be read as utf-8; save the file as CSV UTF-8"
    ]


def test_excels_unicode_text_is_read(tmp_path):
    path = tmp_path / "contacts.txt"
    path.write_bytes("account\tname\r\nAcme\tZoë Müller\r\n".encode("utf-16"))

    assert read_file(path).rows == [{"account": "Acme", "name": "Zoë Müller"}]


def test_bytes_that_are_not_text_are_refused_with_the_row(tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_bytes(b"account,name\nAcme,Ann\nAcme,Z\x81e\n")

    assert refusals(lambda: read_file(path)) == [
        "row 3: byte 0x81 cannot be read as UTF-8 or Windows-1252; save the file as CSV UTF-8, "
        "or give its encoding with --encoding (cp1251 for Cyrillic, say)"
    ]


def test_a_csv_row_longer_than_the_header_is_that_rows_error(tmp_path):
    path = write_text(
        tmp_path / "activities.csv",
        "account,kind,date,notes\n"
        "Acme,ebr,2026-10-01,Went well\n"
        "Acme,ebr,2026-10-02,Went well, renewal likely\n"
        'Acme,ebr,2026-10-03,"Went well, renewal likely"\n'
        "Acme,ebr,2026-10-04,Fine,,\n",
    )

    table = read_file(path)

    assert list(table.malformed.values()) == [
        RowError(
            3,
            "",
            "the row has 5 cells but the header names 4 columns; put a value that contains "
            "a comma in double quotes",
        )
    ]
    assert len(table.rows) == 4  # the rows after it are read, and numbered as before


def test_a_csv_row_longer_than_the_header_hides_no_other_rows_error(people, tmp_path):
    path = write_text(
        tmp_path / "activities.csv",
        "account,kind,date,notes\n"
        "Acme Corp,cadence_call,soon,Went well\n"
        "Acme Corp,cadence_call,2026-10-02,Went well, renewal likely\n"
        "Acme Crop,cadence_call,2026-10-03,Fine\n",
    )

    assert refusals(lambda: import_file("activities", path)) == [
        "row 2, column 'date': 'soon' is not a date; write it YYYY-MM-DD",
        "row 3: the row has 5 cells but the header names 4 columns; put a value that contains "
        "a comma in double quotes",
        "row 4, column 'account': no account named 'Acme Crop'; did you mean 'Acme Corp'?",
    ]


def test_a_column_that_looks_like_a_typo_is_refused_and_others_are_ignored(db, tmp_path):
    path = write_text(
        tmp_path / "accounts.csv",
        "name,segment,renewal_dat,exported_from\nAcme,smb,2027-06-01,crm\n",
    )

    assert refusals(lambda: import_file("accounts", path)) == [
        "row 1, column 'renewal_dat': 'renewal_dat' is not a column of accounts; did you mean "
        "'renewal_date'? Rename it, or remove it if it is not meant to be imported"
    ]


def test_row_numbers_count_blank_rows_and_multi_line_cells(db, tmp_path):
    path = write_text(
        tmp_path / "team.csv",
        'email,name,role\na@x.test,"Ann\nSecond line",csm\n,,\nbad,B,csm\n',
    )

    with pytest.raises(ImportFailed) as failure:
        import_file("team", path)

    assert failure.value.errors == [RowError(4, "email", "'bad' is not an email address")]


def test_an_xlsx_reads_the_first_sheet_with_blank_rows_counted(db, tmp_path):
    path = write_xlsx(
        tmp_path / "team.xlsx",
        [
            ["Email", "Name", "Role"],
            ["a@x.test", "A", "csm"],
            [None, None, None],
            ["b", "B", "csm"],
        ],
    )

    assert refusals(lambda: import_file("team", path)) == [
        "row 4, column 'email': 'b' is not an email address"
    ]


def test_an_xlsx_formula_without_a_saved_value_is_refused(tmp_path):
    path = write_xlsx(
        tmp_path / "team.xlsx",
        [["email", "name", "role"], ["a@x.test", '=UPPER("ann")', "csm"], ["b@x.test", "B", "csm"]],
    )

    assert refusals(lambda: read_file(path)) == [
        "row 2, column 'name': cell B2 holds a formula with no saved value; open the file in a "
        "spreadsheet program and save it again, so the values are saved with it"
    ]


def test_an_xlsx_formula_is_read_as_its_saved_value(tmp_path):
    written = write_xlsx(
        tmp_path / "written.xlsx",
        [["email", "name", "role"], ["a@x.test", '=UPPER("ann")', "csm"]],
    )
    path = tmp_path / "team.xlsx"
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<v />", b"<v>ANN</v>").replace(b'r="B2"', b'r="B2" t="str"')
            target.writestr(item, data)

    assert read_file(path).rows == [{"email": "a@x.test", "name": "ANN", "role": "csm"}]


def test_an_xlsx_whose_first_sheet_is_empty_names_the_sheets_with_data(tmp_path):
    workbook = Workbook()
    workbook.active.title = "Notes"
    workbook.create_sheet("Team").append(["email", "name", "role"])
    workbook.create_sheet("Blank")
    workbook.save(tmp_path / "team.xlsx")

    assert refusals(lambda: read_file(tmp_path / "team.xlsx")) == [
        "the first sheet, 'Notes', is empty, and only the first sheet is read; 'Team' has "
        "data: move the sheet to import to the front of the workbook"
    ]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("team.xls", b"", "unsupported file type '.xls'; use .csv or .xlsx"),
        ("team.csv", b"", "the file is empty: its first row must name the columns"),
        ("team.xlsx", b"not a zip", "the file is not an XLSX workbook: File is not a zip file"),
    ],
)
def test_unreadable_files_are_refused(tmp_path, name, content, reason):
    (tmp_path / name).write_bytes(content)

    assert refusals(lambda: read_file(tmp_path / name)) == [reason]


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("'=HYPERLINK(x)", "=HYPERLINK(x)"),
        ("'-Minus Corp", "-Minus Corp"),
        ("'+Plus", "+Plus"),
        ("'@handle", "@handle"),
        ("O'Brien", "O'Brien"),
        ("'quoted'", "'quoted'"),
        ("'", "'"),
        ("-5", "-5"),
    ],
)
def test_the_apostrophe_before_a_formula_like_cell_is_dropped(tmp_path, written, read):
    # Rhythm's CSV exports write such a cell after an apostrophe, so a spreadsheet shows it
    # as text; the apostrophe is not part of the value (an account named -Minus Corp).
    path = tmp_path / "accounts.csv"
    path.write_text(f'name,segment\n"{written}",smb\n')

    assert read_file(path).rows == [{"name": read, "segment": "smb"}]


@pytest.mark.parametrize(
    ("first_line", "body"),
    [
        ("sep=;\r\n", "email,name;role\r\nann@x.test,A;csm\r\n"),
        ("SEP=;\n", "email,name;role\nann@x.test,A;csm\n"),
        ("sep=,\n", "email;name,role\nann@x.test;A,csm\n"),
    ],
)
def test_a_first_line_naming_the_delimiter_is_obeyed_and_not_counted(tmp_path, first_line, body):
    """Excel writes and reads `sep=;` as its first line; the header is the line after it, and
    the rows are numbered as Excel shows them, without that line."""
    path = tmp_path / "team.csv"
    path.write_text(first_line + body, encoding="utf-8")
    delimiter = first_line[4]
    expected_header = body.split("\n", 1)[0].strip().split(delimiter)

    table = read_file(path)

    assert table.header == expected_header
    assert list(table.rows[0].values()) == body.split("\n")[1].strip().split(delimiter)


def test_a_row_after_a_sep_line_is_numbered_as_excel_shows_it(tmp_path):
    path = tmp_path / "team.csv"
    path.write_text("sep=;\nemail;name\nann@x.test;Ann;extra\n", encoding="utf-8")

    assert list(read_file(path).malformed) == [2]


def test_a_sep_line_naming_another_delimiter_is_refused(tmp_path):
    path = tmp_path / "team.csv"
    path.write_text("sep=|\nemail|name\n", encoding="utf-8")

    with pytest.raises(ImportFailed, match=r"sep=\|, names '\|' as the delimiter"):
        read_file(path)
