"""The account list: a page at a time, and found by account or CSM."""

import datetime as dt
import re

from rhythm.accounts.models import Phase
from tests.factories import account_owned_by
from tests.querycount import assert_flat_query_count
from tests.web.pages import today, with_late_call
from tests.web.test_views import logged_in


def names(page: str) -> list[str]:
    return re.findall(r'<a href="/accounts/\d+/">([^<]+)</a>', page)


def test_long_lists_come_a_page_at_a_time(client, alice, monkeypatch):
    from rhythm.web.views import accounts

    monkeypatch.setattr(accounts, "ACCOUNTS_PER_PAGE", 4)
    for n in range(10):
        account_owned_by(alice, name=f"Account {n:02}")
    logged_in(client, alice)
    first = client.get("/accounts/").content.decode()
    assert names(first) == ["Account 00", "Account 01", "Account 02", "Account 03"]
    assert "Accounts 1–4 of 10 · page 1 of 3" in first
    assert 'href="?page=2" rel="next"' in first and 'rel="prev"' not in first
    last = client.get("/accounts/?page=3").content.decode()
    assert names(last) == ["Account 08", "Account 09"]
    assert 'rel="next"' not in last
    # A page past the end, or not a number, shows the nearest real page instead of an error.
    assert names(client.get("/accounts/?page=99").content.decode()) == names(last)
    assert names(client.get("/accounts/?page=x").content.decode()) == names(first)
    # Paging through what was found keeps the search.
    found = client.get("/accounts/?q=account+0").content.decode()
    assert 'href="?q=account%200&amp;page=2" rel="next"' in found
    assert names(client.get("/accounts/?q=account+0&page=3").content.decode()) == names(last)


def test_a_page_runs_the_same_queries_whatever_the_book(client, alice):
    logged_in(client, alice)
    made = iter(range(1000))

    def grow(count: int) -> None:
        for _ in range(count):
            account_owned_by(alice, name=f"Account {next(made):03}")

    assert_flat_query_count(lambda: client.get("/accounts/?q=account"), grow, 3, 60)


def test_a_page_of_one_csm_s_book_runs_the_same_queries_whatever_the_book(
    client, manager, alice, bob
):
    account_owned_by(bob, name="Bob's only")
    logged_in(client, manager)
    made = iter(range(1000))

    def grow(count: int) -> None:
        for _ in range(count):
            account_owned_by(alice, name=f"Account {next(made):03}")

    def page():
        response = client.get("/accounts/?csm=alice%40rhythm.test&q=account")
        assert "Bob&#x27;s only" not in response.content.decode()

    assert_flat_query_count(page, grow, 3, 60)


def test_find_by_account_or_by_csm(client, manager, alice, bob, charlie):
    account_owned_by(alice, name="Acme Corp")
    account_owned_by(alice, name="Northwind Bank")
    account_owned_by(bob, name="Acme Labs")
    account_owned_by(charlie, name="Acme Hidden")  # not in the manager's team
    logged_in(client, manager)
    assert names(client.get("/accounts/?q=acme").content.decode()) == ["Acme Corp", "Acme Labs"]
    by_csm = client.get("/accounts/?q=ALICE").content.decode()
    assert names(by_csm) == ["Acme Corp", "Northwind Bank"]
    assert "(2 matching)" in by_csm
    assert names(client.get("/accounts/?q=bob@rhythm").content.decode()) == ["Acme Labs"]
    assert names(client.get("/accounts/?q=++acme++").content.decode()) == [
        "Acme Corp",
        "Acme Labs",
    ]


def test_no_match_says_so_and_offers_the_whole_list(client, alice):
    account_owned_by(alice, name="Acme Corp")
    page = logged_in(client, alice).get("/accounts/?q=zebra").content.decode()
    assert "No account matches “zebra”." in page
    assert "Show every account" in page
    assert "No accounts in your book yet" not in page


def test_a_search_too_long_says_so_instead_of_listing_everything(client, alice):
    account_owned_by(alice, name="Acme Corp")
    page = logged_in(client, alice).get("/accounts/?q=" + "a" * 201).content.decode()
    assert "at most 200 characters" in page
    assert names(page) == []
    assert "No account matches" not in page


