"""A bad playbook file: stopped at start with its key and reason, explained if it breaks later."""

import io
import os
import subprocess
import sys
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import DatabaseError

from rhythm.playbook.checks import playbook_file, playbook_teams
from rhythm.team.models import TeamMember
from tests.factories import TeamMemberFactory

BAD = '[cadence]\np1_every = "soon"\n'
REASON = "cadence.p1_every: expected a duration like '14 days' or '2 months', got 'soon'"


@pytest.fixture
def bad_file(tmp_path):
    path = tmp_path / "playbook.toml"
    path.write_text(BAD)
    return path


def test_the_startup_check_names_the_key_and_the_reason(settings, bad_file, tmp_path):
    settings.RHYTHM_PLAYBOOK_FILE = str(bad_file)
    (error,) = playbook_file()
    assert error.id == "rhythm.E001" and error.is_serious()
    assert error.msg == f"RHYTHM_PLAYBOOK_FILE: {bad_file}: {REASON}"
    settings.RHYTHM_PLAYBOOK_FILE = str(tmp_path / "missing.toml")
    (error,) = playbook_file()
    assert error.msg == f"RHYTHM_PLAYBOOK_FILE: no file at {tmp_path / 'missing.toml'}"
    bad_file.write_text('[cadence]\np1_every = "7 days"\n')
    settings.RHYTHM_PLAYBOOK_FILE = str(bad_file)
    assert playbook_file() == []


def test_a_command_stops_on_a_bad_file_without_a_traceback(bad_file, tmp_path):
    env = {**os.environ, "RHYTHM_PLAYBOOK_FILE": str(bad_file), "RHYTHM_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "rhythm.cli", "playbook", "show"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert f"(rhythm.E001) RHYTHM_PLAYBOOK_FILE: {bad_file}: {REASON}" in done.stderr


def test_a_file_broken_under_a_running_server_is_explained_until_fixed(
    client, alice, account, settings, bad_file
):
    client.force_login(alice.user)
    settings.RHYTHM_PLAYBOOK_FILE = str(bad_file)
    page = client.get("/")
    assert page.status_code == 503
    assert "The playbook file needs fixing" in page.content.decode()
    assert REASON.replace("'", "&#x27;") in page.content.decode()
    answer = client.get("/api/v1/queue")
    assert answer.status_code == 503
    assert answer.json() == {"detail": f"RHYTHM_PLAYBOOK_FILE: {bad_file}: {REASON}"}
    bad_file.write_text('[cadence]\np1_every = "7 days"\n')
    os.utime(bad_file, (1, 1))  # a new modification time, even within the same second
    assert client.get("/").status_code == 200


def test_a_file_with_several_mistakes_is_explained_line_by_line(client, alice, settings, bad_file):
    bad_file.write_text(BAD + "book_size_min = -1\n")
    client.force_login(alice.user)
    settings.RHYTHM_PLAYBOOK_FILE = str(bad_file)
    page = client.get("/").content.decode()
    second = "cadence.book_size_min: must not be negative, got -1"
    escaped = REASON.replace("'", "&#x27;")
    assert f"{bad_file}: 2 problems:\n  {escaped}\n  {second}</code></pre>" in page


TEAMS = '[team."nobody@x.test".cadence]\np1_every = "7 days"\n[team."BOSS@X.TEST".cadence]\n'


def test_a_team_table_naming_no_manager_in_the_team_is_a_warning(db, use_playbook):
    TeamMemberFactory(email="boss@x.test", role="manager")
    TeamMemberFactory(email="nobody@x.test", role="ae")  # on the team, but manages no one
    path = use_playbook(TEAMS + 'p1_every = "10 days"\n')
    (warning,) = playbook_teams()
    assert warning.id == "rhythm.W001" and not warning.is_serious()
    assert warning.msg == (
        f'RHYTHM_PLAYBOOK_FILE: {path}: team."nobody@x.test": no manager in the team has this '
        "email, so the table applies to no one"
    )
    stderr = io.StringIO()
    call_command("playbook", "show", skip_checks=False, stdout=io.StringIO(), stderr=stderr)
    assert "(rhythm.W001) RHYTHM_PLAYBOOK_FILE: " in stderr.getvalue()
    assert 'team."nobody@x.test"' in stderr.getvalue()
    TeamMemberFactory(email="ann@x.test", manager=TeamMember.objects.get(email="nobody@x.test"))
    assert playbook_teams() == []  # whoever manages someone names a team


def test_no_team_table_or_no_database_yet_is_no_warning(db, use_playbook):
    assert playbook_teams() == []
    use_playbook(TEAMS)
    with mock.patch.object(TeamMember.objects, "filter", side_effect=DatabaseError("no table")):
        assert playbook_teams() == []
