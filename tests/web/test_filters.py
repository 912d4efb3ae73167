"""The queue filter: one definition the page's GET form and the API share."""

import datetime as dt

import pytest
from django.http import QueryDict

from rhythm.playbook.filters import ItemFilter
from rhythm.playbook.rules.items import WorkItem
from rhythm.web.forms import DayFilterForm


def item(rule="CAD-1", account_id=1, state="late", csm="alice@rhythm.test"):
    return WorkItem(rule, f"Account {account_id}", account_id, csm, None, state, "low", "", "")


ITEMS = (
    item(),
    item(rule="HEALTH-1"),
    item(account_id=2, state="due"),
    item(rule="MGR-1", account_id=None, csm="bob@rhythm.test", state="due"),
)


@pytest.mark.parametrize(
    ("case", "criteria", "expected"),
    [
        ("nothing set keeps all", ItemFilter(), ITEMS),
        ("rule ignores case", ItemFilter(rule="cad-1"), (ITEMS[0], ITEMS[2])),
        ("state", ItemFilter(state="due"), (ITEMS[2], ITEMS[3])),
        ("account", ItemFilter(account_id=1), (ITEMS[0], ITEMS[1])),
        ("csm ignores case", ItemFilter(csm="BOB@rhythm.test"), (ITEMS[3],)),
        ("all together", ItemFilter(rule="CAD-1", state="due", account_id=2), (ITEMS[2],)),
    ],
)
def test_item_filter(case, criteria, expected):
    assert criteria.apply(ITEMS) == expected


def test_item_filter_knows_when_it_is_active():
    assert not ItemFilter().active
    assert ItemFilter(account_id=3).active


def form(query, **kwargs):
    return DayFilterForm(QueryDict(query), rules=["CAD-1", "HEALTH-1"], **kwargs)


def test_day_form_reads_the_query_into_the_shared_filter():
    built = form("rule=cad-1&account=7&state=late&on=2026-10-01")
    assert built.item_filter() == ItemFilter(rule="CAD-1", state="late", account_id=7)
    assert built.day(dt.date(2026, 11, 22)) == dt.date(2026, 10, 1)


def test_day_form_ignores_invalid_fields_and_says_why():
    built = form("rule=XYZ-1&account=abc&on=someday&state=soon")
    assert built.item_filter() == ItemFilter()
    assert built.day(dt.date(2026, 11, 22)) == dt.date(2026, 11, 22)
    assert set(built.errors) == {"rule", "account", "on", "state"}


def test_day_form_offers_a_csm_only_when_there_is_a_choice():
    assert "csm" not in form("").fields
    picked = form("csm=bob@rhythm.test", csms=[("bob@rhythm.test", "Bob")])
    assert picked.chosen_csm() == "bob@rhythm.test"
    assert form("csm=eve@x.test", csms=[("bob@rhythm.test", "Bob")]).chosen_csm() is None
