"""Types the API's schemas share."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def iso_day(value: Any) -> dt.date:
    """Read a day written YYYY-MM-DD, and only that.

    Left to itself the schema would also take a number of seconds since 1970 (`0` is
    1970-01-01) and a timestamp at midnight, which are typos in a day's field, not days.
    """
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _ISO_DAY.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise PydanticCustomError(
                "day", "{value} is not a day of the calendar", {"value": repr(value)}
            ) from None
    raise PydanticCustomError(
        "day_format", "{value} is not a date; write it YYYY-MM-DD", {"value": repr(value)}
    )


# A day in a parameter or a body: YYYY-MM-DD.
Day = Annotated[dt.date, BeforeValidator(iso_day)]


def not_true_or_false(value: Any) -> Any:
    """Refuse true and false where a whole number belongs.

    Left to itself the schema reads `true` as 1 and `false` as 0: a survey's score sent as
    `false` would be recorded as an NPS of 0, a detractor, and an `account_id` of `true`
    would name account 1.
    """
    if isinstance(value, bool):
        sent = {"value": str(value).lower()}
        raise PydanticCustomError("int_type", "{value} is not a number; send a whole number", sent)
    return value


# A whole number in a body: a JSON integer, never true or false. An optional one's bounds
# go before the check (`Annotated[int, Field(ge=1), BeforeValidator(not_true_or_false)]`):
# put after it, or in the field's Field, they are still checked but the OpenAPI document
# writes them `ge` and `le`, which no client reads, instead of `minimum` and `maximum`.
Whole = Annotated[int, BeforeValidator(not_true_or_false)]
# An activity's or a session's duration, in minutes: at most a day.
Minutes = Annotated[int, Field(ge=1, le=1440), BeforeValidator(not_true_or_false)]
