"""Time off refused on the dashboard says why in place, at the dashboard's own address: a
reload then shows the page again, rather than sending the refused form a second time."""

import datetime as dt

import pytest

from rhythm.team.models import TimeOff
from tests.browser.test_log_call import log_in
from tests.web.pages import today, with_late_call

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def days(n: int) -> str:
    return (today() + dt.timedelta(days=n)).isoformat()


def test_refused_time_off_is_explained_in_place_and_a_reload_posts_nothing(
    page, live_server, manager, alice, bob, screenshot
):
    with_late_call(alice, "Acme Corp")
    with_late_call(bob, "Beta Labs")  # two CSMs: whose time off is picked
    log_in(page, live_server, manager.email)
    page.wait_for_selector("h1")
    page.goto(f"{live_server.url}/team/")
    form = page.locator("details.page-form", has_text="Record time off")
    form.locator("summary").click()
    form.locator("select[name=member]").select_option(alice.email)
    form.locator("input[name=starts_on]").fill(days(30))
    form.locator("input[name=ends_on]").fill(days(25))
    form.locator("input[name=note]").fill("Backwards")
    form.locator("button:has-text('Record time off')").click()

    refused = page.locator("#refused .error", has_text="must end on or after the day it starts")
    refused.wait_for()
    screenshot("team-time-off-refused")
    assert page.url == f"{live_server.url}/team/"  # not the form's address
    # The focus is on the field in error, as after any in-place refusal.
    page.wait_for_function("document.activeElement.closest('#refused') !== null")
    assert page.evaluate("document.activeElement.name") == "ends_on"
    assert page.locator("#refused input[name=note]").input_value() == "Backwards"
    assert page.locator("#refused input[name=ends_on]").input_value() == days(25)

    posted: list[str] = []
    page.on("request", lambda request: request.method == "POST" and posted.append(request.url))
    page.reload()
    page.wait_for_selector("h1")
    assert posted == []
    assert page.url == f"{live_server.url}/team/"
    assert not TimeOff.objects.exists()

    # Put right, it is recorded, and the page says so at its address for it.
    form = page.locator("details.page-form", has_text="Record time off")
    form.locator("summary").click()
    form.locator("select[name=member]").select_option(alice.email)
    form.locator("input[name=starts_on]").fill(days(25))
    form.locator("input[name=ends_on]").fill(days(30))
    form.locator("button:has-text('Record time off')").click()
    page.locator(".done-message", has_text="Time off recorded: Alice Owner").wait_for()
    recorded = TimeOff.objects.get(member=alice)
    assert page.url == f"{live_server.url}/team/?time_off={recorded.pk}#time-off"
