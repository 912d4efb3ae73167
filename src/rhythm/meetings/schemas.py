"""API schemas for workshops and roundtables."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema

from rhythm.lib.schema_types import Day, Minutes, Whole

# The largest id a database row can have (a 64-bit signed integer): a larger one in a body
# is refused with the field named, as a path's is answered 404, never sent to the database.
MAX_ID = 2**63 - 1
# The most industries one session may name: far more than any book has, only a bound on
# what a body may send.
MAX_INDUSTRIES = 100


class AttendingIn(Schema):
    account_id: Whole = Field(ge=1, le=MAX_ID)
    consented_on: Day | None = Field(
        default=None,
        description="When the account agreed to a session with other customers; needed "
        "when more than one account attends.",
    )


class SessionIn(Schema):
    kind: str = Field(description="workshop or roundtable.", examples=["workshop"])
    topic: str
    date: Day | None = Field(
        default=None, description="When it was held; today by default, never after today."
    )
    industries: list[str] = Field(
        default_factory=list,
        max_length=MAX_INDUSTRIES,
        description="A roundtable's industries (RT-1 counts it for each), each one of the "
        "accounts' industries, matched ignoring case; one named twice is kept once. For a "
        "session already recorded, none sent keeps the ones recorded and a list replaces them.",
        examples=[["Energy", "Utilities"]],
    )
    industry: str = Field(
        default="",
        description="One industry, the older form of `industries`; sent with `industries`, "
        "it is named first. Sent alone for a session already recorded, it keeps the "
        "industries recorded if they include it (case ignored), and else replaces them.",
    )
    lead: str | None = Field(
        default=None,
        description="The email of the team member who led it; for a session already "
        "recorded, the lead recorded by default, and you for a new one.",
    )
    accounts: list[AttendingIn] = Field(description="Every account that attended.")
    duration_minutes: Minutes | None = None
    attendees: list[str] = Field(
        default_factory=list,
        description="Emails of the attending accounts' contacts or of team members.",
    )
    notes: str = ""


class AttendeeOut(Schema):
    account_id: int
    account: str
    consented_on: dt.date | None


class SessionOut(Schema):
    """A session from `meetings.queries.list_sessions`: its attendance holds only the
    accounts the caller may see, and `attending` counts them all."""

    id: int
    kind: str
    topic: str
    date: dt.date
    industries: list[str] = Field(description="A roundtable's industries, in the order named.")
    industry: str = Field(
        description="The first of `industries` ('' for none), for clients that read one."
    )
    lead: str | None = Field(description="The lead's email.")
    accounts: list[AttendeeOut] = Field(description="The attending accounts you may see.")
    other_accounts: int = Field(description="How many attending accounts you may not see.")

    @staticmethod
    def resolve_industries(obj: Any) -> list[str]:
        return list(obj.industries or [])

    @staticmethod
    def resolve_industry(obj: Any) -> str:
        return obj.industries[0] if obj.industries else ""

    @staticmethod
    def resolve_lead(obj: Any) -> str | None:
        return obj.lead.email if obj.lead else None

    @staticmethod
    def resolve_accounts(obj: Any) -> list[dict[str, Any]]:
        return [
            {"account_id": a.account_id, "account": a.account.name, "consented_on": a.consented_on}
            for a in obj.attendance.all()
        ]

    @staticmethod
    def resolve_other_accounts(obj: Any) -> int:
        return obj.attending - len(obj.attendance.all())


class PlanMeetingIn(Schema):
    planned_on: Day = Field(description="The day it is planned for: today or later.")


class PlannedMeetingOut(Schema):
    """The account's next EBR or leadership check-in, as planned."""

    id: int
    account_id: int
    planned_on: dt.date
    held_on: dt.date | None


class EbrStepIn(Schema):
    step: Whole = Field(ge=1, description="The preparation step's number in the playbook (EBR-3).")
    done_on: Day | None = Field(
        default=None, description="When it was done; today by default, never after today."
    )


class EbrStepOut(Schema):
    """A preparation step of the EBR being prepared, with its window from the playbook."""

    ebr_id: int
    number: int
    name: str
    owner_role: str
    opens_on: dt.date
    closes_on: dt.date
    done_on: dt.date | None


class FollowUpSentIn(Schema):
    sent_on: Day | None = Field(
        default=None,
        description="When the EBR's follow-up email was sent: from the EBR to today; today by "
        "default.",
    )


class PlanUpdatedIn(Schema):
    updated_on: Day | None = Field(
        default=None,
        description="When the success plan was updated after the EBR: from the EBR to today; "
        "today by default.",
    )


class HeldEbrOut(Schema):
    """The account's latest EBR held, and its follow-up (EBR-3, EBR-4)."""

    id: int
    account_id: int
    planned_on: dt.date
    held_on: dt.date | None
    follow_up_sent_on: dt.date | None
    success_plan_updated_on: dt.date | None
