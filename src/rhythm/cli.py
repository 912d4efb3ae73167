"""The `rhythm` command: one entry point that forwards to Django's management commands."""

from __future__ import annotations

import os
import sys


def main() -> None:
    """Run `rhythm SUBCOMMAND ...` as `django-admin SUBCOMMAND ...` with Rhythm's settings."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rhythm.settings")
    from django.core.management import execute_from_command_line

    argv = sys.argv[:]
    argv[0] = "rhythm"
    try:
        execute_from_command_line(argv)
        sys.stdout.flush()  # inside the try: a reader that has gone shows up here too
    except BrokenPipeError:
        # The reader stopped early (`rhythm queue | head`): stop quietly, as other tools
        # do, instead of a traceback. What is still buffered must not be flushed again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)


if __name__ == "__main__":
    main()
