"""A bad playbook file is refused when it loads, with every key and reason, whichever team
and segment it is loaded for: every team with every segment, codes the application knows,
durations within reason, finite numbers, rule titles' braces, and text that is UTF-8."""

import dataclasses
import io
import sys
import typing
from unittest import mock

import pytest

from rhythm.playbook import config
from rhythm.playbook.config import PlaybookFileError
from rhythm.playbook.rules import schema
from rhythm.playbook.settings import PlaybookSettingsError, load_settings
from tests.processes import run_rhythm

TEAM = 'team."maria@rhythm.test"'


def refused(tmp_path, text, **options):
    """Load `text` as a playbook file and return the error it is refused with."""
    file = tmp_path / "bad.toml"
    file.write_text(text)
    with pytest.raises(PlaybookSettingsError) as caught:
        load_settings(str(file), **options)
    return caught.value


def loads(tmp_path, text, **options):
    file = tmp_path / "good.toml"
    file.write_text(text)
    return load_settings(str(file), **options)


# --- every team with every segment -------------------------------------------------------

TEAM_AND_SEGMENT_DISAGREE = f"""
[{TEAM}.cadence]
book_size_min = 5
book_size_max = 10
[segment.smb.cadence]
book_size_min = 11
"""


def test_a_team_and_a_segment_that_disagree_are_refused_at_load_naming_both(tmp_path):
    """Each table holds on its own; Maria's SMB books (11 to 10 accounts) cannot. The file
    is refused whichever team it is loaded for, not only once Maria's team is used."""
    for team in (None, "someone@rhythm.test", "MARIA@rhythm.test"):
        error = refused(tmp_path, TEAM_AND_SEGMENT_DISAGREE, team=team)
        assert error.problems == (
            (
                "segment.smb.cadence.book_size_min",
                f"11 is greater than segment.smb.cadence.book_size_max (10), for {TEAM}",
            ),
        )


def test_a_team_that_drops_a_segment_with_a_table_is_refused_at_load(tmp_path):
    text = (
        f"[{TEAM}.codes]\nsegments = ['strategic', 'enterprise', 'mid-market']\n"
        "[segment.SMB.cadence]\np1_every = '7 days'\n"
    )
    error = refused(tmp_path, text)
    assert error.problems == (
        ("segment.smb", f"unknown segment: not one of {TEAM}.codes.segments"),
    )


def test_a_mistake_of_a_segment_is_said_once_not_again_for_each_team(tmp_path):
    text = (
        f"[{TEAM}.cadence]\np1_every = '7 days'\n"
        "[team.emea.cadence]\nbook_size_max = 30\n"
        "[segment.smb.cadence]\nbook_size_min = 25\n"
    )
    error = refused(tmp_path, text)
    assert error.problems == (
        (
            "segment.smb.cadence.book_size_min",
            "25 is greater than segment.smb.cadence.book_size_max (20)",
        ),
    )


def test_every_team_and_segment_that_hold_together_load(tmp_path):
    text = TEAM_AND_SEGMENT_DISAGREE.replace("book_size_min = 11", "book_size_min = 8")
    settings = loads(tmp_path, text, team="maria@rhythm.test", segment="smb")
    assert (settings.cadence.book_size_min, settings.cadence.book_size_max) == (8, 10)
    file_settings = loads(tmp_path, text)
    assert file_settings.for_team("maria@rhythm.test") == loads(
        tmp_path, text, team="maria@rhythm.test"
    )
    assert file_settings.for_team("maria@rhythm.test").for_segment("smb") == settings


def test_the_startup_check_stops_on_a_team_and_segment_that_disagree(settings, tmp_path):
    from rhythm.playbook.checks import playbook_file

    file = tmp_path / "playbook.toml"
    file.write_text(TEAM_AND_SEGMENT_DISAGREE)
    settings.RHYTHM_PLAYBOOK_FILE = str(file)
    (error,) = playbook_file()
    assert error.id == "rhythm.E001"
    assert error.msg == (
        f"RHYTHM_PLAYBOOK_FILE: {file}: segment.smb.cadence.book_size_min: 11 is greater than "
        f"segment.smb.cadence.book_size_max (10), for {TEAM}"
    )


