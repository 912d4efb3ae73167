"""Adoption: use-case health over time, onboarding milestones and license usage."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from rhythm.accounts.models import Account
from rhythm.accounts.scoping import ScopedQuerySet
from rhythm.lib.choices import Rag


class UseCaseStatus(models.Model):
    """Record a use case's green/yellow/red status on a date; the latest one is current.

    Keeping every status (not only the latest) lets the playbook replay any past date.
    """

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="use_cases")
    use_case = models.CharField(max_length=40, help_text="A code from the playbook.")
    status = models.CharField(max_length=10, choices=Rag.choices)
    date = models.DateField()
    maturity_score = models.PositiveSmallIntegerField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["account", "use_case", "-date"]
        verbose_name_plural = "use-case statuses"
        constraints = [
            models.UniqueConstraint(
                fields=["account", "use_case", "date"],
                name="use_case_status_one_per_day",
                violation_error_message="This use case already has a status on that date.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.use_case}: {self.status} on {self.date}"


class MilestoneKind(models.TextChoices):
    ENGAGEMENT = "engagement", "Engagement (first CSM meeting)"
    ONBOARDING_COMPLETE = "onboarding_complete", "Onboarding complete"
    INFRASTRUCTURE_READY = "infrastructure_ready", "Infrastructure ready"
    FIRST_VALUE = "first_value", "First value"
    OUTCOME_ACHIEVED = "outcome_achieved", "Outcome achieved"


class Milestone(models.Model):
    """Record the date an account reached one onboarding milestone."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="milestones")
    milestone = models.CharField(max_length=30, choices=MilestoneKind.choices)
    reached_on = models.DateField()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["account", "reached_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "milestone"],
                name="milestone_once_per_account",
                violation_error_message="An account reaches each milestone once.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.account}: {self.get_milestone_display()} on {self.reached_on}"


class LicenseUsage(models.Model):
    """Record how many licenses an account had activated on a date."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="usage")
    date = models.DateField()
    licenses_activated = models.PositiveIntegerField()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["account", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "date"],
                name="license_usage_one_per_day",
                violation_error_message="This account already has a usage record on that date.",
            ),
            models.CheckConstraint(
                condition=Q(licenses_activated__gte=0),
                name="license_usage_not_negative",
                violation_error_message="Activated licenses cannot be negative.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account}: {self.licenses_activated} on {self.date}"
