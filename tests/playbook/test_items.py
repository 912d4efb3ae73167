"""The one definition of late, due and coming, and the queue order."""

import datetime as dt

import pytest

from rhythm.playbook.rules.items import RuleContext, WorkItem, item_state, listed, sort_items

from .builders import HOLIDAYS, TODAY, D, defaults, settings_from

WINDOWS = defaults().items


@pytest.mark.parametrize(
    ("days_until_due", "expected"),
    [
        pytest.param(-1, "late", id="day-after-due"),
        pytest.param(0, "due", id="on-due-date"),
        pytest.param(1, "due", id="day-before-due"),
        pytest.param(7, "due", id="end-of-due-soon"),
        pytest.param(8, "coming", id="past-due-soon"),
        pytest.param(30, "coming", id="end-of-look-ahead"),
        pytest.param(31, None, id="beyond-look-ahead"),
    ],
)
def test_item_state(days_until_due, expected):
    due = TODAY + dt.timedelta(days=days_until_due)
    assert item_state(due, TODAY, WINDOWS) == expected


def test_no_due_date_is_due_now():
    assert item_state(None, TODAY, WINDOWS) == "due"


@pytest.mark.parametrize(
    ("visible_from", "due", "expected"),
    [
        pytest.param(TODAY + dt.timedelta(days=1), D(2027, 1, 1), None, id="before-horizon"),
        pytest.param(TODAY, D(2027, 3, 1), "coming", id="horizon-beyond-look-ahead"),
        pytest.param(TODAY, TODAY, "due", id="horizon-on-due"),
        pytest.param(D(2026, 1, 1), D(2026, 2, 1), "late", id="horizon-and-late"),
    ],
)
def test_item_state_with_own_horizon(visible_from, due, expected):
    assert item_state(due, TODAY, WINDOWS, visible_from=visible_from) == expected


def _item(rule, state, due, account):
    return WorkItem(rule, account, 1, "a@x", due, state, "low", "Why.", "Act.")


def test_queue_order():
    items = [
        _item("CAD-1", "coming", D(2026, 12, 1), "Beta"),
        _item("CAD-1", "due", None, "Acme"),
        _item("EBR-1", "late", D(2026, 10, 1), "Acme"),
        _item("CAD-1", "late", D(2026, 10, 1), "Beta"),
        _item("CAD-1", "late", D(2026, 10, 1), "Acme"),
        _item("HEALTH-1", "due", D(2026, 11, 21), "Acme"),
        _item("CAD-1", "late", D(2026, 9, 1), "Zeta"),
    ]
    ordered = [(i.state, i.due, i.rule, i.account) for i in sort_items(items)]
    assert ordered == [
        ("late", D(2026, 9, 1), "CAD-1", "Zeta"),
        ("late", D(2026, 10, 1), "CAD-1", "Acme"),
        ("late", D(2026, 10, 1), "CAD-1", "Beta"),
        ("late", D(2026, 10, 1), "EBR-1", "Acme"),
        ("due", D(2026, 11, 21), "HEALTH-1", "Acme"),
        ("due", None, "CAD-1", "Acme"),
        ("coming", D(2026, 12, 1), "CAD-1", "Beta"),
    ]


@pytest.mark.parametrize(
    ("words", "sentence"),
    [
        ([], ""),
        (["CSM"], "CSM"),
        (["CSM", "AE"], "CSM and AE"),
        (["CSM", "AE", "SA"], "CSM, AE and SA"),
    ],
)
def test_words_are_listed_as_a_sentence_lists_them(words, sentence):
    assert listed(words) == sentence


# The item windows in business days, counted from Wednesday 2026-12-23 around the public
# holidays of Christmas and New Year: AMER skips 2026-12-25 and 2027-01-01, EMEA
# 2026-12-28 too. Three business days reach 2026-12-29 in AMER and 2026-12-30 in EMEA
# (2026-12-28 counting weekends only); ten reach 2027-01-08 and 2027-01-11 (2027-01-06).
WEDNESDAY = D(2026, 12, 23)


@pytest.fixture(scope="module")
def business_day_windows(tmp_path_factory):
    windows = '[items]\ndue_soon = "3 business days"\nlook_ahead = "10 business days"\n'
    return settings_from(tmp_path_factory, windows)


@pytest.mark.parametrize(
    ("region", "due", "expected"),
    [
        pytest.param("AMER", D(2026, 12, 29), "due", id="amer-end-of-due-soon"),
        pytest.param("EMEA", D(2026, 12, 30), "due", id="emea-end-of-due-soon"),
        pytest.param("AMER", D(2027, 1, 8), "coming", id="amer-end-of-look-ahead"),
        pytest.param("EMEA", D(2027, 1, 11), "coming", id="emea-end-of-look-ahead"),
    ],
)
def test_item_windows_in_business_days_skip_the_regions_holidays(
    business_day_windows, region, due, expected
):
    windows = business_day_windows.items
    found = item_state(due, WEDNESDAY, windows, calendar=HOLIDAYS, region=region)
    assert found == expected
    ctx = RuleContext(business_day_windows, WEDNESDAY, HOLIDAYS, region)
    assert ctx.horizon.state(due) == expected
