"""Accounts ordered by a column the database holds: name, health (the latest assessment's),
segment, ARR, CSM and next renewal. The Accounts list (`web.account_sorting`) and
`GET /api/v1/accounts` both order here, so a key sorts the same on the page and through the
API. An account without a value (no ARR, no renewal, never assessed) comes last in both
directions, and ties keep the name order, then the id, so pages never overlap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Case, F, IntegerField, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Lower

from rhythm.accounts.models import Account, AccountTeamMember, TeamRole
from rhythm.health.models import HealthUpdate
from rhythm.lib import codes
from rhythm.renewals.models import Renewal, RenewalOutcome

# The keys the database sorts by, in the Accounts list's order of columns.
KEYS = ("name", "health", "segment", "arr", "csm", "renewal")
DEFAULT = "name"

_HEALTH = {"red": 0, "yellow": 1, "green": 2}


def with_list_columns(accounts: QuerySet[Account]) -> QuerySet[Account]:
    """Annotate each account with its next open renewal's date and its CSM's name, in the
    list's own query (a subquery each, not a query per account)."""
    renewals = Renewal.objects.filter(account=OuterRef("pk"), outcome=RenewalOutcome.OPEN)
    csm = AccountTeamMember.objects.filter(account=OuterRef("pk"), role=TeamRole.CSM)
    return accounts.annotate(
        next_renewal=Subquery(renewals.order_by("renewal_date").values("renewal_date")[:1]),
        csm_name=Subquery(csm.values("member__name")[:1]),
    )


def ordered(
    accounts: QuerySet[Account], key: str, *, descending: bool, today: dt.date
) -> QuerySet[Account]:
    """Order accounts (from `with_list_columns`) by one of `KEYS`, ties by name then id.

    `today` is the day the accounts' state is shown on: health is the latest assessment by
    then. A key not in `KEYS` raises `KeyError`.
    """
    if key not in KEYS:
        raise KeyError(key)
    if key == "name":
        return accounts.order_by("-name" if descending else "name", "pk")
    if key == "health":
        assessed = HealthUpdate.objects.filter(account=OuterRef("pk"), date__lte=today)
        latest = Subquery(assessed.order_by("-date").values("overall")[:1])
        accounts = accounts.annotate(latest_overall=latest)
    expression: Any = {
        "health": _health_rank(today),
        "segment": _segment_rank(codes.SEGMENTS),
        "arr": F("arr"),
        "csm": Lower("csm_name"),
        "renewal": F("next_renewal"),
    }[key]
    way = expression.desc if descending else expression.asc
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
