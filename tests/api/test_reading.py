"""Reading an account's success plans and contacts: what each lists, to whom, and in as
many queries whatever their number."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from rhythm.api import api
from rhythm.plans.models import Objective
from rhythm.plans.services import upsert_objective, upsert_success_plan
from tests.apiclient import bearer, the_error
from tests.factories import ContactFactory, account_owned_by
from tests.querycount import assert_flat_query_count


def get(client, account, path, member, query=""):
    return client.get(f"/api/v1/accounts/{account.pk}/{path}{query}", **bearer(member))


def test_plans_are_listed_roi_first_with_their_objectives(client, alice, account):
    sponsor = ContactFactory(account=account, name="Sam Sponsor")
    upsert_success_plan(account=account, kind="stage_adoption", health="yellow")
    roi, _ = upsert_success_plan(
        account=account, kind="roi", health="green", shared_on=dt.date(2026, 9, 1)
    )
    upsert_objective(
        plan=roi,
        outcome="Ship weekly",
        metric="Releases a month",
        baseline=Decimal(1),
        target=Decimal(5),
        current=Decimal(3),
        customer_owner=sponsor,
        vendor_owner=alice,
    )
    response = get(client, account, "plans", alice)
    assert response.status_code == 200, response.content
    plans = response.json()
    assert [(p["kind"], p["health"], p["shared_on"]) for p in plans] == [
        ("roi", "green", "2026-09-01"),
        ("stage_adoption", "yellow", None),
    ]
    [objective] = plans[0]["objectives"]
    assert (
        objective["outcome"],
        objective["progress"],
        objective["customer_owner"],
        objective["vendor_owner"],
    ) == ("Ship weekly", 50, "Sam Sponsor", alice.email)
    assert plans[1]["objectives"] == []


def test_contacts_are_listed_current_first_a_page_at_a_time(client, alice, account):
    ana = ContactFactory(account=account, name="Ana Champion", email="ana@acme.test")
    ContactFactory(account=account, name="Vera VP", persona="vp", introduced_by=ana)
    ContactFactory(account=account, name="Al Gone", departed_on=dt.date(2026, 1, 31))
    body = get(client, account, "contacts", alice).json()
    assert body["count"] == 3
    assert [(c["name"], c["introduced_by"]) for c in body["items"]] == [
        ("Ana Champion", None),
        ("Vera VP", "Ana Champion"),
        ("Al Gone", None),
    ]
    assert body["items"][1]["introduced_by_id"] == ana.pk
    page = get(client, account, "contacts", alice, "?limit=1&offset=1").json()
    assert (page["count"], [c["name"] for c in page["items"]]) == (3, ["Vera VP"])


def test_only_those_who_see_the_account_read_its_plans_and_contacts(
    client, alice, manager, leader, charlie, account
):
    upsert_success_plan(account=account, kind="roi")
    ContactFactory(account=account, name="Ana Champion")
    for path in ("plans", "contacts"):
        assert get(client, account, path, charlie).status_code == 404
        assert client.get(f"/api/v1/accounts/{account.pk}/{path}").status_code == 401
        for reader in (alice, manager, leader):  # leadership reads, though it does not record
            assert get(client, account, path, reader).status_code == 200, path


def test_the_lists_make_the_same_queries_for_10_and_200_rows(client, alice, account):
    headers = bearer(alice)
    plan, _ = upsert_success_plan(account=account, kind="roi")
    upsert_success_plan(account=account, kind="stage_adoption")
    introducer = ContactFactory(account=account, name="First")

    def grow(count):
        for _ in range(count):
            contact = ContactFactory(account=account, introduced_by=introducer)
            Objective.objects.create(
                plan=plan,
                outcome=f"Outcome {contact.pk}",
                customer_owner=contact,
                vendor_owner=alice,
            )

    plans_url = f"/api/v1/accounts/{account.pk}/plans"
    contacts_url = f"/api/v1/accounts/{account.pk}/contacts?limit=1000"
    assert_flat_query_count(lambda: client.get(plans_url, **headers), grow, 10, 200)
    assert_flat_query_count(lambda: client.get(contacts_url, **headers), grow, 10, 200)


@pytest.mark.parametrize(
    ("path", "query", "field"),
    [
        ("/api/v1/accounts", "?offset=110058084847425816338621309911040", "offset"),
        ("/api/v1/accounts", "?limit=1001", "limit"),
        ("/api/v1/accounts/{id}/health", "?limit=99999999999999999999999", "limit"),
        ("/api/v1/accounts/{id}/activities", "?offset=-1", "offset"),
        ("/api/v1/sessions", "?offset=1000000001", "offset"),
    ],
)
def test_a_page_past_what_a_database_holds_is_refused_with_the_parameter(
    client, alice, account, path, query, field
):
    response = client.get(path.format(id=account.pk) + query, **bearer(alice))
    assert response.status_code == 422
    assert the_error(response)[0] == field


def test_the_largest_page_and_a_far_offset_answer(client, alice, account):
    for query, items in (("?limit=1000", 1), ("?offset=1000000000", 0)):
        response = client.get(f"/api/v1/accounts{query}", **bearer(alice))
        assert response.status_code == 200
        assert (response.json()["count"], len(response.json()["items"])) == (1, items)


@pytest.mark.parametrize("path", ["/api/v1/queue", "/api/v1/queue/accounts"])
def test_the_queue_and_its_accounts_come_whole_or_a_part_at_a_time(client, alice, path):
    """Still a list either way, so a script that sends neither `limit` nor `offset` reads
    what it always did; the whole list's length is in a header, and in the OpenAPI."""
    for n in range(5):
        account_owned_by(alice, name=f"Account {n}")
    whole = client.get(f"{path}?on=2026-11-22", **bearer(alice))
    rows = json.loads(b"".join(whole.streaming_content) if whole.streaming else whole.content)
    assert len(rows) >= 5 and whole["X-Total-Count"] == str(len(rows))
    parts = []
    for offset in range(0, len(rows), 2):
        part = client.get(f"{path}?on=2026-11-22&limit=2&offset={offset}", **bearer(alice))
        body = b"".join(part.streaming_content) if part.streaming else part.content
        assert part["X-Total-Count"] == str(len(rows))
        parts.extend(json.loads(body))
    assert parts == rows
    refused = client.get(f"{path}?limit=1001", **bearer(alice))
    assert (refused.status_code, the_error(refused)[0]) == (422, "limit")
    answer = api.get_openapi_schema()["paths"][path]["get"]["responses"][200]
    assert "X-Total-Count" in answer["headers"] and "content" in answer
