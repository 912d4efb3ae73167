"""The sessions API: record a workshop or roundtable, list them; denied cases change nothing."""

import datetime as dt

from django.utils import timezone

from rhythm.meetings.models import Session
from rhythm.timeline.models import Activity
from tests.apiclient import bearer, post_json, the_error
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
    missing = f"No such account: {account.pk}."
    assert unseen.json() == {"detail": missing, "errors": {"accounts.1.account_id": [missing]}}
    assert post(client, workshop(bobs), bob).status_code == 201
    assert client.get("/api/v1/sessions", **bearer(alice)).json()["count"] == 0
    # Their manager records one with both; each CSM sees their own account and a count.
    response = post(client, workshop(account, bobs, lead=bob.email, topic="Joint"), alice.manager)
    assert response.status_code == 201, response.content
    [shared] = client.get("/api/v1/sessions", **bearer(alice)).json()["items"]
    assert [a["account"] for a in shared["accounts"]] == ["Acme Corp"]
    assert (shared["other_accounts"], shared["lead"]) == (1, bob.email)


def test_a_session_is_held_today_by_default(client, alice, account):
    body = {key: value for key, value in workshop(account).items() if key != "date"}
    response = post(client, body, alice)
    assert response.status_code == 201, response.content
    assert response.json()["date"] == timezone.localdate().isoformat()


def test_a_second_csm_recording_the_same_session_keeps_its_lead_and_answers_200(
    client, alice, bob, account
):
    """Each CSM whose accounts attended records the workshop: the first one's lead (and
    WS-2's credit) stays, and recording it again answers 200 as an update does."""
    bobs = account_owned_by(bob, name="Bobcorp")
    first = post(client, workshop(account), alice)
    assert (first.status_code, first.json()["lead"]) == (201, alice.email)
    second = post(client, workshop(bobs), bob)
    assert second.status_code == 201, second.content  # Bobcorp's attendance is new
    assert (second.json()["id"], second.json()["lead"]) == (first.json()["id"], alice.email)
    session = Session.objects.get()
    assert session.lead == alice and session.attendance.count() == 2
    assert Activity.objects.get(account=bobs).logged_by == alice  # logged by its lead
    assert post(client, workshop(bobs), bob).status_code == 200  # sent again as it was
    # A lead sent is a lead: the session's own lead changes when someone says so.
    moved = post(client, workshop(bobs, lead=bob.email), bob)
    assert (moved.status_code, moved.json()["lead"]) == (200, bob.email)


def test_a_consent_error_names_only_the_accounts_sent(client, alice, bob, account):
    bobs = account_owned_by(bob, name="Bobcorp")
    alone = workshop(account, accounts=[{"account_id": account.pk, "consented_on": None}])
    assert post(client, alone, alice).status_code == 201  # one account needs no consent
    without = workshop(bobs, accounts=[{"account_id": bobs.pk, "consented_on": None}])
    refused = post(client, without, bob)
    assert refused.status_code == 400
    assert refused.json()["errors"] == {
        "accounts": [
            "No consent to a multi-customer session: Bobcorp and 1 account already recorded at it."
        ]
    }
    refused = post(client, workshop(bobs), bob)
    assert refused.json()["errors"] == {
        "accounts": ["No consent to a multi-customer session: 1 account already recorded at it."]
    }
    assert "Acme" not in refused.content.decode()
    assert Session.objects.get().attendance.count() == 1


def test_a_roundtable_names_an_industry_of_the_accounts(client, alice, account):
    body = workshop(account, kind="roundtable", industry="Nope")
    refused = post(client, body, alice)
    assert refused.status_code == 400
    assert refused.json()["errors"] == {
        "industry": ["'Nope' is not the industry of any account; use one of: Finance."]
    }
    assert not Session.objects.exists()
    recorded = post(client, {**body, "industry": "FINANCE"}, alice)
    assert (recorded.status_code, recorded.json()["industry"]) == (201, "Finance")
    assert recorded.json()["industries"] == ["Finance"]


