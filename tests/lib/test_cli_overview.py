"""`rhythm` alone lists the commands a team uses; each of Rhythm's own commands shows only
its own options in `--help`, with examples that its parser accepts."""

import io
import os
import shlex
import subprocess
import sys
from contextlib import redirect_stdout

import pytest
from django.core.management import get_commands, load_command_class

from rhythm.cli import SECTIONS
from rhythm.lib.cli import RhythmCommand

OWN = sorted(name for name, app in get_commands().items() if app.startswith("rhythm."))


def test_rhythm_alone_lists_the_commands_a_team_uses(tmp_path):
    env = {**os.environ, "RHYTHM_DATA_DIR": str(tmp_path)}
    for args in ([], ["help"], ["--help"]):
        done = subprocess.run(
            [sys.executable, "-m", "rhythm.cli", *args],
            env=env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        lines = done.stdout.splitlines()
        listed = {
            line.split()[0] for line in lines if line[:3].startswith("  ") and line[2:3] != " "
        }
        assert listed == {name for _, names in SECTIONS for name in names}
        assert (
            "  queue           Show the work queue of a CSM, a manager's team, one account,"
            in lines
        )
        assert "rhythm help --commands" in done.stdout


def test_every_own_command_is_in_the_overview():
    listed = {name for _, names in SECTIONS for name in names}
    assert set(OWN) <= listed, "a command of Rhythm's own is missing from `rhythm`'s list"
    assert listed <= set(get_commands()), "the list names a command that does not exist"


@pytest.mark.parametrize("name", OWN)
def test_help_shows_the_command_s_own_options_and_examples_that_parse(name):
    command = load_command_class(get_commands()[name], name)
    assert isinstance(command, RhythmCommand)
    parser = command.create_parser("rhythm", name)
    text = parser.format_help()
    for django_own in ("--settings", "--pythonpath", "--verbosity", "--no-color", "--skip-checks"):
        assert django_own not in text
    assert name == "demo" or "examples:\n  rhythm " in text
    for example in command.examples:
        words = shlex.split(example)
        assert words[:2] == ["rhythm", name]
        with redirect_stdout(io.StringIO()):
            parser.parse_args(words[2:])  # exits (SystemExit) on an example it refuses


def test_django_s_options_hidden_from_help_still_work():
    command = load_command_class(get_commands()["queue"], "queue")
    options = command.create_parser("rhythm", "queue").parse_args(["--traceback", "-v", "0"])
    assert (options.traceback, options.verbosity) == (True, 0)
