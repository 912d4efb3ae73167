"""The dates Rhythm accepts: for a record of what happened, and for a day to work out.

Both are bounded. A record is dated on or before today (it has happened) and not before
1970 (a year typed as 0026 is a typo, and history centuries long would make every rule
that steps through it slow). The queue and the KPIs can be worked out for any day from
1970 to ten years ahead: far enough to replay the past and to see what will fall due.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

EARLIEST = dt.date(1970, 1, 1)
YEARS_AHEAD = 10


def record_date_error(day: dt.date, advice: str) -> list[str]:
    """Say why a record dated `day` is refused: after today (the team's today), or before 1970.

    What is recorded has happened: a call held, an answer received, a review done.
    """
    if day > timezone.localdate():
        return [f"{day.isoformat()} is in the future; {advice}"]
    return date_range_error(day)


def date_range_error(day: dt.date) -> list[str]:
    """Say why a date is refused if it is before 1970 or more than ten years ahead.

    For any date Rhythm keeps (a first transaction, a renewal, a meeting planned): outside
    that range it is a typo, and a date near the calendar's end cannot have a year added.
    """
    if day < EARLIEST:
        return [f"{day.isoformat()} is before {EARLIEST.year}; check the year."]
    if day > latest_day(timezone.localdate()):
        return [f"{day.isoformat()} is more than {YEARS_AHEAD} years ahead; check the year."]
    return []


def latest_day(today: dt.date) -> dt.date:
    """Return the last day the queue and the KPIs may be worked out for: ten years ahead."""
    year = today.year + YEARS_AHEAD
    return (
        today.replace(year=year, day=28)
        if (today.month, today.day) == (2, 29)
        else today.replace(year=year)
    )


def day_error(day: dt.date, today: dt.date) -> str | None:
    """Say why the queue cannot be worked out on `day`, or None when it can."""
    latest = latest_day(today)
    if EARLIEST <= day <= latest:
        return None
    return (
        f"{day.isoformat()} is out of range: choose a day from {EARLIEST.isoformat()} "
        f"to {latest.isoformat()}."
    )
