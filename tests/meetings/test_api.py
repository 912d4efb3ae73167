"""The sessions API: record a workshop or roundtable, list them; denied cases change nothing."""

import datetime as dt

from django.utils import timezone

from rhythm.meetings.models import Session
from tests.apiclient import bearer, post_json
from tests.factories import account_owned_by


def post(client, body, member):
    return post_json(client, "/api/v1/sessions", body, member)


def workshop(*accounts, **changes):
    today = timezone.localdate().isoformat()
    body = {
        "kind": "workshop",
        "topic": "CI pipelines",
        "date": today,
        "accounts": [{"account_id": a.pk, "consented_on": today} for a in accounts],
    }
    return {**body, **changes}


def test_a_csm_records_a_workshop_and_lists_it(client, alice, account):
    other = account_owned_by(alice, name="Globex")
    response = post(client, workshop(account, other, duration_minutes=60), alice)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["kind"], body["lead"], body["other_accounts"]) == ("workshop", alice.email, 0)
    assert [a["account"] for a in body["accounts"]] == ["Acme Corp", "Globex"]
    listed = client.get("/api/v1/sessions", **bearer(alice)).json()
    assert listed["count"] == 1 and listed["items"][0]["topic"] == "CI pipelines"


def test_a_session_is_listed_without_the_accounts_one_cannot_see(client, alice, bob, account):
    bobs = account_owned_by(bob, name="Bobcorp")
    unseen = post(client, workshop(bobs, account), bob)  # Acme is not in Bob's book
    assert unseen.status_code == 404
    assert unseen.json() == {"detail": f"No such account: {account.pk}."}
    assert post(client, workshop(bobs), bob).status_code == 201
    assert client.get("/api/v1/sessions", **bearer(alice)).json()["count"] == 0
    # Their manager records one with both; each CSM sees their own account and a count.
    response = post(client, workshop(account, bobs, lead=bob.email, topic="Joint"), alice.manager)
    assert response.status_code == 201, response.content
    [shared] = client.get("/api/v1/sessions", **bearer(alice)).json()["items"]
    assert [a["account"] for a in shared["accounts"]] == ["Acme Corp"]
    assert (shared["other_accounts"], shared["lead"]) == (1, bob.email)


def test_denied_and_invalid_sessions_change_nothing(client, alice, charlie, leader, account):
    assert post(client, workshop(account), charlie).status_code == 404
    assert post(client, workshop(account), leader).status_code == 403
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = post(client, workshop(account, kind="roundtable", date=tomorrow), alice)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["industry"] == ["A roundtable is for one industry (RT-1); name it."]
    assert "is in the future" in errors["date"][0]
    response = post(client, workshop(account, lead="nobody@rhythm.test"), alice)
    assert response.json()["errors"] == {
        "lead": ["No team member with the email 'nobody@rhythm.test'."]
    }
    assert not Session.objects.exists()


def test_the_list_and_the_page_make_the_same_queries_for_3_and_30_sessions(client, alice):
    from rhythm.meetings.services import record_session
    from tests.querycount import assert_flat_query_count
    from tests.web.pages import logged_in

    accounts = [account_owned_by(alice, name=f"Account {n}") for n in range(3)]
    held = timezone.localdate()
    made = []

    def grow(count: int) -> None:
        for _ in range(count):
            n = len(made)
            day = held - dt.timedelta(days=n)
            record_session(
                kind="workshop",
                topic=f"Topic {n}",
                date=day,
                accounts=[(account, day) for account in accounts],
            )
            made.append(n)

    headers = bearer(alice)
    assert_flat_query_count(lambda: client.get("/api/v1/sessions", **headers), grow, 3, 30)
    logged_in(client, alice)
    assert_flat_query_count(lambda: client.get("/sessions/"), grow, 33, 60)


def test_a_meeting_planned_more_than_ten_years_ahead_is_refused(client, alice, account):
    from rhythm.lib.dates import latest_day
    from rhythm.meetings.models import Ebr, LeadershipCheckIn

    latest = latest_day(timezone.localdate())
    for path in ("ebrs", "check-ins"):
        url = f"/api/v1/accounts/{account.pk}/{path}"
        refused = post_json(client, url, {"planned_on": "9999-12-31"}, alice)
        assert refused.status_code == 400
        assert refused.json()["errors"]["date"] == [
            "9999-12-31 is more than 10 years ahead; check the year."
        ]
        assert post_json(client, url, {"planned_on": latest.isoformat()}, alice).status_code == 201
    assert Ebr.objects.get().planned_on == LeadershipCheckIn.objects.get().planned_on == latest
