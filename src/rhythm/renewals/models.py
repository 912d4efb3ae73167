"""Renewals, their 5- and 3-month review meetings, and expansion playbooks."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from rhythm.accounts.models import Account
from rhythm.accounts.scoping import ScopedQuerySet


class PlaybookAccountScopedQuerySet(ScopedQuerySet):
    account_path = "playbook__account"


class RenewalAccountScopedQuerySet(ScopedQuerySet):
    account_path = "renewal__account"


class RenewalOutlook(models.TextChoices):
    FLAT = "flat", "Flat"
    GROWTH = "growth", "Growth"
    AT_RISK = "at_risk", "At risk of decrease"


class RenewalOutcome(models.TextChoices):
    OPEN = "open", "Open"
    RENEWED = "renewed", "Renewed"
    CHURNED = "churned", "Churned"


class Renewal(models.Model):
    """Hold one renewal of an account's subscription and how it is expected to go."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="renewals")
    renewal_date = models.DateField()
    arr = models.DecimalField(
        "ARR up for renewal", max_digits=14, decimal_places=2, null=True, blank=True
    )
    outlook = models.CharField(max_length=10, choices=RenewalOutlook.choices, default="flat")
    outcome = models.CharField(max_length=10, choices=RenewalOutcome.choices, default="open")
    renewed_arr = models.DecimalField(
        "renewed ARR", max_digits=14, decimal_places=2, null=True, blank=True
    )
    closed_on = models.DateField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["renewal_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "renewal_date"],
                name="renewal_once_per_date",
                violation_error_message="This account already has a renewal on that date.",
            ),
            models.CheckConstraint(
                condition=Q(outcome="open") | Q(closed_on__isnull=False),
                name="renewal_closed_has_date",
                violation_error_message="A renewed or churned renewal needs its closing date.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account} renews {self.renewal_date}"


class ReviewStage(models.TextChoices):
    """REN-1's two reviews, named by their order: how long before the renewal each is held
    is a playbook setting (`renewals.reviews`, 5 and 3 months by default), which a team or
    segment may change, so a label naming the months could be wrong."""

    FIVE_MONTHS = "five_months", "First review"
    THREE_MONTHS = "three_months", "Second review"


class RenewalReview(models.Model):
    """Record a renewal review meeting (CSM, AE and SA) held for one renewal."""

    renewal = models.ForeignKey(Renewal, on_delete=models.CASCADE, related_name="reviews")
    stage = models.CharField(max_length=20, choices=ReviewStage.choices)
    held_on = models.DateField()
    activity = models.OneToOneField(
        "timeline.Activity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="renewal_review",
    )

    objects = RenewalAccountScopedQuerySet.as_manager()

    class Meta:
        ordering = ["renewal", "held_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["renewal", "stage"],
                name="renewal_review_once_per_stage",
                violation_error_message="This renewal already has a review at that stage.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.renewal}: {self.get_stage_display().lower()} on {self.held_on}"


class ExpansionKind(models.TextChoices):
    TIER_UPGRADE = "tier_upgrade", "Tier upgrade"
    NEW_BUSINESS_UNIT = "new_business_unit", "User expansion into a new business unit"
    NEW_USE_CASE = "new_use_case", "New use case"


class ExpansionOutcome(models.TextChoices):
    WON = "won", "Won"
    LOST = "lost", "Lost"


CLOSED_HAS_OUTCOME = "Only a closed playbook has an outcome, and it needs one."
CLOSES_AFTER_OPENING = "A playbook cannot close before it opens."


class ExpansionPlaybook(models.Model):
    """Track one expansion opportunity from opening to a won or lost close."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="expansions")
    kind = models.CharField(max_length=30, choices=ExpansionKind.choices)
    opened_on = models.DateField()
    stage = models.CharField(max_length=50, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=ExpansionOutcome.choices, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "kind", "opened_on"],
                name="expansion_once_per_open_date",
                violation_error_message="This account already opened that playbook on that date.",
            ),
            models.CheckConstraint(
                condition=(Q(closed_on__isnull=True) & Q(outcome=""))
                | (Q(closed_on__isnull=False) & ~Q(outcome="")),
                name="expansion_closed_has_outcome",
                violation_error_message=CLOSED_HAS_OUTCOME,
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("opened_on")),
                name="expansion_closes_after_opening",
                violation_error_message=CLOSES_AFTER_OPENING,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account}: {self.get_kind_display()} ({self.opened_on})"

    def clean(self) -> None:
        """Put the check constraints' errors on the field to change, saying what to fill in,
        so a form or an import names it (the constraints then skip the field, so each error
        is given once)."""
        errors = {}
        if self.closed_on and self.opened_on and self.closed_on < self.opened_on:
            errors["closed_on"] = [CLOSES_AFTER_OPENING]
        if self.closed_on and not self.outcome:
            outcomes = " or ".join(ExpansionOutcome.values)
            errors["outcome"] = [
                f"A playbook closed on {self.closed_on} needs its outcome: {outcomes}."
            ]
        elif self.outcome and not self.closed_on:
            errors["closed_on"] = ["A playbook with an outcome needs the day it closed."]
        if errors:
            raise ValidationError(errors)


class ExpansionStageChange(models.Model):
    """Record the day a playbook entered a stage, so days per stage can be counted."""

    playbook = models.ForeignKey(
        ExpansionPlaybook, on_delete=models.CASCADE, related_name="stage_changes"
    )
    stage = models.CharField(max_length=50)
    entered_on = models.DateField()

    objects = PlaybookAccountScopedQuerySet.as_manager()

    class Meta:
        ordering = ["playbook", "entered_on"]

    def __str__(self) -> str:
        return f"{self.playbook}: {self.stage} from {self.entered_on}"
