"""API schemas for team members' time off (CAP-2)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from rhythm.lib.schema_types import Day
from rhythm.team.models import TimeOff


class TimeOffIn(Schema):
    member: str | None = Field(
        default=None, description="Whose time off, by email; yourself by default."
    )
    starts_on: Day = Field(description="The first day off.")
    ends_on: Day = Field(description="The last day off, on or after the first.")
    note: str = Field(default="", max_length=200)


class TimeOffOut(Schema):
    id: int
    member: str
    name: str
    starts_on: dt.date
    ends_on: dt.date
    note: str

    @staticmethod
    def resolve_member(obj: TimeOff) -> str:
        return obj.member.email

    @staticmethod
    def resolve_name(obj: TimeOff) -> str:
        return obj.member.name


class TimeOffFilter(Schema):
    since: Day | None = Field(
        default=None,
        description="Only periods that end on or after this day; a year ago by default.",
    )