def test_a_roundtable_names_several_industries(client, alice, account):
    """`industries` names them all; `industry` still reads the first, for older clients."""
    account_owned_by(alice, name="Grid Co", industry="Energy")
    account_owned_by(alice, name="Water Co", industry="Utilities")
    body = workshop(account, kind="roundtable", industries=["energy", "Utilities", "ENERGY"])
    recorded = post(client, body, alice)
    assert recorded.status_code == 201, recorded.content
    answer = recorded.json()
    assert (answer["industries"], answer["industry"]) == (["Energy", "Utilities"], "Energy")
    assert Session.objects.get().industries == ["Energy", "Utilities"]
    listed = client.get("/api/v1/sessions", **bearer(alice)).json()["items"][0]
    assert (listed["industries"], listed["industry"]) == (["Energy", "Utilities"], "Energy")
    # Both fields at once: `industry` comes first; a list sent replaces the one recorded.
    again = post(client, {**body, "industry": "finance", "industries": ["utilities"]}, alice)
    assert (again.status_code, again.json()["industries"]) == (200, ["Finance", "Utilities"])
    # Nothing sent keeps the list recorded.
    kept = post(client, {**body, "industries": []}, alice)
    assert (kept.status_code, kept.json()["industries"]) == (200, ["Finance", "Utilities"])


def test_an_older_client_sending_back_the_industry_it_read_keeps_the_others(client, alice, account):
    """A client that reads `industry` (the first) and sends it back alone does not drop
    the roundtable's other industries, which RT-1 counts it for."""
    account_owned_by(alice, name="Grid Co", industry="Energy")
    account_owned_by(alice, name="Water Co", industry="Utilities")
    body = workshop(account, kind="roundtable", industries=["Energy", "Utilities"])
    assert post(client, body, alice).status_code == 201
    read = client.get("/api/v1/sessions", **bearer(alice)).json()["items"][0]
    older = {key: value for key, value in body.items() if key != "industries"}
    sent_back = post(client, {**older, "industry": read["industry"]}, alice)
    assert sent_back.status_code == 200, sent_back.content
    assert sent_back.json()["industries"] == ["Energy", "Utilities"]
    assert Session.objects.get().industries == ["Energy", "Utilities"]
    # Matched ignoring case, and the recorded list is kept whichever one it names.
    other = post(client, {**older, "topic": "ci PIPELINES", "industry": "utilities"}, alice)
    assert (other.status_code, other.json()["industries"]) == (200, ["Energy", "Utilities"])
    # One the session does not name replaces its industries, as it did.
    replaced = post(client, {**older, "industry": "finance"}, alice)
    assert (replaced.status_code, replaced.json()["industries"]) == (200, ["Finance"])
    assert Session.objects.get().industries == ["Finance"]
    # Its errors stay under the field sent, for a session recorded before too.
    refused = post(client, {**older, "industry": "Void"}, alice)
    assert refused.json()["errors"] == {
        "industry": [
            "'Void' is not the industry of any account; use one of: Energy, Finance, Utilities."
        ]
    }
    assert Session.objects.get().industries == ["Finance"]


def test_industries_sent_replace_the_list_even_beside_the_older_industry(client, alice, account):
    account_owned_by(alice, name="Grid Co", industry="Energy")
    account_owned_by(alice, name="Water Co", industry="Utilities")
    body = workshop(account, kind="roundtable", industries=["Energy", "Utilities"])
    assert post(client, body, alice).status_code == 201
    only = post(client, {**body, "industries": ["energy"]}, alice)
    assert (only.status_code, only.json()["industries"]) == (200, ["Energy"])
    assert post(client, body, alice).json()["industries"] == ["Energy", "Utilities"]
    both = post(client, {**body, "industry": "Energy", "industries": ["energy"]}, alice)
    assert (both.status_code, both.json()["industries"]) == (200, ["Energy"])
    assert Session.objects.get().industries == ["Energy"]


