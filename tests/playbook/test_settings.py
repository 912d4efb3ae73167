"""The playbook settings: defaults, override files per team and segment, clear errors."""

import json
import re
from pathlib import Path

import pytest

from rhythm.playbook.rules.dates import Duration
from rhythm.playbook.settings import PlaybookSettingsError, load_settings

# Every rule id of docs/playbook.md section 2.
RULE_IDS = (
    [f"PRIO-{n}" for n in range(1, 5)]
    + [f"CAD-{n}" for n in range(1, 4)]
    + [f"EBR-{n}" for n in range(1, 10)]
    + ["CHK-1", "CHK-2"]
    + [f"EXEC-{n}" for n in range(1, 4)]
    + [f"TTV-{n}" for n in range(1, 4)]
    + ["ADOPT-1", "ADOPT-2"]
    + [f"PLAN-{n}" for n in range(1, 4)]
    + ["HEALTH-1", "HEALTH-2"]
    + [f"REN-{n}" for n in range(1, 7)]
    + ["NPS-1", "WS-1", "WS-2", "RT-1", "MGR-1", "CAP-1", "CAP-2", "PHASE-1"]
)


def test_defaults_hold_the_handbook_numbers():
    s = load_settings()
    assert (s.cadence.p1_every, s.cadence.p2_every, s.cadence.non_engaged_after) == (
        Duration(14, "days"),
        Duration(1, "months"),
        Duration(2, "months"),
    )
    assert (s.prioritisation.p1_share_target_percent, s.prioritisation.p1_share_max_percent) == (
        30,
        50,
    )
    assert str(s.prioritisation.p1_share_above_target_for) == "1 quarter"
    assert (s.cadence.book_size_min, s.cadence.book_size_max) == (12, 20)
    assert (s.cadence.calls_per_week_min, s.cadence.calls_per_week_max) == (5, 7)
    assert (s.ebr.per_year, s.ebr.high_arr_per_year, s.ebr.high_arr_top_n) == (1, 2, 3)
    assert (str(s.ebr.planning_lead), s.ebr.per_month_max, s.ebr.coverage_target_percent) == (
        "4 months",
        2,
        75,
    )
    assert (str(s.ebr.follow_up_within), str(s.ebr.plan_update_within)) == (
        "1 business day",
        "3 business days",
    )
    assert [
        str(s.onboarding.engage_within),
        str(s.onboarding.first_value_within),
        str(s.onboarding.onboard_within),
    ] == ["14 days", "30 days", "45 days"]
    assert (s.onboarding.first_value_license_percent, s.adoption.license_percent) == (10, 80)
    assert [(r.stage, str(r.before)) for r in s.renewals.reviews] == [
        ("five_months", "5 months"),
        ("three_months", "3 months"),
    ]
    assert (s.surveys.promoter_min, s.surveys.detractor_max, str(s.surveys.every)) == (
        9,
        6,
        "6 months",
    )
    assert (
        str(s.workshops.p1_every),
        str(s.workshops.other_every),
        str(s.workshops.lead_every),
    ) == ("1 quarter", "1 year", "2 weeks")
    assert s.capacity.weekly_total == 33.25
    assert (
        s.capacity.call_hours_min,
        s.capacity.call_hours_per_week,
        s.capacity.call_hours_max,
    ) == (8, 14, 20)
    assert s.codes.regions == {"AMER": "US", "EMEA": "GB", "APAC": "AU"}
    assert (str(s.items.due_soon), str(s.items.look_ahead)) == ("7 days", "30 days")
    assert len(s.ebr.steps) == 8


def test_every_rule_id_has_settings():
    rules = load_settings().rules
    assert sorted(rules) == sorted(RULE_IDS)
    assert all(r.severity in ("high", "medium", "low") and r.enabled for r in rules.values())


def test_as_dict_is_json():
    data = json.loads(json.dumps(load_settings().as_dict()))
    assert data["cadence"]["p1_every"] == "14 days"
    assert data["rules"]["CAD-1"]["severity"] == "medium"
    assert data["scope"] == {"team": None, "segment": None, "source": "defaults.toml"}


OVERRIDES = """
[cadence]
p1_every = "10 days"
book_size_max = 25

[rules."CAD-1"]
severity = "high"

[team.emea.cadence]
p1_every = "7 days"
non_engaged_after = "6 weeks"

[segment.smb.cadence]
p1_every = "1 month"
book_size_min = 40
book_size_max = 80

[segment.SMB.ebr]
per_year = 1
"""


