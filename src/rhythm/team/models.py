"""Team members: the people who run the rhythm, with their role, manager and region."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class Role(models.TextChoices):
    CSM = "csm", "Customer success manager"
    MANAGER = "manager", "CSM manager"
    AE = "ae", "Account executive"
    SA = "sa", "Solutions architect"
    PSE = "pse", "Professional-services engineer"
    LEADERSHIP = "leadership", "Leadership"
    ADMIN = "admin", "Administrator"


# The roles that hold a book of accounts (the CSM seat of each): a CSM, and a CSM manager
# with a book of their own. The queue asks for a book by its holder's email, and an
# account's CSM seat takes only them, so every book the rules work out can be asked for.
BOOK_ROLES = frozenset({Role.CSM, Role.MANAGER})


def with_article(label: str) -> str:
    """Put "a" or "an" before a role's label, lower-cased: "an account executive"."""
    label = label[0].lower() + label[1:] if not label[:3].isupper() else label
    return f"{'an' if label[0].lower() in 'aeiou' else 'a'} {label}"


class TeamMember(models.Model):
    """Hold one person of the customer-success team and the login they use."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="member"
    )
    email = models.EmailField(unique=True)
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.CSM)
    manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    region = models.CharField(max_length=20, blank=True, help_text="Sets the holiday calendar.")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(manager=F("id")),
                name="team_member_not_own_manager",
                violation_error_message="A team member cannot be their own manager.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    @property
    def sees_everything(self) -> bool:
        """Leadership and admins see every account."""
        return self.role in (Role.LEADERSHIP, Role.ADMIN) or self.user.is_superuser

    @property
    def can_write(self) -> bool:
        """Leadership reads; everyone else records the work on accounts they can see."""
        return self.role != Role.LEADERSHIP or self.user.is_superuser


class TimeOff(models.Model):
    """Record a period of paid time off, which the capacity rules subtract."""

    member = models.ForeignKey(TeamMember, on_delete=models.CASCADE, related_name="time_off")
    starts_on = models.DateField()
    ends_on = models.DateField()
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["starts_on"]
        verbose_name_plural = "time off"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="time_off_ends_after_start",
                violation_error_message="Time off must end on or after the day it starts.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member.name}: {self.starts_on} to {self.ends_on}"


class ApiToken(models.Model):
    """Let a script call the API as a team member; only a hash of the secret is stored."""

    member = models.ForeignKey(TeamMember, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, help_text="First characters, to recognise a token.")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        """Hash a token secret; tokens are long random strings, so one SHA-256 suffices."""
        return hashlib.sha256(key.encode()).hexdigest()
