"""API schemas for accounts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Schema

from rhythm.accounts.models import Account


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