def test_the_api_finds_the_same_accounts(client, manager, alice, bob, charlie):
    from tests.timeline.test_api import bearer

    account_owned_by(alice, name="Acme Corp")
    account_owned_by(bob, name="Acme Labs")
    account_owned_by(charlie, name="Acme Hidden")
    found = client.get("/api/v1/accounts?q=acme", **bearer(manager)).json()
    assert [item["name"] for item in found["items"]] == ["Acme Corp", "Acme Labs"]
    by_csm = client.get("/api/v1/accounts?q=bob", **bearer(manager)).json()
    assert [item["name"] for item in by_csm["items"]] == ["Acme Labs"]
    assert client.get("/api/v1/accounts", **bearer(manager)).json()["count"] == 2


def _book(alice, bob):
    """Accounts in several states: P1 for low adoption, non-engaged and in triage, red
    health, and one whose initial transaction is still to come."""
    import datetime as dt

    from django.utils import timezone

    from rhythm.health.models import HealthUpdate
    from tests.web.pages import with_late_call

    today = timezone.localdate()
    with_late_call(alice, "Calls Late Co")
    with_late_call(alice, "Gone Quiet Co", days_ago=90)
    red = with_late_call(bob, "Red Co")
    HealthUpdate.objects.create(account=red, date=today - dt.timedelta(days=3), overall="red")
    account_owned_by(alice, name="Signs Soon Co", initial_transaction_date=today + dt.timedelta(30))


def _shown(status):
    """What the list shows of a status (`high_arr` needs the whole book: the list has no use)."""
    return (status.priority, status.engagement, status.triage, status.phase)


def _listed(client, member):
    response = logged_in(client, member).get("/accounts/")
    return {account.name: listed for account, listed in response.context["rows"]}


def test_each_account_shows_its_state_as_its_own_page_does(client, manager, alice, bob):
    _book(alice, bob)
    listed = _listed(client, manager)
    assert listed["Signs Soon Co"] is None  # not a customer yet: no state, as on its page
    for name in ("Calls Late Co", "Gone Quiet Co", "Red Co"):
        pk = client.get(f"/accounts/?q={name}").context["rows"][0][0].pk
        state = client.get(f"/accounts/{pk}/").context["state"]
        assert _shown(listed[name].status) == _shown(state.status), name
    assert not listed["Gone Quiet Co"].status.engagement.engaged
    assert listed["Gone Quiet Co"].status.triage.in_triage
    assert listed["Red Co"].health.overall == "red"
    html = client.get("/accounts/").content.decode()
    assert "non-engaged" in html and "in triage" in html and "not a customer yet" in html
    assert "<summary>Low use-case adoption</summary><ul><li>Low use-case adoption: " in html
    # Why an account is non-engaged, and in triage, is on the page too, not in a tooltip.
    quiet = listed["Gone Quiet Co"].status
    assert f"<summary>why</summary><p>{quiet.engagement.reason}</p>" in html
    assert f"<summary>why</summary><ul><li>{quiet.triage.reasons[0]}</li>" in html
    assert 'title="Non-engaged' not in html
    phase = listed["Red Co"].status.phase.phase
    assert f"<td>{dict(Phase.choices)[phase]}</td>" in html  # named as the handbook names it


def test_a_teams_own_settings_apply_in_the_list(
    client, manager, alice, bob, leader, settings, use_playbook
):
    """Leadership sees every team; each account is judged on its CSM's team's settings."""
    _book(alice, bob)
    use_playbook(f'[team."{manager.email}".cadence]\nnon_engaged_after = "7 days"\n')
    listed = _listed(client, leader)
    assert not listed["Calls Late Co"].status.engagement.engaged  # a call 20 days ago
    pk = client.get("/accounts/?q=Calls Late").context["rows"][0][0].pk
    state = client.get(f"/accounts/{pk}/").context["state"]
    assert _shown(state.status) == _shown(listed["Calls Late Co"].status)


def test_an_overridden_priority_says_who_when_and_why_beside_the_computed_one(
    client, manager, alice
):
    """PRIO-2: set, changed and removed, the list shows the override in force, who set it,
    on which day and the computed priority beside it, then its reason when opened."""
    from rhythm.accounts.services import override_priority

    account = with_late_call(alice, "Calls Late Co")  # computed P1: low use-case adoption
    override_priority(account=account, priority="P2", reason="Quiet by design", by=manager)
    logged_in(client, alice)
    on = f"{today():%-d %b %Y}"
    html = client.get("/accounts/").content.decode()
    assert (
        '>P2</span>\n        <details class="why"><summary>'
        f"overridden by Maria Manager on {on}, computed P1</summary>"
        "<p>Reason: Quiet by design</p></details>"
    ) in html
    override_priority(account=account, priority="P2", reason="Renewal signed", by=manager)
    assert "<p>Reason: Renewal signed</p>" in client.get("/accounts/").content.decode()
    override_priority(account=account, priority="", reason="", by=manager)
    html = client.get("/accounts/").content.decode()
    assert ">P1</span>" in html and "overridden" not in html


