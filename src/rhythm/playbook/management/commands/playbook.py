"""`rhythm playbook show [--format json]`: the playbook settings in force."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from rhythm.playbook.config import current_settings


def flatten(data, prefix=""):
    """Yield (dotted.key, value) pairs of nested settings, for the plain listing."""
    for key, value in data.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from flatten(value, path + ".")
        else:
            yield path, value


class Command(BaseCommand):
    help = "Show the effective playbook settings (defaults merged with RHYTHM_PLAYBOOK_FILE)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["show"])
        parser.add_argument(
            "--format", choices=["text", "json"], default="text", help="text (the default) or json."
        )

    def handle(self, *args, **options):
        data = current_settings().as_dict()
        if options["format"] == "json":
            self.stdout.write(json.dumps(data, indent=2, default=str))
            return
        for key, value in flatten(data):
            self.stdout.write(f"{key} = {json.dumps(value, default=str)}")