def rhythm(tmp_path, file, *args):
    return run_rhythm(tmp_path, *args, RHYTHM_PLAYBOOK_FILE=str(file))


def test_a_command_stops_on_a_team_and_segment_that_disagree(tmp_path):
    """`rhythm playbook show` (any command, and `rhythm start`) stops before it runs."""
    file = tmp_path / "playbook.toml"
    file.write_text(TEAM_AND_SEGMENT_DISAGREE)
    done = rhythm(tmp_path, file, "playbook", "show")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert f"(rhythm.E001) RHYTHM_PLAYBOOK_FILE: {file}: segment.smb.cadence" in done.stderr


def test_a_playbook_error_raised_while_a_command_runs_is_said_without_a_traceback(capsys):
    """Should a file break while a command runs, the command says its key and reason."""
    from rhythm import cli

    error = PlaybookFileError("RHYTHM_PLAYBOOK_FILE: p.toml: cadence.p1_every: must be ...")
    with (
        mock.patch.object(sys, "argv", ["rhythm", "queue"]),
        mock.patch("django.core.management.execute_from_command_line", side_effect=error),
        pytest.raises(SystemExit) as stopped,
    ):
        cli.main()
    assert stopped.value.code == 1
    assert capsys.readouterr().err == f"{error}\n"


# --- the segments a file names, said with its other mistakes ----------------------------


def test_an_unknown_segment_is_said_with_the_other_mistakes(tmp_path):
    error = refused(
        tmp_path,
        "[cadence]\np1_evry = '14 days'\nbook_size_min = -1\n"
        "[segment.enterprize.cadence]\np1_every = '7 days'\n"
        "[segment.smb.cadence]\np2_every = 'monthly'\n",
    )
    assert error.problems == (
        ("cadence.p1_evry", "unknown key"),
        ("cadence.book_size_min", "must not be negative, got -1"),
        ("segment.enterprize", "unknown segment"),
        (
            "segment.smb.cadence.p2_every",
            "expected a duration like '14 days' or '2 months', got 'monthly'",
        ),
    )


def test_segments_are_not_judged_by_a_list_of_segments_that_does_not_read(tmp_path):
    error = refused(tmp_path, "[codes]\nsegments = 'smb'\n[segment.smb.cadence]\n")
    assert error.problems == (("codes.segments", "expected a list, got a string ('smb')"),)


# --- durations within reason, finite numbers ---------------------------------------------


@pytest.mark.parametrize(
    "duration", ["99999999999 days", "9000 years", "36526 days", "5218 weeks", "1201 months"]
)
def test_a_duration_longer_than_a_hundred_years_is_refused(tmp_path, duration):
    error = refused(tmp_path, f"[cadence]\np1_every = '{duration}'\n")
    assert (error.path, error.reason) == (
        "cadence.p1_every",
        f"must be at most 100 years, got '{duration}'",
    )


def test_a_duration_of_a_hundred_years_loads(tmp_path):
    text = "[onboarding]\ntrack_for = '100 years'\n[health]\nfresh_within = '36525 days'\n"
    settings = loads(tmp_path, text)
    assert str(settings.onboarding.track_for) == "100 years"


