"""My day's counts follow an in-place action: its answer carries them out of band.

Late, Due and Coming are counted in the page's summary and in each section's heading. An
action posted from My day answers with both again (`hx-swap-oob`), worked out from the queue
after the write, with the page's own filters: the numbers a reload would show.
"""

import datetime as dt
import re

import pytest

from tests.web.pages import logged_in, today, with_late_call
from tests.web.test_item_actions import HTMX, log_call, renewing_in

STATES = ("late", "due", "coming")


def page_counts(client, address: str = "/") -> dict[str, int]:
    """Return the count of each section My day shows at the address."""
    return {section.state: section.count for section in client.get(address).context["sections"]}


def oob_counts(response) -> dict[str, int]:
    """Read the counts an action's answer swaps in; the summary's and the headings' agree."""
    html = response.content.decode()
    summary = re.search(
        r'<div class="counts" id="day-counts"[^>]*hx-swap-oob="true">(.*?)</div>', html, re.S
    )
    assert summary, "no counts swapped in"
    in_summary = {
        state: int(count)
        for state, count in re.findall(
            r'<a class="count (\w+)" href="#\w+"><strong>(\d+)</strong>', summary.group(1)
        )
    }
    in_headings = {
        state: int(count)
        for state, count in re.findall(
            r'<span class="pill" id="(\w+)-count" hx-swap-oob="true">(\d+)</span>', html
        )
    }
    assert in_summary == in_headings
    assert set(in_summary) == set(STATES)
    return in_summary


def test_logging_a_late_call_answers_with_the_counts_after_it(client, alice):
    account = with_late_call(alice, "Acme Corp")
    logged_in(client, alice)
    page = client.get("/").content.decode()
    before = page_counts(client)
    response = client.post(f"/accounts/{account.pk}/queue/log/", log_call(next="/"), **HTMX)
    assert "Done — logged a cadence call" in response.content.decode()
    # The late call is done and the next one is coming: one less late, one more coming.
    late, due, coming = (before[state] for state in STATES)
    expected = {"late": late - 1, "due": due, "coming": coming + 1}
    assert oob_counts(response) == expected == page_counts(client)
    html = response.content.decode()
    assert f'<span class="pill" id="late-count" hx-swap-oob="true">{late - 1}</span>' in html
    assert f'<a class="count late" href="#late"><strong>{late - 1}</strong> late</a>' in html
    # Every part swapped in replaces one the page has.
    for target in re.findall(r'id="([\w-]+)"[^>]*hx-swap-oob="true"', html):
        assert f'id="{target}"' in page


def test_an_action_on_a_filtered_page_answers_with_how_many_it_shows(client, alice):
    account = with_late_call(alice, "Acme Corp")
    with_late_call(alice, "Beta Ltd")
    logged_in(client, alice)
    late = page_counts(client, "/?state=late")["late"]
    before = client.get("/?state=late").content.decode()
    assert re.search(rf'id="day-shown" role="status">{late} of \d+ items shown</span>', before)
    body = log_call(next="/?state=late")
    response = client.post(f"/accounts/{account.pk}/queue/log/", body, **HTMX)
    swapped = re.search(
        r'<span class="muted" id="day-shown" role="status" hx-swap-oob="true">(.*?)</span>',
        response.content.decode(),
    )
    assert swapped and swapped.group(1).startswith(f"{late - 1} of ")  # the call is logged
    reloaded = client.get("/?state=late").content.decode()
    assert f'id="day-shown" role="status">{swapped.group(1)}</span>' in reloaded


def test_an_action_that_clears_several_items_counts_them_all(client, alice):
    account = renewing_in(alice, 122)
    logged_in(client, alice)
    before = page_counts(client)
    body = {"rule": "HEALTH-1", "overall": "green", "next": "/"}
    response = client.post(f"/accounts/{account.pk}/queue/health/", body, **HTMX)
    assert "Done — health recorded as green" in response.content.decode()
    # Health recorded clears the account's HEALTH-1 and the book's MGR-1 (health updated).
    assert oob_counts(response) == {**before, "due": before["due"] - 2} == page_counts(client)


def test_an_action_that_clears_nothing_answers_with_the_same_counts(client, alice):
    account = with_late_call(alice, "Acme Corp", days_ago=20)
    logged_in(client, alice)
    before = page_counts(client)
    older = today() - dt.timedelta(days=19)  # a call kept for the record: CAD-1 is still late
    response = client.post(
        f"/accounts/{account.pk}/queue/log/", log_call(on=older, next="/"), **HTMX
    )
    assert "Done — logged a cadence call" in response.content.decode()
    assert oob_counts(response) == before == page_counts(client)


@pytest.mark.parametrize(
    ("who", "address"),
    [
        ("alice", "/?rule=CAD-1"),
        ("alice", "/?state=late"),
        ("manager", "/"),
        ("manager", "/?csm=alice@rhythm.test"),
        ("manager", "/?csm=bob@rhythm.test"),
    ],
)
def test_the_counts_are_those_of_the_page_acted_from(client, request, alice, bob, who, address):
    account = with_late_call(alice, "Acme Corp")
    with_late_call(bob, "Bob Corp")
    logged_in(client, request.getfixturevalue(who))
    before = page_counts(client, address)
    response = client.post(f"/accounts/{account.pk}/queue/log/", log_call(next=address), **HTMX)
    assert "Done — logged a cadence call" in response.content.decode()
    after = oob_counts(response)
    assert after == page_counts(client, address)
    if address in ("/?rule=CAD-1", "/?state=late"):
        assert after["late"] == before["late"] - 1
    if "bob" in address:  # Bob's book: Alice's call changes none of its counts
        assert after == before


def menu(html: str, name: str, swapped: bool = False) -> str:
    """Return the options of a filter menu: the page's, or the one an answer swaps in."""
    oob = rf' hx-swap-oob="outerHTML:form.filters select\[name={name}\]"' if swapped else ""
    found = re.search(rf'<select name="{name}"{oob} id="id_{name}">(.*?)</select>', html, re.S)
    assert found, f"no {name} menu"
    return found.group(1)


def test_the_filter_menus_counts_follow_the_action_too(client, alice):
    """The rule and account menus count each entry's items: after the review, what a reload
    would list, swapped in out of band, the account picked still picked."""
    account = with_late_call(alice, "Acme Corp")
    logged_in(client, alice)
    address = f"/?account={account.pk}"
    before = client.get(address).content.decode()
    assert '<option value="PRIO-4">PRIO-4 — ' in menu(before, "rule")
    body = {"rule": "PRIO-4", "next": address}
    response = client.post(f"/accounts/{account.pk}/queue/review/", body, **HTMX)
    answer, reloaded = response.content.decode(), client.get(address).content.decode()
    for name in ("rule", "account"):
        assert menu(answer, name, swapped=True) == menu(reloaded, name) != menu(before, name)
    assert '<option value="PRIO-4">' not in menu(answer, "rule", swapped=True)
    assert f'<option value="{account.pk}" selected>Acme Corp (' in answer
