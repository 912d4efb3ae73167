"""The dashboard's KPIs counted per quarter: roundtables per industry (RT-1) and expansion
playbooks (REN-3), the quarter so far beside the whole quarter before it."""

from rhythm.playbook.rules.facts import BookFacts, ExpansionFact, SessionFacts, StageChange
from rhythm.playbook.rules.kpis import compute_kpis, kpi_series
from rhythm.playbook.settings import load_settings
from rhythm.web.dashboard import quarter_kpis, quarter_names
from tests.factories import account_owned_by
from tests.playbook.builders import TODAY, D, account, defaults
from tests.web.pages import logged_in

WON = ExpansionFact(
    "tier_upgrade",
    D(2026, 8, 1),
    closed_on=D(2026, 10, 20),
    outcome="won",
    stage_changes=(StageChange("discovery", D(2026, 8, 1)), StageChange("proposal", D(2026, 9, 1))),
)
LOST = ExpansionFact(
    "new_use_case",
    D(2026, 5, 1),
    closed_on=D(2026, 8, 11),
    outcome="lost",
    stage_changes=(StageChange("discovery", D(2026, 5, 1)),),
)
OPENED = ExpansionFact("new_business_unit", D(2026, 10, 5), stage_changes=())
BOOK = BookFacts(
    accounts=(
        account(account_id=1, name="Acme", industry="Finance", expansions=(WON, LOST)),
        account(account_id=2, name="Beta", industry="Retail", expansions=(OPENED,)),
    ),
    sessions=(
        SessionFacts(1, "roundtable", D(2026, 10, 7), industries=("finance",)),
        SessionFacts(2, "roundtable", D(2026, 8, 7), industries=("Retail",)),
        SessionFacts(3, "workshop", D(2026, 10, 8), industries=("Retail",)),
    ),
)


def panels(settings=None):
    settings = settings or defaults()
    kpis = compute_kpis(BOOK, settings, TODAY)
    return {
        panel.name: panel
        for panel in quarter_kpis(kpis, kpi_series(BOOK, settings, TODAY), settings)
    }


def rows(panel):
    return [(row.label, row.now, row.before, row.met) for row in panel.rows]


def test_roundtables_per_industry_this_quarter_beside_the_last_against_the_target():
    roundtables = panels()["Roundtables"]
    # Finance's roundtable of October counts this quarter; Retail's was in the last one, and
    # a workshop is not a roundtable.
    assert rows(roundtables) == [("Finance", "1", "0", True), ("Retail", "0", "1", False)]
    assert (roundtables.value, roundtables.met) == ("1 of 2", False)
    assert "target 1 per industry a quarter" in roundtables.about


def test_the_roundtable_target_is_the_playbook_s(tmp_path):
    path = tmp_path / "playbook.toml"
    path.write_text("[workshops]\nroundtables_per_industry_per_quarter = 2\n")
    roundtables = panels(load_settings(str(path)))["Roundtables"]
    assert [row.met for row in roundtables.rows] == [False, False]
    assert roundtables.value == "0 of 2" and "target 2 per industry" in roundtables.about


def test_expansion_playbooks_opened_completed_won_and_days_per_stage_quarter_over_quarter():
    expansion = panels()["Expansion playbooks"]
    assert rows(expansion) == [
        ("Opened", "1", "1", None),
        ("Completed", "1", "1", None),
        ("Won", "1", "0", None),
        ("Lost", "0", "1", None),
        ("Win rate", "100%", "0%", None),
        ("Median days in discovery", "31 days", "102 days", None),
        ("Median days in proposal", "49 days", "—", None),
    ]
    assert (expansion.value, expansion.detail) == ("100%", "won, 1 of 1 completed; 1 opened")


def test_without_the_last_quarter_in_the_series_its_figures_are_dashes():
    settings = defaults()
    kpis = compute_kpis(BOOK, settings, TODAY)
    shown = quarter_kpis(kpis, (kpis,), settings)
    assert {row.before for panel in shown for row in panel.rows} == {"—"}


def test_quarters_are_named_by_the_day_shown():
    assert quarter_names(D(2026, 1, 5)) == ("Q1 2026", "Q4 2025")
    assert quarter_names(TODAY) == ("Q4 2026", "Q3 2026")


def test_the_team_page_shows_the_quarter_s_kpis(client, manager, alice):
    account_owned_by(alice, industry="Finance")
    page = logged_in(client, manager).get("/team/").text
    assert 'id="quarter"' in page
    assert "Roundtables</h3>" in page and "Expansion playbooks</h3>" in page
    assert '<th scope="row">Finance</th><td class="num"><span class="out">0 ' in page
    # Below target is said in words too, not by the red alone.
    assert '<span class="visually-hidden">, not met</span>' in page
