"""My day: the landing page shows the user's queue, grouped, filtered and replayable."""

import datetime as dt

import pytest

from rhythm.accounts.models import AccountTeamMember
from rhythm.playbook.queue import Scope, work_queue
from rhythm.team.models import Role
from tests.factories import AccountFactory, TeamMemberFactory, account_owned_by
from tests.querycount import assert_flat_query_count
from tests.web.pages import logged_in, shown_items, today, with_late_call


def test_home_is_my_day_and_the_account_list_stays_at_accounts(client, alice, account):
    logged_in(client, alice)
    page = client.get("/")
    assert page.status_code == 200
    assert "<h1>My day</h1>" in page.content.decode()
    assert "Acme Corp" in client.get("/accounts/").content.decode()


def test_my_day_requires_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_csm_sees_exactly_the_items_of_their_book(client, alice, bob, charlie):
    with_late_call(alice, "Acme Corp")
    with_late_call(bob, "Bob Corp")
    with_late_call(charlie, "Hidden Corp")
    response = logged_in(client, alice).get("/")
    expected = work_queue(alice.user, Scope(csm=alice.email), today()).items
    assert shown_items(response) == list(expected)
    assert {item.account for item in shown_items(response) if item.account} == {"Acme Corp"}
    html = response.content.decode()
    assert "Hidden Corp" not in html and "Bob Corp" not in html


def test_items_are_grouped_late_due_coming_with_counts(client, alice):
    with_late_call(alice, "Acme Corp")
    response = logged_in(client, alice).get("/")
    sections = response.context["sections"]
    assert [s.state for s in sections] == ["late", "due", "coming"]
    for section in sections:
        assert {row.item.state for row in section.rows} <= {section.state}
        assert section.count == len(section.rows)
    late = [(row.item.rule, row.item.account) for row in sections[0].rows]
    assert ("CAD-1", "Acme Corp") in late
    html = response.content.decode()
    assert f"<strong>{sections[0].count}</strong> late" in html


def test_a_long_section_shows_its_first_rows_and_says_how_many_it_leaves_out(
    client, alice, monkeypatch
):
    """Past the limit a section shows its first items, in queue order, and counts them all;
    rows are made only for the items shown (a large view's other rows cost seconds)."""
    from rhythm.web import queue_rows

    for name in ("Acme Corp", "Bolt Inc", "Crest Ltd"):
        with_late_call(alice, name)
    made = []
    make_rows = queue_rows.rows_of

    def counted_rows(items, *args, **kwargs):
        made.append(len(items))
        return make_rows(items, *args, **kwargs)

    monkeypatch.setattr(queue_rows, "ROWS_PER_SECTION", 2)
    monkeypatch.setattr(queue_rows, "rows_of", counted_rows)
    response = logged_in(client, alice).get("/")
    expected = work_queue(alice.user, Scope(csm=alice.email), today()).items
    late = [item for item in expected if item.state == "late"]
    assert len(late) > 2
    sections = {section.state: section for section in response.context["sections"]}
    assert [row.item for row in sections["late"].rows] == late[:2]
    assert sections["late"].count == len(late) and sections["late"].truncated
    html = response.content.decode()
    assert f"Showing the first 2 of {len(late)}. Filter by CSM, rule or account" in html
    assert f"<strong>{len(late)}</strong> late" in html
    shown = sum(min(2, len([i for i in expected if i.state == s])) for s in sections)
    assert made == [shown]


def test_each_item_shows_rule_title_account_link_due_severity_why_and_action(client, alice):
    account = with_late_call(alice, "Acme Corp")
    html = logged_in(client, alice).get("/?rule=CAD-1").content.decode()
    assert 'title="Cadence call every 14 days for P1, every month for P2"' in html
    assert f'href="/accounts/{account.pk}/"' in html
    last_call = today() - dt.timedelta(days=20)
    due = last_call + dt.timedelta(days=14)
    assert f'datetime="{due.isoformat()}"' in html
    assert "6 days late" in html
    assert "medium" in html
    assert f"P1 account: calls every 14 days; last call {last_call.isoformat()}" in html
    assert "Log a cadence call." in html
    assert "Log call" in html


