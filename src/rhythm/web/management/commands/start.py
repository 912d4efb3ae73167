"""`rhythm start [--demo]`: create or update the schema, optionally load the demo, and serve."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.commands.runserver import naiveip_re

from rhythm.lib.cli import RhythmCommand, require_database


class Command(RhythmCommand):
    help = "Migrate the database, optionally load the demo book, and serve Rhythm."
    examples = ("rhythm start --demo", "rhythm start --addr 0.0.0.0:8080")

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true", help="Load the demo book first.")
        parser.add_argument(
            "--addr",
            metavar="HOST:PORT",
            default="127.0.0.1:8000",
            help="Where to listen: HOST:PORT or PORT (default 127.0.0.1:8000).",
        )

    def handle(self, *args, **options):
        # Checked before the migration and the demo, which a typo would otherwise wait for.
        if not naiveip_re.match(options["addr"]):
            raise CommandError(
                f"--addr: {options['addr']!r} is not where to listen; use HOST:PORT or PORT "
                "(127.0.0.1:8000, 0.0.0.0:8080, 8000)."
            )
        require_database()  # a sentence, not a traceback, when DATABASE_URL is wrong
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database ready.")
        if options["demo"]:
            call_command("demo")
        call_command("runserver", options["addr"], use_reloader=False)
