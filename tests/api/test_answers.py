"""The API's answers to what it cannot read: a date not written YYYY-MM-DD, a body that is
not JSON, an address or a method it does not have. Each in JSON, with the reason."""

import pytest
from django.utils import timezone

from rhythm.contacts.models import Contact
from rhythm.plans.models import ActionItem
from rhythm.surveys.models import SurveyResponse
from rhythm.timeline.models import Activity
from tests.apiclient import bearer, post_json, the_error


@pytest.mark.parametrize("sent", [1764547200, 0, "2026-06-15T00:00:00Z", "15/06/2026", "2026-6-1"])
def test_a_date_in_a_body_is_written_yyyy_mm_dd(client, alice, account, sent):
    url = f"/api/v1/accounts/{account.pk}/health"
    response = post_json(client, url, {"overall": "green", "date": sent}, alice)
    assert response.status_code == 422
    assert the_error(response) == ("date", f"{sent!r} is not a date; write it YYYY-MM-DD")


def test_a_date_in_a_body_is_read_when_written_yyyy_mm_dd(client, alice, account):
    url = f"/api/v1/accounts/{account.pk}/health"
    response = post_json(client, url, {"overall": "green", "date": "2026-06-15"}, alice)
    assert response.status_code == 201 and response.json()["date"] == "2026-06-15"


def test_a_body_that_is_not_json_is_a_400_with_the_reason(client, alice, account):
    response = client.post(
        f"/api/v1/accounts/{account.pk}/priority/review",
        "{bad",
        content_type="application/json",
        **bearer(alice),
    )
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Invalid input."
    assert body["errors"]["body"][0].startswith("The body is not valid JSON")


@pytest.mark.parametrize("path", ["/api/v1/nope", "/api/v1/queue/"])
def test_an_address_the_api_does_not_have_is_a_json_404(client, alice, path):
    response = client.get(path, **bearer(alice))
    assert response.status_code == 404
    assert response.json() == {"detail": f"No such address in the API: GET {path}."}


def test_a_method_an_address_does_not_take_is_a_json_405(client, alice):
    response = client.delete("/api/v1/queue", **bearer(alice))
    assert response.status_code == 405 and response["Allow"] == "GET"
    assert response.json() == {"detail": "DELETE /api/v1/queue is not allowed; use GET."}


def test_a_page_that_does_not_exist_is_still_a_page(client, alice):
    client.force_login(alice.user)
    response = client.get("/nope/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    ("sent", "kind"),
    [
        ([{"status": "dropped"}], "a list"),
        ([], "a list"),
        (None, "null"),
        ("dropped", "a string"),
        (5, "a number"),
        (True, "true or false"),
    ],
)
def test_a_body_that_is_not_an_object_is_a_400_and_closes_nothing(
    client, alice, account, sent, kind
):
    """Read as `{}`, any of these would close the item done today, every field defaulted."""
    item = ActionItem.objects.create(
        account=account, text="Call the sponsor", status="open", created_on=timezone.localdate()
    )
    url = f"/api/v1/accounts/{account.pk}/action-items/{item.pk}/close"
    response = post_json(client, url, sent, alice)
    assert response.status_code == 400
    reason = f'The body is {kind}, not an object; send an object such as {{"date": "2026-11-20"}}.'
    assert response.json() == {"detail": "Invalid input.", "errors": {"body": [reason]}}
    item.refresh_from_db()
    assert item.status == "open" and item.done_on is None


@pytest.mark.parametrize("path", ["/api/v1/sessions", "/api/v1/team/time-off"])
@pytest.mark.parametrize("sent", ["0", "1764547200", "2026-06-15T00:00:00"])
def test_a_since_parameter_is_written_yyyy_mm_dd(client, alice, path, sent):
    """`since=0` was read as 1970-01-01 by the sessions, listing every session ever."""
    response = client.get(f"{path}?since={sent}", **bearer(alice))
    assert response.status_code == 422
    assert the_error(response) == ("since", f"{sent!r} is not a date; write it YYYY-MM-DD")


@pytest.mark.parametrize("path", ["/api/v1/sessions", "/api/v1/team/time-off"])
def test_a_since_parameter_written_yyyy_mm_dd_is_read(client, alice, path):
    assert client.get(f"{path}?since=2026-06-15", **bearer(alice)).status_code == 200


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("surveys", {"kind": "nps", "score": False}, "score"),
        (
            "use-cases",
            {"use_case": "ci", "status": "green", "maturity_score": True},
            "maturity_score",
        ),
        ("activities", {"kind": "cadence_call", "duration_minutes": True}, "duration_minutes"),
        ("contacts", {"name": "Vera", "relationship_strength": True}, "relationship_strength"),
        ("usage", {"licenses_activated": True}, "licenses_activated"),
    ],
)
def test_true_or_false_is_not_a_number(client, alice, account, path, body, field):
    """Read as 1 or 0, `"score": false` was recorded as an NPS of 0, a detractor."""
    response = post_json(client, f"/api/v1/accounts/{account.pk}/{path}", body, alice)
    assert response.status_code == 422
    sent = str(body[field]).lower()
    assert the_error(response) == (field, f"{sent} is not a number; send a whole number")
    assert (
        SurveyResponse.objects.count() == Activity.objects.count() == Contact.objects.count() == 0
    )


