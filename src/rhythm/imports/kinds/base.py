"""The parts every kind of import is made of: columns, records, lookups and the kind itself."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models.functions import Lower

from rhythm.accounts.models import Account
from rhythm.contacts.models import Contact
from rhythm.imports import cells
from rhythm.imports.results import RowError
from rhythm.lib.upsert import Outcome
from rhythm.team.models import TeamMember

_CHUNK = 500


@dataclass(frozen=True)
class Column:
    """Describe one column: how its text is read and what an empty cell means.

    A required column must be in the header and filled in every row. `refers` names what the
    column points at ("account" by name, "member" by email); such columns are resolved in bulk.
    `alone` says that no check of the row's other cells reads this column's value: when its
    cell cannot be read (or names nothing stored), the row is still checked by the service
    that writes it, as if the column were not in the file, so the other cells' errors are
    reported with this one's (see `runner._check_without`). A required column is never alone.
    """

    name: str
    parse: cells.Parser = cells.text
    required: bool = False
    empty: Any = ""
    refers: str = ""
    alone: bool = False


# The column most kinds start with: the row's account, by name (or `account_name`).
ACCOUNT = Column("account", required=True, refers="account")
ACCOUNT_ALIASES = {"account_name": "account"}


def date_column(name: str = "date", *, required: bool, alone: bool = False) -> Column:
    """A column of days, YYYY-MM-DD; an empty cell is no day."""
    return Column(name, cells.date, required=required, empty=None, alone=alone)


@dataclass(eq=False)
class Record:
    """Hold one row's values, by column name, for the columns the file has."""

    row: int
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    # A team-member column's text that is not an email (`Alex Chen`), by column name.
    member_names: dict[str, str] = field(default_factory=dict)
    # The errors of the cells that could not be read or name nothing stored, as they stood
    # once every cell was read: the columns then missing from `values`.
    cell_errors: tuple[RowError, ...] = ()

    def __getitem__(self, column: str) -> Any:
        return self.values[column]

    def fail(self, column: str, reason: str) -> None:
        """Note an error on one of this row's cells."""
        self.errors.append(RowError(self.row, column, reason))

    def pick(self, *columns: str, **renamed: str) -> dict[str, Any]:
        """Return the given columns the file has, keyed by field name (`field="column"`)."""
        picked = {column: self.values[column] for column in columns if column in self.values}
        picked.update(
            {name: self.values[col] for name, col in renamed.items() if col in self.values}
        )
        return picked


def _chunks(items: Iterable[str]) -> Iterable[list[str]]:
    items = sorted(set(items))
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


class Lookups:
    """Find what rows refer to (accounts, team members, contacts) with a few bulk queries.

    Rows written during the import are added, so later rows can refer to earlier ones.
    """

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.accounts: dict[str, Account] = {}
        self.members: dict[str, TeamMember] = {}
        self.contacts: dict[tuple[int, str], Contact] = {}
        self._contact_accounts: set[int] = set()

    @staticmethod
    def _by_lower(queryset: models.QuerySet, field_name: str, keys: list[str]) -> dict[str, Any]:
        rows = queryset.annotate(key=Lower(field_name)).filter(key__in=keys).order_by("-id")
        return {row.key: row for row in rows}

    def load_accounts(self, names: Iterable[str]) -> None:
        """Load the accounts with these names (lower-case)."""
        for chunk in _chunks(name for name in names if name not in self.accounts):
            self.accounts.update(self._by_lower(Account.objects.all(), "name", chunk))

    def load_members(self, emails: Iterable[str]) -> None:
        """Load the team members with these emails (lower-case)."""
        for chunk in _chunks(email for email in emails if email not in self.members):
            self.members.update(self._by_lower(TeamMember.objects.all(), "email", chunk))

    @staticmethod
    def emails_of_members_named(names: Iterable[str]) -> dict[str, str]:
        """Return the email of each team member by name (lower-case), for names that one
        member has."""
        found: dict[str, list[str]] = {}
        for chunk in _chunks(names):
            rows = TeamMember.objects.annotate(key=Lower("name")).filter(key__in=chunk)
            for key, email in rows.values_list("key", "email"):
                found.setdefault(key, []).append(email)
        return {key: emails[0] for key, emails in found.items() if len(emails) == 1}

    def load_contacts(self, accounts: Iterable[Account]) -> None:
        """Load every contact, with an email, of these accounts."""
        wanted = {account.pk for account in accounts} - self._contact_accounts
        for start in range(0, len(wanted), _CHUNK):
            ids = sorted(wanted)[start : start + _CHUNK]
            for contact in Contact.objects.filter(account_id__in=ids).exclude(email=""):
                self.contacts[(contact.account_id, contact.email.lower())] = contact
        self._contact_accounts |= wanted

    def contact(self, account: Account, email: str) -> Contact | None:
        """Return the account's contact with this email, if loaded or written by the import."""
        return self.contacts.get((account.pk, email.lower()))


