"""A form refused because its page went out of date (its security token no longer matches)
keeps what was typed on the page that says so, with a link to the form's page to reload."""

import pytest
from django.test import Client

from rhythm.meetings.models import Session
from rhythm.timeline.models import Activity
from tests.factories import account_owned_by
from tests.web.pages import logged_in, today

STALE = {"csrfmiddlewaretoken": "x" * 64}  # a token renewed since the page was drawn


@pytest.fixture
def browser(alice):
    """A person's browser, whose forms are checked for their token as a real one's are."""
    client = Client(enforce_csrf_checks=True)
    logged_in(client, alice)
    client.get("/")  # a page drawn with the token of the time
    return client


def test_the_out_of_date_page_shows_what_was_typed_to_copy_back(browser, alice):
    account = account_owned_by(alice, name="Acme")
    notes = "Talked about the <renewal> & the roadmap\nSecond line"
    body = {
        **STALE,
        "kind": "cadence_call",
        "date": today().isoformat(),
        "duration_minutes": "30",
        "attendees": "",
        "notes": notes,
        "next": "/",
    }
    page = f"http://testserver/accounts/{account.pk}/"
    response = browser.post(f"/accounts/{account.pk}/activities/", body, HTTP_REFERER=page)
    assert response.status_code == 403
    html = response.content.decode()
    assert "This page is out of date" in html
    assert "What you typed, to copy back into the form" in html
    assert "Talked about the &lt;renewal&gt; &amp; the roadmap" in html  # escaped, kept
    assert [(f.label, f.value) for f in response.context["sent"]] == [
        ("Kind", "cadence_call"),
        ("Date", today().isoformat()),
        ("Duration minutes", "30"),
        ("Notes", notes),
    ]
    assert "readonly" in html
    assert "x" * 64 not in html  # never the token
    assert f'<a href="{page}">Reload the form\'s page</a>' in html
    assert not Activity.objects.exists()


def test_a_password_is_never_shown_back(alice):
    client = Client(enforce_csrf_checks=True)
    body = {**STALE, "username": alice.email, "password": "hunter2-secret"}
    response = client.post("/login/", body)
    assert response.status_code == 403
    html = response.content.decode()
    assert "hunter2-secret" not in html
    assert [f.label for f in response.context["sent"]] == ["Username"]


@pytest.mark.parametrize(
    ("referer", "expected"),
    [
        pytest.param("https://evil.example/accounts/1/", "account", id="other-site"),
        pytest.param("", "account", id="none"),
    ],
)
def test_without_a_page_of_this_site_to_go_back_to_the_account_page_is_linked(
    browser, alice, referer, expected
):
    account = account_owned_by(alice, name="Acme")
    body = {**STALE, "text": "Call the sponsor"}
    headers = {"HTTP_REFERER": referer} if referer else {}
    response = browser.post(f"/accounts/{account.pk}/action-items/", body, **headers)
    assert response.status_code == 403
    assert response.context["reload"] == f"/accounts/{account.pk}/"
    assert "evil.example" not in response.content.decode()


def test_a_form_of_no_account_links_my_day_and_the_htmx_answer_is_unchanged(browser, alice):
    account_owned_by(alice, name="Acme")
    body = {**STALE, "kind": "workshop", "topic": "CI pipelines"}
    response = browser.post("/sessions/", body)
    assert response.status_code == 403
    assert response.context["reload"] == "/"
    assert [(f.label, f.value) for f in response.context["sent"]] == [
        ("Kind", "workshop"),
        ("Topic", "CI pipelines"),
    ]
    htmx = browser.post("/sessions/", body, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 403 and htmx["Content-Type"].startswith("text/plain")
    assert htmx["Rhythm-Refused"].startswith("This page is out of date")
    assert "CI pipelines" not in htmx.content.decode()
    assert not Session.objects.exists()
