"""API schemas for account health."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from rhythm.health.models import HealthUpdate
from rhythm.lib.schema_types import Day

RAG = "green, yellow or red"


class HealthIn(Schema):
    overall: str = Field(description=f"The overall health: {RAG}.", examples=["green"])
    date: Day | None = Field(
        default=None, description="The day it was assessed (not after today); today by default."
    )
    sentiment: str = Field(default="", description=f"The CSM's sentiment: {RAG}, or empty.")
    product_usage: str = Field(default="", description=f"{RAG}, or empty.")
    engagement: str = Field(default="", description=f"{RAG}, or empty.")
    renewal_risk: str = Field(default="", description=f"{RAG}, or empty.")
    note: str = ""


class HealthOut(Schema):
    id: int
    account_id: int
    date: dt.date
    overall: str
    sentiment: str
    product_usage: str
    engagement: str
    renewal_risk: str
    note: str
    updated_by: str | None

    @staticmethod
    def resolve_updated_by(obj: HealthUpdate) -> str | None:
        return obj.updated_by.email if obj.updated_by else None