@pytest.mark.parametrize(
    ("text", "path", "reason"),
    [
        pytest.param(
            "[capacity]\nebr_hours = nan\n",
            "capacity.ebr_hours",
            "expected a finite number, got nan",
            id="nan",
        ),
        pytest.param(
            "[capacity]\ncall_hours_max = inf\n",
            "capacity.call_hours_max",
            "expected a finite number, got inf",
            id="inf",
        ),
        pytest.param(
            "[ebr]\nhigh_arr_threshold = -inf\n",
            "ebr.high_arr_threshold",
            "expected a finite number, got -inf",
            id="minus-inf",
        ),
        pytest.param(
            f"[{TEAM}.capacity.weekly_hours]\noutreach = nan\n",
            f"{TEAM}.capacity.weekly_hours.outreach",
            "expected a finite number, got nan",
            id="nan-in-a-team-table-of-numbers",
        ),
        pytest.param(
            "[segment.smb.cadence]\ncalls_per_week_max = inf\n",
            "segment.smb.cadence.calls_per_week_max",
            "expected a finite number, got inf",
            id="inf-in-a-segment",
        ),
    ],
)
def test_a_number_that_is_not_finite_is_refused(tmp_path, text, path, reason):
    error = refused(tmp_path, text)
    assert (error.path, error.reason) == (path, reason)


def test_a_file_that_is_not_utf8_is_refused_with_a_sentence(tmp_path):
    file = tmp_path / "bad.toml"
    file.write_bytes(b"\xff\xfe[cadence]\n")
    with pytest.raises(PlaybookSettingsError) as caught:
        load_settings(str(file))
    assert str(caught.value) == f"{file}: not UTF-8 text (byte 0xff at offset 0); save it as UTF-8"


def test_the_startup_check_says_a_file_is_not_utf8(settings, tmp_path):
    from rhythm.playbook.checks import playbook_file, playbook_teams

    file = tmp_path / "playbook.toml"
    file.write_bytes("[cadence]\np1_every = '7 días'\n".encode("latin-1"))
    settings.RHYTHM_PLAYBOOK_FILE = str(file)
    (error,) = playbook_file()
    assert error.msg.startswith(f"RHYTHM_PLAYBOOK_FILE: {file}: not UTF-8 text (byte 0xed")
    assert playbook_teams() == []


# --- rule titles --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "said"),
    [
        ("every {cadence}", "{cadence}"),
        ("every {cadence.p1_every:evry}", "{cadence.p1_every:evry}"),
        ("calls {cadence.p1-every}", "{cadence.p1-every}"),
        ("calls {}", "{}"),
        ("calls {cadence.p1_every", "a lone '{'"),
        ("calls cadence.p1_every}", "a lone '}'"),
    ],
)
def test_a_title_brace_that_names_no_setting_is_refused(tmp_path, title, said):
    error = refused(tmp_path, f"[{TEAM}.rules.\"CAD-1\"]\ntitle = '{title}'\n")
    assert (error.path, error.reason) == (
        f'{TEAM}.rules."CAD-1".title',
        f"{said} names no setting: a brace holds {{section.key}}, {{section.key:every}} "
        "or {section.key:last}",
    )


# --- codes ---------------------------------------------------------------------------------

ACTIVITY_KINDS = (
    "cadence_call, ebr, leadership_check_in, workshop, webinar, roundtable, enablement_session, "
    "ad_hoc_call, escalation_call, async_request, outreach, renewal_review, welcome_call, "
    "onboarding_kickoff, discovery_call, health_check"
)
COUNTRIES = "a country code the public-holiday calendars know, in capitals, such as US, GB or DE"


