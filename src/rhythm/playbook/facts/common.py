"""Shared pieces of the fact loader: grouping rows by account, the period, team seats."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from django.db import connections
from django.db.models import QuerySet

from rhythm.accounts.models import AccountTeamMember
from rhythm.lib.business_days import holiday_calendar
from rhythm.playbook.rules.dates import Calendar
from rhythm.playbook.rules.derived import norm, team_name
from rhythm.playbook.settings import PlaybookSettings, RenewalSettings

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
    loader needs to keep what the rules will ask of older records.

    The settings are the view's and, by name, those of the teams in the playbook file:
    each CSM's book runs on its team's (`rules.engine.BookSettings`), each account on its
    segment's, so the loader keeps what any of them asks for.
    """

    today: dt.date
    since: dt.date
    settings: PlaybookSettings
    teams: Mapping[str, PlaybookSettings]  # by the team's name, normalised
    first_value_percents: tuple[float, ...]  # every TTV-3 threshold in force
    workshop_kinds: frozenset[str]  # every session kind that counts as a workshop (WS-2)

    @classmethod
    def of(
        cls,
        today: dt.date,
        since: dt.date,
        settings: PlaybookSettings,
        teams: Mapping[str, PlaybookSettings] | None = None,
    ) -> Period:
        """Build the period from the playbook settings in force."""
        named = {norm(name): found for name, found in (teams or {}).items()}
        variants = [v for found in (settings, *named.values()) for v in found.segment_variants()]
        percents = {v.onboarding.first_value_license_percent for v in variants}
        kinds = frozenset(norm(kind) for v in variants for kind in v.workshops.kinds)
        return cls(today, min(since, today), settings, named, tuple(sorted(percents)), kinds)

    @property
    def calendar(self) -> Calendar:
        """Return the public holidays the rules count business days with on `today`, as
        the queue builds them (`holiday_calendar` of the view's regions)."""
        return holiday_calendar(self.settings.codes.regions, self.today)

    def renewals(self, csm: Seat | None, segment: str) -> RenewalSettings:
        """Return the renewal settings of an account: its CSM's team's, its segment's."""
        team = team_name(csm.email, csm.role, csm.manager_email) if csm else None
        found = self.teams.get(norm(team), self.settings) if team else self.settings
        return found.for_segment(segment).renewals


@dataclass(frozen=True)
class Seat:
    """A team member on an account's team, as the facts need them."""

    email: str
    name: str
    region: str
    manager_email: str | None
    member_id: int
    role: str  # the member's own role (csm, manager, ...), not the seat's


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
        "member__role",
    )
    for account_id, seat, email, name, region, manager_email, member_id, role in raw_rows(rows):
        seats[account_id][seat] = Seat(email, name, region, manager_email, member_id, role)
    return seats
