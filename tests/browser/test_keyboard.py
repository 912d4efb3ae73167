"""A keyboard user works My day and the account page without a mouse.

After an in-place action htmx replaces the row or entry that held the focus; the focus goes
to what replaced it (the refusal, or what was recorded), not back to the top of the page.
"""

import contextlib

import pytest

from rhythm.timeline.models import Activity
from tests.browser.test_log_call import log_in
from tests.factories import ActivityFactory
from tests.web.pages import today, with_late_call

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


FOCUSED = (
    "() => { const e = document.activeElement;"
    " return e.tagName + '.' + e.className + ' ' + e.textContent.trim(); }"
)


def focused(page) -> str:
    """The focused element: its tag, classes and text, to say where the focus is."""
    return page.evaluate(FOCUSED)


def focus_lands(page, start: str) -> str:
    """Wait for the focus to land where `start` says (htmx moves it once the swap settles)."""
    from playwright.sync_api import TimeoutError as NotThere

    with contextlib.suppress(NotThere):  # said by the assertion, with where the focus is
        page.wait_for_function(f"want => ({FOCUSED})().startsWith(want)", arg=start, timeout=5000)
    return focused(page)


def test_a_keyboard_user_logs_the_late_call_and_the_focus_follows(page, live_server, alice):
    account = with_late_call(alice, "Acme Corp")
    log_in(page, live_server, alice.email)
    page.wait_for_selector("h1:has-text('My day')")

    # The first Tab reaches the skip link, which takes the focus past the top bar.
    page.keyboard.press("Tab")
    assert focused(page).startswith("A.skip-link Skip to main content")
    page.keyboard.press("Enter")
    assert focused(page).startswith("MAIN")

    late = page.locator("#late li.item[data-rule='CAD-1']")
    late.locator("summary").focus()
    page.keyboard.press("Enter")  # opens the form in place
    attendees = late.locator("input[name=attendees]")
    attendees.focus()
    page.keyboard.type("ghost@nowhere.test")
    page.keyboard.press("Enter")

    # Refused: the focus is on the field in error, whose label reads the reason with it.
    page.wait_for_selector("li.item[data-rule='CAD-1'] label .error")
    assert focus_lands(page, "INPUT.").startswith("INPUT.")
    assert page.evaluate("document.activeElement.name") == "attendees"
    label = page.evaluate("document.activeElement.closest('label').textContent")
    assert "Not a contact of this account or a team member: ghost@nowhere.test" in label

    row = page.locator("li.item[data-rule='CAD-1']")
    row.locator("input[name=attendees]").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(alice.email)
    page.keyboard.press("Enter")

    # Recorded: the focus is on what was done, in the row that replaced the form.
    want = f"P.done-message Done — logged a cadence call on {today().isoformat()}."
    assert focus_lands(page, want).startswith(want)
    assert Activity.objects.filter(account=account, date=today()).count() == 1


def test_the_focus_stays_on_the_account_page_s_entry_and_form(page, live_server, alice):
    account = with_late_call(alice, "Acme Corp")
    ActivityFactory(account=account, kind="cadence_call", date=today())
    log_in(page, live_server, alice.email)
    page.goto(f"{live_server.url}/accounts/{account.pk}/")

    page.locator("a.edit-entry").first.focus()
    page.keyboard.press("Enter")
    assert focus_lands(page, "INPUT").startswith("INPUT")  # the edit form's first field

    page.locator("form.edit-activity button[type=submit]").focus()
    page.keyboard.press("Enter")
    assert focus_lands(page, "SPAN.ok Saved.") == "SPAN.ok Saved."

    # A page form refused without JavaScript comes back with the focus on the field in error.
    form = page.locator("details.page-form:has-text('Add a contact')")
    form.locator("summary").focus()
    page.keyboard.press("Enter")
    form.locator("form").evaluate("f => { f.noValidate = true; }")  # the server's check
    form.locator("input[name=name]").fill("Ana Quinn")
    form.locator("input[name=email]").fill("not-an-email")
    form.locator("input[name=email]").press("Enter")
    page.wait_for_url("**#refused")
    page.wait_for_load_state("load")
    assert page.evaluate("document.activeElement.name") == "email"
