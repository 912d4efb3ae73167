"""The web UI: my accounts, an account page, and logging a call in place."""

import datetime as dt

from django.utils import timezone

from rhythm.team.models import Role
from rhythm.timeline.models import Activity
from tests.factories import ActivityFactory, ContactFactory, TeamMemberFactory, account_owned_by
from tests.querycount import assert_flat_query_count

CALL = {"kind": "cadence_call", "date": "2026-11-20", "duration_minutes": "30", "notes": "Good"}


def logged_in(client, member):
    client.force_login(member.user)
    return client


def test_pages_require_login(client, account):
    response = client.get(f"/accounts/{account.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_an_in_place_action_after_the_session_ended_sends_the_page_to_login(client, account):
    """Not the login form swapped into the row: the whole page goes to log in, and back."""
    page = f"http://testserver/accounts/{account.pk}/?tab=x"
    response = client.post(
        f"/accounts/{account.pk}/activities/",
        CALL,
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL=page,
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"/login/?next=/accounts/{account.pk}/%3Ftab%3Dx"
    assert Activity.objects.count() == 0


def test_account_list_shows_exactly_my_accounts(client, alice, charlie, account):
    account_owned_by(charlie, name="Hidden Corp")
    page = logged_in(client, alice).get("/accounts/").content.decode()
    assert "Acme Corp" in page
    assert "Hidden Corp" not in page


def test_empty_book_says_so(client, bob):
    page = logged_in(client, bob).get("/accounts/").content.decode()
    assert "No accounts in your book yet" in page


def test_an_empty_list_names_whose_accounts_are_missing(client, manager, leader):
    """A manager has a team's books, leadership every account, an AE the accounts they
    are on: none of them has a book of their own to be empty."""
    ae = TeamMemberFactory(name="Ann Executive", email="ann.ae@rhythm.test", role=Role.AE)
    said = {
        manager: "No accounts in your team's books yet.",
        leader: "No accounts yet.",
        ae: "No accounts with you on their account team yet.",
    }
    for member, message in said.items():
        page = logged_in(client, member).get("/accounts/").content.decode()
        assert " ".join(page.split()).count(message) == 1, member.role
        assert "in your book" not in page


def test_account_page_shows_team_contacts_and_timeline(client, alice, account):
    champion = ContactFactory(account=account, name="Ana Champion", persona="champion")
    ContactFactory(account=account, name="Vic VP", persona="vp", introduced_by=champion)
    ActivityFactory(account=account, kind="ebr", notes="Roadmap agreed")
    page = logged_in(client, alice).get(f"/accounts/{account.pk}/").content.decode()
    for text in ["Alice Owner", "Ana Champion", "introduced by Ana Champion", "Roadmap agreed"]:
        assert text in page


def test_outsider_gets_404_for_the_page_and_the_form(client, charlie, account):
    logged_in(client, charlie)
    assert client.get(f"/accounts/{account.pk}/").status_code == 404
    response = client.post(f"/accounts/{account.pk}/activities/", CALL, HTTP_HX_REQUEST="true")
    assert response.status_code == 404
    assert Activity.objects.count() == 0


def test_leadership_may_read_but_not_log(client, leader, account):
    logged_in(client, leader)
    page = client.get(f"/accounts/{account.pk}/")
    assert page.status_code == 200
    assert "Log an activity" not in page.content.decode()
    response = client.post(f"/accounts/{account.pk}/activities/", CALL, HTTP_HX_REQUEST="true")
    assert response.status_code == 403
    assert Activity.objects.count() == 0


def test_htmx_log_returns_the_refreshed_timeline(client, alice, account):
    logged_in(client, alice)
    response = client.post(f"/accounts/{account.pk}/activities/", CALL, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Logged." in html and "2026-11-20" in html
    activity = Activity.objects.get()
    assert (activity.kind, activity.logged_by) == ("cadence_call", alice)


def test_htmx_log_with_bad_attendee_shows_the_reason_and_writes_nothing(client, alice, account):
    logged_in(client, alice)
    data = {**CALL, "attendees": "ghost@nowhere.test"}
    response = client.post(f"/accounts/{account.pk}/activities/", data, HTTP_HX_REQUEST="true")
    assert "Not a contact of this account or a team member: ghost@nowhere.test" in (
        response.content.decode()
    )
    assert Activity.objects.count() == 0


def test_form_works_without_javascript(client, alice, account):
    response = logged_in(client, alice).post(f"/accounts/{account.pk}/activities/", CALL)
    assert response.status_code == 302
    assert Activity.objects.count() == 1


def grow_book(alice, account):
    def grow(count):
        for index in range(count):
            account_owned_by(alice)
            ContactFactory(account=account)
            ActivityFactory(account=account, notes=f"call {index}")

    return grow


def test_account_pages_make_the_same_queries_for_10_and_1000_rows(client, alice, account):
    logged_in(client, alice)
    grow = grow_book(alice, account)
    assert_flat_query_count(lambda: client.get("/accounts/"), grow, 10, 1000)
    assert_flat_query_count(lambda: client.get(f"/accounts/{account.pk}/"), grow, 10, 1000)


def test_notes_too_long_are_refused_at_their_field_and_the_box_says_its_bound(
    client, alice, account
):
    logged_in(client, alice)
    page = client.get(f"/accounts/{account.pk}/").text
    assert 'maxlength="10000"' in page and 'name="notes"' in page
    data = {**CALL, "notes": "x" * 12_345}
    response = client.post(f"/accounts/{account.pk}/activities/", data)
    assert response.context["form"].errors["notes"] == [
        "Notes are 12,345 characters; keep them to 10,000."
    ]
    assert "Notes are 12,345 characters; keep them to 10,000." in response.content.decode()
    assert Activity.objects.count() == 0
    # As a browser counts them: each line break one character, though it is sent as two.
    lines = "\r\n".join(["x" * 99] * 100)  # 9,900 + 99 breaks
    response = client.post(f"/accounts/{account.pk}/activities/", {**CALL, "notes": lines})
    assert response.status_code == 302
    assert Activity.objects.count() == 1


def test_one_submission_shows_the_forms_errors_and_the_services_at_once(client, alice, account):
    logged_in(client, alice)
    data = {
        **CALL,
        "date": "",  # the form's error
        "attendees": "ghost@nowhere.test",  # the service's: neither a contact nor a member
        "notes": "x" * 12_345,  # the service's: longer than its bound
    }
    errors = {
        "date": ["This field is required."],
        "attendees": ["Not a contact of this account or a team member: ghost@nowhere.test"],
        "notes": ["Notes are 12,345 characters; keep them to 10,000."],
    }
    response = client.post(f"/accounts/{account.pk}/activities/", data)
    assert response.status_code == 400
    assert response.context["form"].errors == errors
    html = response.content.decode()
    for field, [message] in errors.items():
        assert f'<span class="error" id="id_{field}_error">{message}</span>' in html
    response = client.post(f"/accounts/{account.pk}/activities/", data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200  # htmx swaps only 2xx: the form shows its errors
    assert response.context["form"].errors == errors
    assert Activity.objects.count() == 0


def test_an_ebr_s_date_refused_in_its_words_shows_beside_the_form_s_error(client, alice, account):
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    data = {"kind": "ebr", "date": tomorrow, "duration_minutes": "2000", "attendees": "x@y.test"}
    response = logged_in(client, alice).post(f"/accounts/{account.pk}/activities/", data)
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "duration_minutes": ["Ensure this value is less than or equal to 1440."],
        "date": [f"{tomorrow} is in the future; log an EBR once it is held."],
        "attendees": ["Not a contact of this account or a team member: x@y.test"],
    }
    assert Activity.objects.count() == 0


def test_every_filter_page_keeps_its_address_to_the_point(client, manager, alice):
    """The Accounts list, the team page and the Workshops page drop what My day drops: the
    fields left empty and the date when it is today, without JavaScript too."""
    browser = logged_in(client, manager)
    now = timezone.localdate().isoformat()
    email = alice.email.replace("@", "%40")
    sent = {
        f"/accounts/?q=&csm={email}&behind=": f"/accounts/?csm={email}",
        f"/team/?csm=&on={now}&by=segment": "/team/?by=segment",
        "/sessions/?of_kind=&q=acme&held=": "/sessions/?q=acme",
        "/accounts/?q=&behind=": "/accounts/",
    }
    for address, tidy in sent.items():
        response = browser.get(address)
        assert (response.status_code, response["Location"]) == (302, tidy), address
        assert browser.get(tidy).status_code == 200, tidy