def test_find_ignores_case_in_any_alphabet(client, manager, alice):
    account_owned_by(alice, name="Ölwerk AG")
    account_owned_by(alice, name="Ångström Labs")
    account_owned_by(alice, name="Acme Corp")
    logged_in(client, manager)
    assert names(client.get("/accounts/?q=ölwerk").content.decode()) == ["Ölwerk AG"]
    assert names(client.get("/accounts/?q=ÅNGSTRÖM").content.decode()) == ["Ångström Labs"]


def test_segments_read_as_words_and_the_admin_filters_them_in_the_playbook_s_order(
    client, alice, admin_user
):
    small = account_owned_by(alice, name="Small Co", segment="smb", tier="ultimate")
    account_owned_by(alice, name="Mid Co", segment="mid-market")
    account_owned_by(alice, name="Big Co", segment="strategic")
    logged_in(client, alice)
    listed = client.get("/accounts/").content.decode()
    assert "<td>SMB</td>" in listed and "<td>Mid-market</td>" in listed
    facts = client.get(f"/accounts/{small.pk}/").content.decode()
    assert "<span>SMB</span>" in facts and "<span>Ultimate</span>" in facts
    client.force_login(admin_user)
    changelist = client.get("/admin/accounts/account/").content.decode()
    offered = re.findall(r'href="\?segment=([^"&]+)"[^>]*>([^<]+)</a>', changelist)
    assert offered == [
        ("strategic", "Strategic"),
        ("enterprise", "Enterprise"),
        ("mid-market", "Mid-market"),
        ("smb", "SMB"),
    ]
    only_small = client.get("/admin/accounts/account/?segment=smb").content.decode()
    assert "Small Co" in only_small and "Mid Co" not in only_small
    form = client.get(f"/admin/accounts/account/{small.pk}/change/").content.decode()
    options = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', form)
    assert options[:4] == [
        ("strategic", "Strategic"),
        ("enterprise", "Enterprise"),
        ("mid-market", "Mid-market"),
        ("smb", "SMB"),
    ]


def test_a_kpi_card_links_the_accounts_keeping_it_from_its_target(client, manager, alice, bob):
    """P1 share: the dashboard counts Alice's and Bob's P1 accounts, links them, and the
    Accounts list shows exactly those, or one CSM's of them when the dashboard is narrowed."""
    with_late_call(alice, "Alpha P1")
    with_late_call(bob, "Beta P1")
    quiet = with_late_call(alice, "Gamma quiet", days_ago=90)  # non-engaged: over 2 months
    logged_in(client, manager)
    cards = {card.name: card for card in client.get("/team/").context["kpis"]}
    assert (cards["P1 share"].behind, cards["P1 share"].behind_count) == ("p1_share", 3)
    assert cards["Non-engaged accounts"].behind_link == (
        "1 account non-engaged: no meeting for more than 2 months"
    )
    page = client.get("/accounts/?behind=p1_share").content.decode()
    assert names(page) == ["Alpha P1", "Beta P1", "Gamma quiet"]
    assert "The accounts at priority P1, as the team dashboard counts them today." in page
    narrowed = client.get(f"/team/?csm={alice.email}").content.decode()
    assert 'href="/accounts/?behind=non_engaged&amp;csm=alice%40rhythm.test"' in narrowed
    page = client.get("/accounts/?behind=non_engaged&csm=alice%40rhythm.test").content.decode()
    assert names(page) == [quiet.name]
    assert "In Alice Owner's book: the accounts non-engaged" in page
    # Searching within the list keeps the KPI and the CSM.
    page = client.get("/accounts/?behind=p1_share&csm=alice%40rhythm.test&q=alpha")
    assert names(page.content.decode()) == ["Alpha P1"]


