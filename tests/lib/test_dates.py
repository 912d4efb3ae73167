"""The days Rhythm accepts: records from 1970 to today, and days to work out from 1970 to
ten years ahead."""

from __future__ import annotations

import datetime as dt

import pytest

from rhythm.lib.dates import date_range_error, day_error, latest_day

TODAY = dt.date(2026, 11, 30)


@pytest.mark.parametrize(
    ("day", "refused"),
    [
        (dt.date(1969, 12, 31), True),
        (dt.date(1970, 1, 1), False),
        (TODAY, False),
        (dt.date(2036, 11, 30), False),
        (dt.date(2036, 12, 1), True),
        (dt.date(1, 1, 2), True),
        (dt.date(9999, 12, 30), True),
    ],
)
def test_a_day_to_work_out_is_between_1970_and_ten_years_ahead(day, refused):
    error = day_error(day, TODAY)
    assert (error is not None) == refused
    if refused:
        assert error == (
            f"{day.isoformat()} is out of range: choose a day from 1970-01-01 to 2036-11-30."
        )


def test_ten_years_after_a_29_february_is_the_28th():
    assert latest_day(dt.date(2028, 2, 29)) == dt.date(2038, 2, 28)


def test_a_date_before_1970_or_over_ten_years_ahead_is_refused_with_a_hint():
    from django.utils import timezone

    latest = latest_day(timezone.localdate())
    assert date_range_error(dt.date(26, 11, 20)) == ["0026-11-20 is before 1970; check the year."]
    assert date_range_error(dt.date(1970, 1, 1)) == date_range_error(latest) == []
    after = latest + dt.timedelta(days=1)
    assert date_range_error(after) == [
        f"{after.isoformat()} is more than 10 years ahead; check the year."
    ]
