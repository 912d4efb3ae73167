"""The playbook settings in force: the defaults, or the team's file named in the environment."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured

from rhythm.playbook.settings import PlaybookSettings, PlaybookSettingsError, load_settings


def current_settings() -> PlaybookSettings:
    """Return the playbook settings: RHYTHM_PLAYBOOK_FILE over the handbook's defaults.

    The file is read again when it changes, so an edited playbook applies without a restart.
    """
    path = django_settings.RHYTHM_PLAYBOOK_FILE
    stamp = Path(path).stat().st_mtime if path and Path(path).exists() else None
    return _load(path or None, stamp)


@lru_cache(maxsize=4)
def _load(path: str | None, stamp: float | None) -> PlaybookSettings:
    if path and stamp is None:
        raise ImproperlyConfigured(f"RHYTHM_PLAYBOOK_FILE: no file at {path}")
    try:
        return load_settings(path)
    except PlaybookSettingsError as error:
        raise ImproperlyConfigured(f"RHYTHM_PLAYBOOK_FILE: {error}") from None
