"""Every write to account health goes through here: the UI, the API and imports."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError

from rhythm.accounts.models import Account
from rhythm.health.models import HEALTH_NOTE, HealthUpdate
from rhythm.lib.dates import record_date_error
from rhythm.lib.upsert import Outcome, check_fields, save_changes

HEALTH_FIELDS = frozenset(
    {"sentiment", "product_usage", "engagement", "renewal_risk", "note", "updated_by"}
)


def record_health(
    *, account: Account, date: dt.date, overall: str, **values: Any
) -> tuple[HealthUpdate, Outcome]:
    """Record an account's health on a date, or update the assessment already made that day.

    Every day's assessment is kept (the latest is current) so the history can be replayed.
    Fields not given keep their stored value; a date after today is refused. Accepted
    fields: see HEALTH_FIELDS.
    """
    check_fields(values, HEALTH_FIELDS)
    if errors := check_health(date=date, note=values.get("note")):
        raise ValidationError(errors)
    update = HealthUpdate.objects.filter(account=account, date=date).first()
    update = update or HealthUpdate(account=account, date=date)
    return update, save_changes(update, {"overall": overall, **values})


def check_health(*, date: dt.date | None, note: str | None = None) -> dict[str, list[str]]:
    """Say what `record_health` refuses in an assessment, by field, writing nothing: a date
    in the future, a note too long. `record_health` asks this first; a form refused on its
    own fields (no overall colour) asks it of the others, so all its errors show at once.
    A date not known (None) is not checked."""
    errors: dict[str, list[str]] = {}
    if date is not None and (
        refused := record_date_error(date, "record health once it is assessed.")
    ):
        errors["date"] = refused
    if too_long := HEALTH_NOTE.errors(note):
        errors["note"] = too_long
    return errors