@pytest.fixture
def override_file(tmp_path):
    path = tmp_path / "playbook.toml"
    path.write_text(OVERRIDES)
    return str(path)


@pytest.mark.parametrize(
    ("team", "segment", "p1_every", "non_engaged_after", "book_size"),
    [
        pytest.param(None, None, "10 days", "2 months", (12, 25), id="file-over-defaults"),
        pytest.param("emea", None, "7 days", "6 weeks", (12, 25), id="team-over-file"),
        pytest.param("amer", None, "10 days", "2 months", (12, 25), id="team-without-table"),
        pytest.param(None, "smb", "1 month", "2 months", (40, 80), id="segment-over-file"),
        pytest.param("emea", "smb", "1 month", "6 weeks", (40, 80), id="segment-over-team"),
        pytest.param(
            "emea", "strategic", "7 days", "6 weeks", (12, 25), id="segment-without-table"
        ),
    ],
)
def test_override_layers(override_file, team, segment, p1_every, non_engaged_after, book_size):
    s = load_settings(override_file, team=team, segment=segment)
    assert str(s.cadence.p1_every) == p1_every
    assert str(s.cadence.non_engaged_after) == non_engaged_after
    assert (s.cadence.book_size_min, s.cadence.book_size_max) == book_size
    assert s.rule("CAD-1").severity == "high"
    assert s.rule("CAD-1").title.startswith("Cadence call")  # untouched keys keep their default
    assert str(s.cadence.p2_every) == "1 month"


def test_for_segment_applies_segment_tables_later(override_file):
    team = load_settings(override_file, team="emea")
    assert str(team.for_segment("SMB").cadence.p1_every) == "1 month"
    assert team.for_segment("SMB").team == "emea"
    assert team.for_segment("enterprise") is team
    assert team.for_segment(None) is team