def test_a_new_session_with_the_older_industry_alone_names_it(client, alice, account):
    account_owned_by(alice, name="Grid Co", industry="Energy")
    recorded = post(client, workshop(account, kind="roundtable", industries=["Energy"]), alice)
    assert recorded.status_code == 201
    # Another topic is another session: the industry sent is its list.
    other = workshop(account, kind="roundtable", topic="Grid rules", industry="FINANCE")
    created = post(client, other, alice)
    assert (created.status_code, created.json()["industries"]) == (201, ["Finance"])
    assert Session.objects.get(topic="Grid rules").industries == ["Finance"]


def test_unknown_industries_are_named_under_the_field_sent(client, alice, account):
    body = workshop(account, kind="roundtable", industries=["Finance", "Nope", "Void"])
    refused = post(client, body, alice)
    assert (refused.status_code, refused.json()["detail"]) == (400, "Invalid input.")
    assert refused.json()["errors"] == {
        "industries": ["'Nope', 'Void' are not industries of any account; use one of: Finance."]
    }
    one = post(client, workshop(account, kind="roundtable", industry="Void"), alice)
    assert one.json()["errors"] == {
        "industry": ["'Void' is not the industry of any account; use one of: Finance."]
    }
    not_a_list = post(client, workshop(account, kind="roundtable", industries="Finance"), alice)
    assert not_a_list.status_code == 422
    assert list(not_a_list.json()["errors"]) == ["industries"]
    assert not Session.objects.exists()


def test_denied_and_invalid_sessions_change_nothing(client, alice, charlie, leader, account):
    assert post(client, workshop(account), charlie).status_code == 404
    assert post(client, workshop(account), leader).status_code == 403
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = post(client, workshop(account, kind="roundtable", date=tomorrow), alice)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["industries"] == [
        "A roundtable is for one or more industries (RT-1); name at least one industry."
    ]
    assert "is in the future" in errors["date"][0]
    future = workshop(account, accounts=[{"account_id": account.pk, "consented_on": "9999-01-01"}])
    response = post(client, future, alice)
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "consented_on": ["9999-01-01 is in the future; record consent once it is given."]
    }
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
        assert refused.json()["errors"]["planned_on"] == [
            "9999-12-31 is more than 10 years ahead; check the year."
        ]
        assert post_json(client, url, {"planned_on": latest.isoformat()}, alice).status_code == 201
    assert Ebr.objects.get().planned_on == LeadershipCheckIn.objects.get().planned_on == latest


def test_an_account_id_beyond_any_row_is_refused_with_its_field(client, alice, account):
    too_large = workshop(account, accounts=[{"account_id": 2**63}])
    response = post(client, too_large, alice)
    assert response.status_code == 422, response.content
    assert the_error(response)[0] == "accounts.0.account_id"
    assert not Session.objects.exists()


def test_sessions_are_listed_by_kind_and_by_text_in_a_topic_or_a_visible_account(
    client, alice, bob, account
):
    bobs = account_owned_by(bob, name="Bobcorp")
    assert post(client, workshop(account, topic="GitOps"), alice).status_code == 201
    joint = workshop(account, bobs, topic="Joint clinic", lead=bob.email)
    assert post(client, joint, alice.manager).status_code == 201

    def topics(query: str) -> list[str]:
        response = client.get(f"/api/v1/sessions?{query}", **bearer(alice))
        assert response.status_code == 200, response.content
        return sorted(item["topic"] for item in response.json()["items"])

    assert topics("kind=workshop") == ["GitOps", "Joint clinic"]
    assert topics("kind=roundtable") == []
    assert topics("q=gitops") == ["GitOps"]
    assert topics("q=acme") == ["GitOps", "Joint clinic"]  # the account's name, case aside
    assert topics("q=bobcorp") == []  # another book's account is not found by its name
    assert client.get("/api/v1/sessions?kind=webinar", **bearer(alice)).status_code == 422