def test_no_account_behind_a_kpi_says_so(client, manager, alice):
    with_late_call(alice, "Alpha P1")
    logged_in(client, manager)
    cards = {card.name: card for card in client.get("/team/").context["kpis"]}
    assert cards["Non-engaged accounts"].behind_link == ""  # nothing to link
    page = client.get("/accounts/?behind=non_engaged").content.decode()
    assert "No account non-engaged: no meeting for more than 2 months today" in page


def test_a_kpi_not_offered_is_refused_naming_the_field_a_csm_set_aside(client, alice, bob):
    with_late_call(bob, "Bob's P1")
    with_late_call(alice, "Alice's P1")
    logged_in(client, alice)  # a CSM picks no other book, and has no CSM field
    page = client.get("/accounts/?behind=p1_share&csm=bob%40rhythm.test").content.decode()
    assert "Select a valid choice." not in page and "Bob&#x27;s P1" not in page
    assert "not narrowed to bob@rhythm.test's book: you see only your own book." in page
    assert names(page) == ["Alice&#x27;s P1"]  # the KPI still taken, in her own book
    page = client.get("/accounts/?behind=arr").content.decode()
    assert "Behind the KPI: Select a valid choice. arr is not one of the available" in page


def test_a_replayed_dashboard_links_no_accounts_of_today(client, manager, alice):
    with_late_call(alice, "Alpha P1")
    logged_in(client, manager)
    page = client.get(f"/team/?on={today() - dt.timedelta(days=1)}").content.decode()
    assert "?behind=" not in page


def test_the_accounts_behind_a_kpi_come_a_page_at_a_time_in_the_list_s_order(
    client, manager, alice, monkeypatch
):
    """Paged by id, not by one `IN` list of every account behind the KPI: the pages hold
    the accounts behind it, in name order, and the rest of the book is left out."""
    from rhythm.web.views import accounts

    monkeypatch.setattr(accounts, "ACCOUNTS_PER_PAGE", 2)
    for name in ("Delta quiet", "Alpha quiet", "Charlie quiet"):
        with_late_call(alice, name, days_ago=90)  # non-engaged: no meeting for 2 months
    with_late_call(alice, "Bravo engaged")
    logged_in(client, manager)
    first = client.get("/accounts/?behind=non_engaged").content.decode()
    assert names(first) == ["Alpha quiet", "Charlie quiet"]
    assert "Accounts 1–2 of 3 · page 1 of 2" in first
    assert 'href="?behind=non_engaged&amp;page=2" rel="next"' in first
    second = client.get("/accounts/?behind=non_engaged&page=2").content.decode()
    assert names(second) == ["Delta quiet"]


def test_the_form_offers_every_share_with_accounts_behind_named_as_the_dashboard_does():
    """The choices are `BEHIND_KEYS`, in order, each under the KPI's one name for people."""
    from rhythm.playbook.rules.kpis import BEHIND_KEYS
    from rhythm.web.forms import AccountSearchForm

    choices = AccountSearchForm().fields["behind"].choices
    assert ("ebr_coverage", "EBR coverage") in choices
    offered = [key for key, _ in choices]
    assert offered == ["", *BEHIND_KEYS]  # first, no KPI: any account
    assert choices[0] == ("", "Any account")


def selects(page: str) -> dict[str, list[str]]:
    """Return the filter form's selects: each one's name and its options' labels."""
    found = re.findall(r'<select name="(\w+)"[^>]*>(.*?)</select>', page, re.S)
    return {name: re.findall(r">([^<]*)</option>", options) for name, options in found}


def test_a_manager_picks_a_csm_and_a_kpi_in_the_list_a_csm_only_a_kpi(client, manager, alice, bob):
    account_owned_by(alice, name="Acme Corp")
    account_owned_by(bob, name="Beta Bank")
    page = logged_in(client, manager).get("/accounts/").content.decode()
    offered = selects(page)
    assert offered["csm"] == ["Everyone", "Alice Owner", "Bob Teammate"]
    assert offered["behind"][:2] == ["Any account", "EBR coverage"]
    assert '<label>CSM <select name="csm"' in page
    assert '<label>Behind the KPI <select name="behind"' in page
    page = logged_in(client, alice).get("/accounts/").content.decode()
    assert list(selects(page)) == ["behind"]  # her own book is all she sees


