"""API schemas for accounts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema
from pydantic import field_validator

from rhythm.accounts.models import Account
from rhythm.accounts.sorting import DEFAULT, KEYS
from rhythm.lib.schema_types import Day


class AccountFilter(Schema):
    """Which accounts of your view, and in which order."""

    # `q` is described once for every endpoint that takes it (`rhythm.api`).
    q: str = ""
    csm: str | None = Field(
        default=None,
        description="A CSM's email: only their book (what of it is in your view); 404 when "
        "no CSM in your view has that email.",
    )
    sort: str = Field(
        default=DEFAULT,
        description=f"Order by {', '.join(KEYS)}; a leading `-` for descending (`-arr`: the "
        "largest ARR first). Name by default; ties by name, then id; accounts without a "
        "value last either way.",
    )

    @field_validator("sort")
    @classmethod
    def _known_key(cls, sort: str) -> str:
        """Refuse a key the accounts cannot be ordered by, naming those they can."""
        wanted = sort.strip().lower()
        if wanted.removeprefix("-") not in KEYS:
            keys = ", ".join(KEYS)
            raise ValueError(
                f"{sort!r} is not a sort key; use one of: {keys}, with a leading - for "
                "descending (-arr)"
            )
        return wanted

    @property
    def key(self) -> str:
        """Return the key to order by, without its direction."""
        return self.sort.removeprefix("-")

    @property
    def descending(self) -> bool:
        return self.sort.startswith("-")


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
