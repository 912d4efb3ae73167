"""Turn one cell's text into a value, or say in plain words why it cannot be one.

Each parser receives the cell's text with surrounding spaces removed and never empty: what an
empty cell means is the column's business (see `kinds.base.Column`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import TextChoices
from pydantic_core import PydanticCustomError

from rhythm.lib import codes
from rhythm.lib.schema_types import iso_day

Parser = Callable[[str], Any]

_TRUE = {"yes", "y", "true", "1"}
_FALSE = {"no", "n", "false", "0"}
_MAX_AMOUNT = Decimal("1e12")
_WRITE_NUMBERS = (
    "write digits only, with a . for decimals and no thousands separator or currency "
    "symbol (1234567.89)"
)


class CellError(ValueError):
    """Say why a cell's text is not a value of its column."""


def text(value: str) -> str:
    """Keep the text as it is."""
    return value


def email(value: str) -> str:
    """Read an email address, lower-cased, since emails are matched ignoring case."""
    try:
        validate_email(value)
    except ValidationError:
        raise CellError(f"{value!r} is not an email address") from None
    return value.lower()


def email_list(value: str) -> list[str]:
    """Read emails separated by semicolons (commas work too)."""
    return [email(part.strip()) for part in re.split(r"[;,\n]", value) if part.strip()]


def name_list(value: str) -> list[str]:
    """Read names separated by `|` (a roundtable's industries): never a CSV delimiter, so a
    cell of several needs no quotes in a file separated by commas, semicolons or tabs."""
    return [part.strip() for part in value.split("|") if part.strip()]


def date(value: str) -> dt.date:
    """Read an ISO date, YYYY-MM-DD, the one format no reader can misread, as the API reads
    one (`iso_day`), in its words: a day in that form that no calendar has (`2026-11-31`)
    is said to be no day of the calendar, not a date in another form."""
    try:
        return iso_day(value)
    except PydanticCustomError as error:
        raise CellError(error.message()) from None


def _decimal(value: str) -> Decimal:
    """Read a finite number, of any sign.

    A number written as a spreadsheet or a person shows it (`120,000`, `$1,200.50`,
    `15000,50`, `1 200`) is refused, saying how to write it, never guessed at: `1,200`
    is a thousand and two hundred in one country and one and a fifth in another.
    """
    try:
        number = Decimal(value)
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite():
        if any(character.isdigit() for character in value):
            raise CellError(f"{value!r} is not a number: {_WRITE_NUMBERS}") from None
        raise CellError(f"{value!r} is not a number")
    return number


def _number(value: str) -> Decimal:
    number = _decimal(value)
    if number < 0:
        raise CellError(f"{value!r} cannot be negative")
    return number


def count(value: str) -> int:
    """Read a whole number of 0 or more; "500.0", as some tools write it, is 500."""
    number = _number(value)
    if number != number.to_integral_value():
        raise CellError(f"{value!r} is not a whole number")
    return int(number)


def amount(value: str) -> Decimal:
    """Read an amount of money of 0 or more, rounded to the cent."""
    number = _number(value)
    if number >= _MAX_AMOUNT:
        raise CellError(f"{value!r} is too large")
    return number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def measure(value: str) -> Decimal:
    """Read a metric's value (a baseline, a target), which may be negative, to the hundredth."""
    number = _decimal(value)
    if abs(number) >= _MAX_AMOUNT:
        raise CellError(f"{value!r} is too large")
    return number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def boolean(value: str) -> bool:
    """Read yes/no; true/false, y/n and 1/0 work too."""
    word = value.lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise CellError(f"{value!r} is not yes or no")


def code(choices: Iterable[str], what: str) -> Parser:
    """Build a parser for one of the playbook's codes, matched ignoring case and separators.

    The codes are read when a cell is parsed, so the playbook settings in force apply.
    """

    def parse(value: str) -> str:
        options = tuple(choices)
        found = codes.match_code(value, options)
        if found is None:
            raise CellError(codes.code_error(value, options, what))
        return found

    return parse


def choice(choices: type[TextChoices], what: str, offered: Sequence[str] | None = None) -> Parser:
    """Build a parser for a fixed choice, matched by its value or its label, ignoring case.

    An unknown value's error lists `offered` (by default every choice): the values a row
    may take, when the writer refuses some of the choices with a reason of its own.
    """
    by_key = {codes.code_key(label): value for value, label in choices.choices}
    by_key.update({codes.code_key(value): value for value in choices.values})
    listed = choices.values if offered is None else [str(value) for value in offered]

    def parse(value: str) -> str:
        found = by_key.get(codes.code_key(value))
        if found is None:
            raise CellError(codes.code_error(value, listed, what))
        return found

    return parse