def test_manager_sees_the_team_and_may_pick_one_csm(client, manager, alice, bob, charlie):
    with_late_call(alice, "Acme Corp")
    with_late_call(bob, "Bob Corp")
    with_late_call(charlie, "Hidden Corp")
    logged_in(client, manager)
    team = {item.account for item in shown_items(client.get("/")) if item.account}
    assert team == {"Acme Corp", "Bob Corp"}
    bobs = {item.account for item in shown_items(client.get(f"/?csm={bob.email}")) if item.account}
    assert bobs == {"Bob Corp"}
    outsider = client.get(f"/?csm={charlie.email}")
    assert "Hidden Corp" not in outsider.content.decode()
    assert outsider.context["form"].errors["csm"]


def test_only_csms_are_offered_not_a_manager_without_a_book(client, manager, alice, bob):
    with_late_call(alice, "Acme Corp")
    browser = logged_in(client, manager)
    for page in ("/", "/team/"):
        offered = dict(browser.get(page).context["form"].fields["csm"].choices)
        assert set(offered) == {"", alice.email, bob.email}, page  # not Maria Manager
    time_off = browser.get("/team/").context["time_off"]
    assert [email for email, _ in time_off.members] == [alice.email, bob.email]
    assert browser.get(f"/?csm={manager.email}").context["form"].errors["csm"]


def test_a_manager_with_a_book_of_their_own_is_offered(client, manager, alice):
    with_late_call(manager, "Managed Corp")
    offered = dict(logged_in(client, manager).get("/").context["form"].fields["csm"].choices)
    assert manager.email in offered


def test_narrowed_to_one_csm_the_page_speaks_of_their_book(client, manager, alice, bob):
    with_late_call(alice, "Acme Corp")
    browser = logged_in(client, manager)
    html = browser.get(f"/?csm={alice.email}&rule=RT-1").content.decode()
    total = len(browser.get(f"/?csm={alice.email}").context["day"].work.items)
    assert f"{total} items in the book of Alice Owner." in html
    assert f'href="/?csm={alice.email.replace("@", "%40")}">Clear the filters' in html
    html = browser.get(f"/?csm={bob.email}").content.decode()
    assert "No customer accounts in the book of Bob Teammate yet." in html


def test_leadership_sees_everything_and_may_pick_any_csm(client, leader, alice, charlie):
    with_late_call(alice, "Acme Corp")
    with_late_call(charlie, "Outside Corp")
    logged_in(client, leader)
    every = {item.account for item in shown_items(client.get("/")) if item.account}
    assert every == {"Acme Corp", "Outside Corp"}
    picked = client.get(f"/?csm={charlie.email}")
    assert {item.account for item in shown_items(picked) if item.account} == {"Outside Corp"}
    assert "the book of Charlie Outsider" in picked.content.decode()


def test_leadership_may_pick_one_manager_s_team(client, leader, manager, alice, bob, charlie):
    with_late_call(alice, "Acme Corp")
    with_late_call(bob, "Bob Corp")
    with_late_call(charlie, "Outside Corp")
    logged_in(client, leader)
    picked = client.get(f"/?team={manager.email}")
    accounts = {item.account for item in shown_items(picked) if item.account}
    assert accounts == {"Acme Corp", "Bob Corp"}
    # the team's book-level items and its own (RT-1, no CSM), and no other book's
    books = {item.csm for item in picked.context["day"].work.items if item.account_id is None}
    assert books == {alice.email, bob.email, None}
    html = picked.content.decode()
    assert "· Maria Manager's team</p>" in html
    assert f'<option value="{manager.email}" selected>Maria Manager&#x27;s team</option>' in html
    # a filter that keeps nothing offers the team back, not every account
    html = client.get(f"/?team={manager.email}&rule=CAD-1&state=coming").content.decode()
    assert "in Maria Manager's team." in html
    assert f'href="/?team={manager.email.replace("@", "%40")}">Clear the filters' in html


def test_filter_by_rule_account_and_state(client, alice):
    acme = with_late_call(alice, "Acme Corp")
    with_late_call(alice, "Beta Ltd")
    logged_in(client, alice)
    by_rule = shown_items(client.get("/?rule=cad-1"))
    assert {item.rule for item in by_rule} == {"CAD-1"}
    assert {item.account for item in by_rule} == {"Acme Corp", "Beta Ltd"}
    by_account = shown_items(client.get(f"/?account={acme.pk}"))
    assert by_account and {item.account_id for item in by_account} == {acme.pk}
    late = shown_items(client.get(f"/?account={acme.pk}&state=late"))
    assert late and {item.state for item in late} == {"late"}


