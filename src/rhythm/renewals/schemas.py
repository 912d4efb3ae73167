"""API schemas for renewals: the next renewal, its reviews, and how it closed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from rhythm.lib.schema_types import Day
from rhythm.renewals.models import Renewal

WHICH = "The renewal's date; the account's next open renewal by default."


class OpenRenewalIn(Schema):
    renewal_date: Day = Field(description="The date of the account's next renewal.")
    outlook: str | None = Field(
        default=None, description="How it looks: flat, growth or at_risk; kept when not sent."
    )


class RenewalReviewIn(Schema):
    stage: str = Field(description="five_months or three_months (REN-1).", examples=["five_months"])
    held_on: Day | None = Field(
        default=None, description="When it was held; today by default, never after today."
    )
    renewal_date: Day | None = Field(default=None, description=WHICH)
    attendees: list[str] | None = Field(
        default=None,
        description="Emails of team members (REN-2 wants the CSM, AE and SA) or contacts; "
        "kept when not sent.",
    )
    notes: str = ""


class CloseRenewalIn(Schema):
    outcome: str = Field(description="renewed or churned.", examples=["renewed"])
    closed_on: Day | None = Field(
        default=None, description="When it closed; today by default, never after today."
    )
    renewal_date: Day | None = Field(default=None, description=WHICH)
    arr: Decimal | None = Field(
        default=None, description="The ARR up for renewal; the one recorded by default."
    )
    renewed_arr: Decimal | None = Field(
        default=None, description="The ARR renewed; all of it when renewed, none when churned."
    )
    next_renewal_date: Day | None = Field(
        default=None, description="Opens the account's next renewal (REN-1 plans its reviews)."
    )


class RenewalReviewOut(Schema):
    stage: str
    held_on: dt.date


class RenewalOut(Schema):
    id: int
    account_id: int
    renewal_date: dt.date
    arr: Decimal | None
    outlook: str
    outcome: str
    renewed_arr: Decimal | None
    closed_on: dt.date | None
    reviews: list[RenewalReviewOut]

    @staticmethod
    def resolve_reviews(obj: Renewal) -> list[dict]:
        reviews = sorted(obj.reviews.all(), key=lambda review: review.held_on)
        return [{"stage": review.stage, "held_on": review.held_on} for review in reviews]