Writer = Callable[[Record, Lookups], Outcome]
Preparer = Callable[[list[Record], Lookups], list[Record]]


def _no_preparation(records: list[Record], lookups: Lookups) -> list[Record]:
    return records


@dataclass(frozen=True)
class Kind:
    """Describe one KIND of `rhythm import`: its columns, natural key and how a row is written.

    `key` names the columns that identify a row (its natural key); `prepare` checks what
    needs the whole file (references between rows) and returns the rows in writing order;
    `write` calls the owning app's service. `fields` maps service field names back to
    column names, so a service's error lands on the right column.
    """

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    write: Writer
    prepare: Preparer = _no_preparation
    aliases: dict[str, str] = field(default_factory=dict)
    fields: dict[str, str] = field(default_factory=dict)
    natural_key: Callable[[Record], tuple[tuple[str, ...], tuple]] | None = None

    @property
    def required(self) -> list[str]:
        """Return the columns every file of this kind must have."""
        return [column.name for column in self.columns if column.required]

    def column(self, name: str) -> Column | None:
        """Return the column with this canonical name, if the kind has one."""
        return next((column for column in self.columns if column.name == name), None)

    def key_of(self, record: Record) -> tuple[tuple[str, ...], tuple] | None:
        """Return the columns that make the row's natural key, and the key's value.

        None when a key cell is missing or bad: that row already has an error.
        """
        columns = [self.column(name) for name in self.key]
        if any(c is None or c.required and c.name not in record.values for c in columns):
            return None
        if self.natural_key is not None:
            return self.natural_key(record)
        parts = (_key_part(record.values.get(c.name, c.empty)) for c in columns if c is not None)
        return self.key, tuple(parts)


def _key_part(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, str):
        return value.lower()
    return value


def order_by_reference(
    records: list[Record],
    key: Callable[[Record], Any],
    reference: Callable[[Record], Any],
) -> tuple[list[Record], list[list[Record]]]:
    """Order rows so that a row comes after the row it refers to (a manager, an introducer).

    Each row refers to at most one other, so following the references from each row gives
    the order; a reference that leads back to a row already on the path closes a loop, and
    the loops are returned so the caller can report them.
    """
    by_key: dict[Any, Record] = {}
    for record in records:
        if key(record) is not None:
            by_key.setdefault(key(record), record)
    placed: set[int] = set()
    ordered: list[Record] = []
    loops: list[list[Record]] = []
    for start in records:
        path: list[Record] = []
        on_path: set[int] = set()
        node: Record | None = start
        while node is not None and id(node) not in placed and id(node) not in on_path:
            path.append(node)
            on_path.add(id(node))
            target = reference(node)
            node = by_key.get(target) if target is not None else None
        if node is not None and id(node) in on_path:
            loops.append(path[[id(r) for r in path].index(id(node)) :])
        for record in reversed(path):
            placed.add(id(record))
            ordered.append(record)
    return ordered, loops
