"""Measure that a page or API list runs the same number of queries at two data sizes."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_of(action: Callable[[], object]) -> list[str]:
    """Run `action` and return the SQL of every query it made."""
    with CaptureQueriesContext(connection) as captured:
        action()
    return [query["sql"] for query in captured.captured_queries]


def count_queries(action: Callable[[], object]) -> int:
    """Run `action` and return how many SQL queries it made."""
    return len(queries_of(action))


def assert_flat_query_count(
    action: Callable[[], object], grow: Callable[[int], None], small: int, large: int
) -> None:
    """Assert `action` makes as many queries with `large` rows as with `small` rows."""
    grow(small)
    before = count_queries(action)
    grow(large - small)
    after = count_queries(action)
    assert before == after, f"{before} queries for {small} rows but {after} for {large}"
