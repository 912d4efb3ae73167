"""The activity API: allowed, forbidden and invisible, each denied case changing nothing."""

import datetime as dt
import json

import pytest
from django.test import Client

from rhythm.timeline.models import Activity
from tests.apiclient import bearer, post_json, the_error
from tests.factories import ActivityFactory, account_owned_by
from tests.querycount import assert_flat_query_count

CALL = {"kind": "cadence_call", "date": "2026-11-20", "duration_minutes": 30, "notes": "ok"}


def post(client, account, body, **headers):
    return post_json(client, f"/api/v1/accounts/{account.pk}/activities", body, **headers)


def test_owner_logs_a_call_with_a_token(client, alice, account):
    response = post(client, account, CALL, **bearer(alice))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == "cadence_call"
    assert body["date"] == "2026-11-20"
    assert body["logged_by"] == "alice@rhythm.test"
    assert Activity.objects.filter(account=account).count() == 1


def test_an_activity_is_dated_today_by_default(client, alice, account):
    from django.utils import timezone

    body = {key: value for key, value in CALL.items() if key != "date"}
    response = post(client, account, body, **bearer(alice))
    assert response.status_code == 201, response.content
    assert response.json()["date"] == timezone.localdate().isoformat()


def test_manager_may_log_on_a_reports_account(client, manager, account):
    assert post(client, account, CALL, **bearer(manager)).status_code == 201


def test_outsider_gets_404_and_nothing_changes(client, charlie, account):
    response = post(client, account, CALL, **bearer(charlie))
    assert response.status_code == 404
    assert client.get(f"/api/v1/accounts/{account.pk}", **bearer(charlie)).status_code == 404
    assert (
        client.get(f"/api/v1/accounts/{account.pk}/activities", **bearer(charlie)).status_code
        == 404
    )
    assert Activity.objects.count() == 0


def test_a_404_names_the_account_asked_for_whether_unseen_or_unknown(client, charlie, account):
    unseen = client.get(f"/api/v1/accounts/{account.pk}", **bearer(charlie))
    unknown = client.get(f"/api/v1/accounts/{account.pk + 1000}", **bearer(charlie))
    assert (unseen.status_code, unknown.status_code) == (404, 404)
    assert unseen.json() == {"detail": f"No such account: {account.pk}."}
    assert unknown.json() == {"detail": f"No such account: {account.pk + 1000}."}


def test_read_only_leadership_gets_403_and_nothing_changes(client, leader, account):
    assert client.get(f"/api/v1/accounts/{account.pk}", **bearer(leader)).status_code == 200
    response = post(client, account, CALL, **bearer(leader))
    assert response.status_code == 403
    assert "read accounts but not record" in response.json()["detail"]
    assert Activity.objects.count() == 0


def test_anonymous_gets_401_and_nothing_changes(client, account):
    assert post(client, account, CALL).status_code == 401
    assert client.get("/api/v1/accounts").status_code == 401
    assert Activity.objects.count() == 0


def test_bad_token_is_refused(client, account):
    response = post(client, account, CALL, HTTP_AUTHORIZATION="Bearer rhy_not-a-token")
    assert response.status_code == 401
    assert Activity.objects.count() == 0


def test_invalid_activity_answers_400_with_the_field(client, alice, account):
    response = post(client, account, {**CALL, "kind": "coffee"}, **bearer(alice))
    assert response.status_code == 400
    assert "kind" in response.json()["errors"]
    assert Activity.objects.count() == 0


def test_session_auth_requires_csrf_on_writes(alice, account):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(alice.user)
    assert browser.get("/api/v1/accounts").status_code == 200
    assert post(browser, account, CALL).status_code == 403
    assert Activity.objects.count() == 0


def test_accounts_list_shows_only_my_book(client, alice, charlie, account):
    account_owned_by(charlie, name="Other")
    body = client.get("/api/v1/accounts", **bearer(alice)).json()
    assert [item["name"] for item in body["items"]] == ["Acme Corp"]
    assert body["items"][0]["team"] == [
        {"role": "csm", "email": "alice@rhythm.test", "name": "Alice Owner"}
    ]


def test_lists_make_the_same_queries_for_10_and_1000_rows(client, alice, account):
    headers = bearer(alice)

    def grow(count):
        for _ in range(count):
            account_owned_by(alice)
            ActivityFactory(account=account)

    accounts_url = "/api/v1/accounts?limit=1000"
    activities_url = f"/api/v1/accounts/{account.pk}/activities?limit=1000"
    assert_flat_query_count(lambda: client.get(accounts_url, **headers), grow, 10, 1000)
    assert_flat_query_count(lambda: client.get(activities_url, **headers), grow, 10, 1000)


