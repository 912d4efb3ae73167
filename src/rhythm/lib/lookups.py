"""Finding a record by a name typed in any case, in any alphabet.

Names are matched ignoring case: "ölwerk ag" finds "Ölwerk AG". SQLite's own LOWER and
LIKE fold only the letters A to Z, so on SQLite LOWER is replaced, for every connection,
by Python's, which folds every alphabet as PostgreSQL's does.
"""

from __future__ import annotations

import difflib
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.db.models.functions import Lower
from django.db.models.lookups import Exact

M = TypeVar("M", bound=Model)


def _lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def fold_case_on_sqlite(sender: Any, connection: Any, **kwargs: Any) -> None:
    """Give a new SQLite connection a LOWER that folds every alphabet (`connection_created`)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("LOWER", 1, _lower, deterministic=True)


def matching(queryset: QuerySet[M], field: str, value: str) -> QuerySet[M]:
    """Keep the rows whose `field` is `value`, ignoring case and surrounding spaces."""
    return queryset.filter(Exact(Lower(field), value.strip().lower()))


def close_to(queryset: QuerySet[M], field: str, value: str, limit: int = 3) -> list[str]:
    """Return the values of `field` closest to `value` (a typo, a doubled space), for a
    "did you mean" after `matching` found none: the closest first, ignoring case, and only
    those nearly as close as the closest (a shared email domain is no likeness)."""
    known: dict[str, str] = {}
    for name in queryset.values_list(field, flat=True).iterator():
        known.setdefault(" ".join(str(name).lower().split()), str(name))
    wanted = " ".join(value.lower().split())
    close = difflib.get_close_matches(wanted, known, n=limit, cutoff=0.75)
    scored = [(difflib.SequenceMatcher(None, wanted, name).ratio(), name) for name in close]
    return [known[name] for score, name in scored if score >= scored[0][0] - 0.02]


def did_you_mean(candidates: list[str]) -> str:
    """Say the candidates as the end of a sentence: `; did you mean 'Acme' or 'Acme UK'?`."""
    if not candidates:
        return ""
    quoted = [repr(c) for c in candidates]
    listed = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
    return f"; did you mean {listed}?"
