"""The playbook settings in force: the defaults, or the team's file named in the environment."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured

from rhythm.playbook.settings import PlaybookSettings, PlaybookSettingsError, load_settings


class PlaybookFileError(ImproperlyConfigured):
    """RHYTHM_PLAYBOOK_FILE names no file, or a file that is not valid: says which key and why."""


def current_settings(team: str | None = None) -> PlaybookSettings:
    """Return the playbook settings: RHYTHM_PLAYBOOK_FILE over the handbook's defaults.

    `team` (a manager's email) applies that team's `[team."<email>"]` table, if any. The
    file is read again when it changes, so an edited playbook applies without a restart.
    """
    path = django_settings.RHYTHM_PLAYBOOK_FILE
    stamp = Path(path).stat().st_mtime if path and Path(path).exists() else None
    return _load(path or None, stamp, team)


@lru_cache(maxsize=64)
def _load(path: str | None, stamp: float | None, team: str | None) -> PlaybookSettings:
    if path and stamp is None:
        raise PlaybookFileError(f"RHYTHM_PLAYBOOK_FILE: no file at {path}")
    try:
        return load_settings(path, team=team)
    except PlaybookSettingsError as error:
        raise PlaybookFileError(f"RHYTHM_PLAYBOOK_FILE: {error}") from None


def team_settings() -> dict[str, PlaybookSettings]:
    """Return the settings of each team the playbook file has a table for, by its name
    (the manager's email), for a view spanning teams to run each CSM's book on its own."""
    return {team: current_settings(team) for team in current_settings().team_names}
