"""The work queue: one account, a whole book, settings per team and segment."""

import random
from dataclasses import replace
from decimal import Decimal

import pytest

from rhythm.playbook.rules.engine import build_queue, evaluate_account
from rhythm.playbook.rules.facts import (
    ActivityFact,
    BookFacts,
    HealthFact,
    MemberFacts,
    PeerFacts,
)
from rhythm.playbook.settings import load_settings

from .builders import CSM, HOLIDAYS, TODAY, D, account, defaults, summary


def test_a_healthy_account_only_has_coming_items():
    state = evaluate_account(account(), defaults(), TODAY)
    assert (state.priority, state.status.engagement.state, state.status.phase.phase) == (
        "P2",
        "engaged",
        "expand",
    )
    assert summary(list(state.items)) == [
        ("HEALTH-1", "coming", D(2026, 12, 2)),
        ("CAD-1", "coming", D(2026, 12, 13)),
    ]


def _book():
    accounts = tuple(
        account(
            account_id=n,
            name=f"Account {n:02}",
            csm_email=CSM if n % 3 else "bob@rhythm.test",
            health=() if n % 4 == 0 else account().health,
        )
        for n in range(1, 13)
    )
    unassigned = account(account_id=99, name="Orphan", csm_email=None)
    return BookFacts(
        accounts + (unassigned,), members=(MemberFacts(CSM), MemberFacts("bob@rhythm.test"))
    )


def test_queue_is_sorted_and_replayable():
    book = _book()
    queue = build_queue(book, defaults(), TODAY)
    shuffled = list(book.accounts)
    random.Random(4).shuffle(shuffled)
    assert build_queue(replace(book, accounts=tuple(shuffled)), defaults(), TODAY) == queue
    order = {"late": 0, "due": 1, "coming": 2}
    assert [order[i.state] for i in queue.items] == sorted(order[i.state] for i in queue.items)
    assert queue.counts() == {
        "late": sum(1 for i in queue.items if i.state == "late"),
        "due": sum(1 for i in queue.items if i.state == "due"),
        "coming": sum(1 for i in queue.items if i.state == "coming"),
    }


def test_queue_per_csm_and_account():
    queue = build_queue(_book(), defaults(), TODAY)
    assert {b.csm for b in queue.books} == {CSM, "bob@rhythm.test", None}
    alice = queue.for_csm(CSM.upper())
    assert alice and all(i.csm == CSM for i in alice)
    assert {i.account_id for i in queue.for_account(4)} == {4}
    orphan_book = [b for b in queue.books if b.csm is None][0]
    assert [i.rule for i in orphan_book.items] == ["MGR-1"]
    assert "Orphan" in orphan_book.items[0].why


def test_every_account_and_book_is_evaluated():
    queue = build_queue(_book(), defaults(), TODAY)
    assert len(queue.accounts) == 13
    alice = [b for b in queue.books if b.csm == CSM][0]
    assert alice.load.accounts == 8 and len(alice.account_ids) == 8
    assert alice.capacity.capacity == 33.25


def test_an_account_not_yet_a_customer_is_left_out():
    book = BookFacts((account(), account(account_id=2, initial_transaction_date=D(2026, 12, 1))))
    assert [s.account_id for s in build_queue(book, defaults(), TODAY).accounts] == [1]
    assert len(build_queue(book, defaults(), D(2026, 12, 1)).accounts) == 2


def test_a_part_of_a_book_is_ranked_with_its_peers_that_are_customers():
    # Accounts 1 and 2 of a book of five: with their peers they are not its top three.
    part = tuple(account(account_id=n, name=f"A{n}", arr=Decimal(n * 1000)) for n in (1, 2))
    peers = tuple(PeerFacts(n, CSM, Decimal(n * 1000), D(2024, 1, 1)) for n in (3, 4, 5))

    def high(book: BookFacts) -> set[int]:
        return {
            s.account_id for s in build_queue(book, defaults(), TODAY).accounts if s.status.high_arr
        }

    assert high(BookFacts(part)) == {1, 2}
    assert high(BookFacts(part, peers=peers)) == set()
    # A peer that is not a customer yet is not ranked.
    later = replace(peers[2], initial_transaction_date=D(2026, 12, 1))
    assert high(BookFacts(part, peers=(*peers[:2], later))) == {2}


def test_a_disabled_rule_raises_no_items(tmp_path):
    path = tmp_path / "playbook.toml"
    path.write_text('[rules."HEALTH-1"]\nenabled = false\n')
    items = evaluate_account(account(), load_settings(str(path)), TODAY).items
    assert summary(list(items)) == [("CAD-1", "coming", D(2026, 12, 13))]


def test_segment_settings_apply_to_the_account(tmp_path):
    path = tmp_path / "playbook.toml"
    path.write_text('[segment.smb.cadence]\np2_every = "2 months"\n')
    settings = load_settings(str(path))
    facts = account(activities=(ActivityFact("cadence_call", D(2026, 10, 20)),))
    strategic = evaluate_account(facts, settings, TODAY).items
    smb = evaluate_account(replace(facts, segment="SMB"), settings, TODAY).items
    assert [i.due for i in strategic if i.rule == "CAD-1"] == [D(2026, 11, 20)]
    assert [i.due for i in smb if i.rule == "CAD-1"] == [D(2026, 12, 20)]


def test_queue_for_a_team_and_as_data():
    queue = build_queue(_book(), defaults(), TODAY)
    team = queue.for_team([CSM, "bob@rhythm.test"])
    books = set(queue.for_csm(CSM)) | set(queue.for_csm("bob@rhythm.test"))
    roundtables = {item for item in queue.items if item.rule == "RT-1"}  # the team's own
    assert roundtables and all(item.csm is None for item in roundtables)
    assert set(team) == books | roundtables
    data = queue.items[0].as_dict()
    assert set(data) == {
        "rule",
        "account",
        "account_id",
        "csm",
        "due",
        "state",
        "severity",
        "why",
        "action",
    }
    assert data["due"] is None or len(data["due"]) == 10


@pytest.mark.parametrize(
    ("csm_region", "health_on", "due"),
    [
        # Three business days from Wednesday 2026-12-23: 2026-12-29 in AMER (2026-12-25
        # skipped), 2026-12-30 in EMEA (2026-12-28 too); 2026-12-28 counting weekends only.
        pytest.param("", D(2026, 11, 29), D(2026, 12, 29), id="amer"),
        pytest.param("EMEA", D(2026, 11, 30), D(2026, 12, 30), id="emea"),
    ],
)
def test_item_windows_count_the_accounts_working_region(tmp_path, csm_region, health_on, due):
    path = tmp_path / "playbook.toml"
    path.write_text('[items]\ndue_soon = "3 business days"\n')
    settings = load_settings(str(path))
    facts = account(csm_region=csm_region, health=(HealthFact(health_on, "green"),))
    today = D(2026, 12, 23)
    expected = [("HEALTH-1", "due", due)]
    state = evaluate_account(facts, settings, today, HOLIDAYS)
    assert [s for s in summary(list(state.items)) if s[0] == "HEALTH-1"] == expected
    queue = build_queue(BookFacts((facts,), (MemberFacts(CSM),)), settings, today, HOLIDAYS)
    assert [s for s in summary(list(queue.items)) if s[0] == "HEALTH-1"] == expected
