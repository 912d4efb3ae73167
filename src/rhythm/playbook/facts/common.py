"""Shared pieces of the fact loader: grouping rows by account, the period, team seats."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import connections
from django.db.models import QuerySet

from rhythm.accounts.models import AccountTeamMember
from rhythm.playbook.rules.dates import Duration
from rhythm.playbook.settings import PlaybookSettings

Grouped = dict[int, list]


def raw_rows(queryset: QuerySet, dates: tuple[int, ...] = ()) -> Iterator[tuple]:
    """Run a `values_list` queryset on the raw cursor, parsing only the given date columns.

    Django's per-value converters cost more than the query itself on the large tables
    (a million activities); the rows here hold only ids, codes, booleans and dates, so the
    loader reads them directly. SQLite gives a computed date (MIN, MAX) as ISO text, and a
    date column as a date already: only a batch holding text is rebuilt, row by row.
    """
    sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    connection = connections[queryset.db]
    dates = dates if connection.vendor == "sqlite" else ()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(10_000):
            texts = [i for i in dates if any(isinstance(row[i], str) for row in batch)]
            if not texts:
                yield from batch
                continue
            for row in batch:
                values = list(row)
                for index in texts:
                    if isinstance(values[index], str):
                        values[index] = dt.date.fromisoformat(values[index])
                yield tuple(values)


def group(rows: Iterable[tuple], build=lambda row: row[1:]) -> Grouped:
    """Group rows whose first column is an account id (or another parent id)."""
    grouped: Grouped = defaultdict(list)
    for row in rows:
        grouped[row[0]].append(build(row))
    return grouped


@dataclass(frozen=True)
class Period:
    """The date the book is evaluated on, where full history starts, and the settings the
    loader needs to keep what the rules will ask of older records."""

    today: dt.date
    since: dt.date
    first_value_percent: float
    renewal_window: Duration
    review_stages: tuple[tuple[str, Duration], ...]

    @classmethod
    def of(cls, today: dt.date, since: dt.date, settings: PlaybookSettings) -> Period:
        """Build the period from the playbook settings in force."""
        renewals = settings.renewals
        return cls(
            today=today,
            since=min(since, today),
            first_value_percent=settings.onboarding.first_value_license_percent,
            renewal_window=renewals.window,
            review_stages=tuple((review.stage, review.before) for review in renewals.reviews),
        )


@dataclass(frozen=True)
class Seat:
    """A team member on an account's team, as the facts need them."""

    email: str
    name: str
    region: str
    manager_email: str | None
    member_id: int


def load_seats(ids: QuerySet) -> dict[int, dict[str, Seat]]:
    seats: dict[int, dict[str, Seat]] = defaultdict(dict)
    rows = AccountTeamMember.objects.filter(account_id__in=ids).values_list(
        "account_id",
        "role",
        "member__email",
        "member__name",
        "member__region",
        "member__manager__email",
        "member_id",
    )
    for account_id, role, email, name, region, manager_email, member_id in raw_rows(rows):
        seats[account_id][role] = Seat(email, name, region, manager_email, member_id)
    return seats
