"""The account list sorted by its columns, server-side, with the find box, a KPI and pages."""

import datetime as dt
import re

import pytest

from rhythm.accounts.models import Account
from rhythm.health.models import HealthUpdate
from rhythm.renewals.models import Renewal
from tests.factories import ActivityFactory, account_owned_by
from tests.querycount import assert_flat_query_count
from tests.web.pages import today, with_late_call
from tests.web.test_account_list import names
from tests.web.test_views import logged_in


def _called(account: Account, days_ago: int) -> Account:
    ActivityFactory(account=account, kind="cadence_call", date=today() - dt.timedelta(days_ago))
    return account


def _renews(account: Account, in_days: int, outcome: str = "open") -> None:
    closed = today() if outcome != "open" else None
    when = today() + dt.timedelta(in_days)
    Renewal.objects.create(account=account, renewal_date=when, outcome=outcome, closed_on=closed)


def _health(account: Account, overall: str) -> None:
    HealthUpdate.objects.create(account=account, date=today() - dt.timedelta(3), overall=overall)


@pytest.fixture
def book(alice, bob):
    """Five accounts, each column holding ties and an account without a value.

    Alpha: P2, green, engaged, expand, SMB, 50,000, renews in 100 days (Bob's).
    Bravo: P1 (no green use case), red so in triage, onboard, strategic, 900,000, 30 days.
    Charlie: P1, non-engaged so in triage, no health, enable, mid-market, no ARR, and only a
    closed renewal (Bob's). Delta: not a customer yet (no state), enterprise, 300,000, 60
    days (Alice's). Echo: P2, yellow, enable, enterprise, 300,000, 30 days (Alice's).
    """
    alpha = account_owned_by(bob, name="Alpha Co", tier="", segment="smb", arr=50000)
    alpha.phase_override = "expand"
    alpha.save()
    _called(alpha, 20), _health(alpha, "green"), _renews(alpha, 100)
    bravo = account_owned_by(bob, name="Bravo Co", segment="strategic", arr=900000)
    bravo.phase_override = "onboard"
    bravo.save()
    _called(bravo, 20), _health(bravo, "red"), _renews(bravo, 30)
    charlie = account_owned_by(bob, name="Charlie Co", segment="mid-market", arr=None)
    charlie.phase_override = "enable"
    charlie.save()
    _called(charlie, 90), _renews(charlie, -20, outcome="renewed")
    soon = today() + dt.timedelta(40)
    delta = account_owned_by(
        alice, name="Delta Co", segment="enterprise", arr=300000, initial_transaction_date=soon
    )
    _renews(delta, 60)
    echo = account_owned_by(alice, name="Echo Co", tier="", segment="enterprise", arr=300000)
    echo.phase_override = "enable"
    echo.save()
    _called(echo, 20), _health(echo, "yellow"), _renews(echo, 30)


A, B, C, D, E = "Alpha Co", "Bravo Co", "Charlie Co", "Delta Co", "Echo Co"

ORDERS = [
    ("name", "asc", [A, B, C, D, E]),
    ("name", "desc", [E, D, C, B, A]),
    ("priority", "asc", [B, C, A, E, D]),  # P1, P2, then the account not a customer yet
    ("priority", "desc", [A, E, B, C, D]),
    ("health", "asc", [B, E, A, C, D]),  # red, yellow, green, then none
    ("health", "desc", [A, E, B, C, D]),
    ("engagement", "asc", [C, A, B, E, D]),  # non-engaged first
    ("engagement", "desc", [A, B, E, C, D]),
    ("triage", "desc", [B, C, A, E, D]),  # in triage first
    ("triage", "asc", [A, E, B, C, D]),
    ("phase", "asc", [B, C, E, A, D]),  # onboard, enable, expand: the handbook's order
    ("phase", "desc", [A, C, E, B, D]),
    ("segment", "asc", [B, D, E, C, A]),  # the playbook's order: strategic first
    ("segment", "desc", [A, C, D, E, B]),
    ("arr", "desc", [B, D, E, A, C]),  # no ARR last, whichever the direction
    ("arr", "asc", [A, D, E, B, C]),
    ("csm", "asc", [D, E, A, B, C]),  # Alice Owner, then Bob Teammate
    ("csm", "desc", [A, B, C, D, E]),
    ("renewal", "asc", [B, E, D, A, C]),  # the next open renewal; a closed one is none
    ("renewal", "desc", [A, D, B, E, C]),
]


def test_health_sorts_by_the_latest_assessment_as_the_list_shows_it(client, manager, book):
    """Health is sorted by the database: the latest assessment counts (Alpha, red before,
    green now, stays with the greens), and an account not a customer yet shows no health
    and comes last even with an assessment (Delta)."""
    alpha, delta = Account.objects.get(name=A), Account.objects.get(name=D)
    HealthUpdate.objects.create(account=alpha, date=today() - dt.timedelta(30), overall="red")
    HealthUpdate.objects.create(account=delta, date=today() - dt.timedelta(1), overall="red")
    logged_in(client, manager)
    assert names(client.get("/accounts/?sort=health&dir=asc").content.decode()) == [B, E, A, C, D]


