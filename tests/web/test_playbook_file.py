"""A bad playbook file: stopped at start with its key and reason, explained if it breaks later."""

import os
import subprocess
import sys

import pytest

from rhythm.playbook.checks import playbook_file

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
