"""`rhythm playbook show [--team EMAIL] [--segment NAME] [--format json]`: the playbook
settings in force, everywhere or for one team's and one segment's books."""

from __future__ import annotations

import json

from django.conf import settings as django_settings
from django.core.management.base import CommandError

from rhythm.lib.cli import RhythmCommand
from rhythm.playbook.config import current_settings


def flatten(data, prefix=""):
    """Yield (dotted.key, value) pairs of nested settings, for the plain listing."""
    for key, value in data.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from flatten(value, path + ".")
        else:
            yield path, value


class Command(RhythmCommand):
    help = (
        "Show the effective playbook settings (defaults merged with RHYTHM_PLAYBOOK_FILE), "
        "or those a team's books of one segment run on."
    )
    examples = (
        "rhythm playbook show",
        "rhythm playbook show --team maria.santos@rhythm.example --segment smb --format json",
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["show"])
        parser.add_argument(
            "--team",
            metavar="EMAIL",
            help='A team, by its manager\'s email: with its [team."EMAIL"] table applied.',
        )
        parser.add_argument(
            "--segment",
            metavar="NAME",
            help="A segment (codes.segments): with its [segment.NAME] table applied.",
        )
        parser.add_argument(
            "--format", choices=["text", "json"], default="text", help="text (the default) or json."
        )

    def handle(self, *args, **options):
        team, segment = options["team"], options["segment"]
        if team is not None and not team.strip():
            raise CommandError("--team: '' is empty; give a manager's email, or leave it out.")
        settings = current_settings(team.strip() if team else None)
        if team and team.strip().casefold() not in {
            name.casefold() for name in settings.team_names
        }:
            self._unchanged(f'[team."{team.strip()}"]', "--team")
        if segment is not None:
            known = {code.casefold(): code for code in settings.codes.segments}
            if segment.strip().casefold() not in known:
                raise CommandError(
                    f"--segment: {segment!r} is not a segment; use one of: "
                    f"{', '.join(settings.codes.segments)}."
                )
            named = settings.for_segment(known[segment.strip().casefold()])
            if named is settings:
                self._unchanged(f"[segment.{known[segment.strip().casefold()]}]", "--segment")
            settings = named
        data = settings.as_dict()
        if options["format"] == "json":
            self.stdout.write(json.dumps(data, indent=2, default=str))
            return
        for key, value in flatten(data):
            self.stdout.write(f"{key} = {json.dumps(value, default=str)}")

    def _unchanged(self, table: str, option: str) -> None:
        """Say on standard error that the option changed nothing: the file has no such table."""
        if not django_settings.RHYTHM_PLAYBOOK_FILE:
            why = "there is no playbook file (RHYTHM_PLAYBOOK_FILE); these are the defaults"
        else:
            why = f"the playbook file has no {table} table; these are the file's own values"
        self.stderr.write(f"{option}: {why}.")
