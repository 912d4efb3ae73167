"""The API's error answers: one shape, `{"detail": "...", "errors": {"field": ["why"]}}`."""

from __future__ import annotations

from typing import Any

from django.http import Http404

INVALID = "Invalid input."
# The errors of the whole request rather than of one field (Django's name for them).
WHOLE = "__all__"
# The arguments that read several query parameters at once (`filters: Query[...]`): an error
# they report as theirs is about the parameters together (two scopes at once), not one.
FILTER_ARGUMENTS = frozenset({"filters"})
_VALUE_ERROR = "Value error, "


class NotInView(Http404):
    """A record that a parameter or a body field names and that is not in the caller's view
    (or does not exist: the same answer either way), with the fields that named it."""

    def __init__(self, message: str, *fields: str) -> None:
        super().__init__(message)
        self.errors = {field: [message] for field in fields}


def field_of(location: list[str | int] | tuple[str | int, ...]) -> str:
    """Return the field a pydantic error location names, as the caller sent it.

    `["query", "on"]` is `on`, `["path", "account_id"]` is `account_id`, and
    `["body", "payload", "accounts", 0, "account_id"]` is `accounts.0.account_id` (the
    `payload` is the function's argument, which no caller sees); a missing body is `body`.
    """
    where, *rest = location or ("body",)
    if where == "body":
        rest = rest[1:]
    elif rest and rest[0] in FILTER_ARGUMENTS and len(rest) == 1:
        return WHOLE
    return ".".join(map(str, rest)) or str(where)


def reason_of(message: str) -> str:
    """Return pydantic's message without the `Value error, ` it puts before our own."""
    return message.removeprefix(_VALUE_ERROR)


def refused(errors: list[dict[str, Any]]) -> dict[str, Any]:
    """Return the answer to pydantic's errors: each field's reasons, under its name."""
    fields: dict[str, list[str]] = {}
    for error in errors:
        fields.setdefault(field_of(error.get("loc", ())), []).append(reason_of(error["msg"]))
    return {"detail": INVALID, "errors": fields}
