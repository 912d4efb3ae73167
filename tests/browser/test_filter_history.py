"""A filter form says what its page shows: back, forward or reload, it matches the address.

Coming back to a page, the browser puts back what was picked in a form before leaving it,
though never sent; a filter form showing "Late" over a list of every state would then send
the wrong filter with the next click.
"""

from urllib.parse import parse_qs, urlsplit

import pytest

from rhythm.meetings.services import record_session
from tests.browser.test_log_call import log_in
from tests.factories import account_owned_by
from tests.web.pages import today, with_late_call

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def picked(page, form: str, names: tuple[str, ...]) -> dict[str, str]:
    """What the filter form shows, field by field."""
    return {name: page.locator(f"{form} [name={name}]").input_value() for name in names}


def asked(page, names: tuple[str, ...]) -> dict[str, str]:
    """What the page's address asks for, field by field ('' for a field it leaves out)."""
    query = parse_qs(urlsplit(page.url).query)
    return {name: query.get(name, [""])[0] for name in names}


def pick_and_send(page, form: str, name: str, value: str, button: str) -> None:
    page.locator(f"{form} select[name={name}]").select_option(value)
    with page.expect_navigation():
        page.locator(f"{form} button:has-text('{button}')").click()


def test_my_day_s_filters_follow_the_address_back_and_forward(page, live_server, alice):
    acme = with_late_call(alice, "Acme Corp")
    with_late_call(alice, "Beta Corp")
    log_in(page, live_server, alice.email)
    page.wait_for_selector("h1:has-text('My day')")
    form, names = "form.filters", ("account", "state")

    pick_and_send(page, form, "account", str(acme.pk), "Filter")
    pick_and_send(page, form, "state", "late", "Filter")
    assert asked(page, names) == {"account": str(acme.pk), "state": "late"}

    page.go_back()
    assert asked(page, names) == {"account": str(acme.pk), "state": ""}
    assert picked(page, form, names) == asked(page, names)
    assert page.locator("li.item", has_text="Beta Corp").count() == 0
    page.go_back()
    assert asked(page, names) == {"account": "", "state": ""}
    assert picked(page, form, names) == asked(page, names)
    page.go_forward()
    assert picked(page, form, names) == {"account": str(acme.pk), "state": ""}

    # Picked but not sent, then reloaded: the form says what the list shows.
    page.locator(f"{form} select[name=state]").select_option("due")
    page.reload()
    assert picked(page, form, names) == {"account": str(acme.pk), "state": ""}
    # Sent now, the form sends what it shows, the account kept.
    pick_and_send(page, form, "state", "late", "Filter")
    assert asked(page, names) == {"account": str(acme.pk), "state": "late"}


def test_the_account_list_s_filters_follow_the_address_back(page, live_server, manager, alice, bob):
    account_owned_by(alice, name="Acme Corp")
    account_owned_by(bob, name="Beta Labs")
    log_in(page, live_server, manager.email)
    page.wait_for_selector("h1")
    page.goto(f"{live_server.url}/accounts/")
    form, names = "form.filters", ("csm", "behind")

    pick_and_send(page, form, "csm", bob.email, "Find")
    pick_and_send(page, form, "behind", "non_engaged", "Find")
    page.go_back()
    assert asked(page, names) == {"csm": bob.email, "behind": ""}
    assert picked(page, form, names) == asked(page, names)
    page.go_back()
    assert picked(page, form, names) == {"csm": "", "behind": ""}


def test_the_workshops_filters_follow_the_address_back(page, live_server, alice):
    acme = account_owned_by(alice, name="Acme Corp")
    record_session(kind="workshop", topic="CI basics", date=today(), accounts=[(acme, None)])
    log_in(page, live_server, alice.email)
    page.wait_for_selector("h1")
    page.goto(f"{live_server.url}/sessions/")
    form, names = "form.held-filters", ("of_kind", "held")

    pick_and_send(page, form, "of_kind", "workshop", "Find")
    pick_and_send(page, form, "held", "any", "Find")
    page.go_back()
    assert asked(page, names) == {"of_kind": "workshop", "held": ""}
    assert picked(page, form, names) == asked(page, names)
    page.go_back()
    assert picked(page, form, names) == {"of_kind": "", "held": ""}