@pytest.mark.parametrize(
    ("text", "path", "reason"),
    [
        pytest.param(
            "[cadnce]\np1_every = '14 days'\n", "cadnce", "unknown key", id="unknown-table"
        ),
        pytest.param(
            "[cadence]\np1_evry = '14 days'\n", "cadence.p1_evry", "unknown key", id="unknown-key"
        ),
        pytest.param(
            "[cadence]\nbook_size_min = 'twelve'\n",
            "cadence.book_size_min",
            "expected a whole number, got a string ('twelve')",
            id="string-for-int",
        ),
        pytest.param(
            "[cadence]\nbook_size_min = 12.5\n",
            "cadence.book_size_min",
            "expected a whole number, got a number (12.5)",
            id="float-for-int",
        ),
        pytest.param(
            "[cadence]\nbook_size_min = true\n",
            "cadence.book_size_min",
            "expected a whole number, got a boolean (True)",
            id="bool-for-int",
        ),
        pytest.param(
            "[cadence]\nbook_size_min = -1\n",
            "cadence.book_size_min",
            "must not be negative, got -1",
            id="negative-number",
        ),
        pytest.param(
            "[cadence]\np1_every = '-14 days'\n",
            "cadence.p1_every",
            "must not be negative, got '-14 days'",
            id="negative-duration",
        ),
        pytest.param(
            "[cadence]\np1_every = 14\n",
            "cadence.p1_every",
            "expected a duration like '14 days', got a whole number (14)",
            id="number-for-duration",
        ),
        pytest.param(
            "[cadence]\np1_every = 'fortnightly'\n",
            "cadence.p1_every",
            "expected a duration like '14 days' or '2 months', got 'fortnightly'",
            id="unreadable-duration",
        ),
        pytest.param(
            "[cadence]\ncall_kinds = 'cadence_call'\n",
            "cadence.call_kinds",
            "expected a list, got a string ('cadence_call')",
            id="string-for-list",
        ),
        pytest.param(
            "[cadence]\ncall_kinds = ['cadence_call', 3]\n",
            "cadence.call_kinds[1]",
            "expected a string, got a whole number (3)",
            id="bad-list-item",
        ),
        pytest.param(
            "[cadence]\nbook_size_min = 25\n",
            "cadence.book_size_min",
            "25 is greater than cadence.book_size_max (20)",
            id="min-above-max",
        ),
        pytest.param(
            "[prioritisation]\np1_share_target_percent = 60\n",
            "prioritisation.p1_share_target_percent",
            "60.0 is greater than prioritisation.p1_share_max_percent (50.0)",
            id="target-above-max",
        ),
        pytest.param(
            "[ebr]\ncoverage_target_percent = 110\n",
            "ebr.coverage_target_percent",
            "a percentage runs 0 to 100, got 110.0",
            id="percent-above-100",
        ),
        pytest.param(
            "[ebr]\ncoverage_target_percent = nan\n",
            "ebr.coverage_target_percent",
            "expected a finite number, got nan",
            id="percent-not-a-number",
        ),
        pytest.param(
            "[rules.\"CAD-9\"]\nseverity = 'high'\n",
            'rules."CAD-9"',
            "unknown rule id 'CAD-9'",
            id="unknown-rule",
        ),
        pytest.param(
            "[rules.\"CAD-1\"]\nseverity = 'urgent'\n",
            'rules."CAD-1".severity',
            "expected one of high, medium, low",
            id="bad-severity",
        ),
        pytest.param(
            "[rules.\"CAD-1\"]\nenabled = 'no'\n",
            'rules."CAD-1".enabled',
            "expected true or false, got a string ('no')",
            id="bad-boolean",
        ),
        pytest.param(
            "[segment.enterprize.cadence]\nbook_size_min = 1\n",
            "segment.enterprize",
            "unknown segment",
            id="unknown-segment",
        ),
        pytest.param(
            "[team.emea.cadence]\nbook_size_max = 5\n",
            "team.emea.cadence.book_size_min",
            "12 is greater than team.emea.cadence.book_size_max (5)",
            id="team-min-above-max",
        ),
        pytest.param(
            "[team.emea.cadnce]\nx = 1\n",
            "team.emea.cadnce",
            "unknown key",
            id="team-unknown-table",
        ),
        pytest.param(
            "[segment.smb.cadence]\nbook_size_min = -3\n",
            "segment.smb.cadence.book_size_min",
            "must not be negative, got -3",
            id="segment-negative",
        ),
        pytest.param("team = 3\n", "team", "expected a table of named tables", id="team-not-table"),
        pytest.param(
            "[prioritisation.max_green_use_cases]\nplatinum = 2\n",
            "prioritisation.max_green_use_cases.platinum",
            "unknown tier 'platinum'",
            id="unknown-tier",
        ),
        pytest.param(
            "[prioritisation.red_use_cases]\nultimate = ['secops']\n",
            "prioritisation.red_use_cases.ultimate",
            "unknown use case 'secops'",
            id="unknown-use-case",
        ),
        pytest.param(
            "[items]\ndue_soon = '2 months'\n",
            "items.due_soon",
            "the due-soon window is longer than the look-ahead window",
            id="due-soon-beyond-look-ahead",
        ),
        pytest.param(
            "[surveys]\ndetractor_max = 9\n",
            "surveys.detractor_max",
            "a score cannot be both a detractor and a promoter",
            id="overlapping-scores",
        ),
        pytest.param(
            '[team."maria@rhythm.test".cadence]\nbook_size = 3\n',
            'team."maria@rhythm.test".cadence.book_size',
            "unknown key",
            id="team-named-by-email",  # quoted as the file writes it
        ),
        pytest.param(
            "[team.\"maria@rhythm.test\".renewals]\nwindow = '2 months'\n",
            'team."maria@rhythm.test".renewals.window',
            "'2 months' is shorter than team.\"maria@rhythm.test\".renewals.reviews[0].before "
            "('5 months'): the review would show already late",
            id="team-named-by-email-disagrees",
        ),
        pytest.param(
            "[[ebr.steps]]\nnumber = 1\nname = 'Align'\nowner_role = 'csm'\n"
            "opens_before = '1 week'\n",
            "ebr.steps[0].closes_before",
            "missing key",
            id="incomplete-step",
        ),
        pytest.param(
            "[ebr]\nper_year = 0\n",
            "ebr.per_year",
            "must be more than 0, got 0",
            id="no-ebr-a-year",
        ),
        pytest.param(
            "[cadence]\np2_every = '0 days'\n",
            "cadence.p2_every",
            "must be more than 0, got '0 days'",
            id="zero-interval",
        ),
        pytest.param(
            "[health]\nfresh_within = '0 weeks'\n",
            "health.fresh_within",
            "must be more than 0, got '0 weeks'",
            id="zero-window",
        ),
        pytest.param(
            "[team.emea.workshops]\nlead_every = '0 business days'\n",
            "team.emea.workshops.lead_every",
            "must be more than 0, got '0 business days'",
            id="zero-interval-in-a-team",
        ),
        pytest.param(
            "[renewals]\nwindow = '2 months'\n",
            "renewals.window",
            "'2 months' is shorter than renewals.reviews[0].before ('5 months'): "
            "the review would show already late",
            id="renewal-window-shorter-than-a-review",
        ),
        pytest.param(
            "[segment.smb.renewals]\nwindow = '4 months'\n",
            "segment.smb.renewals.window",
            "'4 months' is shorter than segment.smb.renewals.reviews[0].before ('5 months'): "
            "the review would show already late",
            id="renewal-window-in-a-segment",
        ),
        pytest.param(
            "[[renewals.reviews]]\nstage = 'on_the_day'\nbefore = '0 days'\n",
            "renewals.reviews[0].before",
            "must be more than 0, got '0 days'",
            id="renewal-review-on-the-day",
        ),
        pytest.param(
            "[ebr]\nplanning_start_by = '5 months'\n",
            "ebr.planning_start_by",
            "'5 months' is longer than ebr.planning_lead ('4 months'): "
            "EBR planning would show already late",
            id="ebr-planning-due-before-it-shows",
        ),
        pytest.param(
            "[[ebr.steps]]\nnumber = 1\nname = 'Align'\nowner_role = 'csm'\n"
            "opens_before = '1 week'\ncloses_before = '2 weeks'\n",
            "ebr.steps[0].closes_before",
            "closes_before ('2 weeks') is longer than opens_before ('1 week'): "
            "the step would close before it opens",
            id="ebr-step-closes-before-it-opens",
        ),
        pytest.param(
            "[[ebr.steps]]\nnumber = 10\nname = 'Debrief'\nowner_role = 'csm'\n"
            "opens_before = '1 week'\ncloses_before = '1 day'\n",
            "ebr.steps[0].number",
            "EBR steps are numbered 1 to 9, got 10",
            id="ebr-step-beyond-the-timeline",
        ),
        pytest.param(
            "[[ebr.steps]]\nnumber = 2\nname = 'A'\nowner_role = 'csm'\n"
            "opens_before = '1 week'\ncloses_before = '1 day'\n"
            "[[ebr.steps]]\nnumber = 2\nname = 'B'\nowner_role = 'csm'\n"
            "opens_before = '1 week'\ncloses_before = '1 day'\n",
            "ebr.steps[1].number",
            "step 2 is listed twice",
            id="ebr-step-twice",
        ),
        pytest.param(
            "[[team.emea.renewals.reviews]]\nstage = 'four_months'\nbefore = '4 months'\n",
            "team.emea.renewals.reviews[0].stage",
            "expected one of five_months, three_months, got 'four_months'",
            id="renewal-review-stage-unknown",
        ),
        pytest.param(
            "[[renewals.reviews]]\nstage = 'five_months'\nbefore = '5 months'\n"
            "[[renewals.reviews]]\nstage = 'five_months'\nbefore = '4 months'\n",
            "renewals.reviews[1].stage",
            "'five_months' is listed twice",
            id="renewal-review-stage-twice",
        ),
        pytest.param(
            "[rules.\"CAD-1\"]\ntitle = 'Call every {cadence.p1_evry}'\n",
            'rules."CAD-1".title',
            "{cadence.p1_evry} names no setting that is a number, duration or word",
            id="title-names-an-unknown-setting",
        ),
        pytest.param(
            "[team.emea.rules.\"CAD-1\"]\ntitle = 'Calls {cadence.book_size_max:every}'\n",
            'team.emea.rules."CAD-1".title',
            "{cadence.book_size_max:every} names no setting that is a duration",
            id="title-says-a-count-as-a-recurrence",
        ),
        pytest.param(
            "[rules.\"CAD-1\"]\ntitle = 'Calls of {cadence.call_kinds}'\n",
            'rules."CAD-1".title',
            "{cadence.call_kinds} names no setting that is a number, duration or word",
            id="title-names-a-list",
        ),
    ],
)
def test_bad_files_name_the_key_and_the_reason(tmp_path, text, path, reason):
    file = tmp_path / "bad.toml"
    file.write_text(text)
    with pytest.raises(PlaybookSettingsError) as caught:
        load_settings(str(file))
    assert (caught.value.path, caught.value.reason) == (path, reason)
    assert str(caught.value) == f"{file}: {path}: {reason}"


