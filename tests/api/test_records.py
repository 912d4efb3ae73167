"""The API writes that clear work items: each allowed for the account's CSM and manager, and
refused with nothing written for an outsider (404), leadership (403), no token (401), a bad
field (400, naming it) and a date after today (400).

What only a manager records (a priority override, a plan qualified) is tested on its own
in test_clearing.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from rhythm.adoption.models import LicenseUsage, Milestone, UseCaseStatus
from rhythm.contacts.models import Contact
from rhythm.health.models import HealthUpdate
from rhythm.meetings.models import Ebr, EbrStep, LeadershipCheckIn
from rhythm.plans.models import ActionItem, SuccessPlan
from rhythm.renewals.models import Renewal, RenewalReview
from rhythm.surveys.models import SurveyResponse
from tests.apiclient import post_json


def today() -> dt.date:
    return timezone.localdate()


def days(n: int) -> str:
    return (today() + dt.timedelta(days=n)).isoformat()


def open_renewal(account):
    Renewal.objects.create(account=account, renewal_date=today() + dt.timedelta(days=150))


def state_of_reviews(account):
    return (account.__class__.objects.get(pk=account.pk).priority_reviewed_on,)


def roi_plan(account):
    SuccessPlan.objects.create(account=account, kind="roi", health="green")


def plan_dates(account):
    return list(SuccessPlan.objects.values_list("shared_on", "reviewed_on"))


def ebr_being_prepared(account):
    """An EBR planned in 100 days: its first two preparation steps are open (EBR-3)."""
    Ebr.objects.create(account=account, planned_on=today() + dt.timedelta(days=100))


def ebr_held(account):
    held = today() - dt.timedelta(days=2)
    Ebr.objects.create(account=account, planned_on=held, held_on=held, status="held")


def follow_ups(account):
    return list(Ebr.objects.values_list("follow_up_sent_on", "success_plan_updated_on"))


@dataclass(frozen=True)
class Endpoint:
    """One write: where it posts, a valid body, a bad one and the field it names, a body
    dated after today (None when it takes no past date), and what it writes."""

    path: str
    body: dict[str, Any]
    bad: tuple[dict[str, Any], str]
    future: dict[str, Any] | None
    written: Callable[[Any], Any]
    setup: Callable[[Any], None] = lambda account: None
    created: int = 201


def count(model, **filters):
    return lambda account: model.objects.filter(**filters).count()


def endpoints() -> dict[str, Endpoint]:
    """Each write by name, its dates worked out from today when a test runs (not when the
    tests are collected: a run that crosses midnight would send "tomorrow" as today)."""
    return {
        "health": Endpoint(
            "health",
            {"overall": "green", "note": "Calm quarter"},
            ({"overall": "purple"}, "overall"),
            {"overall": "green", "date": days(1)},
            count(HealthUpdate),
        ),
        "use case": Endpoint(
            "use-cases",
            {"use_case": "ci", "status": "yellow"},
            ({"use_case": "knitting", "status": "green"}, "use_case"),
            {"use_case": "ci", "status": "green", "date": days(1)},
            count(UseCaseStatus),
        ),
        "milestone": Endpoint(
            "milestones",
            {"milestone": "onboarding_complete"},
            ({"milestone": "lunch"}, "milestone"),
            {"milestone": "first_value", "reached_on": days(1)},
            count(Milestone),
        ),
        "usage": Endpoint(
            "usage",
            {"licenses_activated": 40},
            ({"licenses_activated": 40, "date": "2026-02-30"}, "date"),
            {"licenses_activated": 40, "date": days(1)},
            count(LicenseUsage),
        ),
        "survey": Endpoint(
            "surveys",
            {"kind": "nps", "score": 9, "comment": "Great support"},
            ({"kind": "nps", "score": 11}, "score"),
            {"kind": "nps", "score": 9, "date": days(1)},
            count(SurveyResponse),
        ),
        "next renewal": Endpoint(
            "renewals",
            {"renewal_date": days(200), "outlook": "growth"},
            ({"renewal_date": days(200), "outlook": "sunny"}, "outlook"),
            None,
            count(Renewal),
        ),
        "renewal review": Endpoint(
            "renewals/reviews",
            {"stage": "five_months", "notes": "Flat, no risk"},
            ({"stage": "ten_months"}, "stage"),
            {"stage": "five_months", "held_on": days(1)},
            count(RenewalReview),
            setup=open_renewal,
            created=201,
        ),
        "renewal closed": Endpoint(
            "renewals/close",
            {"outcome": "renewed", "next_renewal_date": days(515)},
            ({"outcome": "open"}, "outcome"),
            {"outcome": "renewed", "closed_on": days(1)},
            lambda account: sorted(Renewal.objects.values_list("renewal_date", "outcome")),
            setup=open_renewal,
            created=200,
        ),
        "EBR planned": Endpoint(
            "ebrs",
            {"planned_on": days(120)},
            ({"planned_on": days(-1)}, "planned_on"),
            None,
            count(Ebr),
        ),
        "check-in planned": Endpoint(
            "check-ins",
            {"planned_on": days(30)},
            ({"planned_on": days(-1)}, "planned_on"),
            None,
            count(LeadershipCheckIn),
        ),
        "priority reviewed": Endpoint(
            "priority/review",
            {},
            ({"reviewed_on": days(1)}, "reviewed_on"),
            {"reviewed_on": days(1)},
            state_of_reviews,
            created=200,
        ),
        "action item": Endpoint(
            "action-items",
            {"text": "Evaluate the renewal risk", "due_on": days(7)},
            ({"text": "Call the sponsor", "origin": "coffee"}, "origin"),
            None,
            count(ActionItem),
        ),
        "ROI plan shared": Endpoint(
            "plans/roi",
            {"shared_on": days(-3)},
            ({"shared_on": "2026-02-30"}, "shared_on"),
            {"reviewed_on": days(1)},
            plan_dates,
            setup=roi_plan,
            created=200,
        ),
        "EBR step": Endpoint(
            "ebrs/steps",
            {"step": 1},
            ({"step": 0}, "step"),
            {"step": 1, "done_on": days(1)},
            count(EbrStep),
            setup=ebr_being_prepared,
        ),
        "EBR follow-up": Endpoint(
            "ebrs/follow-up",
            {},
            ({"sent_on": "2026-02-30"}, "sent_on"),
            {"sent_on": days(1)},
            follow_ups,
            setup=ebr_held,
            created=200,
        ),
        "EBR plan updated": Endpoint(
            "ebrs/plan-updated",
            {"updated_on": days(-1)},
            ({"updated_on": "soon"}, "updated_on"),
            {"updated_on": days(1)},
            follow_ups,
            setup=ebr_held,
            created=200,
        ),
        "contact": Endpoint(
            "contacts",
            {"name": "Vera VP", "email": "vera@acme.test", "persona": "vp"},
            ({"name": "Vera VP", "persona": "wizard"}, "persona"),
            None,
            count(Contact),
        ),
    }


CASES = pytest.mark.parametrize("name", list(endpoints()))


@pytest.fixture
def endpoint(name: str) -> Endpoint:
    return endpoints()[name]


def url(account, endpoint: Endpoint) -> str:
    return f"/api/v1/accounts/{account.pk}/{endpoint.path}"


@CASES
def test_the_csm_records_it(client, alice, account, endpoint):
    endpoint.setup(account)
    before = endpoint.written(account)
    response = post_json(client, url(account, endpoint), endpoint.body, alice)
    assert response.status_code == endpoint.created, response.content
    assert endpoint.written(account) != before


@CASES
def test_the_manager_records_it_on_a_reports_account(client, manager, account, endpoint):
    endpoint.setup(account)
    response = post_json(client, url(account, endpoint), endpoint.body, manager)
    assert response.status_code == endpoint.created, response.content


@CASES
def test_refused_writes_change_nothing(client, charlie, leader, alice, account, endpoint):
    endpoint.setup(account)
    before = endpoint.written(account)
    target = url(account, endpoint)
    unseen = post_json(client, target, endpoint.body, charlie)
    assert unseen.status_code == 404
    assert unseen.json() == {"detail": f"No such account: {account.pk}."}
    denied = post_json(client, target, endpoint.body, leader)
    assert denied.status_code == 403
    assert "read accounts but not record" in denied.json()["detail"]
    assert post_json(client, target, endpoint.body).status_code == 401
    body, field = endpoint.bad
    refused = post_json(client, target, body, alice)
    assert refused.status_code in (400, 422), refused.content
    assert field in str(refused.json()), refused.content
    if endpoint.future is not None:
        future = post_json(client, target, endpoint.future, alice)
        assert future.status_code == 400, future.content
        # Under the field sent: a caller fixes the field it named.
        [sent] = [name for name, value in endpoint.future.items() if value == days(1)]
        assert "is in the future" in future.json()["errors"][sent][0]
        # A year typed as 0026 is refused too: no record is dated before 1970.
        typo = {k: "0026-11-20" if v == days(1) else v for k, v in endpoint.future.items()}
        ancient = post_json(client, target, typo, alice)
        assert ancient.status_code == 400, ancient.content
        assert "0026-11-20 is before 1970; check the year." in str(ancient.json())
    assert endpoint.written(account) == before


def test_a_renewal_date_past_ten_years_ahead_is_refused(client, alice, account):
    """A renewal dated 9999-12-31 left the account page unable to offer the next one."""
    base = f"/api/v1/accounts/{account.pk}/renewals"
    refused = post_json(client, base, {"renewal_date": "9999-12-31"}, alice)
    assert refused.status_code == 400
    assert refused.json()["errors"] == {
        "renewal_date": ["9999-12-31 is more than 10 years ahead; check the year."]
    }
    open_renewal(account)
    body = {"outcome": "renewed", "next_renewal_date": "9999-12-31"}
    closing = post_json(client, f"{base}/close", body, alice)
    assert closing.status_code == 400
    assert "next_renewal_date" in closing.json()["errors"]
    assert list(Renewal.objects.values_list("outcome", flat=True)) == ["open"]


def test_a_renewal_dated_before_the_initial_transaction_is_refused(client, alice, account):
    """Every rule ignores a renewal before the purchase: it is a typo, said so at once."""
    account.initial_transaction_date = dt.date(2026, 1, 1)
    account.save()
    base = f"/api/v1/accounts/{account.pk}/renewals"
    refused = post_json(client, base, {"renewal_date": "2025-01-01"}, alice)
    assert refused.status_code == 400
    message = (
        "The renewal date 2025-01-01 is before the account's initial transaction on 2026-01-01."
    )
    assert refused.json()["errors"] == {"renewal_date": [message]}
    # A renewal recorded before the purchase was moved later: its next one cannot be either.
    Renewal.objects.create(account=account, renewal_date=dt.date(2025, 6, 1))
    body = {"outcome": "renewed", "next_renewal_date": "2025-12-31"}
    closing = post_json(client, f"{base}/close", body, alice)
    assert closing.status_code == 400
    assert closing.json()["errors"]["next_renewal_date"] == [
        "The renewal date 2025-12-31 is before the account's initial transaction on 2026-01-01."
    ]
    assert list(Renewal.objects.values_list("outcome", flat=True)) == ["open"]


def test_the_next_renewal_is_refused_before_the_last_one_closed(client, alice, account):
    """An open renewal dated before the renewal just closed would put the next one first."""
    account.initial_transaction_date = dt.date(2024, 1, 1)
    account.save()
    base = f"/api/v1/accounts/{account.pk}/renewals"
    Renewal.objects.create(account=account, renewal_date=dt.date(2026, 6, 1))
    closing = post_json(client, f"{base}/close", {"outcome": "renewed"}, alice)
    assert closing.status_code == 200, closing.content
    refused = post_json(client, base, {"renewal_date": "2026-04-23"}, alice)
    assert refused.status_code == 400
    message = (
        "The next renewal comes after the last one closed: the renewal of 2026-06-01, renewed."
    )
    assert refused.json()["errors"] == {"renewal_date": [message]}
    assert list(Renewal.objects.values_list("outcome", flat=True)) == ["renewed"]
    accepted = post_json(client, base, {"renewal_date": "2027-06-01"}, alice)
    assert accepted.status_code == 201, accepted.content
