"""On a phone's screen every page fits its width: nothing to scroll sideways but a wide table."""

import datetime as dt

import pytest

from rhythm.accounts.models import Account
from rhythm.team.services import record_time_off
from rhythm.timeline.models import Activity
from tests.browser.test_log_call import log_in
from tests.web.pages import today, with_late_call

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    yield page
    context.close()


def overflow(page) -> int:
    """Return how many pixels the page is wider than the screen (0 when it fits)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def assert_fits(page, what: str) -> None:
    assert overflow(page) <= 0, f"{what} is {overflow(page)} px wider than a phone's screen"
    log_out = page.locator("button:has-text('Log out')")
    box = log_out.bounding_box()
    assert box is not None and box["x"] + box["width"] <= PHONE["width"], f"{what}: Log out"


def test_a_csm_works_the_day_on_a_phone(phone, live_server, alice):
    account = with_late_call(alice, "Acme Corporation International Holdings")
    log_in(phone, live_server, alice.email)
    phone.wait_for_selector("h1:has-text('My day')")
    assert_fits(phone, "My day")

    late = phone.locator("#late li.item[data-rule='CAD-1']")
    late.locator("summary:has-text('Log call')").click()
    form = late.locator("form")
    box = form.bounding_box()
    assert box is not None and box["x"] + box["width"] <= PHONE["width"]
    late.locator("button:has-text('Log call')").click()
    phone.locator("li.item.done[data-rule='CAD-1']").wait_for()
    assert Activity.objects.filter(account=account, date=today()).exists()
    assert_fits(phone, "My day after logging")

    phone.goto(f"{live_server.url}/accounts/{account.pk}/")
    phone.wait_for_selector("h1:has-text('Acme Corporation')")
    assert_fits(phone, "the account page")
    phone.goto(f"{live_server.url}/accounts/")
    phone.wait_for_selector("h1:has-text('Accounts')")
    assert_fits(phone, "the account list")
    phone.goto(f"{live_server.url}/sessions/")
    phone.wait_for_selector("h1:has-text('Workshops and roundtables')")
    assert_fits(phone, "the workshops page")


def test_the_account_page_shows_its_queue_on_a_phones_first_screen(phone, live_server, alice):
    """The four state tiles stay compact on a phone, so what is due shows without scrolling."""
    account = with_late_call(alice, "Acme Corporation International Holdings")
    log_in(phone, live_server, alice.email)
    phone.wait_for_selector("h1:has-text('My day')")
    phone.goto(f"{live_server.url}/accounts/{account.pk}/")
    phone.wait_for_selector("h1:has-text('Acme Corporation')")

    triage = phone.locator(".state-grid > .triage").bounding_box()
    phase = phone.locator(".state-grid > .phase").bounding_box()
    assert triage and phase
    assert triage["y"] == phase["y"] and triage["x"] < phase["x"], "triage and phase share a row"
    heading = phone.locator(".account-queue h2").bounding_box()
    assert heading is not None
    assert heading["y"] + heading["height"] <= PHONE["height"], (
        f"the account's queue starts at {heading['y']:.0f} px, below a phone's first screen"
    )
    assert_fits(phone, "the account page")


def test_a_manager_reads_the_dashboard_on_a_phone(phone, live_server, manager, alice, bob):
    with_late_call(alice, "Acme Corp")
    with_late_call(bob, "Bob Corp")
    log_in(phone, live_server, manager.email)
    phone.wait_for_selector("h1:has-text('My day')")
    phone.click("nav >> text=Team")
    phone.wait_for_selector("h1:has-text('Your team')")
    assert_fits(phone, "the team dashboard")
    # The capacity table is wider than a phone: it scrolls inside its own box.
    table = phone.locator("table.capacity")
    assert table.is_visible()
    scroller = phone.locator(".table-scroll", has=table)
    assert scroller.evaluate("box => box.scrollWidth > box.clientWidth")


def test_leadership_reads_every_book_summed_then_one_team_on_a_phone(
    phone, live_server, leader, manager, alice, bob, monkeypatch
):
    from rhythm.web import dashboard_summary

    monkeypatch.setattr(dashboard_summary, "BOOKS_IN_DETAIL", 1)  # two books are "many"
    with_late_call(alice, "Acme Corp")
    with_late_call(bob, "Bob Corp")
    log_in(phone, live_server, leader.email)
    phone.wait_for_selector("h1:has-text('My day')")
    phone.click("nav >> text=Team")
    phone.wait_for_selector("h1:has-text('Every account')")
    assert phone.locator("table.review-summed").is_visible()
    assert_fits(phone, "the dashboard summed over every book")
    phone.select_option("select[name=team]", manager.email)
    phone.click("button:has-text('Show')")
    phone.wait_for_selector('h1:has-text("Maria Manager\'s team")')
    assert_fits(phone, "one team's dashboard")
    # a book named in the sums opens its own dashboard
    phone.click("table.books >> text=Alice Owner")
    phone.wait_for_selector("h1:has-text('Alice Owner')")
    assert phone.locator("section.card.review").count() == 1


def test_a_manager_reads_the_time_off_on_a_phone(phone, live_server, manager, alice):
    """The time-off table's hidden column heading ("Withdraw", for screen readers) stays in
    the table's scrolling box instead of widening the page."""
    with_late_call(alice, "Acme Corp")
    record_time_off(
        member=alice,
        starts_on=today() - dt.timedelta(days=40),
        ends_on=today() - dt.timedelta(days=30),
        note="Parental leave, back part-time",
    )
    log_in(phone, live_server, manager.email)
    phone.wait_for_selector("h1:has-text('My day')")
    phone.click("nav >> text=Team")
    phone.wait_for_selector("h1:has-text('Your team')")
    withdraw = phone.locator("section.time-off button:has-text('Withdraw')")
    assert withdraw.is_visible()
    scroller = phone.locator("section.time-off .table-scroll")
    assert scroller.evaluate("box => box.scrollWidth > box.clientWidth")  # it scrolls
    assert_fits(phone, "the team dashboard with time off")


