"""Each CSM's book runs on its team's playbook settings, whoever looks at it.

A team is named by its manager's email (`[team."<email>"]` in the playbook file). The
book's items and states must not depend on whether its CSM, the manager, leadership, an
AE on some of its accounts, the command line or the API asks.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import replace

import pytest
from django.core.management import call_command
from django.db import connection

from rhythm.health.models import HealthUpdate
from rhythm.playbook.present import CAPACITY_KEYS
from rhythm.playbook.queue import (
    Scope,
    grouped_kpis_of,
    kpi_series_of,
    kpis_of,
    monthly_kpis,
    queue_items,
    work_queue,
)
from rhythm.playbook.rules.engine import BookSettings
from rhythm.playbook.rules.facts import MemberFacts
from rhythm.playbook.settings import load_settings
from rhythm.playbook.shares import can_fork
from rhythm.team.models import Role
from rhythm.timeline.models import Activity
from tests.apiclient import bearer
from tests.factories import SeatFactory, TeamMemberFactory, account_owned_by
from tests.web.pages import logged_in

TODAY = dt.date(2026, 11, 22)
START = dt.date(2025, 6, 1)  # no EBR since: due a year on (once a year), or 6 months on (twice)

# Maria's team: a book of 3 is within its range, and only the largest account is high ARR.
TEAM = """
[team."MARIA@rhythm.test".cadence]
book_size_min = 3
[team."MARIA@rhythm.test".ebr]
high_arr_top_n = 1
"""


@pytest.fixture
def playbook(use_playbook):
    return use_playbook(TEAM)


@pytest.fixture
def ae(db):
    return TeamMemberFactory(name="Ann Exec", email="ann@rhythm.test", role=Role.AE)


@pytest.fixture
def books(alice, charlie, ae):
    """Alice (Maria's team) and Charlie (no team) each have three accounts, ARR 100k to
    300k; Ann, an AE, is on Alice 2, high ARR only by the defaults' top 3."""
    for csm, prefix in ((alice, "Alice"), (charlie, "Charlie")):
        for n in (1, 2, 3):
            account = account_owned_by(
                csm, name=f"{prefix} {n}", arr=100_000 * n, initial_transaction_date=START
            )
    SeatFactory(account=account.__class__.objects.get(name="Alice 2"), member=ae, role="ae")


def of_book(items, prefix: str) -> list[tuple]:
    """Return the items about one book (its accounts' and its own), comparably."""
    return [
        (item.rule, item.account, item.due, item.why)
        for item in items
        if (item.account or "").startswith(prefix) or (item.csm or "").startswith(prefix.lower())
    ]


def test_every_view_runs_a_book_on_its_team_s_settings(alice, manager, leader, playbook, books):
    own = work_queue(alice.user, Scope(), TODAY).items
    assert not [item for item in own if item.why.startswith("Book of")]  # 3: within 3 to 20
    high = [item.account for item in own if item.rule == "EBR-1" and "(high ARR)" in item.why]
    assert high == ["Alice 3"]
    for user, scope in (
        (manager.user, Scope()),
        (leader.user, Scope()),
        (None, Scope()),
        (leader.user, Scope(csm=alice.email)),
        (None, Scope(manager=manager.email)),
    ):
        assert of_book(work_queue(user, scope, TODAY).items, "Alice") == of_book(own, "Alice")
    # Charlie, in no team, has the defaults: a book of 3 is under 12, and a top 3 by ARR.
    everything = work_queue(None, Scope(), TODAY)
    charlies = of_book(everything.items, "Charlie")
    assert [why for _, _, _, why in charlies if why.startswith("Book of")] == [
        "Book of 3 accounts is outside the 12-20 range."
    ]
    assert sum("(high ARR)" in why for rule, _, _, why in charlies if rule == "EBR-1") == 3
    assert everything.settings_of(alice.email).cadence.book_size_min == 3
    assert everything.settings_of(None).cadence.book_size_min == 12


def test_an_ae_sees_an_account_as_its_csm_s_team_has_it(alice, ae, playbook, books):
    own = of_book(work_queue(alice.user, Scope(), TODAY).items, "Alice 2")
    assert of_book(work_queue(ae.user, Scope(), TODAY).items, "Alice") == own
    [(_, _, due, why)] = [row for row in own if row[0] == "EBR-1"]
    assert due == dt.date(2026, 6, 1) and "(high ARR)" not in why


def test_the_api_and_the_command_line_agree(client, alice, leader, playbook, books):
    def api(member) -> list[tuple]:
        response = client.get(f"/api/v1/queue?on={TODAY}&rule=EBR-1", **bearer(member))
        assert response.status_code == 200
        found = json.loads(b"".join(response.streaming_content))
        return sorted((item["account"], item["due"], item["why"]) for item in found)

    out = io.StringIO()
    call_command("queue", "--on", TODAY.isoformat(), "--format", "json", stdout=out)
    cli = sorted(
        (item["account"], item["due"], item["why"])
        for item in json.loads(out.getvalue())
        if item["rule"] == "EBR-1"
    )
    assert api(leader) == cli
    assert [row for row in cli if row[0].startswith("Alice")] == api(alice)


def test_a_team_is_its_manager_s_and_the_manager_s_own_book_is_in_it():
    teams = {"Maria@x.test": load_settings(None, team="maria@x.test")}
    default = load_settings(None)
    members = [
        MemberFacts("maria@x.test", role="manager"),
        MemberFacts("ALICE@x.test", manager_email="maria@x.test"),
        MemberFacts("carl@x.test"),
        MemberFacts("dan@x.test", manager_email="nina@x.test"),  # a team without a table
    ]
    books = BookSettings(default, members, teams)
    assert books.of("maria@x.test") is teams["Maria@x.test"]
    assert books.of("alice@X.test") is teams["Maria@x.test"]
    assert books.of("carl@x.test") is default and books.of("dan@x.test") is default
    assert books.of(None) is default and books.of("someone@else.test") is default
    assert BookSettings(default, members).of("alice@x.test") is default


@pytest.mark.django_db(transaction=True)
def test_shares_run_each_book_on_its_team_s_settings(use_playbook):
    use_playbook(TEAM)
    maria = TeamMemberFactory(email="maria@rhythm.test", role=Role.MANAGER)
    for n in range(6):
        csm = TeamMemberFactory(email=f"csm{n}@rhythm.test", manager=maria if n % 2 else None)
        for k in (1, 2, 3):
            account_owned_by(csm, name=f"B{n} {k}", arr=k * 1000, initial_transaction_date=START)
    whole = queue_items(None, Scope(), TODAY, processes=1)
    shared = queue_items(None, Scope(), TODAY, processes=3, min_share=1)
    assert shared.processes == (3 if can_fork() else 1) and shared.items == whole.items
    if connection.vendor == "postgresql":
        assert shared.processes == 3
    assert whole.items == work_queue(None, Scope(), TODAY).items
    sizes = {item.csm for item in whole.items if item.why.startswith("Book of")}
    assert sizes == {"csm0@rhythm.test", "csm2@rhythm.test", "csm4@rhythm.test"}


KPI_TEAM = """
[team."maria@rhythm.test".health]
fresh_within = "2 months"
[team."maria@rhythm.test".onboarding]
engage_within = "60 days"
"""


def test_kpis_judge_each_account_on_its_team_s_settings(alice, leader, use_playbook):
    use_playbook(KPI_TEAM)
    start = TODAY - dt.timedelta(days=100)
    account = account_owned_by(alice, name="Alice 1", initial_transaction_date=start)
    HealthUpdate.objects.create(
        account=account, date=TODAY - dt.timedelta(days=40), overall="green"
    )
    Activity.objects.create(
        account=account, kind="cadence_call", date=start + dt.timedelta(days=45)
    )
    own = work_queue(alice.user, Scope(), TODAY, for_series=True)
    everything = work_queue(leader.user, Scope(), TODAY, for_series=True)
    mine = kpis_of(own)
    assert mine.health_freshness.count == 1  # 40 days old: fresh within the team's 2 months
    assert mine.time_to_first_engage.on_time == 1  # 45 days: within the team's 60
    # Leadership's view spans teams: the same accounts judged the same, only the target
    # shown is the view's (the file's 14 days).
    assert judged(kpis_of(everything)) == judged(mine)
    [(name, by_csm)] = [(g.name, g.kpis) for g in grouped_kpis_of(everything, "csm")]
    assert (name, judged(by_csm)) == (alice.email, judged(mine))
    series = [judged(point) for point in kpi_series_of(own)]
    assert [judged(point) for point in kpi_series_of(everything)] == series
    assert [judged(point) for point in monthly_kpis(None, Scope(), TODAY)] == series
    assert series[-1].health_freshness.count == 1


def judged(kpis):
    """The KPIs without the targets shown, which are the view's."""
    engage = kpis.time_to_first_engage
    return replace(kpis, time_to_first_engage=replace(engage, target="", target_days=None))


def test_leadership_s_dashboard_measures_each_book_against_its_team_s_range(
    client, alice, leader, playbook, books
):
    panels = logged_in(client, leader).get("/team/").context["panels"]
    sizes = {panel.csm: (panel.size.value, panel.size.low, panel.size.inside) for panel in panels}
    assert sizes["alice@rhythm.test"] == (3, 3, True)  # Maria's team: 3 to 20
    assert sizes["charlie@rhythm.test"] == (3, 12, False)  # no team: the file's 12 to 20


# Maria's team expects more internal meetings and allows at most one call hour a week.
CAPACITY_TEAM = """
[team."maria@rhythm.test".capacity]
call_hours_min = 0
call_hours_max = 1
call_hours_per_week = 1
weekly_hours.internal_meetings = 8
"""


def test_the_review_judges_each_book_on_its_team_s_capacity_in_every_view(
    client, alice, manager, leader, books, use_playbook
):
    """The manager review's week (CAP-2) is the same for Alice's book whether her manager,
    leadership (a view spanning teams), the command line, the API or the dashboard's CSV
    asks, and the dashboard shows the range and flags those rows give."""
    use_playbook(CAPACITY_TEAM)

    def alices(rows: list[dict]) -> dict:
        [row] = [row for row in rows if row["csm"] == alice.email]
        return {key: row[key] for key in CAPACITY_KEYS}

    out = io.StringIO()
    call_command("review", "--on", TODAY.isoformat(), "--format", "json", stdout=out)
    whole = alices(json.loads(out.getvalue()))
    assert whole["call_hours_range"] == [0, 1] and whole["default_week_hours"] == 35.25
    assert [flag for flag in whole["flags"] if flag.startswith("call hours")] == [
        "call hours outside 0-1"
    ]
    for member in (manager, leader, alice):
        response = client.get(f"/api/v1/review?on={TODAY}", **bearer(member))
        assert response.status_code == 200
        assert alices(response.json()) == whole, member.email
    page = logged_in(client, leader).get(f"/team/?on={TODAY}")
    [panel] = [panel for panel in page.context["panels"] if panel.csm == alice.email]
    assert (panel.call_hours.low, panel.call_hours.high) == (0, 1)
    assert panel.call_hours.inside is False
    assert (panel.hours, panel.capacity) == (whole["expected_hours"], whole["capacity_hours"])
    download = client.get(f"/team/?on={TODAY}&format=csv")
    [line] = [line for line in download.content.decode().splitlines() if alice.email in line]
    assert "call hours outside 0-1" in line
    # Charlie, in no team, keeps the file's range: his book is judged on 8 to 20.
    [charlie] = [row for row in json.loads(out.getvalue()) if row["csm"] == "charlie@rhythm.test"]
    assert charlie["call_hours_range"] == [8, 20]


def test_leadership_s_capacity_table_gives_a_book_its_team_s_call_hour_range(
    client, alice, leader, books, use_playbook
):
    """The capacity table's call hours row heads with the view's range (the file's 8 to
    20); a book whose team sets another says its own beside its hours."""
    use_playbook(CAPACITY_TEAM)
    html = logged_in(client, leader).get(f"/team/?on={TODAY}").content.decode()
    row = html[html.index('<th scope="row">Call hours') :]
    row = row[: row.index("</tr>")]
    assert "(8–20)" in row  # the view's, in the heading
    assert row.count("its team's)") == 1 and "(0–1, its team's)" in row  # Alice's
