"""Every write to the timeline goes through here: the UI, the API, the CLI and imports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from rhythm.accounts.models import Account
from rhythm.contacts.models import Contact
from rhythm.team.models import TeamMember
from rhythm.timeline.models import Activity, ActivityKind


@dataclass
class Attendees:
    """Attendees resolved from emails: the account's contacts and team members."""

    contacts: list[Contact] = field(default_factory=list)
    members: list[TeamMember] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


def resolve_attendees(account: Account, emails: Iterable[str]) -> Attendees:
    """Match each email to one of the account's contacts or to a team member."""
    wanted = {email.strip().lower() for email in emails if email.strip()}
    contacts = [c for c in account.contacts.all() if c.email.lower() in wanted]
    contact_emails = {c.email.lower() for c in contacts}
    members = list(TeamMember.objects.filter(email__in=wanted - contact_emails))
    known = contact_emails | {m.email.lower() for m in members}
    return Attendees(contacts, members, sorted(wanted - known))


def log_activity(
    *,
    account: Account,
    kind: str,
    date: dt.date,
    duration_minutes: int | None = None,
    notes: str = "",
    attendee_emails: Iterable[str] = (),
    logged_by: TeamMember | None = None,
    session_id: int | None = None,
) -> Activity:
    """Record one activity on an account's timeline, with its attendees.

    Validates everything before writing, so a bad attendee or date writes nothing.
    """
    attendees = resolve_attendees(account, attendee_emails)
    errors: dict[str, list[str]] = {}
    if kind not in ActivityKind.values:
        choices = ", ".join(ActivityKind.values)
        errors["kind"] = [f"{kind!r} is not an activity kind; use one of: {choices}."]
    if date > timezone.localdate():
        errors["date"] = [f"{date.isoformat()} is in the future; log what has happened."]
    if duration_minutes is not None and not 0 < duration_minutes <= 24 * 60:
        errors["duration_minutes"] = ["Duration must be between 1 and 1440 minutes."]
    if attendees.unknown:
        errors["attendees"] = [
            "Not a contact of this account or a team member: " + ", ".join(attendees.unknown)
        ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        activity = Activity.objects.create(
            account=account,
            kind=kind,
            date=date,
            duration_minutes=duration_minutes,
            notes=notes.strip(),
            logged_by=logged_by,
            session_id=session_id,
        )
        activity.contacts.set(attendees.contacts)
        activity.members.set(attendees.members)
    return activity
