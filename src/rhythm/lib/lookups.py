"""Finding a record by a name typed in any case, in any alphabet.

Names are matched ignoring case: "ölwerk ag" finds "Ölwerk AG". SQLite's own LOWER and
LIKE fold only the letters A to Z, so on SQLite LOWER is replaced, for every connection,
by Python's, which folds every alphabet as PostgreSQL's does.
"""

from __future__ import annotations

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
