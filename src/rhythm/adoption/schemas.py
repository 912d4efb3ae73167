"""API schemas for adoption: use-case health, onboarding milestones and license usage."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Field, Schema
from pydantic import BeforeValidator

from rhythm.adoption.services import MATURITY_SCORE_MAX
from rhythm.lib.schema_types import Day, Whole, not_true_or_false

TODAY = "today by default; never after today"


# A use case's maturity score, 0 to 100.
MaturityScore = Annotated[
    int, Field(ge=0, le=MATURITY_SCORE_MAX), BeforeValidator(not_true_or_false)
]


class UseCaseStatusIn(Schema):
    use_case: str = Field(description="A use-case code of the playbook.", examples=["ci"])
    status: str = Field(description="green, yellow or red.", examples=["green"])
    date: Day | None = Field(default=None, description=f"When it was assessed: {TODAY}.")
    maturity_score: MaturityScore | None = Field(
        default=None, description="A maturity score, 0 to 100."
    )


class UseCaseStatusOut(Schema):
    id: int
    account_id: int
    use_case: str
    status: str
    date: dt.date
    maturity_score: int | None


class MilestoneIn(Schema):
    milestone: str = Field(
        description="engagement, onboarding_complete, infrastructure_ready, first_value or "
        "outcome_achieved.",
        examples=["onboarding_complete"],
    )
    reached_on: Day | None = Field(default=None, description=f"When it was reached: {TODAY}.")


class MilestoneOut(Schema):
    id: int
    account_id: int
    milestone: str
    reached_on: dt.date


class UsageIn(Schema):
    licenses_activated: Whole = Field(ge=0, examples=[120])
    date: Day | None = Field(default=None, description=f"The day it was counted: {TODAY}.")


class UsageOut(Schema):
    id: int
    account_id: int
    date: dt.date
    licenses_activated: int
