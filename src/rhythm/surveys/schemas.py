"""API schemas for survey responses (NPS and CSAT)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from rhythm.lib.schema_types import Day, Whole
from rhythm.surveys.models import SurveyResponse


class SurveyResponseIn(Schema):
    kind: str = Field(description="nps (0-10) or csat (1-5).", examples=["nps"])
    score: Whole = Field(examples=[9])
    date: Day | None = Field(
        default=None, description="When the answer came; today by default, never after today."
    )
    contact: str = Field(default="", description="The email of the contact who answered.")
    comment: str = ""


class SurveyResponseOut(Schema):
    id: int
    account_id: int
    kind: str
    score: int
    date: dt.date
    contact: str | None
    comment: str

    @staticmethod
    def resolve_contact(obj: SurveyResponse) -> str | None:
        return obj.contact.email if obj.contact else None
