"""Whose work a caller's queue holds: a CSM's book and a manager's team unless they ask for
other, book-level items only for whole books, and people outside the view answered as
unknown ones."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from rhythm.team.models import Role
from tests.apiclient import asking, bearer
from tests.factories import SeatFactory, TeamMemberFactory, account_owned_by
from tests.web.pages import logged_in, shown_items

ON = "on=2026-11-22"
START = dt.date(2025, 1, 1)


def items_of(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return json.loads(b"".join(response.streaming_content))


def queue(client, member, query: str = "") -> list[dict]:
    return items_of(client.get(f"/api/v1/queue?{ON}&{query}", **bearer(member)))


def book_level(items: list[dict]) -> list[dict]:
    return [item for item in items if item["account_id"] is None]


@pytest.fixture
def books(alice, bob, charlie):
    """Alice has three accounts (a book well under its 12 to 20), Bob and Charlie one each."""
    mine = [
        account_owned_by(alice, name=f"Alice {n}", initial_transaction_date=START) for n in "123"
    ]
    account_owned_by(bob, name="Bob 1", initial_transaction_date=START)
    account_owned_by(charlie, name="Charlie 1", initial_transaction_date=START)
    return mine


@pytest.fixture
def pse(books):
    """A PSE on two of Alice's three accounts: part of her book."""
    engineer = TeamMemberFactory(name="Omar Engineer", email="omar@rhythm.test", role=Role.PSE)
    for account in books[:2]:
        SeatFactory(account=account, member=engineer, role="pse")
    return engineer


def test_a_csm_s_queue_is_their_book_whether_asked_for_or_not(client, alice, books):
    plain = queue(client, alice)
    assert plain == queue(client, alice, f"csm={alice.email}")
    assert "RT-1" not in {item["rule"] for item in plain}  # the team's, never one CSM's
    assert {item["rule"] for item in book_level(plain)} >= {"CAD-3", "MGR-1"}
    assert "Book of 3 accounts is outside the 12-20 range." in {item["why"] for item in plain}


def test_a_csm_s_queue_runs_on_their_team_s_settings_unasked(
    client, alice, manager, books, use_playbook
):
    use_playbook(f'[team."{manager.email}".cadence]\nbook_size_min = 3\n')
    sizes = [item["why"] for item in queue(client, alice) if item["why"].startswith("Book of")]
    assert sizes == []  # three accounts are within the team's range


def test_a_manager_s_queue_is_their_team_with_its_roundtables(client, manager, books):
    plain = queue(client, manager)
    assert plain == queue(client, manager, f"manager={manager.email}")
    assert [item["rule"] for item in plain if item["csm"] is None] == ["RT-1"]


def test_an_account_team_role_gets_its_accounts_items_and_no_book_level_ones(
    client, alice, manager, pse
):
    mine = {"Alice 1", "Alice 2"}
    alices = [item for item in queue(client, alice) if item["account"] in mine]
    for query in ("", f"csm={alice.email}", f"manager={manager.email}"):
        items = queue(client, pse, query)
        assert items == alices, query  # each account's items, as its CSM has them
    assert book_level(queue(client, alice))  # Alice's book has its own, which Omar does not see
    one = queue(client, pse, "account=Alice 1")
    assert one and {item["account"] for item in one} == {"Alice 1"}
    listed = client.get(f"/api/v1/queue/accounts?{ON}", **bearer(pse)).json()
    assert sorted(account["name"] for account in listed) == sorted(mine)


def test_my_day_of_an_account_team_role_has_no_book_level_items(client, pse):
    shown = shown_items(logged_in(client, pse).get("/"))
    assert shown and all(item.account_id is not None for item in shown)


def test_a_csm_asking_for_their_manager_s_team_sees_their_own_book_without_rt1(
    client, alice, manager, books
):
    items = queue(client, alice, f"manager={manager.email}")
    assert items == queue(client, alice)
    assert "RT-1" not in {item["rule"] for item in items}


WHOLE_VIEW_PATHS = [
    "/api/v1/queue",
    "/api/v1/queue/accounts",
    "/api/v1/kpis",
    "/api/v1/kpis/series",
    "/api/v1/kpis/groups?by=segment",
]


@pytest.mark.parametrize("path", [*WHOLE_VIEW_PATHS, "/api/v1/review"])
@pytest.mark.parametrize(
    ("asker", "what", "outside"),
    [
        ("alice", "csm", "bob"),  # a teammate's book
        ("alice", "manager", "charlie"),  # someone with no account Alice sees
        ("manager", "csm", "charlie"),  # not on the manager's team
    ],
)
def test_a_person_outside_the_view_is_answered_as_an_unknown_email(
    client, request, books, path, asker, what, outside
):
    member = request.getfixturevalue(asker)
    email = request.getfixturevalue(outside).email
    outsider = client.get(asking(path, f"{what}={email}"), **bearer(member))
    unknown = client.get(asking(path, f"{what}=nobody@x.test"), **bearer(member))
    label = "CSM" if what == "csm" else "manager"
    assert (outsider.status_code, unknown.status_code) == (404, 404)
    for answer, asked in ((outsider, email), (unknown, "nobody@x.test")):
        detail = f"No {label} with email {asked!r}."
        assert answer.json() == {"detail": detail, "errors": {what: [detail]}}


@pytest.mark.parametrize("path", WHOLE_VIEW_PATHS)
def test_people_in_view_may_be_asked_for(client, alice, bob, manager, leader, pse, path):
    asked = [
        (alice, f"csm={alice.email}"),
        (alice, f"manager={manager.email}"),  # her manager: the part of the team she sees
        (manager, f"csm={bob.email}"),
        (leader, f"csm={bob.email}"),
        (pse, f"csm={alice.email}"),  # the CSM of accounts Omar is on
    ]
    for member, query in asked:
        response = client.get(asking(path, query), **bearer(member))
        assert response.status_code == 200, (member.email, query, response.content)
    refused = client.get(asking(path, f"csm={bob.email}"), **bearer(pse))
    detail = f"No CSM with email {bob.email!r}."
    assert refused.json() == {"detail": detail, "errors": {"csm": [detail]}}


@pytest.mark.parametrize("page", ["/", "/team/"])
def test_the_pages_answer_a_person_outside_the_view_as_an_unknown_email(
    client, manager, charlie, books, page
):
    logged_in(client, manager)
    outsider = client.get(f"{page}?csm={charlie.email}").context["form"].errors["csm"]
    unknown = client.get(f"{page}?csm=nobody@x.test").context["form"].errors["csm"]
    assert [e.replace(charlie.email, "X") for e in outsider] == [
        e.replace("nobody@x.test", "X") for e in unknown
    ]
