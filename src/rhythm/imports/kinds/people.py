"""The kinds that describe people: the team (with logins), its time off, and customer
contacts."""

from __future__ import annotations

from rhythm.contacts.services import upsert_contact
from rhythm.imports import cells
from rhythm.imports.kinds.base import (
    ACCOUNT,
    Column,
    Kind,
    Lookups,
    Record,
    date_column,
    order_by_reference,
)
from rhythm.lib import codes
from rhythm.lib.upsert import Outcome
from rhythm.team.models import Role
from rhythm.team.services import record_time_off, upsert_team_member


def _report_loops(loops: list[list[Record]], column: str, what: str) -> None:
    for loop in loops:
        rows = ", ".join(str(record.row) for record in sorted(loop, key=lambda r: r.row))
        for record in loop:
            record.fail(column, f"{what} form a loop between rows {rows}")


def _manager(record: Record) -> str | None:
    manager = record.values.get("manager_email")
    return manager if manager and manager != record.values.get("email") else None


def _prepare_team(records: list[Record], lookups: Lookups) -> list[Record]:
    """Check each manager exists here or in the file, and put managers before their reports."""
    lookups.load_members(filter(None, (r.values.get("manager_email") for r in records)))
    in_file = {record.values.get("email") for record in records}
    for record in records:
        manager = record.values.get("manager_email")
        if manager and manager == record.values.get("email"):
            record.fail("manager_email", "a team member cannot be their own manager")
        elif manager and manager not in in_file and manager not in lookups.members:
            record.fail("manager_email", f"{manager!r} is not a team member or a row of this file")
    ordered, loops = order_by_reference(records, lambda r: r.values.get("email"), _manager)
    _report_loops(loops, "manager_email", "managers")
    return ordered


def _write_team(record: Record, lookups: Lookups) -> Outcome:
    values = record.pick("role", "region")
    if "manager_email" in record.values:
        manager = record["manager_email"]
        values["manager"] = lookups.members.get(manager) if manager else None
    member, outcome = upsert_team_member(email=record["email"], name=record["name"], **values)
    lookups.members[member.email] = member
    return outcome


TEAM = Kind(
    name="team",
    columns=(
        Column("email", cells.email, required=True),
        Column("name", required=True),
        Column("role", cells.choice(Role, "role"), required=True),
        Column("manager_email", cells.email, empty=None, alone=True),
        Column("region", cells.code(codes.REGIONS, "region"), alone=True),
    ),
    key=("email",),
    write=_write_team,
    prepare=_prepare_team,
    aliases={"manager": "manager_email", "full_name": "name"},
    fields={"manager": "manager_email"},
)


def _contact_key(record: Record) -> tuple[tuple[str, ...], tuple]:
    account = record["account"].pk
    email = record.values.get("email")
    if email:
        return ("account", "email"), (account, "email", email)
    return ("account", "name"), (account, "name", record["name"].lower())


def _file_key(record: Record) -> tuple[int, str] | None:
    email = record.values.get("email")
    return (record["account"].pk, email) if email and "account" in record.values else None


def _introducer(record: Record) -> tuple[int, str] | None:
    introducer = record.values.get("introduced_by_email")
    if not introducer or introducer == record.values.get("email"):
        return None
    return (record["account"].pk, introducer) if "account" in record.values else None


def _prepare_contacts(records: list[Record], lookups: Lookups) -> list[Record]:
    """Check each introducer is a contact of the account or a row of the file; order them."""
    lookups.load_contacts(r["account"] for r in records if "account" in r.values)
    in_file = {_file_key(record) for record in records}
    for record in records:
        introducer = record.values.get("introduced_by_email")
        if not introducer or "account" not in record.values:
            continue
        account = record["account"]
        if introducer == record.values.get("email"):
            record.fail("introduced_by_email", "a contact cannot introduce themselves")
        elif _introducer(record) not in in_file and lookups.contact(account, introducer) is None:
            reason = f"{introducer!r} is not a contact of {account.name} or a row of this file"
            record.fail("introduced_by_email", reason)
    ordered, loops = order_by_reference(records, _file_key, _introducer)
    _report_loops(loops, "introduced_by_email", "introductions")
    return ordered


def _write_contact(record: Record, lookups: Lookups) -> Outcome:
    account = record["account"]
    values = record.pick(
        "title", "persona", "function", "decision_maker", "executive_sponsor", "departed_on"
    )
    if "introduced_by_email" in record.values:
        introducer = record["introduced_by_email"]
        values["introduced_by"] = lookups.contact(account, introducer) if introducer else None
    contact, outcome = upsert_contact(
        account=account, name=record["name"], email=record.values.get("email", ""), **values
    )
    if contact.email:
        lookups.contacts[(account.pk, contact.email)] = contact
    return outcome


CONTACTS = Kind(
    name="contacts",
    columns=(
        ACCOUNT,
        Column("name", required=True),
        Column("email", cells.email),
        Column("title"),
        Column("persona", cells.code(codes.PERSONAS, "persona"), alone=True),
        Column("function", cells.code(codes.FUNCTIONS, "function"), alone=True),
        Column("decision_maker", cells.boolean, empty=False, alone=True),
        Column("executive_sponsor", cells.boolean, empty=False, alone=True),
        Column("introduced_by_email", cells.email, empty=None, alone=True),
        date_column("departed_on", required=False, alone=True),
    ),
    key=("account", "name"),
    natural_key=_contact_key,
    write=_write_contact,
    prepare=_prepare_contacts,
    aliases={"account_name": "account", "introduced_by": "introduced_by_email"},
    fields={"introduced_by": "introduced_by_email"},
)


def _write_time_off(record: Record, lookups: Lookups) -> Outcome:
    return record_time_off(
        member=record["member_email"],
        starts_on=record["starts_on"],
        ends_on=record["ends_on"],
        **record.pick("note"),
    )[1]


TIME_OFF = Kind(
    name="time_off",
    columns=(
        Column("member_email", cells.email, required=True, refers="member"),
        date_column("starts_on", required=True),
        date_column("ends_on", required=True),
        Column("note"),
    ),
    key=("member_email", "starts_on"),
    write=_write_time_off,
    aliases={"member": "member_email", "email": "member_email"},
)