@pytest.mark.parametrize(
    ("text", "path", "reason"),
    [
        pytest.param(
            "[cadence]\ncall_kinds = ['cadence_call', 'cadence_cal']\n",
            "cadence.call_kinds[1]",
            f"unknown activity kind 'cadence_cal': expected one of {ACTIVITY_KINDS}",
            id="call-kind",
        ),
        pytest.param(
            "[cadence]\nengagement_kinds = ['meeting']\n",
            "cadence.engagement_kinds[0]",
            f"unknown activity kind 'meeting': expected one of {ACTIVITY_KINDS}",
            id="engagement-kind",
        ),
        pytest.param(
            "[segment.smb.workshops]\nkinds = ['workshops']\n",
            "segment.smb.workshops.kinds[0]",
            f"unknown activity kind 'workshops': expected one of {ACTIVITY_KINDS}",
            id="workshop-kind-in-a-segment",
        ),
        pytest.param(
            "[manager_review]\nonboarding_kinds = ['kickoff']\n",
            "manager_review.onboarding_kinds[0]",
            f"unknown activity kind 'kickoff': expected one of {ACTIVITY_KINDS}",
            id="onboarding-kind",
        ),
        pytest.param(
            "[codes.regions]\nEMEA = 'XX'\n",
            "codes.regions.EMEA",
            f"unknown country code 'XX': expected {COUNTRIES}",
            id="country",
        ),
        pytest.param(
            f"[{TEAM}.codes.regions]\nEMEA = 'gb'\n",
            f"{TEAM}.codes.regions.EMEA",
            f"unknown country code 'gb': expected {COUNTRIES}",
            id="country-in-a-team-not-in-capitals",
        ),
        pytest.param(
            "[renewals]\nattendee_roles = ['csm', 'ae', 'cfo']\n",
            "renewals.attendee_roles[2]",
            "unknown account team role 'cfo': expected one of csm, ae, sa, pse",
            id="attendee-role",
        ),
        pytest.param(
            "[[ebr.steps]]\nnumber = 1\nname = 'x'\nowner_role = 'ceo'\n"
            "opens_before = '1 month'\ncloses_before = '2 weeks'\n",
            "ebr.steps[0].owner_role",
            "unknown team role 'ceo': expected one of csm, manager, ae, sa, pse, leadership, admin",
            id="step-owner",
        ),
        pytest.param(
            "[surveys]\nkinds = ['nps', 'ces']\n",
            "surveys.kinds[1]",
            "unknown survey kind 'ces': expected one of nps, csat",
            id="survey-kind",
        ),
        pytest.param(
            "[plans]\ncustomer_facing_kind = 'xyz'\n",
            "plans.customer_facing_kind",
            "unknown success plan kind 'xyz': expected one of roi, stage_adoption",
            id="plan-kind",
        ),
        pytest.param(
            "[prioritisation]\nat_risk_outlooks = ['doomed']\n",
            "prioritisation.at_risk_outlooks[0]",
            "unknown renewal outlook 'doomed': expected one of flat, growth, at_risk",
            id="outlook",
        ),
        pytest.param(
            "[prioritisation]\nexpansion_kinds = ['foo']\n",
            "prioritisation.expansion_kinds[0]",
            "unknown expansion kind 'foo': expected one of tier_upgrade, new_business_unit, "
            "new_use_case",
            id="expansion-kind",
        ),
    ],
)
def test_a_code_the_application_does_not_know_is_refused(tmp_path, text, path, reason):
    error = refused(tmp_path, text, known=config.known_codes())
    assert (error.path, error.reason) == (path, reason)


def test_every_unknown_code_is_said_at_once(tmp_path):
    text = (
        "[prioritisation]\nat_risk_outlooks = ['doomed']\nexpansion_kinds = ['foo', 'bar']\n"
        "[surveys]\nkinds = ['foo']\npromoter_min = 11\n"
    )
    error = refused(tmp_path, text, known=config.known_codes())
    assert [path for path, _ in error.problems] == [
        "prioritisation.at_risk_outlooks[0]",
        "prioritisation.expansion_kinds[0]",
        "prioritisation.expansion_kinds[1]",
        "surveys.kinds[0]",
        "surveys.promoter_min",
    ]


def test_codes_match_ignoring_case_but_country_codes_as_written(tmp_path):
    text = (
        "[cadence]\ncall_kinds = ['Cadence_Call']\n[renewals]\nattendee_roles = ['CSM', 'AE']\n"
        "[codes.regions]\nEMEA = 'DE'\nLATAM = 'BR'\n"
    )
    settings = loads(tmp_path, text, known=config.known_codes())
    assert settings.cadence.call_kinds == ("Cadence_Call",)


