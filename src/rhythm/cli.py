"""The `rhythm` command: one entry point that forwards to Django's management commands."""

from __future__ import annotations

import os
import sys


def main() -> None:
    """Run `rhythm SUBCOMMAND ...` as `django-admin SUBCOMMAND ...` with Rhythm's settings."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rhythm.settings")
    from django.core.management import execute_from_command_line
    from django.db import DatabaseError

    argv = sys.argv[:]
    argv[0] = "rhythm"
    try:
        execute_from_command_line(argv)
        sys.stdout.flush()  # inside the try: a reader that has gone shows up here too
    except DatabaseError:
        # Rhythm's own commands check the database first; one of Django's that does not
        # (`createsuperuser` before `migrate`) says what to do too, instead of a traceback.
        _explain_database()
        raise
    except BrokenPipeError:
        # The reader stopped early (`rhythm queue | head`): stop quietly, as other tools
        # do, instead of a traceback. What is still buffered must not be flushed again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)


def _explain_database() -> None:
    """Exit with what is wrong with the database and what to do, if that is the trouble."""
    from django.core.management.base import CommandError

    from rhythm.lib.cli import require_schema

    try:
        require_schema()
    except CommandError as error:
        sys.stderr.write(f"CommandError: {error}\n")
        sys.exit(1)


if __name__ == "__main__":
    main()
