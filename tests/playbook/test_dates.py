"""Calendar months, business days, durations and quarters."""

import datetime as dt

import pytest

from rhythm.playbook.rules.dates import (
    Calendar,
    Duration,
    ShiftByRegion,
    WorkingCalendar,
    add_months,
    every,
    month_end,
    parse_duration,
    quarter_end,
    quarter_start,
    shift,
    span,
)

D = dt.date


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        pytest.param(D(2026, 1, 15), 1, D(2026, 2, 15), id="same-day"),
        pytest.param(D(2026, 1, 31), 1, D(2026, 2, 28), id="clamp-to-february"),
        pytest.param(D(2024, 1, 31), 1, D(2024, 2, 29), id="clamp-leap-year"),
        pytest.param(D(2026, 3, 31), -1, D(2026, 2, 28), id="backwards-clamp"),
        pytest.param(D(2026, 12, 15), 1, D(2027, 1, 15), id="year-end"),
        pytest.param(D(2026, 1, 15), -13, D(2024, 12, 15), id="back-over-a-year"),
        pytest.param(D(2026, 5, 31), 4, D(2026, 9, 30), id="thirty-day-month"),
        pytest.param(D(2026, 5, 31), 0, D(2026, 5, 31), id="zero"),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


HOLIDAYS = Calendar.from_mapping({"AMER": {D(2026, 10, 12)}, "EMEA": {D(2026, 12, 25)}})


@pytest.mark.parametrize(
    ("day", "count", "region", "expected"),
    [
        pytest.param(D(2026, 10, 8), 1, "AMER", D(2026, 10, 9), id="thursday-to-friday"),
        pytest.param(D(2026, 10, 9), 1, "EMEA", D(2026, 10, 12), id="over-a-weekend"),
        pytest.param(D(2026, 10, 9), 1, "AMER", D(2026, 10, 13), id="over-weekend-and-holiday"),
        pytest.param(D(2026, 10, 9), 1, "amer", D(2026, 10, 13), id="region-any-case"),
        pytest.param(D(2026, 10, 10), 1, None, D(2026, 10, 12), id="from-a-saturday"),
        pytest.param(D(2026, 10, 9), 3, "AMER", D(2026, 10, 15), id="three-days"),
        pytest.param(D(2026, 10, 13), -1, "AMER", D(2026, 10, 9), id="backwards"),
        pytest.param(D(2026, 10, 9), 0, "AMER", D(2026, 10, 9), id="zero"),
    ],
)
def test_add_business_days(day, count, region, expected):
    assert HOLIDAYS.add_business_days(day, count, region) == expected


@pytest.mark.parametrize(
    ("text", "expected", "written"),
    [
        pytest.param("14 days", Duration(14, "days"), "14 days", id="days"),
        pytest.param("1 day", Duration(1, "days"), "1 day", id="one-day"),
        pytest.param("2 weeks", Duration(2, "weeks"), "2 weeks", id="weeks"),
        pytest.param("1 month", Duration(1, "months"), "1 month", id="month"),
        pytest.param("1 quarter", Duration(1, "quarters"), "1 quarter", id="quarter"),
        pytest.param("1 year", Duration(1, "years"), "1 year", id="year"),
        pytest.param("1 business day", Duration(1, "business days"), "1 business day", id="bd"),
        pytest.param(
            " 3  business   days ", Duration(3, "business days"), "3 business days", id="spaces"
        ),
    ],
)
def test_parse_duration(text, expected, written):
    assert parse_duration(text) == expected
    assert str(expected) == written


@pytest.mark.parametrize("text", ["14", "two days", "14 fortnights", "days 14", ""])
def test_parse_duration_rejects(text):
    with pytest.raises(ValueError, match="expected a duration like"):
        parse_duration(text)


@pytest.mark.parametrize(
    ("duration", "expected"),
    [
        pytest.param(Duration(1, "quarters"), D(2027, 2, 20), id="quarter"),
        pytest.param(Duration(1, "years"), D(2027, 11, 20), id="year"),
        pytest.param(Duration(2, "weeks"), D(2026, 12, 4), id="weeks"),
        pytest.param(Duration(1, "business days"), D(2026, 11, 23), id="business-day"),
    ],
)
def test_shift(duration, expected):
    assert shift(D(2026, 11, 20), duration) == expected


