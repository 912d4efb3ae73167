"""An account's action items through the API: listed, opened and closed, done or dropped."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from rhythm.plans.models import ActionItem
from rhythm.plans.services import upsert_action_item
from tests.apiclient import bearer, post_json
from tests.factories import account_owned_by


def today() -> dt.date:
    return timezone.localdate()


def listed(client, member, account, query: str = "") -> list[dict]:
    response = client.get(f"/api/v1/accounts/{account.pk}/action-items{query}", **bearer(member))
    assert response.status_code == 200, response.content
    return response.json()["items"]


def health_2(client, member, account) -> list[dict]:
    response = client.get(f"/api/v1/queue?account={account.name}", **bearer(member))
    items = json.loads(b"".join(response.streaming_content))
    return [item for item in items if item["rule"] == "HEALTH-2"]


def opened(account, text: str, days_ago: int = 0, **values) -> ActionItem:
    created = today() - dt.timedelta(days=days_ago)
    item, _ = upsert_action_item(account=account, text=text, created_on=created, **values)
    return item


def test_items_are_listed_soonest_due_first_and_by_status(client, alice, account):
    opened(account, "No date")
    opened(account, "Later", due_on=today() + dt.timedelta(days=9))
    opened(account, "Sooner", due_on=today() + dt.timedelta(days=2))
    opened(account, "Finished", days_ago=3, status="done", done_on=today())
    assert [i["text"] for i in listed(client, alice, account)] == [
        "Sooner",
        "Later",
        "Finished",
        "No date",
    ]
    assert [i["text"] for i in listed(client, alice, account, "?status=done")] == ["Finished"]
    bad = client.get(f"/api/v1/accounts/{account.pk}/action-items?status=gone", **bearer(alice))
    assert bad.status_code == 422


def test_closing_the_last_open_item_brings_health_2_back(client, alice, account):
    assert health_2(client, alice, account)  # in triage, nothing opened yet
    item = opened(account, "Evaluate the renewal risk")
    assert health_2(client, alice, account) == []
    target = f"/api/v1/accounts/{account.pk}/action-items/{item.pk}/close"
    closed = post_json(client, target, {}, alice)
    assert closed.status_code == 200, closed.content
    assert (closed.json()["status"], closed.json()["done_on"]) == ("done", today().isoformat())
    assert health_2(client, alice, account)
    again = post_json(client, target, {}, alice)  # as it stands: nothing changes
    assert again.status_code == 200
    reopened = post_json(client, target, {"status": "dropped"}, alice)
    assert reopened.status_code == 400
    assert reopened.json()["errors"] == {
        "status": [f"The action item is already closed (done on {today().isoformat()})."]
    }


@pytest.mark.parametrize(
    ("body", "field", "reason"),
    [
        ({"on": "2999-01-01"}, "on", "is in the future"),
        ({"on": "2020-01-01"}, "on", "The action item was opened on"),
        ({"status": "open"}, "status", None),  # not a way to close: refused by the schema
    ],
)
def test_a_bad_closing_is_refused_and_nothing_changes(client, alice, account, body, field, reason):
    item = opened(account, "Evaluate the renewal risk", days_ago=5)
    target = f"/api/v1/accounts/{account.pk}/action-items/{item.pk}/close"
    response = post_json(client, target, body, alice)
    assert response.status_code in (400, 422)
    if reason:
        assert reason in " ".join(response.json()["errors"][field])
    item.refresh_from_db()
    assert (item.status, item.done_on) == ("open", None)


def test_others_cannot_list_or_close_an_accounts_items(client, alice, bob, leader, account):
    item = opened(account, "Evaluate the renewal risk")
    target = f"/api/v1/accounts/{account.pk}/action-items/{item.pk}/close"
    assert post_json(client, target, {}, bob).status_code == 404
    assert post_json(client, target, {}, leader).status_code == 403
    elsewhere = account_owned_by(alice, name="Other Corp")
    wrong = f"/api/v1/accounts/{elsewhere.pk}/action-items/{item.pk}/close"
    assert post_json(client, wrong, {}, alice).status_code == 404  # not that account's item
    assert client.get(f"/api/v1/accounts/{account.pk}/action-items", **bearer(bob)).status_code == (
        404
    )
    item.refresh_from_db()
    assert item.status == "open"


def test_an_item_due_before_today_the_day_it_is_opened_is_refused(client, alice, account):
    yesterday = today() - dt.timedelta(days=1)
    body = {"text": "Evaluate the renewal risk", "due_on": yesterday.isoformat()}
    refused = post_json(client, f"/api/v1/accounts/{account.pk}/action-items", body, alice)
    assert refused.status_code == 400, refused.content
    assert refused.json()["errors"] == {
        "due_on": [
            f"{yesterday.isoformat()} is before the action item was opened, on "
            f"{today().isoformat()}; it falls due on that day or later."
        ]
    }
    assert not ActionItem.objects.exists()
    body["due_on"] = today().isoformat()
    kept = post_json(client, f"/api/v1/accounts/{account.pk}/action-items", body, alice)
    assert kept.status_code == 201, kept.content
    assert kept.json()["due_on"] == today().isoformat()
