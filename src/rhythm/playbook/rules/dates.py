"""Calendar arithmetic for the rules: calendar months, business days, quarters, durations.

Standard library only. Public holidays arrive as data (a `Calendar`), never computed here,
so a rule's result depends only on its arguments.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

# Plural unit names as written in settings; "quarter" and "year" are whole calendar months.
UNITS = ("days", "weeks", "months", "quarters", "years", "business days")
_MONTHS_PER_UNIT = {"months": 1, "quarters": 3, "years": 12}
_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_DURATION = re.compile(
    r"^\s*(-?\d+)\s+(business\s+days?|days?|weeks?|months?|quarters?|years?)\s*$"
)


def add_months(day: dt.date, months: int) -> dt.date:
    """Return the same day `months` calendar months later (or earlier), clamping the day.

    2026-01-31 plus one month is 2026-02-28: a month is a calendar month, as the handbook
    counts them ("no call for 2 months"), not 30 days.
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, days_in_month(year, month + 1)))


def days_in_month(year: int, month: int) -> int:
    """Return the number of days in a month (without `calendar.monthrange`'s weekday work)."""
    if month == 2 and _calendar.isleap(year):
        return 29
    return _DAYS_IN_MONTH[month - 1]


def month_end(day: dt.date) -> dt.date:
    """Return the last day of the month of `day`."""
    return day.replace(day=days_in_month(day.year, day.month))


def quarter_start(day: dt.date) -> dt.date:
    """Return the first day of the calendar quarter of `day`."""
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_end(day: dt.date) -> dt.date:
    """Return the last day of the calendar quarter of `day`."""
    return add_months(quarter_start(day), 3) - dt.timedelta(days=1)


def iso(day: dt.date) -> str:
    """Write a date the way every explanation sentence does (YYYY-MM-DD)."""
    return day.isoformat()


@dataclass(frozen=True)
class Duration:
    """A span of time as the playbook states it: '14 days', '2 months', '1 business day'."""

    amount: int
    unit: str

    def __str__(self) -> str:
        singular = self.unit[:-1] if self.unit.endswith("s") else self.unit
        return f"{self.amount} {singular if self.amount == 1 else self.unit}"

    @property
    def approximate_days(self) -> float:
        """Return the length in days, months counted as 365.25 / 12, for comparisons only."""
        per_unit = {"days": 1, "weeks": 7, "business days": 7 / 5}.get(self.unit)
        if per_unit is None:
            per_unit = 365.25 / 12 * _MONTHS_PER_UNIT[self.unit]
        return self.amount * per_unit

    def per_year(self, working_days: int) -> float:
        """How many of these fit in a year: of 52 weeks, 12 months, or the `working_days`
        a year has (the playbook's `capacity.working_days_per_year`) for business days."""
        if self.amount == 0:
            return 0.0
        if self.unit in _MONTHS_PER_UNIT:
            return 12 / (self.amount * _MONTHS_PER_UNIT[self.unit])
        per_unit = {"days": 364, "weeks": 52, "business days": working_days}[self.unit]
        return per_unit / self.amount


@lru_cache(maxsize=256)
def every(duration: Duration) -> str:
    """Say a recurrence the way a person would: 'every 14 days', 'every month'."""
    if duration.amount == 1:
        return f"every {duration.unit[:-1]}"
    return f"every {duration}"


def last(duration: Duration) -> str:
    """Say a window up to today the way a person would: 'the last 12 months', 'the last
    month' (not 'the last 1 month')."""
    if duration.amount == 1:
        return f"the last {duration.unit[:-1]}"
    return f"the last {duration}"


@lru_cache(maxsize=256)
def span(first: Duration, second: Duration) -> str:
    """Say a window between two durations, shorter first: '3 to 4 months', '1 day to 2 weeks'."""
    low, high = sorted((first, second), key=lambda d: d.approximate_days)
    if low.unit == high.unit:
        return f"{low.amount} to {high}"
    return f"{low} to {high}"


def parse_duration(text: str) -> Duration:
    """Read a duration like '14 days' or '1 quarter'; raise ValueError when unreadable."""
    match = _DURATION.match(text) if isinstance(text, str) else None
    if not match:
        raise ValueError(f"expected a duration like '14 days' or '2 months', got {text!r}")
    unit = re.sub(r"\s+", " ", match.group(2))
    unit = unit if unit.endswith("s") else unit + "s"
    return Duration(int(match.group(1)), unit)


