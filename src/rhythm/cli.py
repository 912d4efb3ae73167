"""The `rhythm` command: one entry point that forwards to Django's management commands."""

from __future__ import annotations

import os
import sys
import textwrap


def main() -> None:
    """Run `rhythm SUBCOMMAND ...` as `django-admin SUBCOMMAND ...` with Rhythm's settings."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rhythm.settings")
    from django.core.management import execute_from_command_line
    from django.db import DatabaseError

    from rhythm.playbook.config import PlaybookFileError

    argv = sys.argv[:]
    argv[0] = "rhythm"
    if argv[1:] in ([], ["help"], ["-h"], ["--help"]):
        sys.stdout.write(overview())
        return
    try:
        execute_from_command_line(argv)
        sys.stdout.flush()  # inside the try: a reader that has gone shows up here too
    except DatabaseError:
        # Rhythm's own commands check the database first; one of Django's that does not
        # (`createsuperuser` before `migrate`) says what to do too, instead of a traceback.
        _explain_database()
        raise
    except PlaybookFileError as error:
        # The startup check stops a command on a bad playbook file before it runs; a file
        # that breaks while one runs (edited meanwhile) is said the same way: the file, the
        # key and the reason, without a traceback.
        sys.stderr.write(f"{error}\n")
        sys.exit(1)
    except BrokenPipeError:
        # The reader stopped early (`rhythm queue | head`): stop quietly, as other tools
        # do, instead of a traceback. What is still buffered must not be flushed again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)


# The commands a team runs, in the order they meet them; `rhythm help --commands` lists
# every command, Django's own included.
SECTIONS = (
    ("Run Rhythm", ("start", "demo")),
    ("The work", ("queue", "accounts", "kpis", "review", "log")),
    ("Data and settings", ("import", "playbook", "token")),
    ("Administration", ("createsuperuser", "changepassword", "migrate")),
)
# Django's own commands say more about Django than about what they do for Rhythm.
_SAID = {
    "createsuperuser": "Create an administrator's login for the admin pages.",
    "changepassword": "Set a login's password.",
    "migrate": "Bring the database's tables up to this version of Rhythm (start does it too).",
}


def overview() -> str:
    """Return what `rhythm` alone (or `rhythm help`) prints: the commands a team uses, each
    with the first sentence of its own help, and where to read more."""
    import django
    from django.core.management import get_commands, load_command_class

    django.setup()
    apps = get_commands()
    lines = ["Rhythm runs a customer-success team's operating rhythm.", ""]
    lines.append("usage: rhythm COMMAND [options]    (rhythm help COMMAND for its options)")
    for title, names in SECTIONS:
        lines += ["", f"{title}:"]
        for name in names:
            said = _SAID.get(name) or load_command_class(apps[name], name).help
            first = said.split(". ")[0].rstrip(".") + "."
            lead = f"  {name:<16}"
            lines.append(textwrap.fill(first, 79, initial_indent=lead, subsequent_indent=" " * 18))
    lines += ["", "Every command, Django's own included: rhythm help --commands", ""]
    return "\n".join(lines)


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