def test_a_file_is_refused_with_every_mistake_of_its_tables_at_once(tmp_path):
    """Unknown keys and values of the wrong kind, in every table (the top level, a team's,
    a segment's), are said together, so a file is fixed in one go."""
    file = tmp_path / "bad.toml"
    file.write_text(
        "[cadence]\np1_evry = '10 days'\np2_every = 'monthly'\n"
        "[[ebr.steps]]\nnumber = 1\nname = 'Align'\n"
        "[rules.\"CAD-9\"]\nseverity = 'high'\n"
        "[team.emea.health]\nfresh_within = 30\n"
        "[segment.smb.ebr]\nper_year = -1\n"
    )
    with pytest.raises(PlaybookSettingsError) as caught:
        load_settings(str(file))
    problems = [
        ("cadence.p1_evry", "unknown key"),
        ("cadence.p2_every", "expected a duration like '14 days' or '2 months', got 'monthly'"),
        ("ebr.steps[0].owner_role", "missing key"),
        ("ebr.steps[0].opens_before", "missing key"),
        ("ebr.steps[0].closes_before", "missing key"),
        ('rules."CAD-9"', "unknown rule id 'CAD-9'"),
        (
            "team.emea.health.fresh_within",
            "expected a duration like '14 days', got a whole number (30)",
        ),
        ("segment.smb.ebr.per_year", "must not be negative, got -1"),
    ]
    assert list(caught.value.problems) == problems
    assert (caught.value.path, caught.value.reason) == problems[0]
    lines = "".join(f"\n  {path}: {reason}" for path, reason in problems)
    assert str(caught.value) == f"{file}: 8 problems:{lines}"