@pytest.mark.parametrize(("key", "direction", "expected"), ORDERS, ids=lambda v: str(v))
def test_each_column_sorts_both_ways_ties_by_name_and_empty_values_last(
    client, manager, book, key, direction, expected
):
    logged_in(client, manager)
    page = client.get(f"/accounts/?sort={key}&dir={direction}").content.decode()
    assert names(page) == expected


def test_a_first_click_sorts_each_column_the_way_a_cs_team_looks_first(client, manager, book):
    """No direction: P1 first, red first, non-engaged first, the largest ARR first..."""
    logged_in(client, manager)
    for key, direction, expected in ORDERS[::2]:
        assert direction == ("desc" if key in ("triage", "arr") else "asc")
        assert names(client.get(f"/accounts/?sort={key}").content.decode()) == expected, key


@pytest.mark.parametrize(
    "asked", ["sort=bogus", "sort=bogus&dir=desc", "sort=", "sort=__class__&dir=asc", "dir=desc"]
)
def test_an_unknown_sort_is_the_list_s_own_order_without_an_error(client, manager, book, asked):
    logged_in(client, manager)
    response = client.get(f"/accounts/?{asked}", follow=True)  # `sort=` drops to /accounts/
    assert response.status_code == 200
    assert names(response.content.decode()) == [A, B, C, D, E]


def test_an_unknown_direction_is_the_column_s_first(client, manager, book):
    logged_in(client, manager)
    page = client.get("/accounts/?sort=ARR&dir=sideways").content.decode()
    assert names(page) == [B, D, E, A, C]


def _headers(page: str) -> dict[str, str]:
    """Each column heading's opening tag and link, by its label."""
    found = re.findall(r'(<th scope="col"[^>]*><a class="sort[^"]*" href="[^"]*")[^>]*>(\w+)', page)
    return {label: tag for tag, label in found}


def test_the_sorted_column_says_so_with_aria_sort_and_an_arrow(client, manager, book):
    logged_in(client, manager)
    page = client.get("/accounts/?sort=arr&dir=desc").content.decode()
    headers = _headers(page)
    assert list(headers) == [
        "Account",
        "Priority",
        "Health",
        "Engagement",
        "Triage",
        "Phase",
        "Segment",
        "ARR",
        "CSM",
        "Renewal",
    ]
    assert 'aria-sort="descending"' in headers["ARR"]
    assert page.count("aria-sort=") == 1  # the other columns are not sorted
    assert '>ARR <span aria-hidden="true">▼</span></a>' in page
    # Its link turns the direction; another column's sorts it its own first way.
    assert 'href="?sort=arr&amp;dir=asc"' in headers["ARR"]
    assert 'href="?sort=priority&amp;dir=asc"' in headers["Priority"]
    assert 'href="?sort=triage&amp;dir=desc"' in headers["Triage"]
    page = client.get("/accounts/?sort=health&dir=asc").content.decode()
    assert 'aria-sort="ascending"' in _headers(page)["Health"]
    assert '>Health <span aria-hidden="true">▲</span></a>' in page
    # By default the list is in name order, and says so.
    page = client.get("/accounts/").content.decode()
    assert 'aria-sort="ascending"' in _headers(page)["Account"]
    assert 'href="?sort=name&amp;dir=desc"' in _headers(page)["Account"]


def test_sorting_keeps_the_search_and_the_search_keeps_the_sort(client, manager, book):
    logged_in(client, manager)
    page = client.get("/accounts/?q=bob&sort=arr&dir=desc").content.decode()
    assert names(page) == [B, A, C]  # Bob's accounts, the largest first, no ARR last
    assert 'href="?q=bob&amp;sort=renewal&amp;dir=asc"' in _headers(page)["Renewal"]
    # The find box sends the order with the text: a new search keeps the sort.
    assert '<input type="hidden" name="sort" value="arr">' in page
    assert '<input type="hidden" name="dir" value="desc">' in page
    page = client.get("/accounts/?q=co&sort=priority&dir=desc").content.decode()
    assert names(page) == [A, E, B, C, D]


def test_every_page_follows_the_order(client, manager, book, monkeypatch):
    """The pages are cut from the whole sorted list, by the database or in Python."""
    from rhythm.web.views import accounts

    monkeypatch.setattr(accounts, "ACCOUNTS_PER_PAGE", 2)
    logged_in(client, manager)
    for key, direction, expected in ORDERS:
        pages = [
            client.get(f"/accounts/?sort={key}&dir={direction}&page={n}").content.decode()
            for n in (1, 2, 3)
        ]
        assert [name for page in pages for name in names(page)] == expected, (key, direction)
    first = client.get("/accounts/?q=co&sort=health&dir=desc").content.decode()
    assert 'href="?q=co&amp;sort=health&amp;dir=desc&amp;page=2" rel="next"' in first


