"""The fact loader: a fixed number of queries whatever the book's size, and faithful facts."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from rhythm.accounts.models import Account, AccountTeamMember
from rhythm.adoption.models import LicenseUsage
from rhythm.contacts.models import Contact
from rhythm.health.models import HealthUpdate
from rhythm.playbook.facts import load_book
from rhythm.playbook.rules.derived import first_engagement
from rhythm.playbook.rules.onboarding import first_value_from_usage
from rhythm.playbook.settings import load_settings
from rhythm.renewals.models import Renewal
from rhythm.timeline.models import Activity
from tests.factories import AccountFactory, account_owned_by

TODAY = dt.date(2026, 11, 22)
SINCE = dt.date(2026, 5, 1)
SETTINGS = load_settings()


def add_accounts(csm, count: int, start: int) -> None:
    """Add `count` accounts with a history each, in bulk (the test is about queries)."""
    accounts = Account.objects.bulk_create(
        Account(
            name=f"Bulk {start + n:05d}",
            segment="enterprise",
            tier="premium",
            licenses_purchased=100,
            initial_transaction_date=dt.date(2025, 1, 1),
        )
        for n in range(count)
    )
    AccountTeamMember.objects.bulk_create(
        AccountTeamMember(account=a, member=csm, role="csm") for a in accounts
    )
    Activity.objects.bulk_create(
        Activity(account=a, kind="cadence_call", date=day)
        for a in accounts
        for day in (dt.date(2025, 3, 1), dt.date(2026, 10, 1))
    )
    Contact.objects.bulk_create(Contact(account=a, name="Ana", persona="vp") for a in accounts)
    HealthUpdate.objects.bulk_create(
        HealthUpdate(account=a, date=dt.date(2026, 11, 1), overall="green") for a in accounts
    )


def count_load_queries() -> int:
    with CaptureQueriesContext(connection) as captured:
        book = load_book(Account.objects.all(), TODAY, since=SINCE, settings=SETTINGS)
    assert len(book.accounts) == Account.objects.count()
    return len(captured.captured_queries)


def test_query_count_is_the_same_for_10_and_1000_accounts(alice):
    add_accounts(alice, 10, 0)
    small = count_load_queries()
    add_accounts(alice, 990, 10)
    assert count_load_queries() == small


def test_old_history_keeps_first_and_last_of_each_kind(alice):
    account = account_owned_by(alice)
    for day in [dt.date(2024, 1, 5), dt.date(2024, 6, 1), dt.date(2025, 2, 1), dt.date(2026, 9, 9)]:
        Activity.objects.create(account=account, kind="cadence_call", date=day, notes="n")
    Activity.objects.create(account=account, kind="cadence_call", date=dt.date(2026, 12, 1))
    facts = load_book(Account.objects.all(), TODAY, since=SINCE, settings=SETTINGS)
    dates = [a.on for a in facts.accounts[0].activities]
    # first and last before the window, everything inside it, nothing after today
    assert sorted(dates) == [dt.date(2024, 1, 5), dt.date(2025, 2, 1), dt.date(2026, 9, 9)]


def test_old_history_keeps_each_kind_s_first_since_the_sale_and_last_with_notes(alice):
    # A discovery call before the sale is the kind's first, not the account's first
    # engagement: the first call as a customer is kept beside it (TTV-1 counts from it).
    account = account_owned_by(alice, initial_transaction_date=dt.date(2025, 1, 10))
    for day in [dt.date(2024, 12, 15), dt.date(2025, 1, 15), dt.date(2025, 2, 15)]:
        Activity.objects.create(account=account, kind="cadence_call", date=day)
    # Onboarding notes long before the window still count for MGR-1.
    for day, notes in [((2025, 1, 16), ""), ((2025, 1, 20), "kick-off agenda"), ((2025, 3, 1), "")]:
        Activity.objects.create(
            account=account, kind="welcome_call", date=dt.date(*day), notes=notes
        )
    facts = load_book(Account.objects.all(), TODAY, since=SINCE, settings=SETTINGS)
    kept = [(a.kind, a.on, a.has_notes) for a in facts.accounts[0].activities]
    assert sorted(kept) == [
        ("cadence_call", dt.date(2024, 12, 15), False),
        ("cadence_call", dt.date(2025, 1, 15), False),
        ("cadence_call", dt.date(2025, 2, 15), False),
        ("welcome_call", dt.date(2025, 1, 16), False),
        ("welcome_call", dt.date(2025, 1, 20), True),
        ("welcome_call", dt.date(2025, 3, 1), False),
    ]
    assert first_engagement(facts.accounts[0], SETTINGS) == dt.date(2025, 1, 15)


def test_usage_keeps_first_value_since_the_sale_not_a_record_before_it(alice):
    account = account_owned_by(
        alice, licenses_purchased=100, initial_transaction_date=dt.date(2025, 1, 10)
    )
    for day, active in [((2024, 12, 1), 50), ((2025, 1, 20), 15), ((2025, 3, 1), 8)]:
        LicenseUsage.objects.create(account=account, date=dt.date(*day), licenses_activated=active)
    facts = load_book(Account.objects.all(), TODAY, since=SINCE, settings=SETTINGS)
    usage = [(u.on, u.licenses_activated) for u in facts.accounts[0].usage]
    assert usage == [(dt.date(2025, 1, 20), 15), (dt.date(2025, 3, 1), 8)]
    assert first_value_from_usage(facts.accounts[0], SETTINGS) == dt.date(2025, 1, 20)


def test_usage_keeps_the_first_value_record_and_the_latest(alice):
    account = account_owned_by(
        alice, licenses_purchased=200, initial_transaction_date=dt.date(2024, 12, 1)
    )
    for day, active in [
        ((2025, 1, 1), 5),
        ((2025, 2, 1), 25),
        ((2025, 3, 1), 40),
        ((2025, 4, 1), 60),
        ((2026, 10, 1), 90),
    ]:
        LicenseUsage.objects.create(account=account, date=dt.date(*day), licenses_activated=active)
    facts = load_book(Account.objects.all(), TODAY, since=SINCE, settings=SETTINGS)
    usage = [(u.on, u.licenses_activated) for u in facts.accounts[0].usage]
    assert usage == [
        (dt.date(2025, 2, 1), 25),  # first record at 10% of 200 licenses
        (dt.date(2025, 4, 1), 60),  # the latest before the window
        (dt.date(2026, 10, 1), 90),  # inside the window
    ]


def test_a_part_of_a_book_comes_with_the_rest_of_it_as_peers(alice, bob):
    alices = [
        account_owned_by(alice, name=f"Alice {n}", arr=1000 * n, initial_transaction_date=None)
        for n in range(1, 4)
    ]
    bobs = [account_owned_by(bob, name=f"Bob {n}") for n in range(1, 3)]
    unassigned = [AccountFactory(name=f"Nobody {n}") for n in range(1, 3)]
    part = Account.objects.filter(pk__in=[alices[0].pk, bobs[0].pk, unassigned[0].pk])

    def peers(whole_book) -> set[tuple]:
        book = load_book(part, TODAY, since=SINCE, settings=SETTINGS, whole_book=whole_book)
        assert len(book.accounts) == 3
        return {(p.account_id, p.csm_email, p.arr) for p in book.peers}

    assert peers(lambda csm: False) == {
        (alices[1].pk, alice.email, 2000),
        (alices[2].pk, alice.email, 3000),
        (bobs[1].pk, bob.email, bobs[1].arr),
        (unassigned[1].pk, None, unassigned[1].arr),
    }
    assert peers(lambda csm: csm != alice.email) == {(a.pk, alice.email, a.arr) for a in alices[1:]}
    assert peers(lambda csm: csm is not None) == {(unassigned[1].pk, None, unassigned[1].arr)}
    assert peers(lambda csm: True) == set()
    assert peers(None) == set()


def test_peers_take_one_query_whatever_their_number(alice):
    mine = account_owned_by(alice, name="Mine")
    part = Account.objects.filter(pk=mine.pk)

    def count(whole_book) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            book = load_book(part, TODAY, since=SINCE, settings=SETTINGS, whole_book=whole_book)
        return len(captured.captured_queries), len(book.peers)

    add_accounts(alice, 10, 0)
    whole, _ = count(None)
    assert count(lambda csm: True) == (whole, 0)  # whole books: no query for peers
    assert count(lambda csm: False) == (whole + 1, 10)
    add_accounts(alice, 990, 10)
    assert count(lambda csm: False) == (whole + 1, 1000)


TEAMS_FILE = """
[segment.smb.onboarding]
first_value_license_percent = 20
[team."maria@rhythm.test".onboarding]
first_value_license_percent = 30
[[team."maria@rhythm.test".renewals.reviews]]
stage = "five_months"
before = "4 months"
[[team."maria@rhythm.test".renewals.reviews]]
stage = "three_months"
before = "1 month"
"""


def load_with_teams(tmp_path, team: str = "maria@rhythm.test"):
    path = tmp_path / "playbook.toml"
    path.write_text(TEAMS_FILE)
    default = load_settings(str(path))
    teams = {team: load_settings(str(path), team=team)}
    return load_book(Account.objects.all(), TODAY, since=SINCE, settings=default, teams=teams)


def test_usage_keeps_first_value_for_each_team_s_and_segment_s_threshold(alice, tmp_path):
    account = account_owned_by(
        alice, licenses_purchased=200, initial_transaction_date=dt.date(2024, 12, 1)
    )
    for day, active in [
        ((2025, 1, 1), 5),
        ((2025, 2, 1), 25),  # 12.5%: first value at the file's 10%
        ((2025, 3, 1), 40),  # 20%: at the small-business segment's
        ((2025, 4, 1), 70),  # 35%: at Maria's team's 30%
        ((2025, 5, 1), 30),  # the latest before the window
        ((2026, 10, 1), 90),
    ]:
        LicenseUsage.objects.create(account=account, date=dt.date(*day), licenses_activated=active)
    usage = [u.on.month for u in load_with_teams(tmp_path).accounts[0].usage]
    assert usage == [2, 3, 4, 5, 10]


def test_a_logged_renewal_review_takes_the_stage_of_the_account_s_team(alice, charlie, tmp_path):
    for csm in (alice, charlie):
        account = account_owned_by(csm, name=f"Renews {csm.name}")
        Renewal.objects.create(account=account, renewal_date=dt.date(2027, 2, 1), arr=1000)
        Activity.objects.create(account=account, kind="renewal_review", date=dt.date(2026, 11, 15))
    book = load_with_teams(tmp_path)
    stages = {f.csm_email: [r.stage for r in f.renewals[0].reviews] for f in book.accounts}
    # By the defaults the stages are due 2026-09-01 and 2026-11-01: the nearest is the
    # second. By Maria's team's, 2026-10-01 and 2027-01-01: the nearest is the first.
    assert stages == {alice.email: ["five_months"], charlie.email: ["three_months"]}


def reviews_loaded(on: dt.date) -> list[tuple[str, dt.date]]:
    book = load_book(Account.objects.all(), on, since=SINCE, settings=SETTINGS)
    return [(r.stage, r.held_on) for r in book.accounts[0].renewals[0].reviews]


def test_a_second_logged_review_near_one_stage_counts_for_it_again_not_for_the_next(alice):
    """A renewal on 2027-05-01: its reviews are due 2026-12-01 and 2027-02-01."""
    account = account_owned_by(alice)
    Renewal.objects.create(account=account, renewal_date=dt.date(2027, 5, 1), arr=1000)
    for day in (dt.date(2026, 11, 25), dt.date(2026, 11, 28)):
        Activity.objects.create(account=account, kind="renewal_review", date=day)
    assert reviews_loaded(dt.date(2027, 2, 1)) == [
        ("five_months", dt.date(2026, 11, 25)),
        ("five_months", dt.date(2026, 11, 28)),
    ]


def test_a_logged_review_near_a_recorded_stage_counts_for_that_stage(alice):
    account = account_owned_by(alice)
    renewal = Renewal.objects.create(account=account, renewal_date=dt.date(2027, 5, 1), arr=1000)
    renewal.reviews.create(stage="five_months", held_on=dt.date(2026, 11, 25))
    for day in (dt.date(2026, 11, 28), dt.date(2027, 1, 20)):
        Activity.objects.create(account=account, kind="renewal_review", date=day)
    assert reviews_loaded(dt.date(2027, 2, 1)) == [
        ("five_months", dt.date(2026, 11, 25)),
        ("five_months", dt.date(2026, 11, 28)),
        ("three_months", dt.date(2027, 1, 20)),
    ]


def test_each_review_carries_its_timeline_entry_for_ren_2_to_link(alice):
    account = account_owned_by(alice)
    renewal = Renewal.objects.create(account=account, renewal_date=dt.date(2027, 5, 1), arr=1000)
    recorded = Activity.objects.create(
        account=account, kind="renewal_review", date=dt.date(2026, 11, 25)
    )
    renewal.reviews.create(stage="five_months", held_on=recorded.date, activity=recorded)
    renewal.reviews.create(stage="three_months", held_on=dt.date(2027, 1, 20))  # no entry
    logged = Activity.objects.create(
        account=account, kind="renewal_review", date=dt.date(2026, 11, 28)
    )
    book = load_book(Account.objects.all(), dt.date(2027, 2, 1), since=SINCE, settings=SETTINGS)
    found = [(r.held_on, r.activity_id) for r in book.accounts[0].renewals[0].reviews]
    assert found == [
        (dt.date(2026, 11, 25), recorded.pk),
        (dt.date(2026, 11, 28), logged.pk),
        (dt.date(2027, 1, 20), None),
    ]
