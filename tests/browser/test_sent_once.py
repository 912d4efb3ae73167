"""A form that reloads the page is sent once: a second click while it is on its way is
ignored, so an impatient click on a slow answer does not save twice."""

import pytest

from rhythm.accounts.models import Account
from rhythm.plans.models import ActionItem
from tests.browser.test_log_call import log_in
from tests.factories import account_owned_by

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _action_item_typed(page, live_server, alice) -> tuple[Account, str, list]:
    """Open Acme Corp's page, type an action item, and hold the requests its form sends
    until the test answers them: return the account, the form's address and the held."""
    account = account_owned_by(alice, name="Acme Corp")
    log_in(page, live_server, alice.email)
    page.wait_for_selector("h1:has-text('My day')")
    page.goto(f"{live_server.url}/accounts/{account.pk}/")
    actions = page.locator("#actions")
    actions.locator("summary:has-text('Open an action item')").click()
    actions.locator("input[name=text]").fill("Send the rollout plan")
    held: list = []
    address = f"**/accounts/{account.pk}/action-items/"
    page.route(address, lambda route: held.append(route))
    return account, address, held


def _answer(page, address: str, request) -> None:
    """Let a held request through and wait for the page it answers with."""
    with page.expect_navigation():
        request.continue_()
    page.unroute(address)
    page.locator("#actions", has_text="Send the rollout plan").wait_for()


def test_a_second_click_while_the_first_is_on_its_way_sends_nothing(page, live_server, alice):
    account, address, held = _action_item_typed(page, live_server, alice)
    actions = page.locator("#actions")
    # Clicked, then clicked again a moment later, the first request still unanswered.
    actions.locator("button:has-text('Open it')").evaluate(
        "button => { button.click(); setTimeout(() => button.click(), 300); }"
    )
    page.wait_for_timeout(800)
    assert len(held) == 1
    _answer(page, address, held[0])
    assert ActionItem.objects.filter(account=account).count() == 1
    # The page it came back to sends its forms again.
    actions = page.locator("#actions")
    actions.locator("summary:has-text('Open an action item')").click()
    actions.locator("input[name=text]").fill("Book the workshop")
    with page.expect_navigation():
        actions.locator("button:has-text('Open it')").click()
    page.locator("#actions", has_text="Book the workshop").wait_for()
    assert ActionItem.objects.filter(account=account).count() == 2


def test_a_form_whose_answer_never_came_sends_again_after_ten_seconds(page, live_server, alice):
    # The first request is never answered, as one stopped with Esc or lost.
    account, address, held = _action_item_typed(page, live_server, alice)
    actions = page.locator("#actions")
    # Clicked, again too soon (ignored), and again once ten seconds have passed.
    actions.locator("button:has-text('Open it')").evaluate(
        "button => { button.click(); setTimeout(() => button.click(), 300);"
        " setTimeout(() => button.click(), 10_300); }"
    )
    page.wait_for_timeout(1_000)
    assert len(held) == 1
    page.wait_for_timeout(10_000)
    assert len(held) == 2
    _answer(page, address, held[1])
    assert ActionItem.objects.filter(account=account).count() == 1


def test_a_page_shown_again_from_the_back_button_cache_sends_again(page, live_server, alice):
    # Rhythm's pages are sent with no-store, which keeps Chromium from caching them; a
    # browser that caches them anyway tells the page with a pageshow event marked
    # persisted, sent here as that browser would, while the first request is still held.
    account, address, held = _action_item_typed(page, live_server, alice)
    page.locator("#actions").locator("button:has-text('Open it')").evaluate(
        "button => { button.click(); setTimeout(() => {"
        " window.dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}));"
        " button.click(); }, 300); }"
    )
    page.wait_for_timeout(800)
    assert len(held) == 2
    _answer(page, address, held[1])
    assert ActionItem.objects.filter(account=account).count() == 1
