"""`GET /api/v1/accounts` sorted by the columns the database holds, and one CSM's book."""

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from django.utils import timezone

from rhythm.accounts.models import Account
from rhythm.accounts.sorting import KEYS
from rhythm.api import api
from rhythm.health.models import HealthUpdate
from rhythm.renewals.models import Renewal
from rhythm.team.models import Role
from rhythm.web.account_sorting import COLUMNS, DERIVED
from tests.apiclient import bearer, the_error
from tests.factories import SeatFactory, TeamMemberFactory, account_owned_by
from tests.querycount import assert_flat_query_count
from tests.web.test_account_list import names
from tests.web.test_views import logged_in

A, B, C, D, E, G, H = (
    "Alpha Co",
    "Bravo Co",
    "Charlie Co",
    "Delta Co",
    "Echo Co",
    "Golf Co",
    "Hotel Co",
)


def _today() -> dt.date:
    return timezone.localdate()


def _health(account: Account, overall: str, days_ago: int = 3) -> None:
    when = _today() - dt.timedelta(days_ago)
    HealthUpdate.objects.create(account=account, date=when, overall=overall)


def _renews(account: Account, in_days: int, outcome: str = "open") -> None:
    closed = _today() if outcome != "open" else None
    when = _today() + dt.timedelta(in_days)
    Renewal.objects.create(account=account, renewal_date=when, outcome=outcome, closed_on=closed)


@pytest.fixture
def book(alice, bob):
    """Seven accounts; Alpha, Golf and Hotel tie on every sorted column but the CSM (and
    Golf and Hotel on that too), so ties show the name order.

    Alpha (Bob's): SMB, 50,000, green, renews in 100 days. Bravo (Bob's): strategic,
    900,000, red, 30 days. Charlie (Bob's): mid-market, no ARR, never assessed, only a
    closed renewal. Delta (Alice's): enterprise, 300,000, not a customer yet (so no health,
    though assessed red), 60 days. Echo (Alice's): enterprise, 300,000, yellow, 30 days.
    Golf and Hotel (Alice's): SMB, 50,000, green, 100 days.
    """
    alpha = account_owned_by(bob, name=A, segment="smb", arr=50000)
    _health(alpha, "green"), _renews(alpha, 100)
    bravo = account_owned_by(bob, name=B, segment="strategic", arr=900000)
    _health(bravo, "red"), _renews(bravo, 30)
    charlie = account_owned_by(bob, name=C, segment="mid-market", arr=None)
    _renews(charlie, -20, outcome="renewed")
    soon = _today() + dt.timedelta(40)
    delta = account_owned_by(
        alice, name=D, segment="enterprise", arr=300000, initial_transaction_date=soon
    )
    _health(delta, "red", days_ago=1), _renews(delta, 60)
    echo = account_owned_by(alice, name=E, segment="enterprise", arr=300000)
    _health(echo, "yellow"), _renews(echo, 30)
    for name in (H, G):  # Hotel first: a lower id does not put it before Golf
        tied = account_owned_by(alice, name=name, segment="smb", arr=50000)
        _health(tied, "green"), _renews(tied, 100)


ORDERS = [
    ("name", [A, B, C, D, E, G, H]),
    ("-name", [H, G, E, D, C, B, A]),
    ("health", [B, E, A, G, H, C, D]),  # red, yellow, green, then none
    ("-health", [A, G, H, E, B, C, D]),
    ("segment", [B, D, E, C, A, G, H]),  # the playbook's order: strategic first
    ("-segment", [A, G, H, C, D, E, B]),
    ("arr", [A, G, H, D, E, B, C]),  # no ARR last, whichever the direction
    ("-arr", [B, D, E, A, G, H, C]),
    ("csm", [D, E, G, H, A, B, C]),  # Alice Owner, then Bob Teammate
    ("-csm", [A, B, C, D, E, G, H]),
    ("renewal", [B, E, D, A, G, H, C]),  # the next open renewal; a closed one is none
    ("-renewal", [A, G, H, D, B, E, C]),
]


def _listed(client, member, query: str = "") -> list[str]:
    response = client.get(f"/api/v1/accounts?limit=1000&{query}", **bearer(member))
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["items"]]


def test_every_database_key_is_tested_both_ways():
    assert sorted(sort.removeprefix("-") for sort, _ in ORDERS) == sorted(KEYS * 2)


@pytest.mark.parametrize(("sort", "expected"), ORDERS, ids=lambda v: str(v))
def test_each_key_sorts_both_ways_ties_by_name_and_empty_values_last(
    client, manager, book, sort, expected
):
    assert _listed(client, manager, f"sort={sort}") == expected


def test_the_default_order_is_by_name(client, manager, book):
    assert _listed(client, manager) == _listed(client, manager, "sort=") == ORDERS[0][1]


def test_a_key_is_read_whatever_its_case_and_spaces(client, manager, book):
    assert _listed(client, manager, "sort=%20-ARR%20") == dict(ORDERS)["-arr"]


@pytest.mark.parametrize("sort", ORDERS[::2], ids=lambda v: str(v[0]))
def test_the_api_sorts_as_the_accounts_list_does(client, manager, book, sort):
    """One ordering for both: a key sorts the API's list as the page's column does."""
    key = sort[0]
    logged_in(client, manager)
    for direction, asked in (("asc", key), ("desc", f"-{key}")):
        page = client.get(f"/accounts/?sort={key}&dir={direction}").content.decode()
        assert names(page) == _listed(client, manager, f"sort={asked}"), asked


def test_the_database_keys_are_the_list_s_columns_not_derived():
    assert [c.key for c in COLUMNS if c.key not in DERIVED] == list(KEYS)


