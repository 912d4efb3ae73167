"""API schemas for accounts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from rhythm.accounts.models import Account
from rhythm.lib.schema_types import Day


class TeamSeatOut(Schema):
    role: str
    email: str
    name: str


class AccountOut(Schema):
    id: int
    name: str
    segment: str
    region: str
    industry: str
    tier: str
    arr: Decimal | None
    licenses_purchased: int | None
    licenses_activated: int | None
    deployment: str
    initial_transaction_date: dt.date | None
    team: list[TeamSeatOut]

    @staticmethod
    def resolve_team(obj: Account) -> list[dict]:
        return [
            {"role": seat.role, "email": seat.member.email, "name": seat.member.name}
            for seat in obj.team.all()
        ]


class PriorityOverrideIn(Schema):
    priority: str = Field(description="P1 or P2; empty removes the override.", examples=["P1"])
    reason: str = Field(default="", description="Why; needed with a priority.")


class PriorityReviewIn(Schema):
    reviewed_on: Day | None = Field(
        default=None, description="When it was reviewed; today by default, never after today."
    )


class PriorityOut(Schema):
    """The manager's decision on an account's priority (PRIO-2) and its last review (PRIO-4);
    the computed priority and its reasons are in `GET /queue/accounts`."""

    id: int
    name: str
    priority_override: str
    priority_override_reason: str
    priority_override_by: str | None
    priority_override_at: dt.datetime | None
    priority_reviewed_on: dt.date | None

    @staticmethod
    def resolve_priority_override_by(obj: Account) -> str | None:
        return obj.priority_override_by.email if obj.priority_override_by else None
