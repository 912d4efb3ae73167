"""Importing the team (with logins and managers) and customer contacts (with introducers)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from rhythm.contacts.models import Contact
from rhythm.imports.results import ImportFailed
from rhythm.imports.runner import import_file
from rhythm.team.models import Role, TeamMember
from tests.imports.conftest import dump, refusals, write_text


def test_team_rows_create_members_and_locked_logins(people):
    ann = TeamMember.objects.get(email="ann@rhythm.test")

    assert (ann.name, ann.role, ann.region) == ("Ann CSM", Role.CSM, "EMEA")
    assert ann.user.username == "ann@rhythm.test"
    assert not ann.user.has_usable_password()
    assert TeamMember.objects.get(email="eve@rhythm.test").role == Role.AE


def test_a_manager_may_come_later_in_the_file(people):
    mia = TeamMember.objects.get(email="mia@rhythm.test")

    assert TeamMember.objects.get(email="ann@rhythm.test").manager == mia
    assert mia.manager is None


def test_a_manager_already_in_the_database_is_found(people, tmp_path):
    path = write_text(
        tmp_path / "team.csv",
        "email,name,role,manager_email\nzoe@rhythm.test,Zoe,sa,MIA@rhythm.test\n",
    )

    import_file("team", path)

    assert TeamMember.objects.get(email="zoe@rhythm.test").manager.name == "Mia Manager"


def test_an_empty_manager_cell_removes_the_manager(people, tmp_path):
    path = write_text(
        tmp_path / "team.csv", "email,name,role,manager_email\nann@rhythm.test,Ann,csm,\n"
    )

    report = import_file("team", path)

    assert report.updated == 1
    assert TeamMember.objects.get(email="ann@rhythm.test").manager is None


def test_manager_problems_are_row_errors(db, tmp_path):
    path = write_text(
        tmp_path / "team.csv",
        "email,name,role,manager_email\n"
        "a@rhythm.test,A,csm,b@rhythm.test\n"
        "b@rhythm.test,B,manager,a@rhythm.test\n"
        "c@rhythm.test,C,csm,c@rhythm.test\n"
        "d@rhythm.test,D,csm,ghost@rhythm.test\n"
        "e@rhythm.test,E,wizard,\n",
    )

    assert refusals(lambda: import_file("team", path)) == [
        "row 2, column 'manager_email': managers form a loop between rows 2, 3",
        "row 3, column 'manager_email': managers form a loop between rows 2, 3",
        "row 4, column 'manager_email': a team member cannot be their own manager",
        "row 5, column 'manager_email': 'ghost@rhythm.test' is not a team member or a row of "
        "this file",
        "row 6, column 'role': 'wizard' is not a role; use one of: "
        "csm, manager, ae, sa, pse, leadership, admin",
    ]
    assert not TeamMember.objects.exists()


def test_a_manager_loop_through_stored_members_is_refused(people, tmp_path):
    path = write_text(
        tmp_path / "team.csv",
        "email,name,role,manager_email\nmia@rhythm.test,Mia Manager,manager,ann@rhythm.test\n",
    )

    assert refusals(lambda: import_file("team", path)) == [
        "row 2, column 'manager_email': Managers would form a loop: mia@rhythm.test → "
        "ann@rhythm.test → mia@rhythm.test (each managed by the next)"
    ]
    assert TeamMember.objects.get(email="mia@rhythm.test").manager is None


def test_a_file_may_turn_a_stored_manager_around(people, tmp_path):
    path = write_text(
        tmp_path / "team.csv",
        "email,name,role,manager_email\n"
        "mia@rhythm.test,Mia Manager,manager,ann@rhythm.test\n"
        "ann@rhythm.test,Ann CSM,manager,\n",
    )

    import_file("team", path)

    assert TeamMember.objects.get(email="mia@rhythm.test").manager.email == "ann@rhythm.test"


def test_a_role_that_cannot_hold_the_members_seats_is_refused(people, tmp_path):
    """Ann holds the CSM seat of both accounts: as an AE her book could not be asked for."""
    before = dump()
    path = write_text(tmp_path / "t.csv", "email,name,role\nann@rhythm.test,Ann CSM,ae\n")

    assert refusals(lambda: import_file("team", path)) == [
        "row 2, column 'role': ann@rhythm.test holds the CSM seat of Acme Corp, Globex, which "
        "an account executive cannot hold: give those accounts to someone else first"
    ]
    assert dump() == before
    promoted = write_text(tmp_path / "m.csv", "email,name,role\nann@rhythm.test,Ann CSM,manager\n")
    assert import_file("team", promoted).updated == 1


def test_an_existing_login_is_reused_for_a_new_member(db, tmp_path, django_user_model):
    user = django_user_model.objects.create_user(username="ops@rhythm.test", password="x" * 12)
    path = write_text(tmp_path / "team.csv", "email,name,role\nops@rhythm.test,Ops,admin\n")

    import_file("team", path)

    assert TeamMember.objects.get(email="ops@rhythm.test").user == user


def test_contacts_import_with_codes_booleans_and_introducers(people):
    carl = Contact.objects.get(email="carl@acme.test")
    vera = Contact.objects.get(email="vera@acme.test")
    gina = Contact.objects.get(name="Gina Admin")

    assert (vera.persona, vera.function, vera.decision_maker, vera.executive_sponsor) == (
        "vp",
        "engineering",
        True,
        True,
    )
    assert vera.introduced_by == carl
    assert (gina.email, gina.decision_maker, str(gina.departed_on)) == ("", False, "2026-05-01")


def test_an_introducer_may_come_later_in_the_file(people, tmp_path):
    path = write_text(
        tmp_path / "contacts.csv",
        "account,name,email,introduced_by_email\n"
        "Acme Corp,Ceo Person,ceo@acme.test,cto@acme.test\n"
        "Acme Corp,Cto Person,cto@acme.test,carl@acme.test\n",
    )

    report = import_file("contacts", path)

    assert report.created == 2
    assert Contact.objects.get(email="ceo@acme.test").introduced_by.email == "cto@acme.test"


def test_an_introduction_loop_through_stored_contacts_is_refused(people, tmp_path):
    path = write_text(
        tmp_path / "contacts.csv",
        "account,name,email,introduced_by_email\n"
        "Acme Corp,Carl Champion,carl@acme.test,vera@acme.test\n",
    )

    assert refusals(lambda: import_file("contacts", path)) == [
        "row 2, column 'introduced_by_email': Introductions would form a loop: carl@acme.test "
        "→ vera@acme.test → carl@acme.test (each introduced by the next)"
    ]
    assert Contact.objects.get(email="carl@acme.test").introduced_by is None


def test_a_departure_is_dated_from_1970_to_today(people, tmp_path):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    path = write_text(
        tmp_path / "contacts.csv",
        "account,name,email,departed_on\n"
        "Acme Corp,Carl Champion,carl@acme.test,0025-06-01\n"
        f"Acme Corp,Vera VP,vera@acme.test,{tomorrow.isoformat()}\n",
    )

    assert refusals(lambda: import_file("contacts", path)) == [
        "row 2, column 'departed_on': 0025-06-01 is before 1970; check the year",
        f"row 3, column 'departed_on': {tomorrow.isoformat()} is in the future; record a "
        "departure once it has happened",
    ]
    assert not Contact.objects.filter(departed_on__isnull=False, account__name="Acme Corp")


def test_a_contact_without_email_is_known_by_name(people, tmp_path):
    path = write_text(
        tmp_path / "contacts.csv", "account,name,email,title\nglobex,gina admin,,Boss\n"
    )

    report = import_file("contacts", path)

    assert (report.created, report.updated) == (0, 1)
    assert Contact.objects.get(account__name="Globex").title == "Boss"


def test_contact_errors_name_the_row_and_column(people, tmp_path):
    before = dump()
    path = write_text(
        tmp_path / "contacts.csv",
        "account,name,email,persona,decision_maker,introduced_by_email\n"
        "Nowhere Inc,A,a@x.test,champion,no,\n"
        "Acme Corp,B,b@acme.test,wizard,maybe,\n"
        "Acme Corp,C,c@acme.test,,,gina@globex.test\n"
        "Acme Corp,D,d@acme.test,,,d@acme.test\n"
        "Acme Corp,E,carl@acme.test,,,\n"
        "Acme Corp,F,carl@acme.test,,,\n",
    )

    assert refusals(lambda: import_file("contacts", path)) == [
        "row 2, column 'account': no account named 'Nowhere Inc'; import accounts first",
        "row 3, column 'persona': 'wizard' is not a persona; use one of: admin, champion, "
        "influencer, manager, director, vp, cto, ciso, cpo, c_level, economic_buyer",
        "row 3, column 'decision_maker': 'maybe' is not yes or no",
        "row 4, column 'introduced_by_email': 'gina@globex.test' is not a contact of Acme Corp "
        "or a row of this file",
        "row 5, column 'introduced_by_email': a contact cannot introduce themselves",
        "row 7, column 'email': same account and email as row 6",
    ]
    assert dump() == before


def test_time_off_rows_record_periods_and_errors_name_the_row_and_column(people):
    import datetime as dt

    from rhythm.imports.runner import import_rows
    from rhythm.team.models import TimeOff

    rows = [
        {"member_email": "ann@rhythm.test", "starts_on": "2026-12-21", "ends_on": "2027-01-01"},
        {"member_email": "ANN@rhythm.test", "starts_on": "2026-12-28", "ends_on": "2026-12-30"},
        {"member_email": "mia@rhythm.test", "starts_on": "2026-08-10", "ends_on": "2026-08-01"},
        {"member_email": "who@rhythm.test", "starts_on": "2026-08-10", "ends_on": "2026-08-11"},
    ]
    with pytest.raises(ImportFailed) as failure:
        import_rows("time_off", rows)
    assert [str(error) for error in failure.value.errors] == [
        "row 3, column 'starts_on': It overlaps Ann CSM's time off 2026-12-21 to 2027-01-01",
        "row 4, column 'ends_on': Time off must end on or after the day it starts",
        "row 5, column 'member_email': 'who@rhythm.test' is not a team member; import team first",
    ]
    assert not TimeOff.objects.exists()
    report = import_rows("time_off", [rows[0], {**rows[2], "ends_on": "2026-08-14"}])
    assert report.created == 2
    again = import_rows("time_off", [{**rows[0], "ends_on": "2026-12-24", "note": "Shorter"}])
    assert again.updated == 1
    period = TimeOff.objects.get(member__email="ann@rhythm.test")
    assert (period.ends_on, period.note) == (dt.date(2026, 12, 24), "Shorter")
