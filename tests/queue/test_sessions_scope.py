"""Sessions a scope loads: WS-2 gives one answer whatever the view; RT-1, WS-1 keep theirs."""

import datetime as dt

from rhythm.accounts.models import Account
from rhythm.meetings.services import record_session
from rhythm.playbook.config import current_settings
from rhythm.playbook.facts import load_book
from rhythm.playbook.queue import Scope, work_queue
from rhythm.playbook.settings import load_settings
from tests.factories import account_owned_by

TODAY = dt.date(2026, 11, 20)
HELD = dt.date(2026, 11, 16)
CONSENTED = dt.date(2026, 11, 1)
START = dt.date(2025, 1, 1)


def items(scope: Scope, rule: str, **where) -> list:
    found = work_queue(None, scope, TODAY).items
    return [
        i for i in found if i.rule == rule and all(getattr(i, k) == v for k, v in where.items())
    ]


def test_a_workshop_led_for_a_colleagues_account_counts_in_the_csms_queue_and_the_teams(
    alice, bob, manager
):
    mine = account_owned_by(alice, initial_transaction_date=START)
    his = account_owned_by(bob, initial_transaction_date=START)
    record_session(
        kind="workshop", topic="CI deep dive", date=HELD, accounts=[(his, CONSENTED)], lead=alice
    )
    own = items(Scope(csm=alice.email), "WS-2", csm=alice.email)
    team = items(Scope(manager=manager.email), "WS-2", csm=alice.email)
    assert own == team
    assert len(own) == 1 and own[0].state == "coming" and "last led 2026-11-16" in own[0].why
    # The account-level rule is the attending account's: WS-1 is cleared for Bob's account
    # only, and Alice's account, which did not attend, still owes its workshop in both views.
    for scope in (Scope(csm=alice.email), Scope(manager=manager.email)):
        assert items(scope, "WS-1", account_id=mine.pk)
        assert not items(scope, "WS-1", account_id=his.pk)


def test_a_workshop_led_outside_the_team_counts_for_its_lead_in_the_teams_queue(
    alice, manager, charlie
):
    account_owned_by(alice, initial_transaction_date=START)
    outsider = account_owned_by(charlie, initial_transaction_date=START)
    record_session(
        kind="workshop", topic="Security", date=HELD, accounts=[(outsider, CONSENTED)], lead=alice
    )
    for scope in (Scope(csm=alice.email), Scope(manager=manager.email)):
        (item,) = items(scope, "WS-2", csm=alice.email)
        assert "last led 2026-11-16" in item.why


def test_only_the_workshops_the_scopes_csms_led_are_added(alice, bob, charlie, manager):
    mine = account_owned_by(alice, industry="Energy", initial_transaction_date=START)
    his = account_owned_by(bob, industry="Energy", initial_transaction_date=START)
    theirs = account_owned_by(charlie, industry="Energy", initial_transaction_date=START)
    record_session(kind="workshop", topic="Led", date=HELD, accounts=[(his, CONSENTED)], lead=alice)
    record_session(kind="workshop", topic="Bob's", date=HELD, accounts=[(his, CONSENTED)], lead=bob)
    record_session(
        kind="roundtable",
        topic="Energy",
        date=HELD,
        accounts=[(theirs, CONSENTED)],
        lead=alice,
        industries=["Energy"],
    )
    book = load_book(
        Account.objects.filter(pk=mine.pk), TODAY, since=START, settings=load_settings()
    )
    assert [(s.kind, s.lead_email, s.account_ids) for s in book.sessions] == [
        ("workshop", alice.email, (his.pk,))
    ]
    # RT-1 counts the roundtables of the team's accounts, as before: one Alice led only for
    # an account outside the team does not clear the team's Energy roundtable.
    (roundtable,) = items(Scope(manager=manager.email), "RT-1")
    assert "0 of 1 Energy" in roundtable.why


def test_a_team_counting_roundtables_as_workshops_counts_the_ones_its_csms_led(
    alice, bob, use_playbook
):
    mine = account_owned_by(alice, initial_transaction_date=START)
    his = account_owned_by(bob, industry="Energy", initial_transaction_date=START)
    record_session(
        kind="roundtable",
        topic="Energy",
        date=HELD,
        accounts=[(his, CONSENTED)],
        lead=alice,
        industries=["Energy"],
    )
    (item,) = items(Scope(csm=alice.email), "WS-2", csm=alice.email)
    assert "none led yet" in item.why  # by default a roundtable is not a workshop (WS-2)
    use_playbook('[workshops]\nkinds = ["workshop", "roundtable"]\n')
    book = load_book(
        Account.objects.filter(pk=mine.pk), TODAY, since=START, settings=current_settings()
    )
    assert [(s.kind, s.account_ids) for s in book.sessions] == [("roundtable", (his.pk,))]
    (item,) = items(Scope(csm=alice.email), "WS-2", csm=alice.email)
    assert "last led 2026-11-16" in item.why