def test_every_item_puts_its_action_under_its_text_on_a_phone(phone, live_server, manager, alice):
    with_late_call(alice, "Acme Corp")  # a form to log the call, a link to the book's review
    log_in(phone, live_server, manager.email)
    phone.wait_for_selector("h1:has-text('My day')")
    phone.locator("#coming summary").first.click()  # the Coming section opens too
    actions = "details.act > summary, form.act-inline button, a.page-link"
    found = phone.locator("li.item").evaluate_all(
        f"""items => items.map(item => {{
            const text = item.querySelector('.item-main').getBoundingClientRect();
            const act = item.querySelector('{actions}');
            if (!act) return null;
            const box = act.getBoundingClientRect();
            return {{rule: item.dataset.rule, kind: act.tagName, below: box.top >= text.bottom,
                     text: Math.round(text.width), act: Math.round(box.width)}};
        }}).filter(Boolean)"""
    )
    kinds = {entry["kind"] for entry in found}
    assert {"SUMMARY", "A"} <= kinds, found  # both a form and a link are on the page
    for entry in found:  # under the text, as wide as it: the text keeps the whole row
        assert entry["below"] and entry["act"] == entry["text"], entry


def test_the_account_list_reads_sorts_and_explains_on_a_phone(phone, live_server, alice):
    """The table scrolls sideways with each account's name kept in view beside it; a
    heading sorts it with a tap, and a tap opens a priority's reasons."""
    with_late_call(alice, "Acme Corporation International Holdings")  # P1: why, under it
    zenith = with_late_call(alice, "Zenith Bank")  # P2: no use-case rule for its tier
    Account.objects.filter(pk=zenith.pk).update(tier="", arr=900000)
    log_in(phone, live_server, alice.email)
    phone.wait_for_selector("h1:has-text('My day')")
    phone.goto(f"{live_server.url}/accounts/")
    phone.wait_for_selector("h1:has-text('Accounts')")
    assert_fits(phone, "the account list")
    scroller = phone.locator(".table-scroll")
    assert scroller.evaluate("box => box.scrollWidth > box.clientWidth")  # it scrolls
    scroller.evaluate("box => { box.scrollLeft = box.scrollWidth; }")
    name = phone.locator("table.accounts tbody tr td:first-child a").first
    box = name.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert (
        phone.evaluate(
            "([x, y]) => document.elementFromPoint(x, y).closest('td')?.cellIndex",
            [box["x"] + 2, box["y"] + box["height"] / 2],
        )
        == 0
    ), "the name is covered by the columns scrolled under it"
    # Sorted by ARR with a tap on its heading: the largest first.
    phone.locator("table.accounts th a:has-text('ARR')").click()
    phone.wait_for_url("**/accounts/?sort=arr&dir=desc")
    first = phone.locator("table.accounts tbody tr td:first-child a").first
    assert first.inner_text() == "Zenith Bank"
    # A tap opens a P1 account's reasons, in full.
    reasons = phone.locator("details.why").first
    assert not reasons.locator("li").first.is_visible()
    reasons.locator("summary").click()
    assert reasons.locator("li").first.is_visible()
    assert "Low use-case adoption: Premium tier" in reasons.locator("li").first.inner_text()
    assert_fits(phone, "the account list with a priority's reasons open")
    # The keyboard closes and opens them too.
    reasons.locator("summary").focus()
    phone.keyboard.press("Enter")
    assert not reasons.locator("li").first.is_visible()
    phone.keyboard.press("Space")
    assert reasons.locator("li").first.is_visible()
