"""The API's pages of lists: `?limit=&offset=`, with bounds a database can hold."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, TypeVar

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

PER_PAGE = 100
MAX_LIMIT = 1_000  # rows a page at most: a script wanting more pages through them
MAX_OFFSET = 1_000_000_000  # far past any list; larger numbers overflow the database's integers
T = TypeVar("T")


class Pages(LimitOffsetPagination):
    """Django Ninja's limit and offset, each bounded, so that a huge number answers 422 with
    the parameter and the reason instead of failing in the database."""

    class Input(Schema):
        limit: int = Field(PER_PAGE, ge=1, le=MAX_LIMIT, description="Rows a page, at most 1,000.")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Rows to skip.")


TOTAL_HEADER = "X-Total-Count"


class Window(Schema):
    """A part of a list answered whole by default (the queue, the accounts as the rules see
    them): still a JSON list, so a client that sends neither parameter reads what it always
    did, with the whole list's length in the `X-Total-Count` header either way."""

    limit: Annotated[int, Field(ge=1, le=MAX_LIMIT)] | None = Field(
        None, description="Rows at most, up to 1,000; the whole list when not sent."
    )
    offset: Annotated[int, Field(ge=0, le=MAX_OFFSET)] = Field(0, description="Rows to skip.")

    def cut(self, rows: Sequence[T]) -> Sequence[T]:
        """Return the rows of the window, in their order."""
        end = None if self.limit is None else self.offset + self.limit
        return rows[self.offset : end]
