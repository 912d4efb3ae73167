"""A renewal review logged without its SA is corrected on the account page, in a real browser:
REN-2's item leads to the review, "Edit" adds the SA, and the item leaves the queue in place."""

import datetime as dt

import pytest

from rhythm.renewals.models import Renewal
from rhythm.renewals.services import record_renewal_review
from rhythm.timeline.models import Activity
from tests.browser.test_log_call import log_in
from tests.factories import SeatFactory, TeamMemberFactory, account_owned_by
from tests.web.pages import today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_adding_the_sa_to_a_review_clears_ren_2_in_place(page, live_server, alice, screenshot):
    account = account_owned_by(alice, name="Renewing Co")
    ae, sa = (
        SeatFactory(
            account=account,
            member=TeamMemberFactory(name=name, email=f"{role}@rhythm.test", role=role),
            role=role,
        ).member
        for role, name in (("ae", "Ava Executive"), ("sa", "Sam Architect"))
    )
    renewal = Renewal.objects.create(account=account, renewal_date=today() + dt.timedelta(70))
    held_on = today() - dt.timedelta(85)  # its stage's days are over: only a correction helps
    team = [alice.email, ae.email, sa.email]
    record_renewal_review(
        renewal=renewal, stage="five_months", held_on=held_on, attendee_emails=team[:2]
    )
    record_renewal_review(
        renewal=renewal,
        stage="three_months",
        held_on=today() - dt.timedelta(22),
        attendee_emails=team,
    )
    review = Activity.objects.get(account=account, date=held_on)

    log_in(page, live_server, alice.email)
    page.goto(f"{live_server.url}/accounts/{account.pk}/")
    item = page.locator("#account-queue-rows li.item[data-rule='REN-2']")
    assert f"Add the SA to the review of {held_on.isoformat()}." in item.inner_text()
    item.locator("a:has-text('Edit the review')").click()
    page.wait_for_url(f"**/accounts/{account.pk}/?entry={review.pk}#activity-{review.pk}")

    entry = page.locator(f"#activity-{review.pk}")
    entry.locator("a:has-text('Edit')").click()
    form = page.locator(f"#activity-{review.pk} form.edit-activity")
    form.wait_for()
    assert form.locator(f"input[value='{ae.email}']").is_checked()
    form.locator("label:has-text('Sam Architect (SA)') input").check()
    form.locator("textarea[name=notes]").fill("SA joined for the architecture review.")
    screenshot("timeline-entry-being-edited")
    form.locator("button:has-text('Save')").click()

    page.wait_for_selector(f"#activity-{review.pk} >> text=Saved.")
    assert "Sam Architect" in entry.inner_text()
    item.wait_for(state="detached")
    rows = page.locator("#account-queue-rows > li.item")
    assert page.locator("#account-queue-count").inner_text() == str(rows.count())
    screenshot("timeline-entry-saved-ren-2-cleared")
    assert sorted(m.email for m in review.members.all()) == sorted(team)
    page.reload()
    assert page.locator("#account-queue-rows li.item[data-rule='REN-2']").count() == 0


def test_an_unknown_attendee_is_explained_next_to_the_field(page, live_server, alice):
    account = account_owned_by(alice, name="Typo Co")
    call = Activity.objects.create(account=account, kind="cadence_call", date=today())
    log_in(page, live_server, alice.email)
    page.goto(f"{live_server.url}/accounts/{account.pk}/")
    page.locator(f"#activity-{call.pk} a:has-text('Edit')").click()
    form = page.locator(f"#activity-{call.pk} form.edit-activity")
    form.locator("input[name=others]").fill("ghost@nowhere.test")
    form.locator("button:has-text('Save')").click()
    page.wait_for_selector("text=Not a contact of this account or a team member")
    assert call.members.count() == 0 and call.contacts.count() == 0


def test_a_correction_saved_by_someone_else_first_is_not_undone(
    page, browser, live_server, alice, manager, screenshot
):
    account = account_owned_by(alice, name="Shared Co")
    call = Activity.objects.create(account=account, kind="cadence_call", date=today())
    entry_link = f"#activity-{call.pk} a:has-text('Edit')"
    form_of = f"#activity-{call.pk} form.edit-activity"
    other = browser.new_page(viewport={"width": 390, "height": 844})  # the manager's phone
    for person, tab in ((alice, page), (manager, other)):
        log_in(tab, live_server, person.email)
        tab.wait_for_selector("h1:has-text('My day')")
        tab.goto(f"{live_server.url}/accounts/{account.pk}/")
        tab.locator(entry_link).click()
        tab.locator(form_of).wait_for()
    other.locator(f"{form_of} textarea[name=notes]").fill("Budget approved.")
    other.locator(f"{form_of} button:has-text('Save')").click()
    other.wait_for_selector(f"#activity-{call.pk} >> text=Saved.")
    other.close()

    page.locator(f"{form_of} textarea[name=notes]").fill("Risk: budget cut.")
    page.locator(f"{form_of} button:has-text('Save')").click()
    alert = page.locator(f"{form_of} [role=alert]", has_text="Someone saved a change")
    alert.wait_for()
    assert alert.evaluate("node => node === document.activeElement")  # read out at once
    assert "Budget approved." in page.locator(f"{form_of} .saved-now").inner_text()
    assert page.locator(f"{form_of} textarea[name=notes]").input_value() == "Risk: budget cut."
    screenshot("timeline-entry-saved-by-someone-else")
    call.refresh_from_db()
    assert call.notes == "Budget approved."
    page.locator(f"{form_of} button:has-text('Save')").click()  # seen, saved on purpose
    page.wait_for_selector(f"#activity-{call.pk} >> text=Saved.")
    call.refresh_from_db()
    assert call.notes == "Risk: budget cut."
