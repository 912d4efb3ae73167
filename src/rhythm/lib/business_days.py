"""Public-holiday calendars per region, from the `holidays` package, for the rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import lru_cache

import holidays

from rhythm.playbook.rules.dates import Calendar


def holiday_calendar(regions: Mapping[str, str], today: dt.date) -> Calendar:
    """Build the rules' calendar: each region's public holidays around `today`.

    `regions` maps a region code (AMER) to a country code (US), as the playbook settings do.
    Two years either side cover every window the rules count business days in.
    """
    years = tuple(range(today.year - 2, today.year + 3))
    return _calendar(tuple(sorted(regions.items())), years)


@lru_cache(maxsize=32)
def _calendar(regions: tuple[tuple[str, str], ...], years: tuple[int, ...]) -> Calendar:
    return Calendar.from_mapping(
        {
            region: frozenset(holidays.country_holidays(country, years=years))
            for region, country in regions
        }
    )
