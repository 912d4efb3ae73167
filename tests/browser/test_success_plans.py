"""A CSM starts a success plan and adds an objective; the manager qualifies it (PLAN-1 to 3).
The account page also plans the next EBR, records a use case and closes the renewal."""

import datetime as dt

import pytest

from rhythm.plans.models import SuccessPlan
from tests.browser.test_log_call import log_in
from tests.factories import ContactFactory
from tests.web.pages import today, with_late_call

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_plan_is_started_completed_and_qualified(page, live_server, alice, manager, screenshot):
    account = with_late_call(alice, "Acme Corp")
    ContactFactory(account=account, name="Ana Champion")
    log_in(page, live_server, alice.email)
    page.wait_for_selector("h1:has-text('My day')")
    page.locator("li.item[data-rule='PLAN-1'] a:has-text('Open the plans')").click()
    page.wait_for_selector("h1:has-text('Acme Corp')")
    plans = page.locator("#plans")
    assert "No success plan yet." in plans.inner_text()
    plans.locator("select[name=status]").select_option("active")
    plans.locator("select[name=health]").select_option("green")
    plans.locator("button:has-text('Start the plan')").click()

    plan = page.locator("#plans .plan[data-kind='roi']")
    plan.wait_for()
    assert "Not qualified by management" in plan.inner_text()
    plan.locator("summary:has-text('Add or complete an objective')").click()
    plan.locator("input[name=outcome]").fill("Ship releases faster")
    plan.locator("input[name=metric]").fill("Deploys a week")
    plan.locator("input[name=target]").fill("20")
    plan.locator("button:has-text('Save the objective')").click()
    plan.wait_for()
    objective = page.locator("#plans ol.objectives li", has_text="Ship releases faster")
    assert "Lacks a target date, a customer owner and a vendor owner." in objective.inner_text()
    screenshot("account-success-plan")

    page.click("text=Log out")
    log_in(page, live_server, manager.email)
    page.goto(f"{live_server.url}/accounts/{account.pk}/")
    plan = page.locator("#plans .plan[data-kind='roi']")
    plan.locator("summary:has-text('Update the plan')").click()
    plan.locator("input[name=qualified]").check()
    plan.locator("button:has-text('Save the plan')").click()
    page.locator("#plans .plan[data-kind='roi']", has_text="Qualified by management on").wait_for()
    saved = SuccessPlan.objects.get(account=account)
    assert (saved.health, saved.qualified_on) == ("green", today())
    assert page.locator("#account-state li.item[data-rule='PLAN-1']").count() == 0


def test_a_csm_plans_the_next_ebr_and_records_a_use_case_on_the_account_page(
    page, live_server, alice
):
    from rhythm.adoption.models import UseCaseStatus
    from rhythm.meetings.models import Ebr

    account = with_late_call(alice, "Acme Corp")
    log_in(page, live_server, alice.email)
    page.wait_for_selector("h1:has-text('My day')")
    page.goto(f"{live_server.url}/accounts/{account.pk}/")
    meetings = page.locator("#meetings")
    assert "No EBR in preparation." in meetings.inner_text()
    meetings.locator("summary:has-text('Plan the next EBR')").click()
    planned = (today() + dt.timedelta(days=200)).isoformat()  # ahead, within ten years
    meetings.locator("#ebr-date").fill(planned)
    meetings.locator("button:has-text('Plan the EBR')").click()
    page.locator("#meetings", has_text=f"Being prepared for {planned}").wait_for()
    assert Ebr.objects.get(account=account).planned_on.isoformat() == planned

    adoption = page.locator("#adoption")
    adoption.locator('summary:has-text("Record a use case\'s health")').click()
    adoption.locator("select[name=use_case]").select_option("ci")
    adoption.locator("select[name=status]").select_option("green")
    adoption.locator("button:has-text('Record health')").click()
    page.locator("#adoption li[data-use-case='ci']").wait_for()
    assert UseCaseStatus.objects.get(account=account).status == "green"


def test_a_csm_closes_the_renewal_and_the_next_one_opens(page, live_server, alice):
    import datetime as dt

    from rhythm.renewals.models import Renewal
    from rhythm.renewals.services import upsert_open_renewal

    account = with_late_call(alice, "Acme Corp")
    renews = today() - dt.timedelta(days=2)
    upsert_open_renewal(account=account, renewal_date=renews)
    log_in(page, live_server, alice.email)
    page.wait_for_selector("h1:has-text('My day')")
    page.goto(f"{live_server.url}/accounts/{account.pk}/")
    card = page.locator("#renewal")
    assert f"Was due on {renews.isoformat()} and is still open" in card.inner_text()
    card.locator("summary:has-text('Close the renewal')").click()
    card.locator("input[name=renewed_arr]").fill("130000")
    card.locator("button:has-text('Close the renewal')").click()
    page.locator("#renewal", has_text=f"{renews.isoformat()}: renewed").wait_for()
    next_one = Renewal.objects.get(account=account, outcome="open").renewal_date
    assert next_one.year == renews.year + 1
    assert f"Renews on {next_one.isoformat()}" in page.locator("#renewal").inner_text()