def test_rhythm_knows_every_code_list_the_settings_name(tmp_path):
    """Each list a setting names is one Rhythm gives the loader, and the defaults hold."""
    named = set()
    sections = list(schema.SECTIONS.values())
    while sections:
        section = sections.pop()
        hints = typing.get_type_hints(section)
        for spec in dataclasses.fields(section):
            if "codes" in spec.metadata:
                named.add(spec.metadata["codes"])
            for tp in (hints[spec.name], *typing.get_args(hints[spec.name])):
                if dataclasses.is_dataclass(tp):
                    sections.append(tp)
    assert "team_roles" in named  # an EBR step's owner, in a list of steps
    assert named == set(schema.CODE_LISTS) == set(config.known_codes())
    load_settings(known=config.known_codes())


def test_the_startup_check_stops_on_an_unknown_code(settings, tmp_path):
    from rhythm.playbook.checks import playbook_file

    file = tmp_path / "playbook.toml"
    file.write_text(f"[{TEAM}.codes.regions]\nEMEA = 'XX'\n")
    settings.RHYTHM_PLAYBOOK_FILE = str(file)
    (error,) = playbook_file()
    assert error.msg == (
        f"RHYTHM_PLAYBOOK_FILE: {file}: {TEAM}.codes.regions.EMEA: unknown country code 'XX': "
        f"expected {COUNTRIES}"
    )


@pytest.mark.parametrize(
    ("text", "path", "reason"),
    [
        pytest.param(
            "[surveys]\npromoter_min = 11\n",
            "surveys.promoter_min",
            "an NPS score runs 0 to 10, got 11",
            id="promoter-above-10",
        ),
        pytest.param(
            "[capacity]\ncall_tasks = ['nonexistent_task']\n",
            "capacity.call_tasks[0]",
            "unknown task 'nonexistent_task': not one of capacity.weekly_hours",
            id="call-task",
        ),
        pytest.param(
            f"[{TEAM}.capacity]\ncall_tasks = ['internal_meetings', 'Ad_Hoc_Calls']\n",
            f"{TEAM}.capacity.call_tasks[1]",
            f"unknown task 'Ad_Hoc_Calls': not one of {TEAM}.capacity.weekly_hours",
            id="call-task-as-weekly-hours-writes-it",
        ),
        pytest.param(
            "[codes]\nexecutive_personas = ['vp', 'ceo']\n",
            "codes.executive_personas[1]",
            "unknown persona 'ceo': not one of codes.personas",
            id="executive-persona",
        ),
    ],
)
def test_a_code_the_settings_do_not_list_is_refused(tmp_path, text, path, reason):
    error = refused(tmp_path, text)
    assert (error.path, error.reason) == (path, reason)


def test_a_team_may_extend_the_lists_the_settings_hold(tmp_path):
    text = (
        f"[{TEAM}.capacity]\ncall_tasks = ['internal_meetings', 'customer_office_hours']\n"
        f"[{TEAM}.capacity.weekly_hours]\ncustomer_office_hours = 1\n"
        f"[{TEAM}.codes]\npersonas = ['admin', 'ceo']\nexecutive_personas = ['CEO']\n"
    )
    settings = loads(tmp_path, text, team="maria@rhythm.test", known=config.known_codes())
    assert settings.capacity.call_tasks == ("internal_meetings", "customer_office_hours")


def test_the_playbook_command_prints_with_a_good_file(db, tmp_path, settings):
    from django.core.management import call_command

    file = tmp_path / "playbook.toml"
    file.write_text("[cadence]\ncall_kinds = ['cadence_call', 'ad_hoc_call']\n")
    settings.RHYTHM_PLAYBOOK_FILE = str(file)
    out = io.StringIO()
    call_command("playbook", "show", stdout=out)
    assert 'cadence.call_kinds = ["cadence_call", "ad_hoc_call"]' in out.getvalue()
