"""The playbook settings in force: the defaults, or the team's file named in the environment."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured

from rhythm.playbook.settings import (
    KnownCodes,
    PlaybookSettings,
    PlaybookSettingsError,
    load_settings,
)


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
    if team is not None:
        # The file is read and checked once, for every team and segment at once.
        return _load(path, stamp, None).for_team(team)
    try:
        return load_settings(path, known=known_codes())
    except PlaybookSettingsError as error:
        raise PlaybookFileError(f"RHYTHM_PLAYBOOK_FILE: {error}") from None


@lru_cache(maxsize=1)
def known_codes() -> KnownCodes:
    """Return the codes of each list in `schema.CODE_LISTS` as Rhythm knows them: its
    records' choices, and the countries the public-holiday calendars have, so a setting
    naming one that does not exist (an activity kind no activity can have, a country with
    no calendar) is refused with the file rather than matching nothing or failing later."""
    import holidays

    from rhythm.accounts.models import TeamRole
    from rhythm.plans.models import PlanKind
    from rhythm.renewals.models import ExpansionKind, RenewalOutlook
    from rhythm.surveys.models import SurveyKind
    from rhythm.team.models import Role
    from rhythm.timeline.models import ActivityKind

    codes = {
        "activity_kinds": tuple(ActivityKind.values),
        "team_roles": tuple(Role.values),
        "seat_roles": tuple(TeamRole.values),
        "survey_kinds": tuple(SurveyKind.values),
        "plan_kinds": tuple(PlanKind.values),
        "renewal_outlooks": tuple(RenewalOutlook.values),
        "expansion_kinds": tuple(ExpansionKind.values),
        "countries": tuple(holidays.list_supported_countries()),
    }
    return MappingProxyType(codes)


def team_settings() -> dict[str, PlaybookSettings]:
    """Return the settings of each team the playbook file has a table for, by its name
    (the manager's email), for a view spanning teams to run each CSM's book on its own."""
    return {team: current_settings(team) for team in current_settings().team_names}
