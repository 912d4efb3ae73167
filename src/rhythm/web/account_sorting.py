"""How the Accounts list sorts: by a column the database holds, or one the rules derive.

Name, health (the latest assessment's), segment, ARR, CSM and next renewal are sorted by
the database, a page at a time. Priority, engagement, triage and phase are worked out by
the rules, not stored, so sorting by one of them derives the state of every account
listed (one set-based load, as the dashboard's) and pages the ordered ids in Python.
Either way an account without a value (no ARR, no renewal, not a customer yet) comes last
in both directions, and ties keep the name order, then the id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from django.db.models import Case, F, IntegerField, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Lower

from rhythm.accounts.models import Account, AccountTeamMember, Phase, TeamRole
from rhythm.health.models import HealthUpdate
from rhythm.lib import codes
from rhythm.playbook.queue import ListedAccount
from rhythm.renewals.models import Renewal, RenewalOutcome

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
DEFAULT = "name"

_HEALTH = {"red": 0, "yellow": 1, "green": 2}
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


def with_list_columns(accounts: QuerySet[Account]) -> QuerySet[Account]:
    """Annotate each account with its next open renewal's date and its CSM's name, in the
    list's own query (a subquery each, not a query per account)."""
    renewals = Renewal.objects.filter(account=OuterRef("pk"), outcome=RenewalOutcome.OPEN)
    csm = AccountTeamMember.objects.filter(account=OuterRef("pk"), role=TeamRole.CSM)
    return accounts.annotate(
        next_renewal=Subquery(renewals.order_by("renewal_date").values("renewal_date")[:1]),
        csm_name=Subquery(csm.values("member__name")[:1]),
    )


def ordered(accounts: QuerySet[Account], sorting: Sorting, today: dt.date) -> QuerySet[Account]:
    """Order accounts (from `with_list_columns`) by a column the database holds, or by
    name for a derived one, for Python to sort further (`sorted_ids`). `today` is the day
    the list shows the accounts' state on (health as assessed by then)."""
    if sorting.derived:  # ties keep the name order, whichever the direction
        return accounts.order_by("name", "pk")
    if sorting.key == "name":
        return accounts.order_by("-name" if sorting.descending else "name", "pk")
    if sorting.key == "health":
        assessed = HealthUpdate.objects.filter(account=OuterRef("pk"), date__lte=today)
        latest = Subquery(assessed.order_by("-date").values("overall")[:1])
        accounts = accounts.annotate(latest_overall=latest)
    expression: Any = {
        "health": _health_rank(today),
        "segment": _segment_rank(codes.SEGMENTS),
        "arr": F("arr"),
        "csm": Lower("csm_name"),
        "renewal": F("next_renewal"),
    }[sorting.key]
    way = expression.desc if sorting.descending else expression.asc
    return accounts.order_by(way(nulls_last=True), "name", "pk")


def _health_rank(today: dt.date) -> Case:
    """Rank each account by its latest health assessment on `today` (`latest_overall`),
    red first, as the list shows it; none for an account never assessed, or not a customer
    yet on `today` (the list shows no state for it)."""
    ranks = [When(latest_overall=overall, then=Value(rank)) for overall, rank in _HEALTH.items()]
    return Case(
        When(initial_transaction_date__gt=today, then=None),
        When(latest_overall__isnull=True, then=None),
        *ranks,
        default=Value(len(_HEALTH)),
        output_field=IntegerField(),
    )


def _segment_rank(segments: Iterable[str]) -> Case:
    """Rank the segments in the playbook's order (strategic first); another code, none."""
    ranks = [When(segment=code, then=Value(i)) for i, code in enumerate(segments)]
    return Case(*ranks, default=None, output_field=IntegerField())


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