def test_filtered_the_page_says_how_many_of_the_book_s_items_it_shows(client, alice):
    """Under a filter, the counts at the top are the filtered ones ("0 due" under "Late");
    beside "Clear" the page says how many of the scope's items it shows."""
    with_late_call(alice, "Acme Corp")
    logged_in(client, alice)
    everything = client.get("/")
    total = len(shown_items(everything))
    assert total > 1 and 'id="day-shown" role="status"></span>' in everything.content.decode()
    late = client.get("/?state=late")
    shown = len(shown_items(late))
    assert 0 < shown < total
    html = late.content.decode()
    said = f'<span class="muted" id="day-shown" role="status">{shown} of {total} items shown'
    assert said in html
    assert '<a class="count due" href="#due"><strong>0</strong> due</a>' in html
    # The other sections say they are left out, not that nothing is due or coming.
    assert "Nothing due." not in html and "Nothing coming." not in html
    left_out = "Not shown: the State filter picks late items.</p>"
    assert f'<p class="empty" id="due-empty">{left_out}' in html
    assert f'<p class="empty" id="coming-empty">{left_out}' in html


def test_menus_list_what_the_queue_holds_with_counts(client, alice):
    acme = with_late_call(alice, "Acme Corp")
    html = logged_in(client, alice).get("/").content.decode()
    assert '<option value="CAD-1">CAD-1 — Cadence call every 14 days for P1, ev… (1)' in html
    assert f'<option value="{acme.pk}">Acme Corp (' in html


def test_each_menus_counts_follow_the_other_filters(client, alice):
    acme = with_late_call(alice, "Acme Corp")
    browser = logged_in(client, alice)
    everything = len(shown_items(browser.get(f"/?account={acme.pk}")))
    html = browser.get("/?rule=CAD-1").content.decode()
    assert f'<option value="{acme.pk}">Acme Corp (1)</option>' in html  # its one CAD-1
    html = browser.get("/").content.decode()
    assert f'<option value="{acme.pk}">Acme Corp ({everything})</option>' in html
    html = browser.get(f"/?state=coming&account={acme.pk}").content.decode()
    assert '<option value="CAD-1">CAD-1 — Cadence call every 14 days for P1, ev… (0)' in html


def test_a_long_account_menu_lists_those_with_the_most_items_and_the_one_picked(
    client, alice, monkeypatch
):
    from rhythm.web import forms

    monkeypatch.setattr(forms, "ACCOUNTS_OFFERED", 1)
    called = with_late_call(alice, "Called Corp")
    quiet = account_owned_by(alice, name="Quiet Co")  # never called: more items
    browser = logged_in(client, alice)
    counts = {}
    for item in browser.get("/").context["day"].work.items:
        counts[item.account_id] = counts.get(item.account_id, 0) + 1
    assert counts[quiet.pk] > counts[called.pk]
    html = browser.get("/").content.decode()
    assert '<optgroup label="The 1 with the most items, of 2; every account&#x27;s items' in html
    assert f'<option value="{quiet.pk}">Quiet Co ({counts[quiet.pk]})</option>' in html
    assert f'value="{called.pk}"' not in html
    # one left out is still taken from a link, and stays picked in the menu
    response = browser.get(f"/?account={called.pk}")
    assert {item.account for item in shown_items(response)} == {"Called Corp"}
    html = response.content.decode()
    assert "The 1 with the most items and the one picked, of 2;" in html
    picked = f'<option value="{called.pk}" selected>Called Corp ({counts[called.pk]})</option>'
    assert picked in html


def test_an_unknown_rule_is_explained_and_filters_nothing(client, alice):
    with_late_call(alice, "Acme Corp")
    response = logged_in(client, alice).get("/?rule=NOPE-9")
    assert "NOPE-9 is not a rule of the playbook." in response.content.decode()
    assert len(shown_items(response)) == response.context["total"]