@pytest.mark.parametrize(("sort", "expected"), ORDERS, ids=lambda v: str(v))
def test_pages_follow_one_another_without_a_gap_or_a_repeat(client, manager, book, sort, expected):
    headers = bearer(manager)
    seen: list[int] = []
    for offset in range(0, 8, 2):
        url = f"/api/v1/accounts?sort={sort}&limit=2&offset={offset}"
        body = client.get(url, **headers).json()
        assert body["count"] == 7
        seen += [item["id"] for item in body["items"]]
    assert len(seen) == len(set(seen)) == 7
    assert [Account.objects.get(pk=pk).name for pk in seen] == expected


def test_health_is_as_assessed_by_today(client, manager, book):
    """An assessment dated after today does not count yet: Alpha stays with the greens."""
    _health(Account.objects.get(name=A), "red", days_ago=-1)
    assert _listed(client, manager, "sort=health") == dict(ORDERS)["health"]


@pytest.mark.parametrize("sort", ["bogus", "priority", "-", "--arr", "arr-", "__class__"])
def test_an_unknown_key_is_a_422_naming_the_keys(client, manager, book, sort):
    response = client.get(f"/api/v1/accounts?sort={sort}", **bearer(manager))
    assert response.status_code == 422
    field, reason = the_error(response)
    assert field == "sort"
    assert f"{sort!r} is not a sort key" in reason
    assert "name, health, segment, arr, csm, renewal" in reason


def test_the_documented_refusal_is_the_real_one(client, manager):
    doc = " ".join((Path(__file__).resolve().parents[2] / "docs" / "api.md").read_text().split())
    [shown] = re.findall(r"answers 422 naming the keys: `(\{.*?\})`", doc)
    response = client.get("/api/v1/accounts?sort=bogus", **bearer(manager))
    assert response.json() == json.loads(shown)


def test_csm_keeps_that_csm_s_book(client, manager, book):
    assert _listed(client, manager, "csm=bob@rhythm.test") == [A, B, C]
    assert _listed(client, manager, "csm=BOB@rhythm.test&sort=-arr") == [B, A, C]
    assert _listed(client, manager, "csm=alice@rhythm.test&q=golf") == [G]
    assert _listed(client, manager, "csm=alice@rhythm.test&q=bob") == []  # Bob's, not hers


def test_leadership_sees_any_csm_s_book(client, leader, book):
    assert _listed(client, leader, "csm=alice@rhythm.test&sort=renewal") == [E, D, G, H]


def test_a_csm_sees_their_own_book_by_csm(client, alice, book):
    assert _listed(client, alice, "csm=alice@rhythm.test&sort=-name") == [H, G, E, D]


def _refused(client, member, email: str) -> dict:
    response = client.get(f"/api/v1/accounts?csm={email}", **bearer(member))
    assert response.status_code == 404, response.content
    return response.json()


def _unknown(email: str) -> dict:
    message = f"No CSM with email {email!r}."
    return {"detail": message, "errors": {"csm": [message]}}


def test_an_unknown_csm_is_a_404_naming_csm_as_the_queue_answers(client, manager, book):
    body = _refused(client, manager, "nobody@rhythm.test")
    assert body == _unknown("nobody@rhythm.test")
    queue = client.get("/api/v1/queue?csm=nobody@rhythm.test", **bearer(manager))
    assert queue.status_code == 404 and queue.json() == body


def test_a_csm_cannot_see_another_team_s_book_through_csm(client, alice, charlie, book):
    """Charlie's book, in another team, answers exactly as an unknown email: not a hint
    that he exists, nor any of his accounts."""
    account_owned_by(charlie, name="Outside Co")
    assert _refused(client, alice, "charlie@rhythm.test") == _unknown("charlie@rhythm.test")
    # A teammate's book is not in a CSM's view either, only their manager's.
    assert _refused(client, alice, "bob@rhythm.test") == _unknown("bob@rhythm.test")
    assert _refused(client, charlie, "alice@rhythm.test") == _unknown("alice@rhythm.test")
    assert _listed(client, charlie, "csm=charlie@rhythm.test") == ["Outside Co"]


def test_an_account_team_member_sees_only_their_part_of_a_book(client, bob, book):
    """An AE on one of Bob's accounts asks for Bob's book: the one account they are on."""
    ae = TeamMemberFactory(email="ae@rhythm.test", role=Role.AE)
    SeatFactory(account=Account.objects.get(name=B), member=ae, role="ae")
    assert _listed(client, ae, "csm=bob@rhythm.test") == [B]


def test_someone_not_a_csm_has_no_book(client, leader, book):
    TeamMemberFactory(email="ae@rhythm.test", role=Role.AE)
    response = client.get("/api/v1/accounts?csm=ae@rhythm.test", **bearer(leader))
    assert response.status_code == 404
    assert the_error(response) == (
        "csm",
        "ae@rhythm.test is not a CSM (account executive): a book is a CSM's.",
    )


def test_the_openapi_document_lists_the_sort_keys_and_the_404(client):
    operation = api.get_openapi_schema()["paths"]["/api/v1/accounts"]["get"]
    described = {p["name"]: p.get("description", "") for p in operation["parameters"]}
    assert all(key in described["sort"] for key in KEYS)
    assert "email" in described["csm"]
    assert {404, 422} <= {int(status) for status in operation["responses"]}


def test_a_sorted_book_makes_the_same_queries_for_10_and_1000_accounts(client, manager, alice):
    headers = bearer(manager)

    def grow(count):
        for _ in range(count):
            account = account_owned_by(alice)
            _health(account, "yellow"), _renews(account, 10)

    url = "/api/v1/accounts?limit=1000&csm=alice@rhythm.test&sort=-health"
    assert_flat_query_count(lambda: client.get(url, **headers), grow, 10, 1000)
