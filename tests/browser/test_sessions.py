"""A manager follows RT-1 from My day and records a roundtable with two consenting accounts."""

import pytest

from rhythm.meetings.models import Session
from tests.browser.test_log_call import log_in
from tests.web.pages import today, with_late_call

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_records_the_roundtable_rt_1_asks_for(
    page, live_server, alice, manager, screenshot
):
    with_late_call(alice, "Acme Corp")  # both in Finance
    with_late_call(alice, "Globex")
    log_in(page, live_server, manager.email)
    page.wait_for_selector("h1:has-text('My day')")
    item = page.locator("li.item[data-rule='RT-1']")
    if not item.is_visible():  # due at the quarter's end: coming, folded, most of the quarter
        page.locator("#coming summary").click()
    assert "Organise a customer roundtable for Finance this quarter." in item.inner_text()
    item.locator("a:has-text('Record a roundtable')").click()

    page.wait_for_selector("h1:has-text('Workshops and roundtables')")
    form = page.locator("#record form")
    assert form.locator("select[name=kind]").input_value() == "roundtable"
    finance = form.locator("fieldset.industry-picks label.check:has-text('Finance') input")
    assert finance.is_checked()
    form.locator("input[name=topic]").fill("Banking regulation")
    form.locator("label.check:has-text('Acme Corp') input").check()
    form.locator("label.check:has-text('Globex') input").check()
    form.locator("button:has-text('Record session')").click()
    refused = page.locator("#record .error", has_text="No consent to a multi-customer session")
    refused.wait_for()  # two accounts and no consent date: explained, nothing kept
    assert not Session.objects.exists()

    form = page.locator("#record form")
    assert form.locator("input[name=topic]").input_value() == "Banking regulation"
    form.locator("input[name=consented_on]").fill(today().isoformat())
    form.locator("button:has-text('Record session')").click()
    page.locator(".done-message", has_text="Recorded: roundtable “Banking regulation”").wait_for()
    row = page.locator("#held tr", has_text="Banking regulation")
    assert "Acme Corp, Globex" in row.inner_text() and "Maria Manager" in row.inner_text()
    screenshot("sessions-recorded")
    session = Session.objects.get()
    assert (session.kind, session.industries, session.lead) == ("roundtable", ["Finance"], manager)

    page.click("text=My day")
    page.wait_for_selector("h1:has-text('My day')")
    assert page.locator("li.item[data-rule='RT-1']").count() == 0
