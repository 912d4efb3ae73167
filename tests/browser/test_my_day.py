"""A CSM clears a late item from My day in place; a manager reads the team dashboard."""

import datetime as dt

import pytest

from rhythm.meetings.models import Ebr
from rhythm.surveys.models import SurveyResponse
from rhythm.timeline.models import Activity
from tests.browser.test_log_call import log_in
from tests.web.pages import today, with_late_call

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_csm_lands_on_my_day_and_logs_the_late_call_in_place(page, live_server, alice, screenshot):
    account = with_late_call(alice, "Acme Corp")
    log_in(page, live_server, alice.email)
    page.wait_for_selector("h1:has-text('My day')")
    late = page.locator("#late li.item[data-rule='CAD-1']")
    assert late.count() == 1
    assert "Acme Corp" in late.inner_text()
    assert "days late" in late.inner_text()
    screenshot("my-day-before-logging")

    late.locator("summary:has-text('Log call')").click()
    late.locator("input[name=duration_minutes]").fill("30")
    late.locator("input[name=attendees]").fill(alice.email)
    late.locator("input[name=notes]").fill("Agreed the CI rollout plan.")
    late.locator("button:has-text('Log call')").click()

    done = page.locator("li.item.done[data-rule='CAD-1']")
    done.wait_for()
    assert f"Done — logged a cadence call on {today().isoformat()}." in done.inner_text()
    assert "Next for CAD-1: coming" in done.inner_text()
    assert page.locator("#late li.item[data-rule='CAD-1']:not(.done)").count() == 0
    screenshot("my-day-after-logging")
    call = Activity.objects.get(account=account, date=today())
    assert (call.kind, call.notes, call.logged_by, call.duration_minutes) == (
        "cadence_call",
        "Agreed the CI rollout plan.",
        alice,
        30,
    )
    assert list(call.members.all()) == [alice]

    page.reload()
    assert page.locator("#late li.item[data-rule='CAD-1']").count() == 0


def test_the_counts_follow_an_action_without_a_reload(page, live_server, alice, screenshot):
    with_late_call(alice, "Acme Corp")
    log_in(page, live_server, alice.email)
    page.wait_for_selector("h1:has-text('My day')")

    def counts():
        summary = {
            state: int(page.locator(f"#day-counts .count.{state} strong").inner_text())
            for state in ("late", "due", "coming")
        }
        headings = {state: int(page.locator(f"#{state}-count").inner_text()) for state in summary}
        assert summary == headings
        return summary

    before = counts()
    late = page.locator("#late li.item[data-rule='CAD-1']")
    late.locator("summary:has-text('Log call')").click()
    late.locator("button:has-text('Log call')").click()
    page.locator("li.item.done[data-rule='CAD-1']").wait_for()
    page.wait_for_function(
        "n => document.querySelector('#late-count').textContent.trim() === String(n)",
        arg=before["late"] - 1,
    )
    # The call done, the next one is coming: counted as a reload would, the row still shown.
    assert counts() == {**before, "late": before["late"] - 1, "coming": before["coming"] + 1}
    assert page.locator("li.item.done[data-rule='CAD-1']").is_visible()
    screenshot("my-day-counts-after-logging")
    page.reload()
    assert counts() == {**before, "late": before["late"] - 1, "coming": before["coming"] + 1}


def test_manager_opens_the_dashboard_and_sees_checklist_and_charts(
    page, live_server, manager, alice, bob, screenshot
):
    with_late_call(alice, "Acme Corp")
    with_late_call(bob, "Bob Corp")
    log_in(page, live_server, manager.email)
    page.wait_for_selector("h1:has-text('My day')")
    page.click("nav >> text=Team")
    page.wait_for_selector("h1:has-text('Your team')")
    assert page.locator("svg.chart").count() >= 10
    assert page.locator("svg.chart polyline.series, svg.chart circle.latest").count() > 0
    review = page.locator("section.review", has_text="Alice Owner")
    assert "Account assignment" in review.inner_text()
    assert review.locator("li.fail a:has-text('Acme Corp')").count() >= 1
    assert page.locator("table.capacity").is_visible()
    screenshot("team-dashboard")

    review.locator("li.fail a:has-text('Acme Corp')").first.click()
    page.wait_for_selector("h1:has-text('Acme Corp')")
    assert page.locator("text=Override priority").is_visible()


@pytest.mark.parametrize(
    ("failure", "said"),
    [
        ("status", "The server could not record it (error 500). Nothing was saved"),
        ("network", "Rhythm could not be reached. Nothing was saved"),
    ],
)
def test_an_action_that_cannot_be_recorded_says_so(page, live_server, alice, failure, said):
    account = with_late_call(alice, "Acme Corp")
    log_in(page, live_server, alice.email)
    page.wait_for_selector("h1:has-text('My day')")
    banner = page.locator("#request-error")
    assert not banner.is_visible()

    def fail(route):
        if failure == "status":
            route.fulfill(status=500, body="Server error")
        else:
            route.abort()

    page.route("**/queue/log/", fail)
    late = page.locator("#late li.item[data-rule='CAD-1']")
    late.locator("summary:has-text('Log call')").click()
    late.locator("button:has-text('Log call')").click()
    banner.wait_for(state="visible")
    assert said in banner.inner_text()
    assert not Activity.objects.filter(account=account, date=today()).exists()
    assert late.locator("button:has-text('Log call')").is_visible()  # the row is as it was
    banner.locator("button:has-text('Dismiss')").click()
    assert not banner.is_visible()


