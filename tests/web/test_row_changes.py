"""After an in-place action, the page's rows follow the queue rebuilt after the write.

The action's own row shows what was recorded. The other rows the write cleared leave the
page, and the rows it raised join it in queue order (`hx-swap-oob`). Applied to the page
as it was, the answer must give exactly the rows a reload shows, on My day (with its
filters) and on the account page.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from rhythm.playbook.rules.items import WorkItem
from rhythm.web.queue_rows import PageList, QueueRow, row_changes, row_id
from tests.web.pages import logged_in, today, with_late_call
from tests.web.test_item_actions import HTMX, log_call, renewing_in


def row(name: str) -> QueueRow:
    item = WorkItem("CAD-1", name, 1, "a@x.test", None, "due", "high", f"Why {name}.", "Act.")
    return QueueRow(item, "", "", None, dom_id=name)


def page(**lists: str) -> list[PageList]:
    return [PageList(key, tuple(row(n) for n in names.split()), 0) for key, names in lists.items()]


@pytest.mark.parametrize(
    ("before", "after", "acted", "removed", "added"),
    [
        pytest.param(  # the acted row goes, another leaves, two join (one at the end)
            page(late="a b c d", due=""),
            page(late="a n c", due="m"),
            "b",
            ("d",),
            [("beforebegin", "c", "n"), ("beforeend", "due-rows", "m")],
            id="cleared-and-raised",
        ),
        pytest.param(  # the acted row's item is still in the queue: it comes back
            page(late="a b"),
            page(late="a b"),
            "b",
            (),
            [("beforeend", "late-rows", "b")],
            id="acted-still-due",
        ),
        pytest.param(  # rows joining before the same row keep their order
            page(late="c"),
            page(late="x y c z"),
            "",
            (),
            [("beforebegin", "c", "x"), ("beforebegin", "c", "y"), ("beforeend", "late-rows", "z")],
            id="order-kept",
        ),
        pytest.param(page(late="a"), page(late="a"), "", (), [], id="nothing-changed"),
    ],
)
def test_row_changes(before, after, acted, removed, added):
    changes = row_changes(before, after, acted)
    assert changes.removed == removed
    assert [(how, where, found.dom_id) for how, where, found in changes.added] == added


def test_a_row_id_is_the_same_for_the_same_item_only():
    first = row("a").item
    assert row_id(first) == row_id(WorkItem(*first))
    assert row_id(first) != row_id(first._replace(state="late"))
    assert re.fullmatch(r"item-cad-1-[0-9a-f]{12}", row_id(first))


def shown(response) -> dict[str, list[str]]:
    """Return the row ids of each list a page shows."""
    context = response.context
    if "sections" in context:
        return {s.state: [r.dom_id for r in s.rows] for s in context["sections"]}
    return {"account-queue": [r.dom_id for r in context["rows"]]}


def applied(before: dict[str, list[str]], response, acted: str) -> dict[str, list[str]]:
    """Apply an action's answer to the page's lists as htmx does, the acted row left out."""
    changes = response.context["changes"]
    lists = {key: [i for i in ids if i != acted] for key, ids in before.items()}
    for dom_id in changes.removed:
        for ids in lists.values():
            if dom_id in ids:
                ids.remove(dom_id)
    for how, where, found in changes.added:
        if how == "beforeend":
            lists[where.removesuffix("-rows")].append(found.dom_id)
            continue
        ids = next(ids for ids in lists.values() if where in ids)
        ids.insert(ids.index(where), found.dom_id)
    return lists


def acted_row(response, rule: str, account: str) -> str:
    rows = [r for ids in shown(response).values() for r in ids]
    context_rows = [
        r
        for r in (
            [r for s in response.context["sections"] for r in s.rows]
            if "sections" in response.context
            else response.context["rows"]
        )
        if r.item.rule == rule and r.item.account in (account, None)
    ]
    assert context_rows and context_rows[0].dom_id in rows
    return context_rows[0].dom_id


@pytest.mark.parametrize(
    ("who", "address"),
    [
        ("alice", "/"),
        ("alice", "/?rule=CAD-2"),
        ("alice", "/?state=late"),
        ("alice", "account"),
        ("manager", "/"),  # the team's My day: rows name the CSM
        ("manager", "/?csm=alice@rhythm.test"),
    ],
)
def test_logging_a_call_for_a_non_engaged_account_redraws_what_it_changed(
    client, request, alice, bob, who, address
):
    account = with_late_call(alice, "Quiet Co", days_ago=70)  # CAD-1 late, CAD-2 raised
    with_late_call(alice, "Other Co")
    with_late_call(bob, "Bob Co")
    address = f"/accounts/{account.pk}/" if address == "account" else address
    logged_in(client, request.getfixturevalue(who))
    page_before = client.get(address)
    before = shown(page_before)
    rule = "CAD-2" if "CAD-2" in address else "CAD-1"
    acted = acted_row(page_before, rule, "Quiet Co")
    body = log_call(next=address, row=acted, rule=rule)
    response = client.post(f"/accounts/{account.pk}/queue/log/", body, **HTMX)
    assert "Done — logged a cadence call" in response.content.decode()
    changes = response.context["changes"]
    html = response.content.decode()
    if rule == "CAD-1":  # the call ended CAD-2's flag too, and the next call is coming
        assert [r for r in changes.removed if r.startswith("item-cad-2-")]
        assert bool(changes.added) == (address != "/?state=late")  # not late: filtered out
    else:  # the only row was the one acted on: the list says it is empty
        assert not changes.removed and not changes.added
        assert '<p class="empty" id="late-empty" hx-swap-oob="true">Nothing late.</p>' in html
    assert applied(before, response, acted) == shown(client.get(address))
    if who == "manager" and changes.added:  # rows joining a team's page name their CSM
        assert '<span class="csm">Alice Owner</span>' in html
    on_account_page = address.startswith("/accounts/")
    assert ('id="day-counts"' in html) != on_account_page  # My day's counts, or the pill's
    assert ('id="account-queue-count" hx-swap-oob="true"' in html) == on_account_page
    for dom_id in changes.removed:
        assert f'<li id="{dom_id}" hx-swap-oob="delete"></li>' in html
    for how, where, found in changes.added:
        assert re.search(rf'<div hx-swap-oob="{how}:#{where}">\s*<li class="item', html)
        assert f'id="{found.dom_id}"' in html


def test_recording_health_takes_the_book_s_review_flag_off_my_day(client, alice):
    account = renewing_in(alice, 122)
    logged_in(client, alice)
    page_before = client.get("/")
    before = shown(page_before)
    acted = acted_row(page_before, "HEALTH-1", account.name)
    body = {"rule": "HEALTH-1", "overall": "green", "next": "/", "row": acted}
    response = client.post(f"/accounts/{account.pk}/queue/health/", body, **HTMX)
    assert "Done — health recorded as green" in response.content.decode()
    removed = response.context["changes"].removed
    assert [r for r in removed if r.startswith("item-mgr-1-")]  # MGR-1: health updated
    assert applied(before, response, acted) == shown(client.get("/"))


def test_no_changes_for_another_page_a_replayed_day_or_a_refusal(client, alice):
    account = with_late_call(alice, "Acme Corp")
    logged_in(client, alice)
    yesterday = (today() - dt.timedelta(days=1)).isoformat()
    url = f"/accounts/{account.pk}/queue/log/"
    for body in (
        log_call(next="/accounts/"),  # the list of accounts shows no queue
        log_call(next=f"/?on={yesterday}"),  # a replay shows no actions
        log_call(on=today() + dt.timedelta(days=1), next="/"),  # refused
    ):
        response = client.post(url, body, **HTMX)
        assert response.status_code == 200
        assert "hx-swap-oob" not in response.content.decode()


def oob_ids(html: str) -> set[str]:
    """Return the ids of the elements an answer replaces whole, out of band."""
    return set(re.findall(r'<\w+ [^>]*id="([\w-]+)"[^>]*hx-swap-oob="true"', html))


ACCOUNT_PARTS = {"account-facts", "account-cards", "plans", "actions", "meetings", "renewal"}


def test_an_action_on_the_account_page_redraws_its_state_panels_and_timeline(client, alice):
    start = today() - dt.timedelta(days=100)  # signed before the last call, 70 days ago
    account = with_late_call(alice, "Quiet Co", days_ago=70)
    account.initial_transaction_date, account.licenses_activated = start, 0
    account.save()
    address = f"/accounts/{account.pk}/"
    logged_in(client, alice)
    assert "Non-engaged" in client.get(address).content.decode()
    body = log_call(next=address)
    html = client.post(f"/accounts/{account.pk}/queue/log/", body, **HTMX).content.decode()
    assert ACCOUNT_PARTS | {"adoption"} <= oob_ids(html)
    cards = html[html.index('<div id="account-cards" hx-swap-oob="true">') :]
    assert "Engaged" in cards and f"Last call or meeting {today().isoformat()}" in cards
    timeline = html[html.index('<div hx-swap-oob="innerHTML:#timeline-card">') :]
    assert "Went well" in timeline  # the call just logged, with its notes
    body = {"rule": "TTV-2", "licenses": "60", "next": address}
    html = client.post(f"/accounts/{account.pk}/queue/usage/", body, **HTMX).content.decode()
    assert "60 / 500 licenses active</span>" in html  # the figures under the name follow


def test_an_activity_logged_on_the_account_page_clears_its_queue_and_state_in_place(client, alice):
    account = with_late_call(alice, "Quiet Co", days_ago=70)  # CAD-1 late, CAD-2 raised
    address = f"/accounts/{account.pk}/"
    logged_in(client, alice)
    page_before = client.get(address)
    before = shown(page_before)
    body = {"kind": "cadence_call", "date": today().isoformat(), "notes": "Caught up"}
    response = client.post(f"/accounts/{account.pk}/activities/", body, **HTMX)
    html = response.content.decode()
    assert "Caught up" in html  # the timeline, swapped in as the answer
    changes = response.context["changes"]
    assert [r for r in changes.removed if r.startswith("item-cad-2-")]
    assert applied(before, response, "") == shown(client.get(address))
    assert oob_ids(html) >= ACCOUNT_PARTS and 'hx-swap-oob="innerHTML:#timeline-card"' not in html
    url = f"/accounts/{account.pk}/activities/"
    refused = client.post(url, {**body, "date": "tomorrow"}, **HTMX)
    assert "hx-swap-oob" not in refused.content.decode()  # nothing recorded, nothing redrawn
