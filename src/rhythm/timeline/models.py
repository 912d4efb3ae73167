"""Timeline activities: every call, meeting and session held with a customer account."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from rhythm.accounts.models import Account
from rhythm.accounts.scoping import ScopedQuerySet
from rhythm.contacts.models import Contact
from rhythm.lib.text import TextBound
from rhythm.team.models import TeamMember


class ActivityKind(models.TextChoices):
    CADENCE_CALL = "cadence_call", "Cadence call"
    EBR = "ebr", "Executive business review"
    LEADERSHIP_CHECK_IN = "leadership_check_in", "Leadership check-in"
    WORKSHOP = "workshop", "Workshop"
    WEBINAR = "webinar", "Webinar"
    ROUNDTABLE = "roundtable", "Roundtable"
    ENABLEMENT_SESSION = "enablement_session", "Enablement session"
    AD_HOC_CALL = "ad_hoc_call", "Ad-hoc call"
    ESCALATION_CALL = "escalation_call", "Escalation call"
    ASYNC_REQUEST = "async_request", "Async request"
    OUTREACH = "outreach", "Outreach"
    RENEWAL_REVIEW = "renewal_review", "Renewal review"
    WELCOME_CALL = "welcome_call", "Welcome call"
    ONBOARDING_KICKOFF = "onboarding_kickoff", "Onboarding kick-off"
    DISCOVERY_CALL = "discovery_call", "Discovery call"
    HEALTH_CHECK = "health_check", "Health check"


# A long meeting's notes fit in 10,000 characters (four pages); a pasted document does not.
ACTIVITY_NOTES = TextBound("Notes", 10_000, plural=True)


class Activity(models.Model):
    """Record one thing that happened with one account, on one date.

    A session several accounts attend (a workshop, a roundtable) is logged once per account,
    linked through `session`, so each account's timeline stays a simple list.
    """

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(max_length=30, choices=ActivityKind.choices)
    date = models.DateField()
    duration_minutes = models.PositiveIntegerField(null=True, blank=True)
    notes = models.TextField(blank=True)
    contacts = models.ManyToManyField(Contact, blank=True, related_name="activities")
    members = models.ManyToManyField(TeamMember, blank=True, related_name="activities")
    session = models.ForeignKey(
        "meetings.Session",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
        help_text="The multi-account workshop or roundtable this entry belongs to.",
    )
    logged_by = models.ForeignKey(
        TeamMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name_plural = "activities"
        indexes = [models.Index(fields=["account", "kind", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True) | Q(duration_minutes__lte=24 * 60),
                name="activity_duration_within_a_day",
                violation_error_message="An activity lasts at most a day (1440 minutes).",
            )
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} with {self.account}"