@dataclass(frozen=True)
class Calendar:
    """Public holidays per region, given as data; weekends are never business days.

    Build it once (the database loader uses the `holidays` package with the region's
    country code from the playbook settings) and pass it to every rule that counts
    business days.
    """

    holidays: tuple[tuple[str, frozenset[dt.date]], ...] = ()

    @classmethod
    def from_mapping(cls, holidays: Mapping[str, Iterable[dt.date]]) -> Calendar:
        """Build a calendar from {region: dates}; region codes match case-insensitively."""
        pairs = ((region.casefold(), frozenset(days)) for region, days in holidays.items())
        return cls(tuple(sorted(pairs, key=lambda pair: pair[0])))

    def holidays_for(self, region: str | None) -> frozenset[dt.date]:
        """Return the region's public holidays (none for an unknown or empty region)."""
        wanted = (region or "").casefold()
        for name, days in self.holidays:
            if name == wanted:
                return days
        return frozenset()

    def is_business_day(self, day: dt.date, region: str | None) -> bool:
        """Tell whether people in `region` work on `day`."""
        return day.weekday() < 5 and day not in self.holidays_for(region)

    def anywhere(self) -> Calendar:
        """Return a calendar whose empty region (`region` "" or None) has the holidays of
        every region: business days counted in it reach at least as far as in any region,
        for a bound that must hold wherever the accounts work (how far back to load)."""
        every_day = frozenset(day for _, days in self.holidays for day in days)
        return Calendar((("", every_day),)) if every_day else self

    def add_business_days(self, day: dt.date, count: int, region: str | None) -> dt.date:
        """Return the date `count` business days after (or before, if negative) `day`."""
        step = dt.timedelta(days=1 if count >= 0 else -1)
        remaining = abs(count)
        while remaining:
            day += step
            if self.is_business_day(day, region):
                remaining -= 1
        return day


BUSINESS_DAYS = "business days"
_NO_HOLIDAYS = Calendar()


def shift(
    day: dt.date,
    duration: Duration,
    *,
    before: bool = False,
    calendar: Calendar | None = None,
    region: str | None = None,
) -> dt.date:
    """Return `day` moved by `duration`, forwards or (with before=True) backwards.

    Business days skip weekends and the public holidays of `region` in `calendar`
    (weekends only without them); every other unit ignores both.
    """
    if duration.unit == BUSINESS_DAYS:
        count = -duration.amount if before else duration.amount
        return _business_shift(day, count, calendar or _NO_HOLIDAYS, (region or "").casefold())
    return _shift(day, duration.amount, duration.unit, before)


@lru_cache(maxsize=65_536)
def _business_shift(day: dt.date, count: int, calendar: Calendar, region: str) -> dt.date:
    # Every account of a region counts the same days back from today (a KPI period, the
    # EBR coverage window): stepping day by day through a year of them once per account
    # would cost more than the rules. A calendar hashes by its holidays' frozensets, which
    # keep their hash.
    return calendar.add_business_days(day, count, region)


@dataclass(frozen=True)
class WorkingCalendar:
    """Where a duration in business days is counted: the public holidays and the region
    whose they are (an account's working region, `AccountFacts.working_region`)."""

    calendar: Calendar = _NO_HOLIDAYS
    region: str = ""

    def shift(self, day: dt.date, duration: Duration, *, before: bool = False) -> dt.date:
        """Return `day` moved by `duration` in this region's working calendar (`shift`)."""
        return shift(day, duration, before=before, calendar=self.calendar, region=self.region)


class ShiftByRegion:
    """One day moved by one duration in each region's working calendar: a period counted
    back from today for every account of a view, each in its own working region.

    `common` is the one answer for every region when the duration is not in business days
    (holidays change nothing then), else None; callers test it first (`common or
    in_region(...)`), so the usual case adds nothing per account. Each region's answer is
    worked out once.
    """

    def __init__(
        self,
        day: dt.date,
        duration: Duration,
        *,
        before: bool = False,
        calendar: Calendar | None = None,
    ) -> None:
        self.day, self.duration, self.before = day, duration, before
        self.calendar = calendar or _NO_HOLIDAYS
        business = duration.unit == BUSINESS_DAYS
        self.common: dt.date | None = None if business else shift(day, duration, before=before)
        self._by_region: dict[str, dt.date] = {}

    def in_region(self, region: str | None) -> dt.date:
        """Return the day moved in `region`'s working calendar."""
        if self.common is not None:
            return self.common
        key = region or ""
        found = self._by_region.get(key)
        if found is None:
            found = shift(
                self.day, self.duration, before=self.before, calendar=self.calendar, region=key
            )
            self._by_region[key] = found
        return found


@lru_cache(maxsize=65_536)
def _shift(day: dt.date, amount: int, unit: str, before: bool) -> dt.date:
    # The same few durations move the same few hundred days for every account of a book
    # (a call date plus 14 days, today less a quarter): worked out once each. The key is
    # plain values, which hash in C, where a `Duration` would hash in Python.
    sign = -1 if before else 1
    if unit in _MONTHS_PER_UNIT:
        return add_months(day, sign * amount * _MONTHS_PER_UNIT[unit])
    return day + dt.timedelta(days=sign * amount * (7 if unit == "weeks" else 1))
