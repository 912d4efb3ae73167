"""Account health over time: each update is kept, the latest is current."""

from __future__ import annotations

from django.db import models

from rhythm.accounts.models import Account
from rhythm.accounts.scoping import ScopedQuerySet
from rhythm.lib.choices import Rag
from rhythm.lib.text import TextBound
from rhythm.team.models import TeamMember

# A note explains one day's assessment: a few paragraphs, as the item forms always allowed.
HEALTH_NOTE = TextBound("The note", 4_000)


class HealthUpdate(models.Model):
    """Record an account's overall health and its components as assessed on one date."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="health_updates")
    date = models.DateField()
    overall = models.CharField(max_length=10, choices=Rag.choices)
    sentiment = models.CharField("CSM sentiment", max_length=10, choices=Rag.choices, blank=True)
    product_usage = models.CharField(max_length=10, choices=Rag.choices, blank=True)
    engagement = models.CharField(max_length=10, choices=Rag.choices, blank=True)
    renewal_risk = models.CharField(max_length=10, choices=Rag.choices, blank=True)
    note = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        TeamMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["account", "-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "date"],
                name="health_update_one_per_day",
                violation_error_message="This account already has a health update on that date.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.account}: {self.overall} on {self.date}"