def test_openapi_document_is_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert "/api/v1/accounts/{account_id}/activities" in response.json()["paths"]


def test_an_ebr_logged_through_the_api_is_the_ebr_being_prepared(client, alice, account):
    from django.utils import timezone

    from rhythm.meetings.models import Ebr
    from rhythm.meetings.services import plan_ebr

    today = timezone.localdate()
    plan_ebr(account=account, planned_on=today)
    body = {"kind": "ebr", "date": today.isoformat(), "duration_minutes": 90, "notes": "Held"}
    response = post(client, account, body, **bearer(alice))
    assert response.status_code == 201, response.content
    ebr = Ebr.objects.get(account=account)
    assert (ebr.status, ebr.held_on, ebr.activity.notes) == ("held", today, "Held")
    assert response.json()["notes"] == "Held"

    again = post(client, account, body, **bearer(alice))
    assert again.status_code == 200 and again.json()["id"] == response.json()["id"]
    assert Activity.objects.filter(account=account, kind="ebr").count() == 1


def test_the_same_activity_sent_again_is_not_a_second_one(client, alice, account):
    from tests.factories import ContactFactory

    ContactFactory(account=account, email="ana@acme.test")
    call = {**CALL, "attendees": ["ana@acme.test", "alice@rhythm.test"]}
    first = post(client, account, call, **bearer(alice))
    assert first.status_code == 201, first.content
    again = post(client, account, {**call, "attendees": call["attendees"][::-1]}, **bearer(alice))
    assert again.status_code == 200, again.content
    assert again.json()["id"] == first.json()["id"]
    assert Activity.objects.filter(account=account).count() == 1
    # Any difference is another activity: a second call that day, with other notes.
    other = post(client, account, {**call, "notes": "a second call"}, **bearer(alice))
    assert other.status_code == 201
    assert Activity.objects.filter(account=account).count() == 2


# Correcting a logged activity: PATCH /accounts/{account_id}/activities/{activity_id}.


def patch(client, account, activity, body, **headers):
    url = f"/api/v1/accounts/{account.pk}/activities/{activity.pk}"
    return client.patch(url, json.dumps(body), content_type="application/json", **headers)


@pytest.fixture
def review(account, alice):
    from rhythm.timeline.services import log_activity

    return log_activity(
        account=account,
        kind="renewal_review",
        date=dt.date(2026, 11, 20),
        duration_minutes=45,
        notes="On track.",
        attendee_emails=[alice.email],
        logged_by=alice,
    )


@pytest.fixture
def sa(account):
    from tests.factories import SeatFactory, TeamMemberFactory

    member = TeamMemberFactory(name="Sam Architect", email="sam@rhythm.test", role="sa")
    SeatFactory(account=account, member=member, role="sa")
    return member


def stored(activity):
    fresh = Activity.objects.get(pk=activity.pk)
    emails = sorted(m.email for m in fresh.members.all())
    return (fresh.kind, fresh.date, fresh.duration_minutes, fresh.notes, emails)


def test_owner_adds_the_sa_left_out_of_a_review(client, alice, account, review, sa):
    body = {"attendees": [alice.email, sa.email]}
    response = patch(client, account, review, body, **bearer(alice))
    assert response.status_code == 200, response.content
    answer = response.json()
    assert (answer["id"], answer["attendees"]) == (review.pk, [alice.email, sa.email])
    assert (answer["notes"], answer["duration_minutes"]) == ("On track.", 45)  # not sent: kept
    assert stored(review) == (
        "renewal_review",
        dt.date(2026, 11, 20),
        45,
        "On track.",
        [alice.email, sa.email],
    )
    again = patch(client, account, review, body, **bearer(alice))
    assert again.status_code == 200 and again.json() == answer


def test_null_removes_the_duration_and_notes_are_replaced(client, alice, account, review):
    body = {"duration_minutes": None, "notes": "Budget at risk."}
    response = patch(client, account, review, body, **bearer(alice))
    assert response.status_code == 200, response.content
    assert stored(review)[2:] == (None, "Budget at risk.", [alice.email])