def test_the_accounts_behind_a_kpi_sort_across_their_pages(client, manager, alice, monkeypatch):
    """Paged by id in Python: sorted by a stored column or a derived one, the pages hold
    the accounts behind the KPI in that order, and the rest of the book is left out."""
    from rhythm.web.views import accounts

    monkeypatch.setattr(accounts, "ACCOUNTS_PER_PAGE", 2)
    for name, arr, health in (
        ("P1 one", 400000, "green"),
        ("P1 two", 100000, "red"),
        ("P1 three", 900000, "yellow"),
        ("P1 four", 100000, None),
        ("P1 five", 700000, "red"),
    ):
        account = with_late_call(alice, name)
        Account.objects.filter(pk=account.pk).update(arr=arr)
        if health:
            _health(account, health)
    account_owned_by(alice, name="P2 big", tier="", arr=5000000)  # not behind the KPI
    _called(Account.objects.get(name="P2 big"), 20)
    logged_in(client, manager)

    def listed(query: str) -> list[str]:
        pages = [client.get(f"/accounts/?{query}&page={n}").content.decode() for n in (1, 2, 3)]
        return [name for page in pages for name in names(page)]

    by_arr = ["P1 three", "P1 five", "P1 one", "P1 four", "P1 two"]  # ties by name
    assert listed("behind=p1_share&sort=arr") == by_arr
    assert listed("behind=p1_share&sort=arr&dir=asc") == ["P1 four", "P1 two", *by_arr[2::-1]]
    by_health = ["P1 five", "P1 two", "P1 three", "P1 one", "P1 four"]
    assert listed("behind=p1_share&sort=health") == by_health
    assert listed(f"behind=p1_share&csm={alice.email}&q=p1&sort=health") == by_health
    page = client.get("/accounts/?behind=p1_share&sort=health").content.decode()
    assert 'href="?behind=p1_share&amp;sort=health&amp;dir=asc&amp;page=2" rel="next"' in page
    assert '<input type="hidden" name="sort" value="health">' in page


@pytest.mark.parametrize("sort", ["priority", "health", "renewal&dir=desc", "csm", "segment"])
def test_a_sorted_page_runs_the_same_queries_whatever_the_book(client, alice, sort):
    logged_in(client, alice)
    made = iter(range(1000))

    def grow(count: int) -> None:
        for _ in range(count):
            account = account_owned_by(alice, name=f"Account {next(made):03}")
            _renews(account, 30 + count % 7)

    assert_flat_query_count(lambda: client.get(f"/accounts/?q=account&sort={sort}"), grow, 3, 60)


def test_the_next_renewal_is_a_column(client, manager, book):
    logged_in(client, manager)
    page = client.get("/accounts/?q=alpha").content.decode()
    when = today() + dt.timedelta(100)
    assert f'<time datetime="{when:%Y-%m-%d}">{when:%Y-%m-%d}</time>' in page
    page = client.get("/accounts/?q=charlie").content.decode()  # only a closed renewal
    assert '<td class="date"><span class="muted">—</span></td>' in page
    assert "overdue" not in client.get("/accounts/?q=alpha").content.decode()


def test_a_renewal_date_passed_and_still_open_says_overdue(client, manager, alice):
    _renews(account_owned_by(alice, name="Lapsed Co"), -12)
    _renews(account_owned_by(alice, name="Today Co"), 0)
    logged_in(client, manager)
    when = today() - dt.timedelta(12)
    page = client.get("/accounts/?q=lapsed").content.decode()
    shown = f'{when:%Y-%m-%d}</time><span class="overdue">overdue, still open</span>'
    assert shown in page
    assert "overdue" not in client.get("/accounts/?q=today").content.decode()  # due today


def test_a_priority_s_reasons_are_on_the_page_not_only_in_a_tooltip(client, manager, book):
    """A keyboard or touch user opens them: what they are about, then every sentence."""
    from rhythm.accounts.services import override_priority

    logged_in(client, manager)
    page = client.get("/accounts/?q=charlie").content.decode()
    topics = "<summary>Low use-case adoption · At risk</summary>"  # each topic once
    assert f'<details class="why">{topics}<ul>' in page
    assert re.search(r"<li>At risk: non-engaged, with no call or meeting since [^<]+</li>", page)
    assert '<span class="prio p1">P1</span>' in page  # no tooltip left to hover for
    page = client.get("/accounts/?q=bravo").content.decode()
    assert topics in page
    assert "<li>Low use-case adoption: Premium tier with no green use case" in page
    assert re.search(r"<li>At risk: overall health red \(assessed [\d-]+\)\.</li>", page)
    assert "<details" not in client.get("/accounts/?q=echo").content.decode()  # P2: no reason
    bravo = Account.objects.get(name=B)
    override_priority(account=bravo, priority="P2", reason="Signed a 3-year deal", by=manager)
    page = client.get("/accounts/?q=bravo").content.decode()
    assert "<summary>overridden by Maria Manager on" in page
    assert "<p>Reason: Signed a 3-year deal</p>" in page
