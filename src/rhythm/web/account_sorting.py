"""How the Accounts list sorts: by a column the database holds, or one the rules derive.

Name, health (the latest assessment's), segment, ARR, CSM and next renewal are sorted by
the database, a page at a time, in `accounts.sorting`, where `GET /api/v1/accounts` sorts
too. Priority, engagement, triage and phase are worked out by the rules, not stored, so
sorting by one of them derives the state of every account listed (one set-based load, as
the dashboard's) and pages the ordered ids in Python.
Either way an account without a value (no ARR, no renewal, not a customer yet) comes last
in both directions, and ties keep the name order, then the id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from django.db.models import QuerySet

from rhythm.accounts.models import Account, Phase
from rhythm.accounts.sorting import DEFAULT
from rhythm.accounts.sorting import ordered as sql_ordered
from rhythm.playbook.queue import ListedAccount

ASCENDING, DESCENDING = "asc", "desc"


@dataclass(frozen=True)
class Column:
    """A column of the list: its key in `?sort=`, its heading, the direction a first click
    sorts it in (the one a CS team looks for first: P1, red, the largest ARR, the next
    renewal), and whether it holds numbers (aligned right)."""

    key: str
    label: str
    first: str = ASCENDING
    numeric: bool = False


COLUMNS = (
    Column("name", "Account"),
    Column("priority", "Priority"),
    Column("health", "Health"),
    Column("engagement", "Engagement"),
    Column("triage", "Triage", first=DESCENDING),
    Column("phase", "Phase"),
    Column("segment", "Segment"),
    Column("arr", "ARR", first=DESCENDING, numeric=True),
    Column("csm", "CSM"),
    Column("renewal", "Renewal"),
)
_BY_KEY = {column.key: column for column in COLUMNS}
_PHASES = {phase: position for position, phase in enumerate(Phase.values)}

# What the rules derive, as a value to sort by (None: the account has none, it goes last).
DERIVED: dict[str, Callable[[ListedAccount], Any]] = {
    "priority": lambda listed: {"P1": 0, "P2": 1}.get(listed.status.priority.effective, 2),
    "engagement": lambda listed: listed.status.engagement.engaged,  # non-engaged first
    "triage": lambda listed: listed.status.triage.in_triage,  # descending: in triage first
    "phase": lambda listed: _PHASES.get(listed.status.phase.phase, len(_PHASES)),
}


@dataclass(frozen=True)
class Sorting:
    """The order asked for: a column's key and a direction."""

    key: str = DEFAULT
    descending: bool = False

    @classmethod
    def of(cls, params: Mapping[str, str]) -> Sorting:
        """Read `?sort=<key>&dir=asc|desc`; an unknown key is the default order (by name),
        and a missing or unknown direction is the one a first click on the column takes."""
        column = _BY_KEY.get((params.get("sort") or "").strip().lower())
        if column is None:
            return cls()
        direction = (params.get("dir") or "").strip().lower()
        if direction not in (ASCENDING, DESCENDING):
            direction = column.first
        return cls(column.key, direction == DESCENDING)

    @property
    def is_default(self) -> bool:
        return self == Sorting()

    @property
    def derived(self) -> bool:
        """Tell whether the rules derive the column, so that Python sorts it, not SQL."""
        return self.key in DERIVED

    def query(self) -> str:
        """Return what a link keeps of the order ("sort=arr&dir=desc&"; "" by default)."""
        if self.is_default:
            return ""
        return f"sort={self.key}&dir={DESCENDING if self.descending else ASCENDING}&"

    def headers(self, kept: str) -> list[dict[str, object]]:
        """Return each column's heading: its link (keeping `kept`, the find box and the
        KPI, back to the first page), and for the sorted one its `aria-sort` and arrow."""
        headers = []
        for column in COLUMNS:
            sorted_here = column.key == self.key
            if sorted_here:
                direction = ASCENDING if self.descending else DESCENDING  # a click turns it
            else:
                direction = column.first
            link = urlencode({"sort": column.key, "dir": direction}, quote_via=quote)
            aria = ("descending" if self.descending else "ascending") if sorted_here else ""
            headers.append(
                {
                    "column": column,
                    "href": f"?{kept}{link}",
                    "aria_sort": aria,
                    "arrow": ("▼" if self.descending else "▲") if sorted_here else "",
                    "next": "descending" if direction == DESCENDING else "ascending",
                }
            )
        return headers


def ordered(accounts: QuerySet[Account], sorting: Sorting, today: dt.date) -> QuerySet[Account]:
    """Order accounts (from `with_list_columns`) by a column the database holds
    (`accounts.sorting.ordered`), or by name for a derived one, for Python to sort further
    (`sorted_ids`). `today` is the day the list shows the accounts' state on (health as
    assessed by then)."""
    if sorting.derived:  # ties keep the name order, whichever the direction
        return sql_ordered(accounts, DEFAULT, descending=False, today=today)
    return sql_ordered(accounts, sorting.key, descending=sorting.descending, today=today)


def sorted_ids(
    ids: Iterable[int], listed: Mapping[int, ListedAccount], sorting: Sorting
) -> list[int]:
    """Sort account ids, given in name order, by a derived column: a stable sort, so ties
    keep the name order in both directions; accounts without a value come last."""
    value_of = DERIVED[sorting.key]
    known: list[tuple[Any, int]] = []
    missing: list[tuple[Any, int]] = []
    for pk in ids:
        value = value_of(listed[pk]) if pk in listed else None
        (missing if value is None else known).append((value, pk))
    known.sort(key=lambda pair: pair[0], reverse=sorting.descending)
    return [pk for _, pk in known + missing]
