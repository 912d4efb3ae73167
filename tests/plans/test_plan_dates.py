"""A success plan is reviewed with the customer once it has been shared with them (PLAN-2).

`plans.services.upsert_success_plan` keeps the two dates in order for every way in (the plan
form, My day's "Mark reviewed", the API, the import): a review before the shared date, sent
or stored, is refused on `reviewed_on` naming both days, and a review of a plan with no
shared date records it shared that day.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from rhythm.plans.models import SuccessPlan
from rhythm.plans.services import (
    check_success_plan,
    record_customer_plan_dates,
    upsert_success_plan,
)


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def dates_of(account) -> tuple:
    plan = SuccessPlan.objects.get(account=account, kind="roi")
    return plan.shared_on, plan.reviewed_on


def refusal(**values) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as refused:
        upsert_success_plan(**values)
    return refused.value.message_dict


def test_a_review_before_the_shared_date_sent_with_it_is_refused(account):
    shared, reviewed = days_ago(10), days_ago(20)
    assert refusal(account=account, kind="roi", shared_on=shared, reviewed_on=reviewed) == {
        "reviewed_on": [
            f"{reviewed.isoformat()} is before the plan was shared with the customer, on "
            f"{shared.isoformat()}; it is reviewed with them once shared."
        ]
    }
    assert not SuccessPlan.objects.exists()


def test_a_review_before_the_shared_date_stored_is_refused(account):
    upsert_success_plan(account=account, kind="roi", shared_on=days_ago(10))
    for record in (upsert_success_plan, record_customer_plan_dates):
        kind = {"kind": "roi"} if record is upsert_success_plan else {}
        with pytest.raises(ValidationError) as refused:
            record(account=account, reviewed_on=days_ago(11), **kind)
        [reason] = refused.value.message_dict["reviewed_on"]
        assert days_ago(11).isoformat() in reason and days_ago(10).isoformat() in reason
    assert dates_of(account) == (days_ago(10), None)


def test_a_review_on_the_day_shared_or_after_is_kept(account):
    upsert_success_plan(account=account, kind="roi", shared_on=days_ago(10))
    record_customer_plan_dates(account=account, reviewed_on=days_ago(10))
    assert dates_of(account) == (days_ago(10), days_ago(10))
    plan, outcome = record_customer_plan_dates(account=account, reviewed_on=days_ago(2))
    assert (plan.shared_on, plan.reviewed_on, outcome) == (days_ago(10), days_ago(2), "updated")


def test_a_shared_date_after_the_review_stored_is_refused_on_shared_on(account):
    upsert_success_plan(account=account, kind="roi", shared_on=days_ago(30))
    record_customer_plan_dates(account=account, reviewed_on=days_ago(20))
    with pytest.raises(ValidationError) as refused:
        record_customer_plan_dates(account=account, shared_on=days_ago(5))
    assert refused.value.message_dict == {
        "shared_on": [
            f"{days_ago(5).isoformat()} is after the plan was reviewed with the customer, on "
            f"{days_ago(20).isoformat()}; it was shared with them by then."
        ]
    }
    assert dates_of(account) == (days_ago(30), days_ago(20))


def test_a_review_of_a_plan_never_shared_records_it_shared_that_day(account):
    upsert_success_plan(account=account, kind="roi", health="green")
    plan, outcome = record_customer_plan_dates(account=account, reviewed_on=days_ago(3))
    assert (plan.shared_on, plan.reviewed_on, outcome) == (days_ago(3), days_ago(3), "updated")
    again = record_customer_plan_dates(account=account, reviewed_on=days_ago(3))
    assert again[1] == "unchanged"
    # The day it was really shared, earlier, corrects it.
    record_customer_plan_dates(account=account, shared_on=days_ago(40))
    assert dates_of(account) == (days_ago(40), days_ago(3))


def test_a_plan_started_with_a_review_only_is_shared_that_day(account):
    plan, outcome = upsert_success_plan(
        account=account, kind="roi", shared_on=None, reviewed_on=days_ago(7)
    )
    assert (plan.shared_on, plan.reviewed_on, outcome) == (days_ago(7), days_ago(7), "created")


def test_a_future_review_is_refused_for_that_alone(account):
    upsert_success_plan(account=account, kind="roi", shared_on=days_ago(10))
    tomorrow = days_ago(-1).isoformat()
    assert refusal(account=account, kind="roi", reviewed_on=days_ago(-1)) == {
        "reviewed_on": [f"{tomorrow} is in the future; record a review once it is done."]
    }


def test_other_fields_are_saved_whatever_the_dates_stored(account):
    """Dates kept out of order before this check are refused only once one of them is sent."""
    upsert_success_plan(account=account, kind="roi", shared_on=days_ago(10))
    SuccessPlan.objects.update(reviewed_on=days_ago(20))
    plan, outcome = upsert_success_plan(account=account, kind="roi", health="green")
    assert (plan.health, outcome) == ("green", "updated")
    assert dates_of(account) == (days_ago(10), days_ago(20))
    with pytest.raises(ValidationError):
        upsert_success_plan(account=account, kind="roi", status="active", reviewed_on=days_ago(20))


@pytest.mark.parametrize(
    "values",
    [
        {"reviewed_on": days_ago(11)},  # before the shared date stored
        {"shared_on": days_ago(-1), "reviewed_on": days_ago(-2)},  # both in the future
        {"health": "yellow", "qualified_on": days_ago(0)},  # qualified, not green
    ],
    ids=["review-before-shared", "future-dates", "qualified-not-green"],
)
def test_check_success_plan_says_what_upsert_refuses_and_writes_nothing(account, manager, values):
    upsert_success_plan(account=account, kind="roi", shared_on=days_ago(10))
    errors = check_success_plan(account=account, kind="roi", by=manager, **values)
    assert errors
    assert refusal(account=account, kind="roi", by=manager, **values) == errors
    plan = SuccessPlan.objects.get()
    assert (plan.shared_on, plan.reviewed_on, plan.health, plan.qualified_on) == (
        days_ago(10),
        None,
        "",
        None,
    )


def test_what_a_form_refused_is_not_checked_as_the_stored_value(account, manager):
    upsert_success_plan(account=account, kind="roi", health="yellow", shared_on=days_ago(10))
    check = {"account": account, "kind": "roi", "by": manager}
    assert check_success_plan(**check, reviewed_on=days_ago(11), refused={"shared_on"}) == {}
    assert check_success_plan(**check, qualified_on=days_ago(0), refused={"health"}) == {}
    # A refused date leaves the other's own check in place.
    future = f"{days_ago(-1).isoformat()} is in the future; record a review once it is done."
    assert check_success_plan(**check, reviewed_on=days_ago(-1), refused={"shared_on"}) == {
        "reviewed_on": [future]
    }