def test_an_unknown_attendee_answers_400_naming_it_and_changes_nothing(
    client, alice, account, review
):
    before = stored(review)
    body = {"attendees": [alice.email, "ghost@nowhere.test"], "notes": "Changed"}
    response = patch(client, account, review, body, **bearer(alice))
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Invalid input.",
        "errors": {
            "attendees": ["Not a contact of this account or a team member: ghost@nowhere.test"]
        },
    }
    assert stored(review) == before


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"duration_minutes": 0}, "duration_minutes", "greater than or equal to 1"),
        ({"date": "2026-11-21"}, "date", "Extra inputs are not permitted"),
        ({"kind": "cadence_call"}, "kind", "Extra inputs are not permitted"),
        ({"attendees": "sam@rhythm.test"}, "attendees", "valid list"),
    ],
    ids=["zero-duration", "date", "kind", "attendees-not-a-list"],
)
def test_a_body_out_of_range_or_with_other_fields_answers_422(
    client, alice, account, review, body, field, message
):
    before = stored(review)
    response = patch(client, account, review, body, **bearer(alice))
    assert response.status_code == 422, response.content
    named, reason = the_error(response)
    assert named == field and message in reason
    assert stored(review) == before


def test_a_correction_made_on_an_old_version_is_refused_with_409(
    client, alice, account, review, sa
):
    """Two scripts (or a script and a person) correcting the same activity: the second,
    sending the version it read, is refused instead of undoing the first's change."""
    listed = client.get(f"/api/v1/accounts/{account.pk}/activities", **bearer(alice)).json()
    read = next(a for a in listed["items"] if a["id"] == review.pk)["version"]

    first = patch(client, account, review, {"attendees": [alice.email, sa.email]}, **bearer(alice))
    assert first.status_code == 200, first.content
    assert first.json()["version"] != read  # the attendees changed: so did the version
    before = stored(review)

    late = patch(client, account, review, {"notes": "Mine", "version": read}, **bearer(alice))
    assert late.status_code == 409, late.content
    assert "Someone corrected this activity" in late.json()["detail"]
    assert stored(review) == before

    current = first.json()["version"]
    again = patch(client, account, review, {"notes": "Mine", "version": current}, **bearer(alice))
    assert again.status_code == 200, again.content
    assert stored(review)[3] == "Mine"
    unsent = patch(client, account, review, {"notes": "Without a version"}, **bearer(alice))
    assert unsent.status_code == 200  # nothing compared, as before


def test_an_activity_s_version_is_its_stored_version(client, alice, account, review):
    from rhythm.timeline.services import activity_version

    answer = patch(client, account, review, {"notes": "Changed"}, **bearer(alice)).json()
    assert answer["version"] == activity_version(review)
    schema = client.get("/api/v1/openapi.json", **bearer(alice)).json()
    patch_doc = schema["paths"]["/api/v1/accounts/{account_id}/activities/{activity_id}"]
    assert "409" in patch_doc["patch"]["responses"]


def test_an_activity_of_another_account_is_404_and_unchanged(client, alice, account, review):
    other = account_owned_by(alice, name="Other Co")
    before = stored(review)
    response = patch(client, other, review, {"notes": "Moved?"}, **bearer(alice))
    assert response.status_code == 404
    assert response.json() == {"detail": f"No such activity: {review.pk}."}
    assert stored(review) == before


def test_manager_may_correct_a_reports_activity(client, manager, account, review):
    response = patch(client, account, review, {"notes": "Checked"}, **bearer(manager))
    assert response.status_code == 200 and stored(review)[3] == "Checked"


def test_an_outsider_correcting_gets_404_and_nothing_changes(client, charlie, account, review):
    before = stored(review)
    response = patch(client, account, review, {"notes": "Mine now"}, **bearer(charlie))
    assert response.status_code == 404
    assert response.json() == {"detail": f"No such account: {account.pk}."}
    assert stored(review) == before


def test_leadership_correcting_gets_403_and_nothing_changes(client, leader, account, review):
    before = stored(review)
    response = patch(client, account, review, {"notes": "Read only"}, **bearer(leader))
    assert response.status_code == 403
    assert "read accounts but not record" in response.json()["detail"]
    assert stored(review) == before


def test_anonymous_and_csrf_less_session_edits_are_refused(alice, account, review):
    before = stored(review)
    assert patch(Client(), account, review, {"notes": "x"}).status_code == 401
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(alice.user)
    assert patch(browser, account, review, {"notes": "x"}).status_code == 403
    assert stored(review) == before


def test_notes_too_long_are_refused_in_the_error_shape_when_logged_or_corrected(
    client, alice, account, review
):
    body = {**CALL, "notes": "x" * 10_001}
    response = post(client, account, body, **bearer(alice))
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Invalid input.",
        "errors": {"notes": ["Notes are 10,001 characters; keep them to 10,000."]},
    }
    response = patch(client, account, review, {"notes": "y" * 10_001}, **bearer(alice))
    assert response.status_code == 400
    assert the_error(response) == ("notes", "Notes are 10,001 characters; keep them to 10,000.")
    assert list(Activity.objects.values_list("notes", flat=True)) == ["On track."]
