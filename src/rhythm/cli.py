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
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