def test_a_manager_of_one_csm_is_offered_no_csm_to_pick(client, manager, alice):
    account_owned_by(alice, name="Acme Corp")
    page = logged_in(client, manager).get("/accounts/").content.decode()
    assert list(selects(page)) == ["behind"]
    # A dashboard link's CSM is still taken, and kept for the next search.
    page = client.get("/accounts/?csm=alice%40rhythm.test").content.decode()
    assert names(page) == ["Acme Corp"]
    assert '<input type="hidden" name="csm" value="alice@rhythm.test">' in page


def test_a_csm_alone_lists_their_book(client, manager, alice, bob, charlie):
    account_owned_by(alice, name="Acme Corp")
    account_owned_by(alice, name="Northwind Bank")
    account_owned_by(bob, name="Acme Labs")
    logged_in(client, manager)
    page = client.get("/accounts/?csm=bob%40rhythm.test").content.decode()
    assert names(page) == ["Acme Labs"]
    assert "In Bob Teammate's book." in page
    assert '<option value="bob@rhythm.test" selected>Bob Teammate</option>' in page
    assert '<a href="/accounts/">Clear</a>' in page


def test_a_csm_a_kpi_and_text_combine(client, manager, alice, bob):
    with_late_call(alice, "Alpha P1")
    with_late_call(alice, "Alpine P1")
    with_late_call(bob, "Alpaca P1")
    with_late_call(alice, "Alder quiet", days_ago=90)  # non-engaged
    logged_in(client, manager)
    page = client.get("/accounts/?csm=alice%40rhythm.test&q=alp").content.decode()
    assert names(page) == ["Alpha P1", "Alpine P1"]
    page = client.get("/accounts/?csm=alice%40rhythm.test&behind=non_engaged&q=al")
    assert names(page.content.decode()) == ["Alder quiet"]
    page = client.get("/accounts/?csm=bob%40rhythm.test&behind=p1_share&q=alp").content.decode()
    assert names(page) == ["Alpaca P1"]
    assert "In Bob Teammate's book: the accounts at priority P1" in page


def test_sorting_and_paging_keep_every_filter(client, manager, alice, bob, monkeypatch):
    from rhythm.web.views import accounts

    monkeypatch.setattr(accounts, "ACCOUNTS_PER_PAGE", 2)
    for name in ("Delta quiet", "Alpha quiet", "Charlie quiet"):
        with_late_call(alice, name, days_ago=90)
    with_late_call(bob, "Bravo quiet", days_ago=90)
    logged_in(client, manager)
    kept = "q=quiet&amp;behind=non_engaged&amp;csm=alice%40rhythm.test&amp;"
    page = client.get(
        "/accounts/?q=quiet&behind=non_engaged&csm=alice%40rhythm.test&sort=name&dir=desc"
    ).content.decode()
    assert names(page) == ["Delta quiet", "Charlie quiet"]
    assert f'href="?{kept}sort=name&amp;dir=desc&amp;page=2" rel="next"' in page
    assert f'href="?{kept}sort=arr' in page  # another column's heading keeps them too
    last = client.get(
        "/accounts/?q=quiet&behind=non_engaged&csm=alice%40rhythm.test&sort=name&dir=desc&page=2"
    )
    assert names(last.content.decode()) == ["Alpha quiet"]
    # The form keeps the sort for the next search; the filters are its own fields.
    assert '<input type="hidden" name="sort" value="name">' in page
    assert '<option value="non_engaged" selected>' in page


def test_a_csm_not_in_view_is_refused_naming_the_field(client, manager, alice, bob, charlie):
    account_owned_by(charlie, name="Hidden Corp")
    account_owned_by(alice, name="Acme Corp")
    logged_in(client, manager)  # offered Alice and Bob in the CSM field
    response = client.get("/accounts/?csm=charlie%40rhythm.test")
    assert response.status_code == 200
    page = response.content.decode()
    assert "CSM: Select a valid choice. charlie@rhythm.test is not one of the" in page
    assert names(page) == []  # neither his book nor everyone's instead
    assert '<a href="/accounts/">Clear</a>' in page


