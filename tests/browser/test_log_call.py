"""A CSM logs in, opens an account and logs a call in place, in a real browser."""

import datetime as dt

import pytest

from rhythm.timeline.models import Activity
from tests.factories import PASSWORD, ContactFactory, account_owned_by
from tests.web.pages import with_late_call

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, email):
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def test_csm_logs_a_call_and_it_appears_on_the_timeline(page, live_server, alice, screenshot):
    account = account_owned_by(alice, name="Acme Corp")
    ContactFactory(account=account, name="Ana Champion", email="ana@acme.test")
    log_in(page, live_server, alice.email)
    page.click("a:has-text('Acme Corp')")
    page.wait_for_selector("h1:has-text('Acme Corp')")
    assert page.locator("text=Nothing logged yet").is_visible()

    page.select_option(".log-form select[name=kind]", "cadence_call")
    page.fill(".log-form input[name=date]", "2026-11-20")
    page.fill(".log-form input[name=duration_minutes]", "30")
    page.fill(".log-form input[name=attendees]", "ana@acme.test")
    page.fill(".log-form textarea[name=notes]", "Walked through the CI rollout plan.")
    page.click("button:has-text('Log it')")

    page.wait_for_selector("text=Logged.")
    timeline = page.locator("ol.timeline")
    assert "Cadence call" in timeline.inner_text()
    assert "Ana Champion" in timeline.inner_text()
    assert "Walked through the CI rollout plan." in timeline.inner_text()
    screenshot("account-after-logging-a-call")
    activity = Activity.objects.get(account=account)
    assert activity.date == dt.date(2026, 11, 20)
    assert activity.logged_by == alice


def test_bad_attendee_is_explained_in_place(page, live_server, alice):
    account_owned_by(alice, name="Beta Ltd")
    log_in(page, live_server, alice.email)
    page.click("a:has-text('Beta Ltd')")
    page.fill(".log-form input[name=date]", "2026-11-20")
    page.fill(".log-form input[name=attendees]", "ghost@nowhere.test")
    page.click("button:has-text('Log it')")
    page.wait_for_selector("text=Not a contact of this account")
    assert Activity.objects.count() == 0


def test_outsider_sees_not_found(page, live_server, alice, charlie):
    account = account_owned_by(alice, name="Secret Corp")
    log_in(page, live_server, charlie.email)
    page.wait_for_selector("h1")
    assert "Secret Corp" not in page.content()
    response = page.goto(f"{live_server.url}/accounts/{account.pk}/")
    assert response.status == 404


def test_a_call_logged_on_the_account_page_clears_its_items_in_place(
    page, live_server, alice, screenshot
):
    account = with_late_call(alice, "Quiet Co", days_ago=70)  # CAD-1 late, CAD-2's flag
    log_in(page, live_server, alice.email)
    page.goto(f"{live_server.url}/accounts/{account.pk}/")
    page.wait_for_selector("h1:has-text('Quiet Co')")
    cards = page.locator("#account-cards")
    assert "Non-engaged" in cards.inner_text()
    assert page.locator("#account-queue-rows li.item[data-rule='CAD-2']").count() == 1

    page.select_option(".log-form select[name=kind]", "cadence_call")
    page.fill(".log-form textarea[name=notes]", "Back in touch.")
    page.click("button:has-text('Log it')")
    page.wait_for_selector("text=Logged.")
    page.locator("#account-queue-rows li.item[data-rule='CAD-2']").wait_for(state="detached")
    assert "Non-engaged" not in cards.inner_text() and "Engaged" in cards.inner_text()
    rows = page.locator("#account-queue-rows > li.item")
    shown = rows.evaluate_all("items => items.map(item => item.id)")
    assert page.locator("#account-queue-count").inner_text() == str(len(shown))
    screenshot("account-after-logging-clears-the-queue")
    page.reload()
    assert rows.evaluate_all("items => items.map(item => item.id)") == shown
