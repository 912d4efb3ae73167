"""Meetings the playbook plans: EBRs and their preparation steps, leadership check-ins,
and multi-account sessions (workshops and roundtables)."""

from __future__ import annotations

from typing import cast

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper

from rhythm.accounts.models import Account
from rhythm.accounts.scoping import ScopedQuerySet
from rhythm.contacts.models import Contact
from rhythm.lib.text import TextBound
from rhythm.team.models import TeamMember

# The code of the error a session's constraint raises when the same session is recorded
# meanwhile (by another request, between this one's look and its write).
SESSION_RECORDED = "session_recorded"


class AttendanceAccountScopedQuerySet(ScopedQuerySet):
    account_path = "attendance__account"


class EbrAccountScopedQuerySet(ScopedQuerySet):
    account_path = "ebr__account"


class EbrQuerySet(ScopedQuerySet):
    """EBRs, with the two the playbook asks about: the one being prepared, the last held."""

    def in_preparation(self) -> Ebr | None:
        """Return the EBR being prepared (planned or scheduled, not held), earliest first.

        The one the rules prepare for (EBR-2, EBR-3): `ebr_in_planning` of the facts.
        """
        pending = self.filter(held_on__isnull=True, status__in=("planning", "scheduled"))
        return cast("Ebr | None", pending.order_by("planned_on", "pk").first())

    def last_held(self) -> Ebr | None:
        """Return the latest EBR held (not cancelled)."""
        held = self.filter(held_on__isnull=False).exclude(status="cancelled")
        return cast("Ebr | None", held.order_by("-held_on", "-pk").first())


class CheckInQuerySet(ScopedQuerySet):
    def planned(self) -> LeadershipCheckIn | None:
        """Return the check-in planned and not held yet, earliest first (CHK-1 counts it)."""
        pending = self.filter(held_on__isnull=True).order_by("planned_on", "pk")
        return cast("LeadershipCheckIn | None", pending.first())


def default_ebr_length() -> int:
    """Return the playbook file's EBR length (EBR-5); the services start an account's new
    EBR from its own team's and segment's (`meetings.services.fresh_meeting`)."""
    from rhythm.playbook.config import current_settings

    return current_settings().ebr.length_minutes


def default_check_in_length() -> int:
    """Return the middle of the playbook's check-in length range (CHK-1: 30 to 60 minutes)."""
    from rhythm.playbook.config import current_settings

    check_ins = current_settings().check_ins
    return (check_ins.length_minutes_min + check_ins.length_minutes_max) // 2


class MeetingFormat(models.TextChoices):
    ONSITE = "onsite", "Onsite"
    VIRTUAL = "virtual", "Virtual"


class EbrStatus(models.TextChoices):
    PLANNING = "planning", "Planning"
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


# An EBR's or check-in's texts, by field: an agenda is a page or two; focus areas and the
# goals reviewed are lists of a few lines each.
MEETING_TEXTS = {
    "agenda": TextBound("The agenda", 10_000),
    "focus_areas": TextBound("The focus areas", 4_000, plural=True),
    "goals_reviewed": TextBound("The goals reviewed", 4_000, plural=True),
}


