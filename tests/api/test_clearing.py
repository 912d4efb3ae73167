"""What a script records through the API clears the queue items it answers, as in the UI,
and each write keeps what a team would expect of it."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from rhythm.health.models import HealthUpdate
from rhythm.renewals.models import Renewal
from rhythm.timeline.models import Activity
from tests.apiclient import bearer, post_json
from tests.factories import ContactFactory


def later(n: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=n)).isoformat()


def rules_of(client, member, account) -> list[str]:
    """The rules with an item due or late on the account (coming ones are not owed yet)."""
    response = client.get(f"/api/v1/queue?account={account.name}", **bearer(member))
    items = json.loads(b"".join(response.streaming_content))
    return sorted(item["rule"] for item in items if item["state"] != "coming")


@pytest.fixture
def renewing(account):
    """Acme Corp renews in 140 days, so REN-1's five-month review is late."""
    return Renewal.objects.create(
        account=account, renewal_date=timezone.localdate() + dt.timedelta(days=140)
    )


@pytest.mark.parametrize(
    ("rule", "path", "body"),
    [
        ("HEALTH-1", "health", {"overall": "yellow"}),
        ("ADOPT-2", "use-cases", {"use_case": "ci", "status": "green"}),
        ("NPS-1", "surveys", {"kind": "csat", "score": 4}),
        ("PRIO-4", "priority/review", {}),
        ("EBR-2", "ebrs", {"planned_on": later(60)}),
    ],
)
def test_recording_clears_the_rules_item(client, alice, account, rule, path, body):
    assert rule in rules_of(client, alice, account)
    response = post_json(client, f"/api/v1/accounts/{account.pk}/{path}", body, alice)
    assert response.status_code in (200, 201), response.content
    assert rule not in rules_of(client, alice, account)


def test_a_renewal_review_clears_its_stage_and_is_logged_with_the_team(
    client, alice, account, renewing
):
    assert rules_of(client, alice, account).count("REN-1") == 1  # the 3-month one is coming
    body = {"stage": "five_months", "attendees": [alice.email], "notes": "No risk"}
    response = post_json(client, f"/api/v1/accounts/{account.pk}/renewals/reviews", body, alice)
    assert response.status_code == 201, response.content
    assert response.json()["reviews"] == [
        {"stage": "five_months", "held_on": timezone.localdate().isoformat()}
    ]
    assert rules_of(client, alice, account).count("REN-1") == 0
    activity = Activity.objects.get(account=account, kind="renewal_review")
    assert [m.email for m in activity.members.all()] == [alice.email]
    assert activity.notes == "No risk"


def test_closing_the_next_renewal_opens_the_one_after(client, alice, account, renewing):
    body = {"outcome": "churned", "next_renewal_date": later(505)}
    response = post_json(client, f"/api/v1/accounts/{account.pk}/renewals/close", body, alice)
    assert response.status_code == 200, response.content
    closed = response.json()
    assert (closed["outcome"], closed["renewed_arr"], closed["closed_on"]) == (
        "churned",
        "0.00",
        timezone.localdate().isoformat(),
    )
    listed = client.get(f"/api/v1/accounts/{account.pk}/renewals", **bearer(alice)).json()
    assert [(r["renewal_date"], r["outcome"]) for r in listed] == [
        (later(505), "open"),
        (renewing.renewal_date.isoformat(), "churned"),
    ]


def test_closing_without_an_open_renewal_asks_for_its_date(client, alice, account):
    body = {"outcome": "renewed"}
    response = post_json(client, f"/api/v1/accounts/{account.pk}/renewals/close", body, alice)
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "renewal_date": ["Acme Corp has no open renewal; send the renewal's date."]
    }
    assert not Renewal.objects.exists()


def test_health_again_the_same_day_updates_it_and_keeps_what_is_not_sent(client, alice, account):
    target = f"/api/v1/accounts/{account.pk}/health"
    first = post_json(client, target, {"overall": "green", "sentiment": "yellow"}, alice)
    assert first.status_code == 201
    again = post_json(client, target, {"overall": "red", "note": "Champion left"}, alice)
    assert again.status_code == 200, again.content
    body = again.json()
    assert (body["overall"], body["sentiment"], body["note"], body["updated_by"]) == (
        "red",
        "yellow",
        "Champion left",
        alice.email,
    )
    assert HealthUpdate.objects.count() == 1
    history = client.get(target, **bearer(alice)).json()
    assert [item["overall"] for item in history["items"]] == ["red"]


def test_a_survey_names_a_contact_of_the_account(client, alice, account):
    ContactFactory(account=account, name="Dana", email="dana@acme.test")
    target = f"/api/v1/accounts/{account.pk}/surveys"
    known = post_json(
        client, target, {"kind": "nps", "score": 10, "contact": "DANA@acme.test"}, alice
    )
    assert known.status_code == 201, known.content
    assert known.json()["contact"] == "dana@acme.test"
    stranger = post_json(client, target, {"kind": "nps", "score": 3, "contact": "x@y.test"}, alice)
    assert stranger.status_code == 400
    assert stranger.json()["errors"] == {"contact": ["x@y.test is not a contact of Acme Corp."]}


def test_a_second_ebr_date_moves_the_one_being_prepared(client, alice, account):
    target = f"/api/v1/accounts/{account.pk}/ebrs"
    first = post_json(client, target, {"planned_on": later(90)}, alice)
    moved = post_json(client, target, {"planned_on": later(100)}, alice)
    assert (first.status_code, moved.status_code) == (201, 200)
    assert moved.json()["id"] == first.json()["id"]
    assert moved.json()["planned_on"] == later(100)


class TestPriorityOverride:
    def url(self, account):
        return f"/api/v1/accounts/{account.pk}/priority"

    def test_a_manager_overrides_with_a_reason_and_can_remove_it(self, client, manager, account):
        body = {"priority": "P2", "reason": "Strategic, but self-sufficient"}
        response = post_json(client, self.url(account), body, manager)
        assert response.status_code == 200, response.content
        decided = response.json()
        assert (decided["priority_override"], decided["priority_override_by"]) == (
            "P2",
            manager.email,
        )
        assert decided["priority_reviewed_on"] == timezone.localdate().isoformat()
        states = client.get("/api/v1/queue/accounts", **bearer(manager)).json()
        assert states[0]["priority"] == "P2"
        removed = post_json(client, self.url(account), {"priority": ""}, manager).json()
        assert (removed["priority_override"], removed["priority_override_by"]) == ("", None)

    def test_a_csm_may_not_override_and_nothing_changes(self, client, alice, account):
        body = {"priority": "P2", "reason": "I think so"}
        response = post_json(client, self.url(account), body, alice)
        assert response.status_code == 403
        assert "Only a CSM manager" in response.json()["detail"]
        account.refresh_from_db()
        assert account.priority_override == ""

    def test_an_override_needs_a_reason(self, client, manager, account):
        response = post_json(client, self.url(account), {"priority": "P1"}, manager)
        assert response.status_code == 400
        assert "reason" in response.json()["errors"]
        account.refresh_from_db()
        assert account.priority_override == ""


def test_every_write_is_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in [
        "health",
        "use-cases",
        "milestones",
        "usage",
        "surveys",
        "renewals",
        "renewals/reviews",
        "renewals/close",
        "ebrs",
        "check-ins",
        "priority",
        "priority/review",
    ]:
        assert "post" in paths[f"/api/v1/accounts/{{account_id}}/{path}"], path