def test_a_session_account_id_of_true_is_not_account_1(client, alice, account):
    body = {"kind": "workshop", "topic": "CI", "accounts": [{"account_id": True}]}
    response = post_json(client, "/api/v1/sessions", body, alice)
    assert response.status_code == 422
    reason = "true is not a number; send a whole number"
    assert the_error(response) == ("accounts.0.account_id", reason)


def test_a_score_of_0_is_still_a_number(client, alice, account):
    body = {"kind": "nps", "score": 0}
    response = post_json(client, f"/api/v1/accounts/{account.pk}/surveys", body, alice)
    assert response.status_code == 201 and response.json()["score"] == 0


@pytest.mark.parametrize(
    ("path", "body", "where"),
    [
        ("health", {"overall": "green", "note": "a\x00b"}, "note"),
        ("surveys", {"kind": "nps", "score": 9, "contact": "\x00"}, "contact"),
        (
            "activities",
            {"kind": "cadence_call", "attendees": ["x", "a\x00"]},
            "attendees.1",
        ),
    ],
)
def test_a_null_character_in_a_body_is_a_422_naming_the_field(
    client, alice, account, path, body, where
):
    """PostgreSQL cannot store a null character: it answered an error page (500)."""
    response = post_json(client, f"/api/v1/accounts/{account.pk}/{path}", body, alice)
    assert response.status_code == 422
    errors = {where: ["Null characters are not allowed."]}
    assert response.json() == {"detail": "Invalid input.", "errors": errors}
    assert SurveyResponse.objects.count() == Activity.objects.count() == 0


@pytest.mark.parametrize(
    ("path", "query", "parameter"),
    [
        ("/api/v1/accounts", "q=a%00", "q"),
        ("/api/v1/queue", "account=a%00b", "account"),
        ("/api/v1/queue", "csm=%00", "csm"),
        ("/api/v1/kpis", "manager=%00", "manager"),
    ],
)
def test_a_null_character_in_a_parameter_is_a_422_naming_it(client, alice, path, query, parameter):
    response = client.get(f"{path}?{query}", **bearer(alice))
    assert response.status_code == 422
    errors = {parameter: ["Null characters are not allowed."]}
    assert response.json() == {"detail": "Invalid input.", "errors": errors}


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/queue?csm=&manager=&account=&on=&rule=&state=",
        "/api/v1/queue/accounts?on=",
        "/api/v1/kpis?csm=&on=",
        "/api/v1/review?on=",
        "/api/v1/sessions?since=&limit=&offset=",
        "/api/v1/team/time-off?since=",
        "/api/v1/accounts?q=&limit=",
        "/api/v1/accounts/{id}/action-items?status=",
    ],
)
def test_an_empty_parameter_is_one_not_sent(client, alice, account, path):
    """As the docs write the filters (`?csm=&manager=&account=&on=`): `on=` was a 422."""
    response = client.get(path.format(id=account.pk), **bearer(alice))
    assert response.status_code == 200


def test_an_empty_grouping_is_a_missing_one(client, alice):
    response = client.get("/api/v1/kpis/groups?by=", **bearer(alice))
    assert response.status_code == 422
    assert the_error(response) == ("by", "Field required")


def _refusals(client, alice, account):
    """One request of each kind an integration gets wrong, with the field it names."""
    health = f"/api/v1/accounts/{account.pk}/health"
    get = client.get
    yield "on", get("/api/v1/queue?on=2026-02-30", **bearer(alice))
    yield "csm", get("/api/v1/queue?csm=nobody@rhythm.test", **bearer(alice))
    yield "account", get("/api/v1/queue/accounts?account=Nowhere", **bearer(alice))
    yield "limit", get("/api/v1/accounts?limit=ten", **bearer(alice))
    yield "account_id", get("/api/v1/accounts/ten", **bearer(alice))
    yield "overall", post_json(client, health, {"note": "no overall"}, alice)
    yield "overall", post_json(client, health, {"overall": 3}, alice)
    yield "overall", post_json(client, health, {"overall": "blue"}, alice)
    yield "body", post_json(client, health, [], alice)
    time_off = {"member": "nobody@rhythm.test", "starts_on": "2026-12-21", "ends_on": "2026-12-22"}
    yield "member", post_json(client, "/api/v1/team/time-off", time_off, alice)
    session = {"kind": "workshop", "topic": "CI", "accounts": [{"account_id": account.pk + 1}]}
    yield "accounts.0.account_id", post_json(client, "/api/v1/sessions", session, alice)


def test_every_refusal_names_the_field_and_why_in_one_shape(client, alice, account):
    """A bad date in `?on=`, an unknown CSM or account, a missing or mistyped body field, a
    value the service refuses, an unknown member or account in a body: a 400, 404 or 422,
    each `{"detail": "...", "errors": {"field": ["why"]}}`, the field as it was sent."""
    statuses = set()
    for field, response in _refusals(client, alice, account):
        statuses.add(response.status_code)
        named, reason = the_error(response)
        assert (named, bool(reason)) == (field, True), response.content
    assert statuses == {400, 404, 422}
