"""The Accounts list's filters, picked in the browser: one CSM's book, on a desk or a phone."""

import pytest

from tests.browser.test_log_call import log_in
from tests.browser.test_small_screen import PHONE, assert_fits
from tests.factories import account_owned_by

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shown(page) -> list[str]:
    return page.locator("table.accounts tbody td:first-child a").all_inner_texts()


def test_a_manager_picks_a_csm_and_sees_only_their_book(
    page, browser, live_server, manager, alice, bob, screenshot
):
    account_owned_by(alice, name="Acme Corp")
    account_owned_by(alice, name="Northwind Bank")
    account_owned_by(bob, name="Beta Labs")
    log_in(page, live_server, manager.email)
    page.wait_for_selector("h1")
    page.goto(f"{live_server.url}/accounts/")
    assert shown(page) == ["Acme Corp", "Beta Labs", "Northwind Bank"]
    page.get_by_label("CSM").select_option(label="Bob Teammate")
    page.click("button:has-text('Find')")
    page.wait_for_selector("text=In Bob Teammate's book.")
    assert shown(page) == ["Beta Labs"]
    assert page.get_by_label("CSM").input_value() == bob.email
    # The address names only the filter picked, not the fields left empty.
    assert page.url == f"{live_server.url}/accounts/?csm={bob.email.replace('@', '%40')}"
    screenshot("account-list-one-csm")
    page.click("a:has-text('Clear')")
    page.wait_for_selector("h1:has-text('Accounts (3)')")
    assert page.get_by_label("CSM").input_value() == ""

    # On a phone the filters stack, one a line, and the page keeps to the screen's width.
    context = browser.new_context(viewport=PHONE)
    phone = context.new_page()
    try:
        log_in(phone, live_server, manager.email)
        phone.wait_for_selector("h1")
        phone.goto(f"{live_server.url}/accounts/?csm={bob.email}")
        phone.wait_for_selector("text=In Bob Teammate's book.")
        assert_fits(phone, "the account list with its filters")
        tops = [
            phone.get_by_label(label).bounding_box()["y"]  # type: ignore[index]
            for label in ("Find", "CSM", "Behind the KPI")
        ]
        assert tops == sorted(tops) and len(set(tops)) == 3, tops
    finally:
        context.close()
