"""API schemas for timeline activities."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema
from pydantic import ConfigDict

from rhythm.lib.schema_types import Day, Minutes
from rhythm.timeline.models import Activity
from rhythm.timeline.services import fingerprint


class ActivityIn(Schema):
    kind: str = Field(description="An activity kind, e.g. cadence_call.", examples=["cadence_call"])
    date: Day | None = Field(
        default=None, description="When it was held; today by default, never after today."
    )
    duration_minutes: Minutes | None = None
    notes: str = ""
    attendees: list[str] = Field(
        default_factory=list, description="Emails of the account's contacts or team members."
    )


class ActivityChangesIn(Schema):
    """What may be corrected on a logged activity; a field not sent keeps its value."""

    # The kind and date are what an activity is known by (`edit_activity`): sent here, they
    # would be ignored silently, so any field not listed is refused (422) instead.
    model_config = ConfigDict(extra="forbid")

    duration_minutes: Minutes | None = Field(default=None, description="null removes the duration.")
    notes: str = ""
    attendees: list[str] = Field(
        default_factory=list,
        description="Every attendee, replacing those logged: emails of the account's contacts "
        "or team members.",
    )
    version: str | None = Field(
        default=None,
        description="The activity's `version` as read: a correction saved by someone else "
        "since then is refused (409) instead of overwritten. Not sent, nothing is compared.",
    )


class ActivityOut(Schema):
    id: int
    account_id: int
    kind: str
    kind_label: str
    date: dt.date
    duration_minutes: int | None
    notes: str
    attendees: list[str]
    logged_by: str | None
    version: str = Field(
        description="Changes with the attendees, duration or notes: send it back with a "
        "correction (PATCH) to have it refused if someone else corrected the activity since."
    )

    @staticmethod
    def resolve_kind_label(obj: Activity) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_attendees(obj: Activity) -> list[str]:
        emails = [contact.email for contact in obj.contacts.all()]
        emails += [member.email for member in obj.members.all()]
        return sorted(email for email in emails if email)

    @staticmethod
    def resolve_version(obj: Activity) -> str:
        contacts = [contact.pk for contact in obj.contacts.all()]
        members = [member.pk for member in obj.members.all()]
        return fingerprint(obj.duration_minutes, obj.notes, contacts, members)

    @staticmethod
    def resolve_logged_by(obj: Activity) -> str | None:
        return obj.logged_by.email if obj.logged_by else None
