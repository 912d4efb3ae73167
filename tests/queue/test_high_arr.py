"""EBR-1's high-ARR accounts are the top N by ARR of the CSM's whole book, whoever looks.

An AE, SA or PSE sees only the accounts they are on, parts of books; their queue still
ranks each account in its CSM's whole book, so an account has the same EBR-1 item for
them as for its CSM.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection

from rhythm.accounts.models import Account
from rhythm.playbook.queue import Scope, queue_items, work_queue
from rhythm.playbook.shares import can_fork
from rhythm.team.models import Role
from tests.apiclient import bearer
from tests.factories import AccountFactory, SeatFactory, TeamMemberFactory, account_owned_by
from tests.querycount import count_queries

TODAY = dt.date(2026, 11, 22)
START = dt.date(2025, 6, 1)  # no EBR since: due a year on (once a year), or 6 months on (twice)


def ebr_1(items) -> dict[str, tuple]:
    """Return each account's EBR-1 item: its due date (ISO) and sentence."""
    return {
        item.account: (item.due.isoformat(), item.why) for item in items if item.rule == "EBR-1"
    }


def book_of(csm, prefix: str, count: int = 5) -> list[Account]:
    """Give `csm` a book of `count` accounts, ARR 100k, 200k...: the last 3 are its top 3."""
    return [
        account_owned_by(csm, name=f"{prefix} {n}", arr=100_000 * n, initial_transaction_date=START)
        for n in range(1, count + 1)
    ]


def seat(member, accounts, role: str) -> None:
    for account in accounts:
        SeatFactory(account=account, member=member, role=role)


@pytest.fixture
def ae(db):
    return TeamMemberFactory(name="Ann Exec", email="ann@rhythm.test", role=Role.AE)


@pytest.fixture
def alices(alice, ae):
    """Alice's book of five; Ann, an AE, is on its two smallest accounts (not high ARR)."""
    accounts = book_of(alice, "Alice")
    seat(ae, accounts[:2], "ae")
    return accounts


def test_an_ae_sees_the_ebr_1_item_of_the_account_s_csm(alice, ae, alices):
    csms = ebr_1(work_queue(alice.user, Scope(), TODAY).items)
    assert csms["Alice 1"] == (
        "2026-06-01",
        "1 EBR a year; none held since the initial transaction on 2025-06-01.",
    )
    assert csms["Alice 5"][0] == "2025-12-01" and "(high ARR)" in csms["Alice 5"][1]
    for scope in (Scope(), Scope(csm=alice.email), Scope(account="Alice 1")):
        seen = ebr_1(work_queue(ae.user, scope, TODAY).items)
        assert seen == {name: csms[name] for name in seen} and "Alice 1" in seen, scope
    assert set(ebr_1(work_queue(ae.user, Scope(), TODAY).items)) == {"Alice 1", "Alice 2"}


def test_an_ae_on_a_high_arr_account_sees_it_as_high_arr(alice, ae, alices):
    seat(ae, alices[4:], "ae")  # and on the largest
    seen = ebr_1(work_queue(ae.user, Scope(), TODAY).items)
    assert seen == {
        name: ebr_1(work_queue(alice.user, Scope(), TODAY).items)[name]
        for name in ("Alice 1", "Alice 2", "Alice 5")
    }
    assert "(high ARR)" in seen["Alice 5"][1] and "(high ARR)" not in seen["Alice 1"][1]


def test_the_api_gives_the_ae_the_csm_s_ebr_1_item(client, alice, ae, alices):
    def items(member):
        response = client.get(f"/api/v1/queue?on={TODAY}&rule=EBR-1", **bearer(member))
        assert response.status_code == 200
        found = json.loads(b"".join(response.streaming_content))
        return {item["account"]: (item["due"], item["why"]) for item in found}

    csms, aes = items(alice), items(ae)
    assert set(aes) == {"Alice 1", "Alice 2"}
    assert aes == {name: csms[name] for name in aes}
    assert "(high ARR)" not in aes["Alice 1"][1] and aes["Alice 1"][0] == "2026-06-01"


def test_each_book_is_ranked_whole_and_the_unassigned_accounts_together(
    alice, bob, ae, alices, leader
):
    bobs = book_of(bob, "Bob", count=4)
    unassigned = [
        AccountFactory(name=f"Nobody {n}", arr=100_000 * n, initial_transaction_date=START)
        for n in range(1, 5)
    ]
    seat(ae, [bobs[0], bobs[3], unassigned[0]], "ae")
    everything = ebr_1(work_queue(leader.user, Scope(), TODAY).items)
    seen = ebr_1(work_queue(ae.user, Scope(), TODAY).items)
    assert set(seen) == {"Alice 1", "Alice 2", "Bob 1", "Bob 4", "Nobody 1"}
    assert seen == {name: everything[name] for name in seen}
    assert "(high ARR)" in seen["Bob 4"][1] and "(high ARR)" not in seen["Nobody 1"][1]
    # An unassigned account asked for alone is ranked among the other unassigned ones.
    alone = ebr_1(work_queue(leader.user, Scope(account="Nobody 1"), TODAY).items)
    assert alone == {"Nobody 1": everything["Nobody 1"]}


def test_an_account_not_yet_a_customer_is_not_ranked(alice, ae, alices):
    # A larger account whose initial transaction is after today is not in the book yet.
    account_owned_by(
        alice,
        name="Alice Later",
        arr=900_000,
        initial_transaction_date=TODAY + dt.timedelta(days=1),
    )
    csms = ebr_1(work_queue(alice.user, Scope(), TODAY).items)
    seat(ae, alices[2:3], "ae")  # Alice 3, the third largest customer
    assert "(high ARR)" in csms["Alice 3"][1]
    assert ebr_1(work_queue(ae.user, Scope(), TODAY).items)["Alice 3"] == csms["Alice 3"]


def test_the_ae_s_queue_makes_the_same_queries_whatever_the_book(alice, ae, alices):
    def queries():
        return count_queries(lambda: work_queue(ae.user, Scope(), TODAY))

    small = queries()
    book_of(alice, "More", count=40)  # the other accounts of the book are many more
    assert queries() == small


@pytest.mark.django_db(transaction=True)
def test_shares_of_an_ae_s_view_rank_each_book_whole(alice, bob, ae):
    alices = book_of(alice, "Alice")
    bobs = book_of(bob, "Bob", count=4)
    seat(ae, [alices[0], alices[4], bobs[0], bobs[1]], "ae")
    one = work_queue(ae.user, Scope(), TODAY)
    split = queue_items(ae.user, Scope(), TODAY, processes=2, min_share=1)
    assert split.processes == (2 if can_fork() else 1)
    if connection.vendor == "postgresql":
        assert split.processes == 2
    assert split.items == one.items
    everything = ebr_1(work_queue(None, Scope(), TODAY).items)
    seen = ebr_1(split.items)
    assert set(seen) == {"Alice 1", "Alice 5", "Bob 1", "Bob 2"}
    assert seen == {name: everything[name] for name in seen}
