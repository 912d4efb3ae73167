"""Helpers shared by Rhythm's management commands."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError


def parse_date(value: str, option: str) -> dt.date:
    """Parse an ISO date given on the command line, naming the option when it is bad."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option}: {value!r} is not a date; use YYYY-MM-DD") from None


def validation_to_command_error(error: ValidationError) -> CommandError:
    """Turn a service's field errors into one readable command error."""
    if hasattr(error, "error_dict"):
        lines = [f"{field}: {' '.join(msgs)}" for field, msgs in error.message_dict.items()]
    else:
        lines = list(error.messages)
    return CommandError("; ".join(lines))