def test_shift_before():
    assert shift(D(2026, 5, 31), Duration(3, "months"), before=True) == D(2026, 2, 28)


@pytest.mark.parametrize(
    ("day", "start", "end", "last"),
    [
        pytest.param(D(2026, 11, 20), D(2026, 10, 1), D(2026, 12, 31), D(2026, 11, 30), id="q4"),
        pytest.param(D(2026, 2, 3), D(2026, 1, 1), D(2026, 3, 31), D(2026, 2, 28), id="q1"),
        pytest.param(D(2024, 2, 3), D(2024, 1, 1), D(2024, 3, 31), D(2024, 2, 29), id="leap"),
    ],
)
def test_quarters_and_month_end(day, start, end, last):
    assert (quarter_start(day), quarter_end(day), month_end(day)) == (start, end, last)


@pytest.mark.parametrize(
    ("duration", "per_year"),
    [
        pytest.param(Duration(14, "days"), 26, id="biweekly"),
        pytest.param(Duration(1, "months"), 12, id="monthly"),
        pytest.param(Duration(1, "quarters"), 4, id="quarterly"),
        pytest.param(Duration(2, "weeks"), 26, id="two-weeks"),
        pytest.param(Duration(0, "days"), 0, id="never"),
        pytest.param(Duration(10, "business days"), 25, id="business-days"),
    ],
)
def test_per_year(duration, per_year):
    assert duration.per_year(250) == per_year


def test_phrasing():
    assert every(Duration(1, "months")) == "every month"
    assert every(Duration(14, "days")) == "every 14 days"
    assert span(Duration(4, "months"), Duration(3, "months")) == "3 to 4 months"
    assert span(Duration(2, "weeks"), Duration(1, "days")) == "1 day to 2 weeks"


# A period counted back from one day for every account of a view, each in its own region.
REGIONS = Calendar.from_mapping(
    {
        "AMER": [D(2026, 12, 25), D(2027, 1, 1)],
        "EMEA": [D(2026, 12, 25), D(2026, 12, 28), D(2027, 1, 1)],
    }
)


@pytest.mark.parametrize(
    ("duration", "region", "common", "expected"),
    [
        pytest.param(Duration(10, "business days"), "AMER", None, D(2026, 12, 23), id="amer"),
        pytest.param(Duration(10, "business days"), "emea", None, D(2026, 12, 22), id="emea"),
        pytest.param(Duration(10, "business days"), "", None, D(2026, 12, 25), id="unknown"),
        # Holidays move no other unit: one answer for every region, worked out once.
        pytest.param(Duration(2, "weeks"), "EMEA", D(2026, 12, 25), D(2026, 12, 25), id="weeks"),
    ],
)
def test_shift_by_region(duration, region, common, expected):
    starts = ShiftByRegion(D(2027, 1, 8), duration, before=True, calendar=REGIONS)
    assert starts.common == common
    assert starts.in_region(region) == expected
    assert starts.in_region(region) == shift(
        D(2027, 1, 8), duration, before=True, calendar=REGIONS, region=region
    )


@pytest.mark.parametrize(
    ("calendar", "expected"),
    [
        # Every region's holidays at once, for the empty region (or None).
        pytest.param(REGIONS, D(2026, 12, 22), id="every-region"),
        pytest.param(Calendar(), D(2026, 12, 25), id="no-holidays"),
    ],
)
def test_calendar_anywhere_skips_every_regions_holidays(calendar, expected):
    ten = Duration(10, "business days")
    anywhere = calendar.anywhere()
    assert shift(D(2027, 1, 8), ten, before=True, calendar=anywhere) == expected
    assert shift(D(2027, 1, 8), ten, before=True, calendar=anywhere, region="") == expected


def test_a_working_calendar_shifts_in_its_region():
    ten = Duration(10, "business days")
    assert WorkingCalendar(REGIONS, "EMEA").shift(D(2026, 12, 21), ten) == D(2027, 1, 7)
    assert WorkingCalendar(REGIONS, "AMER").shift(D(2027, 1, 8), ten, before=True) == D(
        2026, 12, 23
    )
