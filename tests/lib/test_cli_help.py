"""The README's command table and the commands' own options agree, both ways."""

import re
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class
from django.core.management.base import BaseCommand

README = Path(__file__).resolve().parents[2] / "README.md"
DJANGO_OWN = {"migrate", "createsuperuser"}  # Django's commands, documented by Django


def readme_rows() -> dict[str, str]:
    """Map each `rhythm NAME ...` of the README's table to its first cell."""
    rows = {}
    for line in README.read_text().splitlines():
        if match := re.match(r"\| `rhythm (\w+)([^`]*)` \|", line):
            rows[match.group(1)] = match.group(0)
    return rows


def own_options(name: str) -> set[str]:
    """The long options a command adds to every Django command's own."""
    command = load_command_class(get_commands()[name], name)
    common = BaseCommand().create_parser("rhythm", name)._option_string_actions
    parser = command.create_parser("rhythm", name)
    return {o for o in parser._option_string_actions if o.startswith("--") and o not in common}


ROWS = readme_rows()


def test_the_table_lists_the_commands():
    assert set(ROWS) >= {"start", "demo", "import", "queue", "accounts", "kpis", "review"}


@pytest.mark.parametrize("name", sorted(set(ROWS) - DJANGO_OWN))
def test_each_command_s_options_are_in_its_readme_row_and_no_other(name):
    written = set(re.findall(r"--[a-z][a-z-]*", ROWS[name]))
    real = own_options(name)
    assert written <= real, f"the README gives rhythm {name} options it does not have"
    assert real <= written, f"the README's row for rhythm {name} leaves options out"
