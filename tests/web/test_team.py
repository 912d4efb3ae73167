"""The manager dashboard: KPIs with trends, the MGR-1 checklist, capacity, P1 share, book size."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from rhythm.playbook.rules.kpis import Ratio
from rhythm.playbook.rules.renewals import RenewalRates
from rhythm.playbook.rules.surveys import NetPromoterScore
from rhythm.playbook.settings import load_settings
from rhythm.team.models import Role
from rhythm.web.dashboard import kpi_specs
from tests.factories import TeamMemberFactory, account_owned_by
from tests.querycount import assert_flat_query_count, queries_of
from tests.web.pages import logged_in, with_late_call


def test_manager_sees_the_team_kpis_checklist_and_capacity(client, manager, alice, bob, charlie):
    acme = with_late_call(alice, "Acme Corp")
    with_late_call(bob, "Bob Corp")
    with_late_call(charlie, "Hidden Corp")
    response = logged_in(client, manager).get("/team/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("EBR coverage", "P1 share", "Health freshness", "Time to first engage"):
        assert text in html
    assert html.count('<svg class="chart"') == len(response.context["kpis"])
    assert 'stroke-dasharray="4 3"' in html  # targets are dashed
    assert [panel.name for panel in response.context["booked"]] == ["Alice Owner", "Bob Teammate"]
    assert "Success plans: every account has one, shared and in use" in html
    assert f'<a href="/accounts/{acme.pk}/">Acme Corp</a>' in html  # a failing account, linked
    assert "33.25" in html  # the handbook's default week
    assert "Hidden Corp" not in html and "Charlie" not in html


def test_kpis_show_value_target_and_whether_met(client, manager, alice):
    with_late_call(alice, "Acme Corp")
    cards = {c.name: c for c in logged_in(client, manager).get("/team/").context["kpis"]}
    p1 = cards["P1 share"]
    assert (p1.value, p1.target, p1.met) == ("100%", "30%", False)
    assert cards["Non-engaged accounts"].met is True
    assert cards["Cadence adherence"].target == ""


def test_each_kpi_s_trend_gives_its_figures_month_by_month(client, manager, alice):
    with_late_call(alice, "Acme Corp")
    response = logged_in(client, manager).get("/team/")
    p1 = next(card for card in response.context["kpis"] if card.name == "P1 share")
    assert len(p1.figures) == 12 and p1.figures[-1] == (p1.last_month, "100%")
    month, value = p1.figures[5]  # a month whose value a manager wants, June here
    html = response.content.decode()
    assert f"<title>{month}: {value}</title>" in str(p1.chart)  # the point's tooltip
    assert f"{p1.last_month}: 100%" in p1.chart and "; target 30%" in p1.chart  # its label
    assert f'<tr><th scope="row">{month}</th><td class="num">{value}</td></tr>' in html
    assert html.count("<summary>Show the figures</summary>") == len(response.context["kpis"])


def test_the_trend_covers_as_many_months_as_the_team_s_series_and_says_so(
    client, manager, alice, use_playbook
):
    use_playbook('[team."maria@rhythm.test".kpis]\nseries_months = 6\n')
    with_late_call(alice, "Acme Corp")
    response = logged_in(client, manager).get("/team/")
    p1 = next(card for card in response.context["kpis"] if card.name == "P1 share")
    assert len(p1.figures) == 6
    html = response.content.decode()
    assert "6-month trend, target dashed" in html and "12-month" not in html


def test_kpis_by_segment_split_the_team_s_accounts_judged_against_the_targets(
    client, manager, alice, bob, charlie
):
    with_late_call(alice, "Acme Corp")  # enterprise, P1
    account_owned_by(bob, name="Small Co", segment="smb", region="AMER")
    account_owned_by(charlie, name="Hidden Co", segment="strategic")
    response = logged_in(client, manager).get("/team/")
    groups = response.context["groups"]
    assert (groups.by, groups.title) == ("segment", "KPIs by segment")
    assert [(row.name, row.accounts) for row in groups.rows] == [("Enterprise", 1), ("SMB", 1)]
    columns = dict(groups.columns)
    assert columns["P1 share"] == "30%" and columns["EBR coverage"] == "75%"  # the settings'
    p1 = groups.rows[0].cells[[name for name, _ in groups.columns].index("P1 share")]
    assert (p1.value, p1.met, p1.detail) == ("100%", False, "1 of 1 accounts P1")
    html = response.content.decode()
    assert "<h2" in html and "KPIs by segment" in html and 'class="grid kpi-groups"' in html
    assert '<span class="out" title="1 of 1 accounts P1; not met">100% ✗</span>' in html
    assert 'href="?by=cohort#kpi-groups"' in html and "strategic" not in html


def test_kpis_by_segment_name_the_segments_in_the_playbook_s_order(client, manager, alice, bob):
    """Segments read as labels, in the order of the playbook's `[codes]` segments
    (strategic, enterprise, mid-market, smb), not alphabetically; a segment the list does
    not have comes after them, the accounts without one last."""
    for name, segment in [
        ("Small Co", "smb"),
        ("Mid Co", "mid-market"),
        ("Odd Co", "public-sector"),
        ("Blank Co", ""),
        ("Big Co", "strategic"),
    ]:
        account_owned_by(bob, name=name, segment=segment)
    with_late_call(alice, "Acme Corp")  # enterprise
    groups = logged_in(client, manager).get("/team/").context["groups"]
    assert [row.name for row in groups.rows] == [
        "Strategic",
        "Enterprise",
        "Mid-market",
        "SMB",
        "Public-sector",
        "(no segment)",
    ]


@pytest.mark.parametrize(
    ("by", "title", "names"),
    [
        ("csm", "KPIs by CSM", ["Alice Owner", "Bob Teammate"]),
        ("region", "KPIs by region", ["AMER", "EMEA"]),
        ("cohort", "KPIs by cohort", ["Q1 2025", "Q2 2025"]),  # as "This quarter" has them
    ],
)
def test_kpis_by_csm_region_or_cohort(client, manager, alice, bob, by, title, names):
    account_owned_by(alice, name="Acme Corp", initial_transaction_date=dt.date(2025, 3, 31))
    account_owned_by(
        bob, name="Bob Corp", region="AMER", initial_transaction_date=dt.date(2025, 4, 1)
    )
    response = logged_in(client, manager).get(f"/team/?by={by}")
    groups = response.context["groups"]
    assert groups.title == title and [row.name for row in groups.rows] == names
    html = response.content.decode()
    assert f'href="?by={by}#kpi-groups" aria-current="true"' in html
    assert f'<input type="hidden" name="by" value="{by}">' in html  # kept when the date changes


def test_kpis_by_an_unknown_grouping_show_the_segments_and_say_why(client, manager, alice):
    with_late_call(alice, "Acme Corp")
    response = logged_in(client, manager).get("/team/?by=tier")
    assert response.status_code == 200
    assert response.context["groups"].by == "segment"
    assert "KPIs by: Select a valid choice. tier is not one of the available choices." in (
        response.content.decode()
    )


def test_kpis_by_segment_without_accounts_say_so(client, manager, alice):
    response = logged_in(client, manager).get("/team/")
    assert response.context["groups"].rows == ()
    assert '<p class="empty">No accounts in view.</p>' in response.content.decode()


def test_books_show_size_p1_share_and_capacity_against_the_ranges(client, manager, alice):
    with_late_call(alice, "Acme Corp")
    response = logged_in(client, manager).get("/team/")
    (panel,) = response.context["booked"]
    size = panel.size
    assert (size.value, size.low, size.high, size.inside) == (1, 12, 20, False)
    assert (panel.p1_percent, panel.p1_state) == (100.0, "above max")
    # Said on the page, not only in a tooltip a phone cannot show.
    assert '<small class="muted">above the 50% maximum</small>' in response.content.decode()
    assert panel.capacity == 33.25
    assert (panel.call_hours.low, panel.call_hours.high) == (8, 20)


@pytest.mark.parametrize(
    ("since", "state", "colour"),
    [
        (dt.timedelta(days=200), "above target too long", "out"),  # PRIO-3 flags it: red
        (dt.timedelta(days=20), "above target", "warn"),  # within its quarter: amber
    ],
)
def test_a_p1_share_above_target_is_red_once_prio_3_flags_it(
    client, manager, alice, use_playbook, since, state, colour
):
    use_playbook("[prioritisation]\np1_share_max_percent = 100\n")  # never above max
    with_late_call(alice, "Acme Corp").__class__.objects.update(
        initial_transaction_date=timezone.localdate() - since
    )
    response = logged_in(client, manager).get("/team/")
    (panel,) = response.context["booked"]
    assert (panel.p1_percent, panel.p1_state) == (100.0, state)
    html = response.content.decode()
    assert f'<td class="num"><span class="{colour}" title="above target' in html
    day = logged_in(client, manager).get("/?rule=PRIO-3").context["sections"]
    # As My day has it: above target for longer than the history sampled stands due now;
    # within its quarter the item is due later, a warning.
    now = [row.item.rule for section in day[:2] for row in section.rows]
    assert now == (["PRIO-3"] if colour == "out" else [])
    if colour == "out":
        assert "above target for longer than 1 quarter</small>" in html
    assert "maximum</small>" not in html  # the maximum is 100% here, never passed


def test_manager_may_narrow_to_one_csm(client, manager, alice, bob):
    with_late_call(alice, "Acme Corp")
    with_late_call(bob, "Bob Corp")
    response = logged_in(client, manager).get(f"/team/?csm={bob.email}")
    assert [panel.name for panel in response.context["booked"]] == ["Bob Teammate"]
    assert "Acme Corp" not in response.content.decode()


def test_leadership_sees_every_book(client, leader, alice, charlie):
    with_late_call(alice, "Acme Corp")
    with_late_call(charlie, "Outside Corp")
    response = logged_in(client, leader).get("/team/")
    assert response.status_code == 200
    names = [panel.name for panel in response.context["booked"]]
    assert names == ["Alice Owner", "Charlie Outsider"]


def on_another_team(csm):
    """Put a CSM on the team of another manager than Maria."""
    csm.manager = TeamMemberFactory(name="Olga Other", email="olga@rhythm.test", role=Role.MANAGER)
    csm.save()


def test_leadership_narrows_to_one_manager_s_team(client, leader, manager, alice, bob, charlie):
    with_late_call(alice, "Acme Corp")
    with_late_call(bob, "Bob Corp")
    with_late_call(charlie, "Outside Corp")
    on_another_team(charlie)
    reader = logged_in(client, leader)
    html = reader.get("/team/").content.decode()
    # the teams leadership may pick, by manager's name
    assert '<option value="maria@rhythm.test">Maria Manager&#x27;s team</option>' in html
    assert '<option value="olga@rhythm.test">Olga Other&#x27;s team</option>' in html
    response = reader.get(f"/team/?team={manager.email}")
    assert [panel.name for panel in response.context["booked"]] == ["Alice Owner", "Bob Teammate"]
    html = response.content.decode()
    assert "<h1>Maria Manager's team</h1>" in html
    assert "Outside Corp" not in html and "Acme Corp" in html
    # the books download as the page shows them
    rows = reader.get(f"/team/?team={manager.email}&format=csv").content.decode().splitlines()
    assert [row.split(",")[0] for row in rows[1:]] == ["alice@rhythm.test", "bob@rhythm.test"]


def test_a_csm_picked_beside_a_team_narrows_to_their_book_if_on_it(
    client, leader, manager, alice, bob, charlie
):
    with_late_call(alice, "Acme Corp")
    with_late_call(charlie, "Outside Corp")
    on_another_team(charlie)
    reader = logged_in(client, leader)
    response = reader.get(f"/team/?team={manager.email}&csm={alice.email}")
    assert [panel.name for panel in response.context["booked"]] == ["Alice Owner"]
    assert "<h1>Alice Owner</h1>" in response.content.decode()
    # a CSM of another team: the page says so and shows the team picked
    response = reader.get(f"/team/?team={manager.email}&csm={charlie.email}")
    assert [panel.name for panel in response.context["booked"]] == ["Alice Owner"]
    html = response.content.decode()
    assert "Charlie Outsider is not on Maria Manager&#x27;s team; it is shown whole." in html
    assert "Outside Corp" not in html


def test_a_manager_is_offered_no_team_to_pick(client, manager, alice, bob):
    with_late_call(alice, "Acme Corp")
    with_late_call(bob, "Bob Corp")
    html = logged_in(client, manager).get("/team/").content.decode()
    assert 'name="csm"' in html and 'name="team"' not in html
    # a team asked for in the address is not taken: the manager's own team stays in view
    response = logged_in(client, manager).get("/team/?team=olga@rhythm.test")
    assert [panel.name for panel in response.context["booked"]] == ["Alice Owner", "Bob Teammate"]


def test_a_csm_sees_only_their_own_book(client, alice, bob):
    with_late_call(alice, "Acme Corp")
    with_late_call(bob, "Bob Corp")
    response = logged_in(client, alice).get("/team/")
    assert response.status_code == 200
    assert [panel.name for panel in response.context["booked"]] == ["Alice Owner"]
    html = response.content.decode()
    assert "<h1>My book</h1>" in html
    assert "Bob Corp" not in html and 'name="csm"' not in html
    assert logged_in(client, alice).get(f"/team/?csm={bob.email}").context["booked"][0].name == (
        "Alice Owner"
    )


def test_roles_without_a_book_get_404(client, db):
    seller = TeamMemberFactory(role=Role.AE)
    assert logged_in(client, seller).get("/team/").status_code == 404


def test_nav_links_the_dashboard_by_role(client, manager, alice, leader):
    assert ">Team</a>" in logged_in(client, manager).get("/").content.decode()
    assert ">Team</a>" in logged_in(client, leader).get("/").content.decode()
    assert ">My book</a>" in logged_in(client, alice).get("/").content.decode()
    seller = TeamMemberFactory(role=Role.AE)
    html = logged_in(client, seller).get("/").content.decode()
    assert 'href="/team/"' not in html


def test_dashboard_replays_a_date(client, manager, alice):
    with_late_call(alice, "Acme Corp")
    response = logged_in(client, manager).get("/team/?on=2026-01-31")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Replaying 31 January 2026" in html
    # The KPIs are that day's, not "now".
    assert 'KPIs <span class="muted hint">on 31 Jan 2026, against target' in html
    today = logged_in(client, manager).get("/team/").content.decode()
    assert 'KPIs <span class="muted hint">now, against target' in today


def test_dashboard_looks_ahead_to_a_day_to_come(client, manager, alice):
    with_late_call(alice, "Acme Corp")
    ahead = timezone.localdate() + dt.timedelta(days=60)
    html = logged_in(client, manager).get(f"/team/?on={ahead.isoformat()}").content.decode()
    assert f"Looking ahead to {ahead:%-d %B %Y}: KPIs and reviews as they will stand" in html
    assert "Replaying" not in html


def test_dashboard_makes_the_same_queries_for_10_and_1000_accounts(client, manager, alice):
    logged_in(client, manager)

    def grow(count):
        for index in range(count):
            with_late_call(alice, f"Grown {index} of {count}")

    assert_flat_query_count(lambda: client.get("/team/"), grow, 10, 1000)


def test_dashboard_loads_the_book_once(client, manager, alice):
    from django.utils import timezone

    from rhythm.playbook.queue import Scope, work_queue

    def activity_reads(action):
        return [sql for sql in queries_of(action) if '"timeline_activity"' in sql]

    logged_in(client, manager)
    with_late_call(alice, "Late Co")
    scope = Scope(manager=manager.email)
    one_load = activity_reads(lambda: work_queue(None, scope, timezone.localdate()))
    page = activity_reads(lambda: client.get("/team/"))
    assert one_load and len(page) == len(one_load)


def test_the_ebr_roadmap_lays_each_book_s_ebrs_by_month_and_flags_a_crowded_one(
    client, manager, alice, bob
):
    import datetime as dt

    from rhythm.meetings.services import plan_ebr
    from tests.web.pages import today

    accounts = [with_late_call(alice, name) for name in ("Acme Corp", "Beta Corp", "Gamma Corp")]
    later = today() + dt.timedelta(days=70)
    plan_ebr(account=with_late_call(bob, "Bob Corp"), planned_on=later)
    for name in ("Delta Corp", "Echo Corp", "Fox Corp"):
        plan_ebr(account=with_late_call(alice, name), planned_on=later)
    response = logged_in(client, manager).get("/team/")
    rows = response.context["roadmap"]
    assert rows[0].month == today().replace(day=1)
    alice_now, bob_now = rows[0].cells  # overdue EBRs land today
    assert [e.account for e in alice_now.entries] == ["Acme Corp", "Beta Corp", "Gamma Corp"]
    # Overdue, they are EBR-1's to hold now: they crowd no month that spreading could fix.
    assert not alice_now.crowded and not bob_now.entries
    (alice_later,) = [row.cells[0] for row in rows if row.month == later.replace(day=1)]
    assert alice_later.crowded  # 3 EBRs planned; the roadmap allows 2 a month
    planned, projected = [row.cells[1].entries for row in rows if row.cells[1].entries]
    assert [(e.account, e.on, e.planned) for e in planned] == [("Bob Corp", later, True)]
    assert [e.planned for e in projected] == [False]  # six months on: high ARR, 2 a year
    html = response.content.decode()
    assert "3 EBRs" in html  # the later month's flag (and, held today, June's and December's)
    since = alice_now.entries[0].overdue_since
    assert since is not None and since < today()
    overdue = f'<a href="/accounts/{accounts[0].pk}/" title="overdue since {since:%-d %b %Y}">'
    assert overdue in html
    assert 'class="planned" title="planned for' in html


def test_the_ebr_roadmap_says_the_days_its_horizon_covers(client, manager, alice):
    from tests.web.pages import today

    with_late_call(alice, "Acme Corp")  # its EBR overdue: today, then a year on
    response = logged_in(client, manager).get("/team/")
    span, rows = response.context["roadmap_span"], response.context["roadmap"]
    year_on = today().replace(year=today().year + 1)  # the 12-month horizon, both ends in
    assert (span.start, span.end, span.horizon) == (today(), year_on, "12 months")
    assert rows[-1].month == year_on.replace(day=1) and len(rows) == 13
    assert rows[-1].part == f"to {year_on.day} {year_on:%b}"  # the 13th month, in part
    html = response.content.decode()
    assert f"over the next 12 months, {today():%-d %b %Y} to {year_on:%-d %b %Y}" in html


def test_the_books_download_as_csv_as_rhythm_review_has_them(client, manager, alice, bob):
    import csv
    import io

    with_late_call(alice, "Acme Corp")
    with_late_call(bob, "Bob Corp")
    page = logged_in(client, manager).get("/team/")
    assert 'href="?format=csv" download>Download CSV</a>' in page.content.decode()
    on = (timezone.localdate() - dt.timedelta(days=3)).isoformat()
    response = client.get(f"/team/?format=csv&csm={bob.email}&on={on}")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="rhythm-review-{on}.csv"' in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["csm"] for row in rows] == [bob.email]  # the page's choice of CSM
    assert rows[0]["accounts"] == "1" and "triage_health: Bob Corp" in rows[0]["failing"]
    assert rows[0]["review"].endswith("of 5 pass") and float(rows[0]["capacity_hours"]) == 33.25


def test_the_books_csv_is_scoped_like_the_page(client, alice, bob):
    with_late_call(alice, "Acme Corp")
    with_late_call(bob, "Bob Corp")
    text = logged_in(client, alice).get("/team/?format=csv").content.decode("utf-8-sig")
    assert alice.email in text and bob.email not in text and "Bob Corp" not in text


@pytest.mark.parametrize(
    ("name", "ratio", "met"),
    [
        pytest.param("Health freshness", Ratio(9_999, 10_000), False, id="shown-100-below-100"),
        pytest.param("Health freshness", Ratio(10_000, 10_000), True, id="on-100"),
        pytest.param("P1 share", Ratio(3_001, 10_000), False, id="shown-30-above-30"),
        pytest.param("P1 share", Ratio(3_000, 10_000), True, id="on-30"),
        pytest.param("Cadence adherence", Ratio(1, 2), None, id="no-target"),
    ],
)
def test_kpi_cards_judge_the_exact_share_not_the_one_shown(name, ratio, met):
    [spec] = [s for s in kpi_specs(load_settings()) if s.name == name]
    kpis = SimpleNamespace(**{spec.ratio: ratio})
    assert spec.judge(kpis) is met


def test_kpis_by_cohort_lead_with_the_times_to_value_against_their_targets(client, manager, alice):
    account_owned_by(alice, name="Acme Corp", initial_transaction_date=dt.date(2025, 3, 31))
    groups = logged_in(client, manager).get("/team/?by=cohort").context["groups"]
    names = [name for name, _ in groups.columns]
    assert names[:3] == ["Time to first engage", "Time to first value", "Time to onboard"]
    assert dict(groups.columns)["Time to first engage"] == "14 days"  # the settings' target
    engage = groups.rows[0].cells[0]
    assert (engage.value, engage.met) == ("—", None)  # no CSM meeting yet: no median


def test_each_kpi_says_what_it_counts_and_over_which_period(client, manager, alice):
    with_late_call(alice, "Acme Corp")
    response = logged_in(client, manager).get("/team/")
    about = {card.name: card.about for card in response.context["kpis"]}
    assert all(about.values())  # every figure explained
    assert about["EBR coverage"] == "accounts with an EBR held in the last 12 months"
    assert about["Health freshness"] == "accounts with health updated in the last month"
    assert about["Cadence adherence"] == "cadence calls due in the last 3 months, held on time"
    assert about["Renewal reviews on time"].startswith("renewal reviews due in the last 12 months")
    assert about["NPS"] == "% promoters minus % detractors, answers of the last 6 months"
    assert about["Renewal rate"] == "renewed ARR over ARR up for renewal in the last 12 months"
    assert "up to 50% allowed for at most 1 quarter" in about["P1 share"]
    assert '<p class="muted kpi-about"><small>accounts with an EBR held in the last 12 months' in (
        response.content.decode()
    )


def test_kpi_periods_follow_the_team_s_settings(tmp_path):
    override = tmp_path / "playbook.toml"
    override.write_text('[ebr]\ncoverage_window = "6 months"\n')
    settings = load_settings(str(override))
    [spec] = [s for s in kpi_specs(settings) if s.name == "EBR coverage"]
    assert spec.about == "accounts with an EBR held in the last 6 months"


def test_the_non_engaged_target_is_a_setting(tmp_path):
    override = tmp_path / "playbook.toml"
    override.write_text("[cadence]\nnon_engaged_target_percent = 5\n")
    targets = {
        name: [s.target for s in kpi_specs(settings) if s.name == "Non-engaged accounts"]
        for name, settings in (("default", load_settings()), ("team", load_settings(str(override))))
    }
    assert targets == {"default": [0], "team": [5]}


def test_a_team_without_renewals_says_nothing_was_due(client, manager, alice):
    with_late_call(alice, "Acme Corp")
    cards = {c.name: c for c in logged_in(client, manager).get("/team/").context["kpis"]}
    assert (cards["Renewal reviews on time"].value, cards["Renewal reviews on time"].detail) == (
        "—",
        "no reviews due",
    )
    assert cards["Renewal rate"].detail == "nothing up for renewal"
    assert cards["NPS"].detail == "no answers"


def test_renewal_rate_and_nps_give_the_figures_behind_them():
    specs = {s.name: s for s in kpi_specs(load_settings())}
    kpis = SimpleNamespace(
        renewals=RenewalRates(Decimal(200_000), Decimal(180_000), Decimal(230_000)),
        nps=NetPromoterScore(responses=10, promoters=5, detractors=2),
    )
    assert specs["Renewal rate"].detail(kpis) == (
        "180,000 of 200,000 ARR renewed; NRR 115% with growth"
    )
    assert specs["NPS"].detail(kpis) == "5 promoters, 2 detractors of 10 answers"


def test_a_csm_without_accounts_gets_one_sentence_not_empty_charts(client, manager, alice, bob):
    with_late_call(alice, "Acme Corp")
    response = logged_in(client, manager).get(f"/team/?csm={bob.email}")
    html = response.content.decode()
    assert response.context["has_accounts"] is False
    assert '<svg class="chart"' not in html and "Show the figures" not in html
    assert "Bob Teammate has no accounts yet, so there is nothing to measure." in html
    assert "Bob Teammate has no accounts yet: no book to size, load or review." in html
    assert "No accounts to review." in html


def test_a_csm_without_accounts_on_a_past_day_is_told_that_day(client, manager, alice):
    with_late_call(alice, "Acme Corp")
    html = logged_in(client, manager).get("/team/?on=2001-01-01").content.decode()
    assert "The books in view have no accounts on 1 January 2001" in html


def test_the_renewal_rate_names_the_arr_still_open_past_its_date():
    [spec] = [s for s in kpi_specs(load_settings()) if s.name == "Renewal rate"]
    late = RenewalRates(Decimal(100_000), Decimal(100_000), Decimal(100_000), Decimal(560_000), 1)
    assert spec.detail(SimpleNamespace(renewals=late)) == (
        "100,000 of 100,000 ARR renewed; NRR 100% with growth; "
        "not counted: 560,000 ARR of 1 renewal past its date, still open"
    )
    only_open = RenewalRates(Decimal(0), Decimal(0), Decimal(0), Decimal(90_000), 2)
    assert spec.detail(SimpleNamespace(renewals=only_open)) == (
        "nothing renewed or churned; not counted: 90,000 ARR of 2 renewals past their date, "
        "still open"
    )


def test_capacity_says_how_each_task_that_follows_the_book_is_worked_out(client, manager, alice):
    with_late_call(alice, "Acme Corp")
    response = logged_in(client, manager).get("/team/")
    rows = {row.task: row.basis for row in response.context["capacity"]}
    assert rows["Cadence calls"] == "0.5 h a call; P1 every 14 days, P2 every month"
    assert rows["EBRs"] == (
        "4 h an EBR; 1 a year an account, 2 for the top 3 by ARR, or as set on the account"
    )
    assert rows["Webinars and workshops"] == (
        "2 h a workshop; P1 for low adoption every quarter, others every year"
    )
    assert rows["Leadership check-ins"].startswith("1 h a check-in; every 3 months")
    assert rows["Internal meetings"] == ""  # a fixed CAP-1 task
    assert '<br><small class="muted">0.5 h a call; P1 every 14 days' in response.content.decode()
