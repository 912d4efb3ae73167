"""API schemas for success plans, their objectives, and action items."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from rhythm.lib.schema_types import Day
from rhythm.plans.models import ActionItem, Objective, SuccessPlan

TODAY = "today by default; never after today"


class ObjectiveOut(Schema):
    id: int
    outcome: str = Field(description="The desired business outcome.")
    metric: str
    unit: str
    baseline: Decimal | None
    target: Decimal | None
    current: Decimal | None
    target_date: dt.date | None
    progress: int | None = Field(description="The way from baseline to target, in percent.")
    customer_owner: str | None = Field(description="The name of the customer contact owning it.")
    vendor_owner: str | None = Field(description="The email of the team member owning it.")
    status: str

    @staticmethod
    def resolve_customer_owner(obj: Objective) -> str | None:
        return obj.customer_owner.name if obj.customer_owner else None

    @staticmethod
    def resolve_vendor_owner(obj: Objective) -> str | None:
        return obj.vendor_owner.email if obj.vendor_owner else None


class SuccessPlanOut(Schema):
    """A success plan from `plans.queries.success_plans`, with its objectives."""

    id: int
    account_id: int
    kind: str = Field(description="roi (customer-facing) or stage_adoption (internal).")
    status: str
    health: str = Field(description="green, yellow or red; empty when not assessed.")
    qualified_on: dt.date | None = Field(description="When a CSM manager qualified it (PLAN-1).")
    shared_on: dt.date | None = Field(description="When it was shared with the customer.")
    reviewed_on: dt.date | None = Field(description="When it was last reviewed with them.")
    objectives: list[ObjectiveOut]

    @staticmethod
    def resolve_objectives(obj: SuccessPlan) -> list[Objective]:
        return list(obj.objectives.all())


class QualifyPlanIn(Schema):
    qualified_on: Day | None = Field(
        default=None, description=f"When management qualified the plan: {TODAY}."
    )


class CustomerPlanDatesIn(Schema):
    shared_on: Day | None = Field(
        default=None, description="When the plan was shared with the customer; never after today."
    )
    reviewed_on: Day | None = Field(
        default=None, description="When it was reviewed with the customer; never after today."
    )


class ActionItemIn(Schema):
    text: str = Field(
        description="What is to be done.", examples=["Evaluate the renewal risk with the sponsor"]
    )
    due_on: Day | None = Field(default=None, description="When it is due.")
    owner: str = Field(
        default="",
        description="The email of the team member, or of the account's contact, who owns it; "
        "you by default.",
    )
    origin: str = Field(
        default="triage",
        description="Where it comes from: triage (the default), ebr, check_in, cadence_call, "
        "renewal_review or other.",
    )


class ActionItemFilter(Schema):
    status: Literal["open", "done", "dropped"] | None = Field(
        default=None, description="Only the items open, done or dropped; all by default."
    )


class CloseActionItemIn(Schema):
    status: Literal["done", "dropped"] = Field(
        default="done", description="How it closed: done (the default) or dropped."
    )
    on: Day | None = Field(
        default=None, description="When it closed; today by default, never in the future."
    )


class ActionItemOut(Schema):
    id: int
    account_id: int
    text: str
    owner: str | None = Field(description="The owner's email.")
    created_on: dt.date
    due_on: dt.date | None
    status: str
    done_on: dt.date | None
    origin: str

    @staticmethod
    def resolve_owner(obj: ActionItem) -> str | None:
        if obj.owner_member:
            return obj.owner_member.email
        return obj.owner_contact.email if obj.owner_contact else None
