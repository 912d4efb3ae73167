"""The data commands stop with a sentence, not a traceback, when the database is not ready.

Each case runs the real `rhythm` command in its own process, against its own database.
"""

import os
import subprocess
import sys

import pytest

from tests.processes import run_rhythm


def rhythm(tmp_path, database_url, *args):
    return run_rhythm(tmp_path, *args, DATABASE_URL=database_url)


@pytest.mark.parametrize(
    "command",
    [
        ["queue"],
        ["accounts", "--format", "json"],
        ["demo"],
        ["token", "list", "x@y.z"],
        ["createsuperuser", "--noinput", "--username", "x", "--email", "x@y.z"],  # Django's
    ],
)
def test_a_database_without_tables_says_to_migrate(tmp_path, command):
    empty = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    done = rhythm(tmp_path, empty, *command)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert f"The database {tmp_path / 'empty.sqlite3'} has no Rhythm tables yet" in done.stderr
    assert "run `rhythm migrate` first" in done.stderr


def test_a_database_behind_the_code_says_how_far_and_to_migrate(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    assert rhythm(tmp_path, url, "migrate", "accounts", "0001", "-v", "0").returncode == 0
    done = rhythm(tmp_path, url, "kpis")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "is behind this version of Rhythm (" in done.stderr
    assert "migrations to apply): run `rhythm migrate` first" in done.stderr
    assert rhythm(tmp_path, url, "migrate", "-v", "0").returncode == 0
    assert rhythm(tmp_path, url, "kpis", "--format", "json").returncode == 0


@pytest.mark.parametrize("command", ["queue", "start"])
def test_an_unreachable_database_is_named_without_its_password(tmp_path, command):
    done = rhythm(tmp_path, "postgres://rhythm:s3cret@127.0.0.1:1/rhythm", command)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "Cannot use the database 127.0.0.1:1/rhythm (check DATABASE_URL): " in done.stderr
    assert "s3cret" not in done.stderr


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path):
    """`rhythm playbook show | head -1`: the command stops quietly when its reader has gone."""
    env = {**os.environ, "RHYTHM_DATA_DIR": str(tmp_path)}
    command = [sys.executable, "-m", "rhythm.cli", "playbook", "show", "--format", "json"]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    process.stdout.close()  # the reader goes before the command writes a thing
    stderr = process.stderr.read()
    assert process.wait(timeout=120) == 1
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr
    assert stderr == ""