def test_values_that_disagree_are_said_for_every_table_once_each_reads(tmp_path):
    """Values are checked against each other only once every value reads; then the file's
    own tables and each team's are all checked before it is refused."""
    file = tmp_path / "bad.toml"
    file.write_text(
        "[renewals]\nwindow = '2 months'\n"
        "[team.emea.cadence]\nbook_size_min = 12\nbook_size_max = 5\n"
    )
    with pytest.raises(PlaybookSettingsError) as caught:
        load_settings(str(file))
    assert [path for path, _ in caught.value.problems] == [
        "renewals.window",
        "team.emea.cadence.book_size_min",
    ]
    file.write_text(
        "[renewals]\nwindow = '2 months'\n[team.emea.cadence]\nbook_size_min = 'twelve'\n"
    )
    with pytest.raises(PlaybookSettingsError) as caught:
        load_settings(str(file))
    assert caught.value.problems == (
        ("team.emea.cadence.book_size_min", "expected a whole number, got a string ('twelve')"),
    )


TITLES_FILE = """
[cadence]
p1_every = "10 days"
[team.emea.cadence]
p2_every = "2 weeks"
[segment.smb.capacity.weekly_hours]
release_review = 1
[segment.smb.ebr]
coverage_target_percent = 62.5
[segment.mid-market.ebr]
coverage_window = "1 month"
[rules."CAD-2"]
title = "Silent for {cadence.non_engaged_after}, {cadence.p1_every:every} expected"
"""


@pytest.mark.parametrize(
    ("team", "segment", "rule", "title"),
    [
        (None, None, "CAD-1", "Cadence call every 10 days for P1, every month for P2"),
        ("emea", None, "CAD-1", "Cadence call every 10 days for P1, every 2 weeks for P2"),
        (None, None, "CAD-2", "Silent for 2 months, every 10 days expected"),
        (None, "smb", "CAP-1", "The default 34-hour week (derived)"),
        (
            None,
            "smb",
            "EBR-8",
            "EBR coverage: 62.5% of accounts with an EBR in the last 12 months",
        ),
        (None, None, "EBR-8", "EBR coverage: 75% of accounts with an EBR in the last 12 months"),
        (
            None,
            "mid-market",
            "EBR-8",
            "EBR coverage: 75% of accounts with an EBR in the last month",
        ),
    ],
)
def test_rule_titles_say_the_numbers_in_force(tmp_path, team, segment, rule, title):
    """A title names its settings, so a team calling every 10 days never reads "14 days"."""
    file = tmp_path / "titles.toml"
    file.write_text(TITLES_FILE)
    settings = load_settings(str(file), team=team, segment=segment)
    assert settings.rule(rule).title == title
    assert settings.as_dict()["rules"][rule]["title"] == title


