"""The account page's action items: listed while open, opened, and closed done or dropped."""

from __future__ import annotations

import datetime as dt

import pytest

from rhythm.plans.models import ActionItem
from rhythm.plans.services import upsert_action_item
from tests.web.pages import logged_in, today, with_late_call


def opened(account, text: str, days_ago: int = 0, **values) -> ActionItem:
    created = today() - dt.timedelta(days=days_ago)
    item, _ = upsert_action_item(account=account, text=text, created_on=created, **values)
    return item


def test_open_items_are_shown_with_owner_and_due_date_and_late_ones_flagged(client, alice):
    account = with_late_call(alice, "Acme Corp")
    yesterday = today() - dt.timedelta(days=1)
    opened(account, "Evaluate the renewal risk", days_ago=7, owner_member=alice, due_on=yesterday)
    opened(account, "Send the deck", status="done", done_on=today())
    page = logged_in(client, alice).get(f"/accounts/{account.pk}/").text
    assert 'Action items <span class="muted">(1 open)</span>' in page
    assert "Evaluate the renewal risk" in page and "Send the deck" not in page
    assert f'<span class="flag bad">late</span> due {yesterday.isoformat()}' in page
    assert "Alice" in page.split("Evaluate the renewal risk")[1].split("</li>")[0]


def test_an_account_without_items_says_so(client, alice):
    account = with_late_call(alice, "Acme Corp")
    page = logged_in(client, alice).get(f"/accounts/{account.pk}/").text
    assert "No open action items." in page


def test_a_csm_opens_an_item_and_closes_it_done(client, alice):
    account = with_late_call(alice, "Acme Corp")
    logged_in(client, alice)
    later = (today() + dt.timedelta(days=7)).isoformat()
    response = client.post(
        f"/accounts/{account.pk}/action-items/", {"text": "Call the sponsor", "due_on": later}
    )
    assert response.status_code == 302 and response["Location"].endswith("#actions")
    item = ActionItem.objects.get()
    assert (item.text, item.owner_member, item.created_on) == ("Call the sponsor", alice, today())
    response = client.post(f"/accounts/{account.pk}/action-items/{item.pk}/", {"status": "done"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.done_on) == ("done", today())
    assert "No open action items." in client.get(f"/accounts/{account.pk}/").text


def test_a_dropped_item_cannot_then_be_done(client, alice):
    account = with_late_call(alice, "Acme Corp")
    item = opened(account, "Call the sponsor")
    logged_in(client, alice)
    url = f"/accounts/{account.pk}/action-items/{item.pk}/"
    assert client.post(url, {"status": "dropped"}).status_code == 302
    response = client.post(url, {"status": "done"})
    assert response.status_code == 400
    assert "The action item is already closed (dropped on" in response.text
    item.refresh_from_db()
    assert item.status == "dropped"


def test_an_item_due_before_today_is_refused_on_the_page_naming_both_days(client, alice):
    account = with_late_call(alice, "Acme Corp")
    yesterday = (today() - dt.timedelta(days=1)).isoformat()
    response = logged_in(client, alice).post(
        f"/accounts/{account.pk}/action-items/", {"text": "Call the sponsor", "due_on": yesterday}
    )
    assert response.status_code == 400
    assert response.context["action_form"].errors["due_on"] == [
        f"{yesterday} is before the action item was opened, on {today().isoformat()}; it falls "
        "due on that day or later."
    ]
    assert not ActionItem.objects.exists()


def test_an_empty_item_is_refused_on_the_page(client, alice):
    account = with_late_call(alice, "Acme Corp")
    response = logged_in(client, alice).post(f"/accounts/{account.pk}/action-items/", {"text": " "})
    assert response.status_code == 400
    assert not ActionItem.objects.exists()


def test_an_empty_item_due_before_today_is_refused_for_both_at_once(client, alice):
    account = with_late_call(alice, "Acme Corp")
    yesterday = (today() - dt.timedelta(days=1)).isoformat()
    response = logged_in(client, alice).post(
        f"/accounts/{account.pk}/action-items/", {"text": "", "due_on": yesterday}
    )
    assert response.status_code == 400
    errors = response.context["action_form"].errors
    assert errors["text"] == ["This field is required."]
    assert errors["due_on"] == [
        f"{yesterday} is before the action item was opened, on {today().isoformat()}; it falls "
        "due on that day or later."
    ]
    assert not ActionItem.objects.exists()


@pytest.mark.parametrize(("who", "status"), [("leader", 403), ("charlie", 404)])
def test_others_neither_open_nor_close_items(client, alice, request, who, status):
    account = with_late_call(alice, "Acme Corp")
    item = opened(account, "Call the sponsor")
    logged_in(client, request.getfixturevalue(who))
    url = f"/accounts/{account.pk}/action-items/"
    assert client.post(url, {"text": "Mine now"}).status_code == status
    assert client.post(f"{url}{item.pk}/", {"status": "done"}).status_code == status
    assert list(ActionItem.objects.values_list("text", "status")) == [("Call the sponsor", "open")]
