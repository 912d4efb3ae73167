"""A keyboard user works My day and the account's timeline without a mouse.

After an in-place action htmx replaces the row or entry that held the focus; the focus goes
to what replaced it (the refusal, or what was recorded), not back to the top of the page.
"""

import pytest

from rhythm.timeline.models import Activity
from tests.browser.test_log_call import log_in
from tests.factories import ActivityFactory
from tests.web.pages import today, with_late_call

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def focused(page) -> str:
    """The focused element: its tag, classes and text, to say where the focus is."""
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return e.tagName + '.' + e.className + ' ' + e.textContent.trim(); }"
    )


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

    # Refused: the focus is on the reason, which is read out (role=alert).
    page.locator("li.item[data-rule='CAD-1'] [role=alert]").wait_for()
    assert focused(page).startswith("P.error Attendees: Not a contact of this account")
    assert page.evaluate("document.activeElement.getAttribute('role')") == "alert"

    row = page.locator("li.item[data-rule='CAD-1']")
    row.locator("input[name=attendees]").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(alice.email)
    page.keyboard.press("Enter")

    # Recorded: the focus is on what was done, in the row that replaced the form.
    page.locator("li.item.done[data-rule='CAD-1']").wait_for()
    assert focused(page).startswith(
        f"P.done-message Done — logged a cadence call on {today().isoformat()}."
    )
    assert Activity.objects.filter(account=account, date=today()).count() == 1


def test_editing_a_timeline_entry_keeps_the_focus_on_the_entry(page, live_server, alice):
    account = with_late_call(alice, "Acme Corp")
    ActivityFactory(account=account, kind="cadence_call", date=today())
    log_in(page, live_server, alice.email)
    page.goto(f"{live_server.url}/accounts/{account.pk}/")

    page.locator("a.edit-entry").first.focus()
    page.keyboard.press("Enter")
    page.locator("form.edit-activity").wait_for()
    assert focused(page).startswith("INPUT")  # the form's first field

    page.locator("form.edit-activity button[type=submit]").focus()
    page.keyboard.press("Enter")
    page.locator("ol.timeline .ok").wait_for()
    assert focused(page) == "SPAN.ok Saved."