def test_an_action_from_a_page_shown_before_logging_in_again_says_it_is_out_of_date(
    page, live_server, alice
):
    account = with_late_call(alice, "Acme Corp")
    log_in(page, live_server, alice.email)
    page.wait_for_selector("h1:has-text('My day')")
    other_tab = page.context.new_page()  # logging in again renews the page's form token
    other_tab.goto(live_server.url)
    other_tab.click("text=Log out")
    other_tab.wait_for_selector("input[name=username]")
    log_in(other_tab, live_server, alice.email)
    other_tab.wait_for_selector("h1:has-text('My day')")
    late = page.locator("#late li.item[data-rule='CAD-1']")
    late.locator("summary:has-text('Log call')").click()
    late.locator("button:has-text('Log call')").click()
    banner = page.locator("#request-error")
    banner.wait_for(state="visible")
    assert "This page is out of date: you logged in again" in banner.inner_text()
    assert not Activity.objects.filter(account=account, date=today()).exists()


def test_csm_plans_the_next_ebr_in_place(page, live_server, alice, screenshot):
    account = with_late_call(alice, "Acme Corp")  # no EBR since it started: EBR-2 is late
    log_in(page, live_server, alice.email)
    page.wait_for_selector("h1:has-text('My day')")
    item = page.locator("#late li.item[data-rule='EBR-2']")
    item.locator("summary:has-text('Plan EBR')").click()
    planned = today() + dt.timedelta(days=45)
    item.locator("input[name=date]").fill(planned.isoformat())
    screenshot("my-day-planning-an-ebr")
    item.locator("button:has-text('Plan EBR')").click()

    done = page.locator("li.item.done[data-rule='EBR-2']")
    done.wait_for()
    assert f"Done — EBR planned for {planned.isoformat()}." in done.inner_text()
    assert "Nothing left for EBR-2 on this account." in done.inner_text()
    ebr = Ebr.objects.get(account=account)
    assert (ebr.planned_on, ebr.status) == (planned, "planning")
    page.reload()
    assert page.locator("li.item[data-rule='EBR-2']").count() == 0


def test_the_rows_an_action_cleared_or_raised_follow_without_a_reload(
    page, live_server, alice, screenshot
):
    with_late_call(alice, "Quiet Co", days_ago=70)  # CAD-1 late, and CAD-2's flag
    with_late_call(alice, "Acme Corp")
    log_in(page, live_server, alice.email)
    page.wait_for_selector("h1:has-text('My day')")

    def rows() -> dict[str, list[str]]:
        return {
            state: page.locator(f"#{state}-rows > li.item:not(.done)").evaluate_all(
                "items => items.map(item => item.id)"
            )
            for state in ("late", "due", "coming")
        }

    quiet = page.locator("#late li.item[data-rule='CAD-1']:has-text('Quiet Co')")
    flag = page.locator("li.item[data-rule='CAD-2']:has-text('Quiet Co')")
    assert flag.count() == 1
    quiet.locator("summary:has-text('Log call')").click()
    quiet.locator("button:has-text('Log call')").click()
    page.locator("li.item.done[data-rule='CAD-1']").wait_for()
    flag.wait_for(state="detached")  # the call ended the non-engaged flag: its row went
    coming = page.locator("#coming li.item[data-rule='CAD-1']:has-text('Quiet Co')")
    assert coming.count() == 1  # the next call joined Coming, in queue order
    screenshot("my-day-rows-after-logging")
    shown = rows()
    page.reload()
    assert shown == rows()


def visible_text(page, selector: str) -> list[str]:
    """Return the text of the elements a person sees, in page order."""
    found = page.locator(selector)
    return [found.nth(i).inner_text() for i in range(found.count()) if found.nth(i).is_visible()]


def test_clearing_the_last_item_a_filter_shows_says_what_a_reload_says(
    page, live_server, alice, screenshot
):
    with_late_call(alice, "Acme Corp")
    log_in(page, live_server, alice.email)
    page.goto(f"{live_server.url}/?rule=CAD-1&state=late")
    late = page.locator("#late li.item[data-rule='CAD-1']")
    assert late.count() == 1  # the only item the filters keep

    def seen() -> dict[str, list[str]]:
        return {
            "headings": visible_text(page, ".queue-section h2"),
            "empty lines": visible_text(page, ".queue-section p.empty"),
            "message": visible_text(page, ".empty-state"),
            "rows": visible_text(page, "li.item:not(.done)"),
            "counts": visible_text(page, "#day-counts"),
        }

    late.locator("summary:has-text('Log call')").click()
    late.locator("button:has-text('Log call')").click()
    done = page.locator("li.item.done[data-rule='CAD-1']")
    done.wait_for()  # the next call is coming, which the filters leave out
    page.locator(".empty-state:has-text('No items match these filters.')").wait_for()
    in_place = seen()
    assert done.is_visible()  # what was just done still says so
    screenshot("my-day-last-filtered-item-cleared")
    page.reload()
    assert in_place == seen()
    assert in_place["headings"] == [] and in_place["rows"] == []
    assert "items in your book. Clear the filters." in in_place["message"][0]


def test_the_score_follows_the_survey_picked(page, live_server, alice, screenshot):
    account = with_late_call(alice, "Acme Corp")
    log_in(page, live_server, alice.email)
    row = page.locator("li.item[data-rule='NPS-1']")
    row.locator("summary:has-text('Record response')").click()
    score = row.locator("input[name=score]")
    assert (score.get_attribute("min"), score.get_attribute("max")) == ("0", "10")
    row.locator("select[name=kind]").select_option("csat")
    assert (score.get_attribute("min"), score.get_attribute("max")) == ("1", "5")
    assert row.locator("[data-scale]").inner_text() == "(1 to 5)"
    screenshot("my-day-csat-scale")
    score.fill("4")
    row.locator("button:has-text('Record response')").click()
    page.locator("li.item.done[data-rule='NPS-1']").wait_for()
    assert SurveyResponse.objects.get(account=account).score == 4
