"""The small helpers every upsert service shares: field checks, code checks, saving changes.

Saving only what differs is what makes importing the same file twice change nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db import models

from rhythm.lib import codes

Outcome = Literal["created", "updated", "unchanged"]


def check_fields(values: Mapping[str, Any], allowed: Iterable[str]) -> None:
    """Refuse field names a service does not know, so a typo fails loudly instead of vanishing."""
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise TypeError(f"unexpected fields: {', '.join(unknown)}")


def check_codes(values: Mapping[str, Any], lists: Mapping[str, tuple[Iterable[str], str]]) -> None:
    """Reject any value that is not a code of the playbook's list for its field.

    Codes are settings rather than database choices, so the model cannot check them.
    """
    errors = {}
    for field, (choices, what) in lists.items():
        message = codes.code_error(values.get(field, ""), choices, what)
        if message:
            errors[field] = [message]
    if errors:
        raise ValidationError(errors)


def lock_row(model: type[models.Model], *pks: int) -> None:
    """Hold a row (or several) until the transaction ends, so a write's check and the write
    it allows are one step for that row: a second request writing the same thing (a form
    posted twice, a script retrying) waits, then sees the first. PostgreSQL locks the rows
    in the order of their keys, so two requests locking the same rows cannot each hold one
    the other waits for; SQLite lets one writer in at a time anyway. Call it inside
    `transaction.atomic()`."""
    list(model._default_manager.select_for_update().filter(pk__in=pks).order_by("pk"))


def lock_and_reread(instance: models.Model) -> None:
    """Lock an instance's row as `lock_row` does and read its columns again in the same
    query, for a write that compares with what the row holds: the instance given may have
    been read before another request's write."""
    manager = type(instance)._default_manager
    instance.refresh_from_db(from_queryset=manager.select_for_update())


def _differs(instance: models.Model, name: str, value: Any) -> bool:
    field = instance._meta.get_field(name)
    if isinstance(field, models.ForeignKey):
        return getattr(instance, field.attname) != (value.pk if value is not None else None)
    return getattr(instance, name) != value


def save_changes(
    instance: models.Model, values: Mapping[str, Any], *, exclude: Iterable[str] = ()
) -> Outcome:
    """Set the values that differ, validate the model, and save only when something changed.

    Saving nothing for an identical row is what makes importing the same file twice a no-op.
    A stored row is updated in the changed columns only (and its last-changed time), so an
    instance read before someone else's write does not put back what that write changed in
    the row's other columns.
    """
    creating = instance._state.adding
    changed = [name for name, value in values.items() if _differs(instance, name, value)]
    if not creating and not changed:
        return "unchanged"
    for name in changed:
        setattr(instance, name, values[name])
    instance.full_clean(exclude=list(exclude))
    if creating:
        instance.save()
        return "created"
    stamped = [field.name for field in instance._meta.concrete_fields if _stamps_changes(field)]
    instance.save(update_fields=[*changed, *stamped])
    return "updated"


def _stamps_changes(field: models.Field) -> bool:
    """Tell whether a field is set to the time of every save (`auto_now`)."""
    return bool(getattr(field, "auto_now", False))