def test_a_filter_matching_nothing_says_so(client, alice):
    with_late_call(alice, "Acme Corp")
    html = logged_in(client, alice).get("/?rule=RT-1").content.decode()
    assert "No items match these filters." in html


def test_a_filter_matching_nothing_keeps_its_rule_and_account_picked(client, alice, bob):
    """A rule or account with no item at all (nothing due, or all cleared) stays picked in
    its menu, with 0 items, so the menus show what the page is filtered by."""
    with_late_call(alice, "Acme Corp")
    signed = today() + dt.timedelta(days=90)  # a customer from then on: no item yet
    quiet = account_owned_by(alice, name="Quiet Co", initial_transaction_date=signed)
    html = logged_in(client, alice).get(f"/?rule=RT-1&account={quiet.pk}").content.decode()
    assert '<option value="RT-1" selected>RT-1 — ' in html
    assert f'<option value="{quiet.pk}" selected>Quiet Co (0)</option>' in html
    assert "No items match these filters." in html and "Clear the filters" in html


def test_an_account_of_another_book_is_explained_and_filters_nothing(client, alice, bob):
    """A link naming an account the person may not see shows their whole day and says why,
    not an empty page with no filter picked."""
    with_late_call(alice, "Acme Corp")
    theirs = with_late_call(bob, "Bob Co")
    response = logged_in(client, alice).get(f"/?account={theirs.pk}")
    html = response.content.decode()
    assert f"No account {theirs.pk} in your view; showing every account." in html
    assert "Bob Co" not in html
    assert len(shown_items(response)) == response.context["total"] > 0


def test_the_filter_form_s_address_keeps_only_what_narrows_the_page(client, alice):
    """The form sends every field, today's date included: the address keeps what filters,
    so a bookmarked or shared link still shows today tomorrow, not a replay of today."""
    with_late_call(alice, "Acme Corp")
    browser = logged_in(client, alice)
    now, before = today().isoformat(), (today() - dt.timedelta(days=3)).isoformat()
    sent = browser.get(f"/?rule=CAD-1&account=&state=late&on={now}")
    assert (sent.status_code, sent["Location"]) == (302, "/?rule=CAD-1&state=late")
    assert browser.get(f"/?rule=&account=&state=&on={now}")["Location"] == "/"
    assert browser.get(f"/?rule=&on={before}")["Location"] == f"/?on={before}"
    assert browser.get(f"/?on={before}&rule=CAD-1").status_code == 200  # nothing to drop
    shown = browser.get("/?rule=CAD-1&state=late")
    assert shown.status_code == 200 and not shown.context["replaying"]


def test_the_back_button_shows_my_day_and_the_account_page_as_they_stand(client, alice):
    """Both pages change in place (an item cleared): the browser must not keep a copy to
    show again on Back, with the item cleared still there and its form open."""
    account = with_late_call(alice, "Acme Corp")
    browser = logged_in(client, alice)
    for address in ("/", f"/accounts/{account.pk}/"):
        assert "no-store" in browser.get(address)["Cache-Control"]


def test_replay_a_date_with_on(client, alice):
    with_late_call(alice, "Acme Corp", days_ago=20)
    then = today() - dt.timedelta(days=10)  # four days before the call fell due
    response = logged_in(client, alice).get(f"/?on={then.isoformat()}")
    assert response.context["on"] == then
    cadence = [item for item in shown_items(response) if item.rule == "CAD-1"]
    assert [item.state for item in cadence] == ["due"]
    html = response.content.decode()
    assert f"Replaying {then.day} " in html
    assert "Actions are off while replaying." in html
    assert "Log call</summary>" not in html
    now = shown_items(client.get("/"))
    assert [item.state for item in now if item.rule == "CAD-1"] == ["late"]


def test_a_day_ahead_is_a_look_ahead_not_a_replay(client, alice):
    with_late_call(alice, "Acme Corp")
    ahead = today() + dt.timedelta(days=90)
    html = logged_in(client, alice).get(f"/?on={ahead.isoformat()}").content.decode()
    assert f"Looking ahead to {ahead:%-d %B %Y}: what will be late, due or coming" in html
    assert "Replaying" not in html and "Actions are off while looking ahead." in html


