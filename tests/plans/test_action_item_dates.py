"""An action item falls due on or after the day it was opened.

`plans.services.upsert_action_item` refuses a `due_on` before `created_on` for every way in
(the account page, My day's "Open action", the API), naming both days.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from rhythm.plans.models import ActionItem
from rhythm.plans.services import upsert_action_item

OPENED = dt.date(2026, 11, 10)


def test_an_item_due_before_it_was_opened_is_refused_naming_both_days(account):
    with pytest.raises(ValidationError) as refused:
        upsert_action_item(
            account=account, text="Call the sponsor", created_on=OPENED, due_on=dt.date(2026, 11, 9)
        )
    assert refused.value.message_dict == {
        "due_on": [
            "2026-11-09 is before the action item was opened, on 2026-11-10; it falls due on "
            "that day or later."
        ]
    }
    assert not ActionItem.objects.exists()


@pytest.mark.parametrize("due_on", [OPENED, dt.date(2026, 11, 11), None])
def test_an_item_due_the_day_it_was_opened_or_later_or_undated_is_kept(account, due_on):
    item, outcome = upsert_action_item(
        account=account, text="Call the sponsor", created_on=OPENED, due_on=due_on
    )
    assert (item.created_on, item.due_on, outcome) == (OPENED, due_on, "created")


def test_an_item_moved_before_it_was_opened_is_refused_and_keeps_its_date(account):
    upsert_action_item(account=account, text="Call the sponsor", created_on=OPENED, due_on=OPENED)
    with pytest.raises(ValidationError) as refused:
        upsert_action_item(
            account=account, text="Call the sponsor", created_on=OPENED, due_on=dt.date(2026, 11, 1)
        )
    assert list(refused.value.message_dict) == ["due_on"]
    assert ActionItem.objects.get().due_on == OPENED


def test_a_due_date_out_of_range_says_that_alone(account):
    with pytest.raises(ValidationError) as refused:
        upsert_action_item(
            account=account, text="Call the sponsor", created_on=OPENED, due_on=dt.date(26, 1, 1)
        )
    assert refused.value.message_dict == {"due_on": ["0026-01-01 is before 1970; check the year."]}


def test_an_item_given_as_done_is_closed_that_day_and_not_reopened(account):
    closed = {"status": "done", "done_on": dt.date(2026, 11, 12)}
    item, outcome = upsert_action_item(
        account=account, text="Call the sponsor", created_on=OPENED, **closed
    )
    assert (item.status, item.done_on, outcome) == ("done", dt.date(2026, 11, 12), "created")
    again = upsert_action_item(
        account=account, text="call the SPONSOR", created_on=OPENED, **closed
    )
    assert again == (item, "unchanged")

    with pytest.raises(ValidationError) as refused:
        upsert_action_item(
            account=account, text="Call the sponsor", created_on=OPENED, status="open"
        )
    assert list(refused.value.message_dict) == ["status"]
    item.refresh_from_db()
    assert item.status == "done"


@pytest.mark.parametrize(
    "values",
    [{"status": "dropped"}, {"done_on": OPENED}, {"status": "open", "done_on": OPENED}],
    ids=["closed-without-a-date", "date-without-a-status", "open-with-a-date"],
)
def test_a_closing_date_goes_with_a_closed_status_only(account, values):
    with pytest.raises(ValidationError) as refused:
        upsert_action_item(account=account, text="Call the sponsor", created_on=OPENED, **values)
    assert list(refused.value.message_dict) == ["done_on"]
    assert not ActionItem.objects.exists()