def test_a_csm_given_a_colleague_s_book_is_told_they_see_only_their_own(client, alice, bob):
    """A CSM has no CSM field: a shared link's `csm` of a colleague is set aside, saying
    why, rather than refused on a field the page does not show."""
    account_owned_by(alice, name="Acme Corp")
    account_owned_by(bob, name="Beta Labs")
    logged_in(client, alice)
    response = client.get("/accounts/?csm=bob%40rhythm.test")
    assert response.status_code == 200
    page = response.content.decode()
    assert names(page) == ["Acme Corp"]  # her own book, as without the link's `csm`
    assert 'Accounts <span class="muted">(1)</span>' in page
    assert "Select a valid choice" not in page and "CSM:" not in page
    assert "The list is not narrowed to bob@rhythm.test's book: you see only your own book." in page
    assert 'name="csm"' not in page  # not sent again with the next search
    # Her own email asks for what she sees anyway: nothing to say.
    page = client.get("/accounts/?csm=alice%40rhythm.test").content.decode()
    assert names(page) == ["Acme Corp"] and "not narrowed" not in page


def test_a_manager_of_one_csm_given_another_book_is_told_they_see_their_team_s(
    client, manager, alice, charlie
):
    account_owned_by(alice, name="Acme Corp")
    account_owned_by(charlie, name="Hidden Corp")
    logged_in(client, manager)
    page = client.get("/accounts/?csm=charlie%40rhythm.test").content.decode()
    assert names(page) == ["Acme Corp"] and "Select a valid choice" not in page
    assert "to charlie@rhythm.test's book: you see only your team's books." in page


def test_a_csm_picked_but_no_longer_a_csm_is_refused_not_an_error(
    client, manager, alice, bob, monkeypatch
):
    """Offered a moment ago, the book's owner is no CSM by the time the list asks for it:
    `csm_book`'s refusal is the field's, not a server error."""
    from rhythm.playbook.queue import ScopeError
    from rhythm.web.views import accounts

    account_owned_by(bob, name="Beta Bank")
    logged_in(client, manager)

    def refused(user, email):
        raise ScopeError(f"{email} is not a CSM (sales): a book is a CSM's.")

    monkeypatch.setattr(accounts, "csm_book", refused)
    response = client.get("/accounts/?csm=bob%40rhythm.test")
    assert response.status_code == 200
    page = response.content.decode()
    assert "CSM: bob@rhythm.test is not a CSM (sales)" in page and names(page) == []


def test_a_csm_with_no_account_or_none_behind_says_so_with_a_way_back(client, manager, alice, bob):
    with_late_call(alice, "Alpha P1")
    logged_in(client, manager)
    page = client.get("/accounts/?csm=bob%40rhythm.test").content.decode()
    assert "Bob Teammate has no accounts in their book yet." in page
    assert "Show every account</a>.</p>" in page
    page = client.get("/accounts/?csm=alice%40rhythm.test&behind=non_engaged").content.decode()
    assert "No account in Alice Owner's book non-engaged" in page
    assert 'nothing keeps this KPI from its target. <a href="/accounts/">Show every' in page


def test_leadership_lists_one_manager_s_team_alone_or_behind_a_kpi(
    client, leader, manager, alice, bob, charlie
):
    with_late_call(alice, "Alpha P1")
    with_late_call(bob, "Beta quiet", days_ago=90)  # non-engaged
    with_late_call(charlie, "Outside quiet", days_ago=90)  # non-engaged, on no team
    logged_in(client, leader)
    page = client.get("/accounts/").content.decode()
    assert selects(page)["team"] == ["Every team", "Maria Manager&#x27;s team"]
    page = client.get("/accounts/?team=maria%40rhythm.test").content.decode()
    assert names(page) == ["Alpha P1", "Beta quiet"]
    assert "In Maria Manager's team." in page
    # behind a KPI, as the dashboard's card for that team links it
    page = client.get("/accounts/?team=maria%40rhythm.test&behind=non_engaged").content.decode()
    assert names(page) == ["Beta quiet"]
    assert "In Maria Manager's team: the accounts non-engaged" in page
    # a CSM of another team beside it is refused on the CSM field
    page = client.get("/accounts/?team=maria%40rhythm.test&csm=charlie%40rhythm.test")
    assert "Charlie Outsider is not on Maria Manager&#x27;s team." in page.content.decode()
    assert names(page.content.decode()) == []


def test_the_dashboard_s_kpi_card_of_a_team_links_that_team_s_accounts(
    client, leader, manager, alice
):
    with_late_call(alice, "Alder quiet", days_ago=90)  # non-engaged
    page = logged_in(client, leader).get("/team/?team=maria%40rhythm.test").content.decode()
    assert '/accounts/?behind=non_engaged&amp;team=maria%40rhythm.test"' in page
