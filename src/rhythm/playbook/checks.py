"""Startup checks: a bad playbook file stops every command and the server before they run."""

from __future__ import annotations

from typing import Any

from django.core import checks

from rhythm.playbook.config import PlaybookFileError, current_settings


def playbook_file(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Load RHYTHM_PLAYBOOK_FILE once: an error names the file, the key and the reason."""
    try:
        current_settings()
    except PlaybookFileError as error:
        hint = (
            "Fix the file, or unset RHYTHM_PLAYBOOK_FILE for the handbook's defaults; "
            "docs/playbook-settings.md lists every key."
        )
        return [checks.Error(str(error), hint=hint, id="rhythm.E001")]
    return []