class Ebr(models.Model):
    """Hold one executive business review, from planning through follow-up."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="ebrs")
    planned_on = models.DateField()
    # The day it was planned in Rhythm, so a replayed day before it does not see the plan;
    # None for an EBR imported or logged held, whose own dates say when it was.
    planned_at = models.DateField(null=True, blank=True, editable=False)
    held_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=EbrStatus.choices, default="planning")
    format = models.CharField(max_length=10, choices=MeetingFormat.choices, default="onsite")
    length_minutes = models.PositiveIntegerField(default=default_ebr_length)
    focus_areas = models.TextField(blank=True)
    agenda = models.TextField(blank=True)
    contacts = models.ManyToManyField(Contact, blank=True, related_name="ebrs")
    members = models.ManyToManyField(TeamMember, blank=True, related_name="ebrs")
    follow_up_sent_on = models.DateField(null=True, blank=True)
    success_plan_updated_on = models.DateField(null=True, blank=True)
    activity = models.OneToOneField(
        "timeline.Activity", null=True, blank=True, on_delete=models.SET_NULL, related_name="ebr"
    )

    objects = EbrQuerySet.as_manager()

    class Meta:
        ordering = ["-planned_on"]
        verbose_name = "EBR"
        verbose_name_plural = "EBRs"
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="held") | Q(held_on__isnull=False),
                name="ebr_held_has_date",
                violation_error_message="A held EBR needs the date it was held.",
            )
        ]

    def __str__(self) -> str:
        return f"EBR {self.account} {self.held_on or self.planned_on}"


class EbrStep(models.Model):
    """Track one of the nine preparation steps of an EBR, its window, owner and done date."""

    ebr = models.ForeignKey(Ebr, on_delete=models.CASCADE, related_name="steps", verbose_name="EBR")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=100)
    owner_role = models.CharField(max_length=20, blank=True)
    opens_on = models.DateField()
    closes_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    objects = EbrAccountScopedQuerySet.as_manager()

    class Meta:
        ordering = ["ebr", "number"]
        verbose_name = "EBR step"
        constraints = [
            models.UniqueConstraint(
                fields=["ebr", "number"],
                name="ebr_step_once",
                violation_error_message="This EBR already has that step.",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=9),
                name="ebr_step_number_range",
                violation_error_message="EBR steps are numbered 1 to 9.",
            ),
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")),
                name="ebr_step_window_order",
                violation_error_message="A step's window must close on or after it opens.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ebr}: {self.number}. {self.name}"


class LeadershipCheckIn(models.Model):
    """Hold one quarterly leadership check-in: 30 to 60 minutes on goals and adoption."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="check_ins")
    planned_on = models.DateField()
    # The day it was planned in Rhythm (as on Ebr); None when imported or logged held.
    planned_at = models.DateField(null=True, blank=True, editable=False)
    held_on = models.DateField(null=True, blank=True)
    length_minutes = models.PositiveIntegerField(default=default_check_in_length)
    agenda = models.TextField(blank=True)
    goals_reviewed = models.TextField(blank=True)
    activity = models.OneToOneField(
        "timeline.Activity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="check_in",
    )

    objects = CheckInQuerySet.as_manager()

    class Meta:
        ordering = ["-planned_on"]
        verbose_name = "leadership check-in"

    def __str__(self) -> str:
        return f"Check-in {self.account} {self.held_on or self.planned_on}"


class SessionKind(models.TextChoices):
    WORKSHOP = "workshop", "Workshop"
    ROUNDTABLE = "roundtable", "Roundtable"


class Session(models.Model):
    """Hold one workshop or roundtable that one or several accounts attend."""

    kind = models.CharField(max_length=20, choices=SessionKind.choices)
    topic = models.CharField(max_length=200)
    date = models.DateField()
    # A roundtable's industries (RT-1 counts it for each), as the accounts write them, in the
    # order named; a workshop has none. A list rather than rows of their own: an industry is
    # no record, only the accounts' text, and every reader wants the whole list at once.
    industries = models.JSONField(
        default=list, blank=True, help_text="For roundtables: the industries it is for."
    )
    lead = models.ForeignKey(
        TeamMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions"
    )
    accounts = models.ManyToManyField(Account, through="SessionAttendance", related_name="+")

    objects = AttendanceAccountScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-date"]
        constraints = [
            # A session is its kind, topic (its case aside, as `topic__iexact` compares) and
            # date, whoever records it: two people recording it at once, with no account in
            # common to wait on, still make one (`services.record_session`).
            models.UniqueConstraint(
                "kind",
                Upper("topic"),
                "date",
                name="session_once",
                violation_error_code=SESSION_RECORDED,
                violation_error_message="That session is recorded already.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.topic} ({self.date})"


class SessionAttendance(models.Model):
    """Record that an account attends a session and consented to a multi-customer session."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="sessions")
    consented_on = models.DateField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "account"],
                name="session_attendance_once",
                violation_error_message="This account already attends that session.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.account} at {self.session}"
