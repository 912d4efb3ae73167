"""`rhythm start [--demo]`: create or update the schema, optionally load the demo, and serve."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand

from rhythm.lib.cli import require_database


class Command(BaseCommand):
    help = "Migrate the database, optionally load the demo book, and serve Rhythm."

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true", help="Load the demo book first.")
        parser.add_argument("--addr", default="127.0.0.1:8000", help="Where to listen.")

    def handle(self, *args, **options):
        require_database()  # a sentence, not a traceback, when DATABASE_URL is wrong
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database ready.")
        if options["demo"]:
            call_command("demo")
        call_command("runserver", options["addr"], use_reloader=False)