def test_replay_before_the_first_customer_says_nothing_is_due(client, alice, account):
    response = logged_in(client, alice).get("/?on=2020-01-01")
    assert shown_items(response) == []
    html = response.content.decode()
    assert "No customer accounts in your book on 1 January 2020." in html
    assert '<a href="/">back to today</a>' in html


def test_an_empty_book_gets_a_friendly_empty_state(client, bob):
    """No account yet is not "nothing due": it says where accounts come from."""
    html = logged_in(client, bob).get("/").content.decode()
    assert "No customer accounts in your book yet." in html
    assert "<code>rhythm import accounts FILE</code>" in html
    assert "Nothing due" not in html and "is on rhythm" not in html


def test_accounts_with_no_item_at_all_are_on_rhythm():
    """The message for a book whose accounts have nothing late, due or coming."""
    from types import SimpleNamespace

    from django.template.loader import render_to_string

    day = SimpleNamespace(
        work=SimpleNamespace(accounts=["one account's state"]),
        total=0,
        on=today(),
        csm_name="",
        viewpoint=SimpleNamespace(kind="book"),
    )
    html = render_to_string("web/_day_empty.html", {"day": day, "today": today()})
    assert "Nothing due today." in html
    assert "Every account in your book is on rhythm" in html
    assert "No customer accounts" not in html


def test_leadership_sees_no_action_forms(client, leader, alice):
    with_late_call(alice, "Acme Corp")
    html = logged_in(client, leader).get("/").content.decode()
    assert "Acme Corp" in html
    assert "/queue/log/" not in html and "/queue/health/" not in html


def test_owner_sees_the_inline_actions(client, alice):
    account = with_late_call(alice, "Acme Corp")
    html = logged_in(client, alice).get("/").content.decode()
    for action in ("log", "health", "review"):
        assert f'hx-post="/accounts/{account.pk}/queue/{action}/"' in html


def test_account_team_roles_see_their_accounts_without_book_items(client, alice):
    account = with_late_call(alice, "Acme Corp")
    seller = TeamMemberFactory(name="Sam Seller", role=Role.AE)
    AccountTeamMember.objects.create(account=account, member=seller, role="ae")
    response = logged_in(client, seller).get("/")
    items = shown_items(response)
    assert items and {item.account for item in items} == {"Acme Corp"}
    assert all(item.account_id is not None for item in items)


@pytest.mark.parametrize("who", ["alice", "manager"])
def test_my_day_makes_the_same_queries_for_10_and_1000_accounts(client, request, who, alice):
    logged_in(client, request.getfixturevalue(who))

    def grow(count):
        for index in range(count):
            account = account_owned_by(alice)
            if index % 3 == 0:
                with_late_call(alice, f"Late {account.pk}")
        AccountFactory()  # someone else's account, never loaded

    assert_flat_query_count(lambda: client.get("/"), grow, 10, 1000)


def test_section_hints_follow_the_playbook_windows(client, alice, account, use_playbook):
    use_playbook('[items]\ndue_soon = "3 days"\nlook_ahead = "60 days"\n')
    client.force_login(alice.user)
    page = client.get("/").content.decode()
    assert "within 3 days" in page and "the next 60 days" in page


def test_a_day_out_of_range_shows_today_and_says_why(client, alice):
    with_late_call(alice, "Acme Corp")
    for path in ("/", "/team/"):
        response = logged_in(client, alice).get(f"{path}?on=0001-01-02")
        assert response.status_code == 200
        assert response.context["on"] == today()
        assert (
            "0001-01-02 is out of range: choose a day from 1970-01-01" in response.content.decode()
        )


def test_a_row_writes_its_due_date_as_its_sentence_does(client, alice):
    """The due date beside a row's rule reads YYYY-MM-DD, as the rules' sentences write
    dates, with how far it is from the day shown."""
    account = with_late_call(alice, "Acme Corp", days_ago=20)  # a call every 14 days
    last, due = today() - dt.timedelta(days=20), today() - dt.timedelta(days=6)
    for url in ("/", f"/accounts/{account.pk}/"):
        html = logged_in(client, alice).get(url).content.decode()
        assert (
            f'<time datetime="{due.isoformat()}">{due.isoformat()}</time> · 6 days late'
        ) in html
        assert f"last call {last.isoformat()}" in html
