"""Stakeholders at customer accounts, their personas and who introduced whom."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from rhythm.accounts.models import Account
from rhythm.accounts.scoping import ScopedQuerySet


class Contact(models.Model):
    """Hold one customer stakeholder; `introduced_by` records the persona engagement chain."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    title = models.CharField(max_length=200, blank=True)
    persona = models.CharField(max_length=30, blank=True, help_text="A code from the playbook.")
    function = models.CharField(max_length=40, blank=True, help_text="A code from the playbook.")
    decision_maker = models.BooleanField(default=False)
    executive_sponsor = models.BooleanField(default=False)
    introduced_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="introduced"
    )
    relationship_strength = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="1 (weak) to 5 (strong)."
    )
    departed_on = models.DateField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["account", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "email"],
                condition=~Q(email=""),
                name="contact_email_unique_per_account",
                violation_error_message="This account already has a contact with that email.",
            ),
            models.CheckConstraint(
                condition=~Q(introduced_by=F("id")),
                name="contact_not_introduced_by_self",
                violation_error_message="A contact cannot introduce themselves.",
            ),
            models.CheckConstraint(
                condition=Q(relationship_strength__isnull=True)
                | Q(relationship_strength__gte=1, relationship_strength__lte=5),
                name="contact_relationship_strength_range",
                violation_error_message="Relationship strength runs from 1 to 5.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.account})"
