"""Startup checks: a bad playbook file stops every command and the server before they run;
a team table that applies to no one is a warning."""

from __future__ import annotations

from typing import Any

from django.core import checks
from django.db import DatabaseError
from django.db.models import Q

from rhythm.playbook.config import PlaybookFileError, current_settings

HINT = (
    "Fix the file, or unset RHYTHM_PLAYBOOK_FILE for the handbook's defaults; "
    "docs/playbook-settings.md lists every key."
)


def playbook_file(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Load RHYTHM_PLAYBOOK_FILE once: an error names the file, the key and the reason."""
    try:
        current_settings()
    except PlaybookFileError as error:
        return [checks.Error(str(error), hint=HINT, id="rhythm.E001")]
    return []


def unknown_teams() -> list[str]:
    """Say which `[team."<email>"]` tables of the playbook file name no manager in the team.

    A team is named by its manager's email (a CSM manager, or whoever manages someone), so
    such a table applies to no book: a typo, or a manager who left. The settings loader
    cannot tell (it does not see the team); this can. Nothing to say before the database
    has its tables, or when the file cannot be loaded (that is `playbook_file`'s error).
    """
    from rhythm.team.models import Role, TeamMember

    try:
        settings = current_settings()
    except PlaybookFileError:
        return []
    if not settings.team_names:
        return []
    try:
        managers = TeamMember.objects.filter(Q(role=Role.MANAGER) | Q(reports__isnull=False))
        known = {email.casefold() for email in managers.values_list("email", flat=True)}
    except DatabaseError:
        return []
    return [
        f'RHYTHM_PLAYBOOK_FILE: {settings.source}: team."{name}": no manager in the team has '
        "this email, so the table applies to no one"
        for name in settings.team_names
        if name.casefold() not in known
    ]


def playbook_teams(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Warn about each team table that names no manager in the team; startup goes on."""
    hint = (
        "Name the team by its manager's email as the team has it (`rhythm import team`), "
        "or remove the table."
    )
    return [checks.Warning(message, hint=hint, id="rhythm.W001") for message in unknown_teams()]