def test_no_default_title_states_a_number_of_its_own():
    """Every number in a default title comes from a setting: with the braces taken out,
    the titles' words hold no digit."""
    text = (Path(__file__).parents[2] / "src/rhythm/playbook/defaults.toml").read_text()
    titles = [line for line in text.splitlines() if line.startswith("title = ")]
    assert len(titles) == len(RULE_IDS)
    for line in titles:
        words = re.sub(r"\{[^}]*\}", "", line)
        assert not re.search(r"\d", words.replace("P1", "").replace("P2", "")), line


def test_zero_is_kept_where_it_means_something(tmp_path):
    """The same day is a deadline (a follow-up, the first meeting), and the EBR is held on
    its day (`0 days`); a zero tolerance flags a book as soon as it is above target."""
    file = tmp_path / "zero.toml"
    file.write_text(
        "[ebr]\nfollow_up_within = '0 business days'\nhigh_arr_top_n = 0\n"
        "[onboarding]\nengage_within = '0 days'\n"
        "[prioritisation]\np1_share_above_target_for = '0 weeks'\n"
        "[renewals]\nwindow = '5 months'\n"
    )
    settings = load_settings(str(file))
    assert str(settings.ebr.follow_up_within) == "0 business days"
    assert str(settings.renewals.window) == "5 months"  # the earliest review is due as it shows


def test_invalid_toml(tmp_path):
    file = tmp_path / "bad.toml"
    file.write_text("[cadence\n")
    with pytest.raises(PlaybookSettingsError, match=r"bad.toml: not valid TOML \(") as caught:
        load_settings(str(file))
    assert caught.value.path == ""


def test_missing_file(tmp_path):
    file = tmp_path / "missing.toml"
    with pytest.raises(PlaybookSettingsError) as caught:
        load_settings(str(file))
    assert str(caught.value) == f"{file}: cannot read the file (No such file or directory)"


def test_unknown_segment_asked_for():
    with pytest.raises(PlaybookSettingsError) as caught:
        load_settings(segment="galactic")
    assert str(caught.value) == "defaults.toml: segment: unknown segment 'galactic'"


DOCS = Path(__file__).parents[2] / "docs" / "playbook-settings.md"


def test_the_documented_example_loads(tmp_path):
    text = DOCS.read_text()
    example = text.split("## Example override file")[1].split("```toml")[1].split("```")[0]
    file = tmp_path / "playbook.toml"
    file.write_text(example)
    s = load_settings(str(file), team="emea", segment="smb")
    assert (str(s.cadence.p1_every), str(s.cadence.non_engaged_after)) == ("1 month", "6 weeks")
    assert s.rule("PLAN-3").enabled is False


def test_the_documented_python_example_gives_what_its_comments_say(tmp_path, monkeypatch):
    text = DOCS.read_text()
    example = text.split("## Example override file")[1].split("```toml")[1].split("```")[0]
    (tmp_path / "playbook.toml").write_text(example)
    monkeypatch.chdir(tmp_path)
    code = text.split("```python")[1].split("```")[0]
    names: dict = {}
    checked = []
    for line in code.strip().splitlines():
        statement, _, comment = line.partition("#")
        exec(statement, names)
        if comment.strip().startswith("Duration("):
            said = comment.strip().split(":")[0]
            checked.append((repr(eval(statement, names)), said))
    assert len(checked) == 3
    assert all(got == said for got, said in checked), checked


def test_every_setting_is_documented():
    text = DOCS.read_text()
    for section, values in load_settings().as_dict().items():
        if section in ("rules", "scope"):
            continue
        for key in values:
            assert (
                f"`{section}.{key}`" in text or f"`{key}`" in text or f"{section}.{key}]]" in text
            ), f"{section}.{key} is not documented"
