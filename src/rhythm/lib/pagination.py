"""The API's pages of lists: `?limit=&offset=`, with bounds a database can hold."""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

PER_PAGE = 100
MAX_LIMIT = 1_000  # rows a page at most: a script wanting more pages through them
MAX_OFFSET = 1_000_000_000  # far past any list; larger numbers overflow the database's integers


class Pages(LimitOffsetPagination):
    """Django Ninja's limit and offset, each bounded, so that a huge number answers 422 with
    the parameter and the reason instead of failing in the database."""

    class Input(Schema):
        limit: int = Field(PER_PAGE, ge=1, le=MAX_LIMIT, description="Rows a page, at most 1,000.")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Rows to skip.")
