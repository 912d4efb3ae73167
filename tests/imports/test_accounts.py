"""Importing accounts: codes, numbers, the account team's seats and the open renewal."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rhythm.accounts.models import Account, AccountTeamMember
from rhythm.imports.runner import import_file, import_rows
from rhythm.renewals.models import Renewal
from rhythm.team.models import TeamMember
from tests.imports.conftest import dump, refusals, write_text, write_xlsx
from tests.querycount import count_queries


def seats(account: Account) -> dict[str, str]:
    return {
        seat.role: seat.member.email for seat in AccountTeamMember.objects.filter(account=account)
    }


def test_account_rows_store_codes_in_their_stored_case(people):
    acme = Account.objects.get(name="Acme Corp")

    assert (acme.segment, acme.region, acme.tier, acme.deployment) == (
        "enterprise",
        "EMEA",
        "ultimate",
        "saas",
    )
    assert (acme.arr, acme.licenses_purchased, acme.initial_transaction_date) == (
        Decimal("120000.00"),
        500,
        dt.date(2025, 6, 1),
    )
    assert Account.objects.get(name="Globex").arr == Decimal("15000.50")


def test_account_rows_fill_the_account_team(people):
    acme = Account.objects.get(name="Acme Corp")

    assert seats(acme) == {"csm": "ann@rhythm.test", "ae": "eve@rhythm.test"}


def test_account_rows_upsert_the_open_renewal_with_the_accounts_arr(people):
    renewal = Renewal.objects.get(account__name="Acme Corp")

    assert (renewal.renewal_date, renewal.outlook, renewal.arr, renewal.outcome) == (
        dt.date(2027, 6, 1),
        "growth",
        Decimal("120000.00"),
        "open",
    )


def test_a_new_renewal_date_moves_the_open_renewal(people, tmp_path):
    path = write_text(
        tmp_path / "a.csv",
        "name,segment,arr,renewal_date\nacme corp,enterprise,130000,2027-07-01\n",
    )

    report = import_file("accounts", path)

    renewal = Renewal.objects.get(account__name="Acme Corp")
    assert report.updated == 1
    assert (renewal.renewal_date, renewal.outlook, renewal.arr) == (
        dt.date(2027, 7, 1),
        "growth",
        Decimal("130000.00"),
    )


def test_a_renewal_already_past_but_after_the_purchase_is_an_overdue_renewal(people, tmp_path):
    path = write_text(
        tmp_path / "a.csv",
        "name,segment,initial_transaction_date,renewal_date\n"
        "Late Co,smb,2020-01-01,2021-01-01\nSame Day,smb,2021-01-01,2021-01-01\n",
    )

    assert import_file("accounts", path).created == 2
    assert Renewal.objects.get(account__name="Late Co").renewal_date == dt.date(2021, 1, 1)


def test_the_purchase_and_its_renewal_move_together_in_one_row(people, tmp_path):
    path = write_text(
        tmp_path / "a.csv",
        "name,segment,initial_transaction_date,renewal_date\nAcme Corp,enterprise,2027-07-01,"
        "2028-07-01\n",
    )

    import_file("accounts", path)

    assert Renewal.objects.get(account__name="Acme Corp").renewal_date == dt.date(2028, 7, 1)


def test_a_renewal_date_before_the_last_one_closed_is_refused_with_its_row(people, tmp_path):
    acme = Account.objects.get(name="Acme Corp")
    Renewal.objects.filter(account=acme).update(outcome="renewed", closed_on=dt.date(2026, 6, 1))
    closed = Renewal.objects.get(account=acme).renewal_date
    earlier = closed - dt.timedelta(days=30)
    path = write_text(
        tmp_path / "a.csv", f"name,segment,renewal_date\nAcme Corp,enterprise,{earlier}\n"
    )

    errors = refusals(lambda: import_file("accounts", path))

    assert errors == [
        f"row 2, column 'renewal_date': The next renewal comes after the last one closed: "
        f"the renewal of {closed.isoformat()}, renewed"
    ]
    assert list(Renewal.objects.filter(account=acme).values_list("outcome", flat=True)) == [
        "renewed"
    ]


def test_a_manager_holds_the_csm_seat_of_their_own_book(people, tmp_path):
    path = write_text(tmp_path / "a.csv", "name,segment,csm\nOwn Co,smb,mia@rhythm.test\n")

    import_file("accounts", path)

    assert seats(Account.objects.get(name="Own Co")) == {"csm": "mia@rhythm.test"}


def test_the_admin_refuses_a_seat_its_member_cannot_hold(people):
    eve = TeamMember.objects.get(email="eve@rhythm.test")
    seat = AccountTeamMember(account=Account.objects.get(name="Globex"), member=eve, role="csm")
    with pytest.raises(ValidationError) as refused:
        seat.full_clean()
    assert refused.value.message_dict["member"] == [
        "eve@rhythm.test is an account executive: the CSM seat is for a customer success "
        "manager or a CSM manager (a book is theirs)."
    ]


def test_an_empty_seat_cell_removes_the_seat_and_an_absent_column_keeps_it(people, tmp_path):
    path = write_text(tmp_path / "a.csv", "name,segment,ae_email\nAcme Corp,enterprise,\n")

    import_file("accounts", path)

    acme = Account.objects.get(name="Acme Corp")
    assert seats(acme) == {"csm": "ann@rhythm.test"}
    assert acme.industry == "Finance"


def test_an_empty_cell_clears_an_optional_field(people, tmp_path):
    path = write_text(tmp_path / "a.csv", "name,segment,arr,industry\nAcme Corp,enterprise,,\n")

    import_file("accounts", path)

    acme = Account.objects.get(name="Acme Corp")
    assert (acme.arr, acme.industry) == (None, "")


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (
            "name,segment,csm_email,sa_email\nNew One,smb,ann@rhythm.test,sam@rhythm.test\n",
            "row 2, column 'sa_email': 'sam@rhythm.test' is not a team member; import team first",
        ),
        # A CRM's "Account Owner" column holds names: the member of that name is suggested.
        (
            "name,segment,csm_email\nNew One,smb,ann csm\n",
            "row 2, column 'csm_email': 'ann csm' is not an email address; ann csm on the team "
            "is ann@rhythm.test",
        ),
        (
            "name,segment,csm_email\nNew One,smb,Nobody Here\n",
            "row 2, column 'csm_email': 'Nobody Here' is not an email address",
        ),
        # A year typed as 0025 would make every rule that steps from it cross 2,000 years.
        (
            "name,segment,initial_transaction_date\nOld One,smb,0025-06-01\nNew,smb,2025-06-01\n",
            "row 2, column 'initial_transaction_date': 0025-06-01 is before 1970; check the year",
        ),
        # The queue refuses an AE's book: the CSM seat is not theirs to hold.
        (
            "name,segment,csm_email\nRole,smb,eve@rhythm.test\n",
            "row 2, column 'csm_email': eve@rhythm.test is an account executive: the CSM seat "
            "is for a customer success manager or a CSM manager (a book is theirs)",
        ),
        # REN-2 counts a review's attendees by seat: a CSM in the AE seat would count as the AE.
        (
            "name,segment,csm_email,ae_email\nRole,smb,ann@rhythm.test,ann@rhythm.test\n",
            "row 2, column 'ae_email': ann@rhythm.test is a customer success manager: the "
            "account executive seat is for an account executive",
        ),
        # Every rule would ignore a renewal before the subscription was bought.
        (
            "name,segment,initial_transaction_date,renewal_date\n"
            "Before,enterprise,2026-01-01,2025-01-01\n",
            "row 2, column 'renewal_date': The renewal date 2025-01-01 is before the account's "
            "initial transaction on 2026-01-01",
        ),
        # Acme Corp's open renewal is on 2027-06-01: the purchase cannot move after it.
        (
            "name,segment,initial_transaction_date\nAcme Corp,enterprise,2027-07-01\n",
            "row 2, column 'initial_transaction_date': The renewal date 2027-06-01 is before the "
            "account's initial transaction on 2027-07-01; give the row its renewal_date too",
        ),
    ],
)
def test_a_bad_cell_is_a_row_error_naming_the_column_and_nothing_is_written(
    people, tmp_path, text, error
):
    before = dump()
    path = write_text(tmp_path / "a.csv", text)

    assert refusals(lambda: import_file("accounts", path)) == [error]
    assert dump() == before


def test_a_cell_that_cannot_be_read_hides_no_other_error_of_its_row(people, tmp_path):
    path = write_text(
        tmp_path / "a.csv",
        "name,segment,tier,arr,csm_email,ae_email\n"
        "Newco,smb,gold,$20000,eve@rhythm.test,nobody@rhythm.test\n",
    )

    assert refusals(lambda: import_file("accounts", path)) == [
        "row 2, column 'tier': 'gold' is not a tier; use one of: free, premium, ultimate",
        "row 2, column 'arr': '$20000' is not a number: write digits only, with a . for "
        "decimals and no thousands separator or currency symbol (1234567.89)",
        "row 2, column 'ae_email': 'nobody@rhythm.test' is not a team member; import team first",
        "row 2, column 'csm_email': eve@rhythm.test is an account executive: the CSM seat is "
        "for a customer success manager or a CSM manager (a book is theirs)",
    ]
    assert not Account.objects.filter(name="Newco").exists()


@pytest.mark.parametrize(
    ("text", "errors"),
    [
        # The renewal is checked against the purchase: not against the stored one in its place.
        (
            "name,segment,initial_transaction_date,renewal_date\n"
            "Acme Corp,enterprise,2027/07/01,2027-06-01\n",
            [
                "row 2, column 'initial_transaction_date': '2027/07/01' is not a date; write it "
                "YYYY-MM-DD"
            ],
        ),
        # A name that cannot be read leaves no account to check the seats of.
        (
            "name,segment,csm_email\n,smb,eve@rhythm.test\n",
            ["row 2, column 'name': a value is required"],
        ),
        # Nor does a required cell: the service needs it.
        (
            "name,segment,csm_email\nNewco,gold,eve@rhythm.test\n",
            [
                "row 2, column 'segment': 'gold' is not a segment; use one of: strategic, "
                "enterprise, mid-market, smb"
            ],
        ),
    ],
)
def test_a_cell_that_other_checks_need_leaves_them_until_it_is_fixed(
    people, tmp_path, text, errors
):
    path = write_text(tmp_path / "a.csv", text)

    assert refusals(lambda: import_file("accounts", path)) == errors


def test_a_row_with_an_error_of_the_file_is_not_checked_further(people, tmp_path):
    path = write_text(
        tmp_path / "a.csv",
        "name,segment,arr,csm_email\nNewco,smb,1,ann@rhythm.test\nnewco,smb,ten,eve@rhythm.test\n",
    )

    assert refusals(lambda: import_file("accounts", path)) == [
        "row 3, column 'arr': 'ten' is not a number",
        "row 3, column 'name': same name as row 2",
    ]


def test_headers_match_ignoring_case_spaces_and_aliases(people, tmp_path):
    path = write_text(
        tmp_path / "a.csv",
        " Account Name ,SEGMENT,Renewal Date,Outlook,CSM,licenses-purchased\n"
        "Initech,Mid Market,2027-01-31,At risk,ann@rhythm.test,40\n",
    )

    import_file("accounts", path)

    initech = Account.objects.get(name="Initech")
    assert (initech.segment, initech.licenses_purchased) == ("mid-market", 40)
    assert seats(initech) == {"csm": "ann@rhythm.test"}
    assert Renewal.objects.get(account=initech).outlook == "at_risk"


def test_extra_columns_are_ignored(people, tmp_path):
    path = write_text(
        tmp_path / "a.csv", "name,segment,owner notes,Salesforce ID\nInitech,smb,call Bob,0015g\n"
    )

    report = import_file("accounts", path)

    assert report.created == 1


def test_xlsx_numbers_and_dates_are_accepted(people, tmp_path):
    path = write_xlsx(
        tmp_path / "a.xlsx",
        [
            ["name", "segment", "arr", "licenses_purchased", "initial_transaction_date"],
            ["Initech", "smb", 2500.5, 40.0, dt.datetime(2026, 1, 15)],
            ["Umbrella", "strategic", 900000, 1000, dt.date(2025, 12, 1)],
        ],
    )

    report = import_file("accounts", path)

    initech = Account.objects.get(name="Initech")
    assert report.created == 2
    assert (initech.arr, initech.licenses_purchased) == (Decimal("2500.50"), 40)
    assert initech.initial_transaction_date == dt.date(2026, 1, 15)
    assert Account.objects.get(name="Umbrella").initial_transaction_date == dt.date(2025, 12, 1)


def test_an_xlsx_import_twice_changes_nothing(people, tmp_path):
    rows = [
        ["name", "segment", "arr", "renewal_date"],
        ["Initech", "smb", 2500, dt.datetime(2027, 2, 1)],
    ]
    path = write_xlsx(tmp_path / "a.xlsx", rows)
    import_file("accounts", path)
    before = dump()

    report = import_file("accounts", path)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)
    assert dump() == before


def test_a_name_in_another_case_is_the_same_account_in_any_alphabet(people, tmp_path):
    header = "name,segment,arr\n"
    first = write_text(tmp_path / "a.csv", header + "Ölwerk AG,enterprise,100000\n")
    again = write_text(tmp_path / "b.csv", header + "ölwerk ag,enterprise,120000\n")

    import_file("accounts", first)
    report = import_file("accounts", again)

    assert (report.created, report.updated) == (0, 1)
    [account] = Account.objects.filter(name__startswith="Ö")
    assert (account.name, account.arr) == ("Ölwerk AG", Decimal("120000.00"))


@pytest.mark.parametrize(
    ("stored", "names"),
    [
        ([], [f"New {n}" for n in range(30)]),
        ([f"Old {n}" for n in range(30)], [f"old {n}" for n in range(30)]),
        ([f"Old {n}" for n in range(15)], [f"OLD {n}" for n in range(15)] + ["New 1", "New 2"]),
    ],
    ids=["all new", "all stored", "some of each"],
)
def test_accounts_are_found_by_name_in_one_query_not_one_per_row(db, stored, names):
    # Matching one name at a time reads every account (on SQLite the case is folded in
    # Python): a file of 20,000 accounts took minutes, most of them in those searches.
    Account.objects.bulk_create([Account(name=name, segment="smb") for name in stored])
    rows = [{"name": name, "segment": "smb", "arr": "100"} for name in names]

    with CaptureQueriesContext(connection) as queries:
        report = import_rows("accounts", rows)

    by_name = [q["sql"] for q in queries if 'LOWER("accounts_account"."name")' in q["sql"]]
    assert len(by_name) == 1
    assert (report.created, report.updated) == (len(names) - len(stored), len(stored))
    assert Account.objects.count() == len(stored) + report.created


@pytest.mark.parametrize("name", ["-Minus Corp", "=Equals Inc", "+Plus AG", "@At Ltd", "Plain"])
def test_the_accounts_export_with_a_segment_column_imports_back_unchanged(people, tmp_path, name):
    # `rhythm accounts --format csv` is a report (no segment), but with the segment added
    # it is an accounts file: the same accounts, the names as they are stored.
    Account.objects.filter(name="Globex").update(name=name)
    out = StringIO()
    call_command("accounts", "--format", "csv", stdout=out)
    rows = list(csv.DictReader(StringIO(out.getvalue())))
    segments = dict(Account.objects.values_list("name", "segment"))
    with (tmp_path / "accounts.csv").open("w", newline="") as file:
        writer = csv.DictWriter(file, [*rows[0], "segment"])
        writer.writeheader()
        writer.writerows({**row, "segment": segments[row["name"].lstrip("'")]} for row in rows)
    before = dump()

    report = import_file("accounts", tmp_path / "accounts.csv")

    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert report.ignored == ["priority", "engagement", "triage", "health", "phase"]
    assert dump() == before


# What one new account row costs, each query the row's own: the name's uniqueness, the
# account's three check constraints (each a SELECT in a savepoint, as Django validates a
# constraint inside a transaction), its INSERT; its seats read and the CSM's INSERT; the
# open renewal read, a closed one of that date looked for, the account's existence, the
# date's uniqueness, the renewal's check constraint (in a savepoint), its INSERT. The
# accounts and members the file names are loaded for the whole file, in a fixed number of
# queries; so is nothing else.
NEW_ACCOUNT_ROW = 21
# Re-importing an unchanged row: its seats and its open renewal read, and a closed one of
# its date looked for.
UNCHANGED_ROW = 3


def account_rows(first: int, count: int) -> list[dict[str, str]]:
    return [
        {
            "name": f"Account {n:04}",
            "segment": "enterprise",
            "region": "EMEA",
            "arr": "1000",
            "initial_transaction_date": "2025-01-01",
            "renewal_date": "2027-01-01",
            "csm_email": "alice@rhythm.test",
        }
        for n in range(first, first + count)
    ]


def test_a_rows_queries_are_its_own_whatever_the_size_of_the_file(alice):
    """10 rows and 100 rows cost the same per row, above the same fixed cost of the file
    (the members and the accounts named, the transaction's savepoint and its release): no
    lookup is made once per row that could be made once per file."""

    def file_cost(rows: list[dict[str, str]], per_row: int) -> int:
        return count_queries(lambda: import_rows("accounts", rows)) - len(rows) * per_row

    small, large = account_rows(0, 10), account_rows(10, 100)
    assert (file_cost(small, NEW_ACCOUNT_ROW), file_cost(large, NEW_ACCOUNT_ROW)) == (4, 4)
    assert Account.objects.count() == 110
    assert (file_cost(small, UNCHANGED_ROW), file_cost(large, UNCHANGED_ROW)) == (4, 4)
