"""Customer accounts and the account team around each one."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from rhythm.accounts.scoping import ScopedQuerySet
from rhythm.lib.text import TextBound
from rhythm.team.models import BOOK_ROLES, Role, TeamMember, with_article


class AccountQuerySet(ScopedQuerySet):
    account_path = ""


class Deployment(models.TextChoices):
    SELF_MANAGED = "self-managed", "Self-managed"
    SAAS = "saas", "SaaS"
    HYBRID = "hybrid", "Hybrid"


class Priority(models.TextChoices):
    P1 = "P1", "P1"
    P2 = "P2", "P2"


class Phase(models.TextChoices):
    ONBOARD = "onboard", "Align and onboard"
    ENABLE = "enable", "Enable"
    EXPAND = "expand", "Expand and renew"


# Why a manager overrode a priority (PRIO-2): a few lines, shown in the account's state.
OVERRIDE_REASON = TextBound("The reason", 2_000)


class Account(models.Model):
    """Hold one customer account: its commercial facts and the overrides a manager sets.

    Priority, engagement, phase and triage are computed by the playbook from the account's
    history; only the hand-set overrides (with who, when and why) are stored here.
    """

    name = models.CharField(max_length=200, unique=True)
    segment = models.CharField(max_length=30, help_text="A code from the playbook's segments.")
    region = models.CharField(max_length=20, blank=True)
    industry = models.CharField(max_length=100, blank=True)
    tier = models.CharField(max_length=30, blank=True, help_text="A code from the playbook.")
    arr = models.DecimalField("ARR", max_digits=14, decimal_places=2, null=True, blank=True)
    licenses_purchased = models.PositiveIntegerField(null=True, blank=True)
    licenses_activated = models.PositiveIntegerField(null=True, blank=True)
    deployment = models.CharField(max_length=20, choices=Deployment.choices, blank=True)
    initial_transaction_date = models.DateField(null=True, blank=True)
    phase_override = models.CharField(max_length=20, choices=Phase.choices, blank=True)
    ebrs_per_year = models.PositiveSmallIntegerField(
        "EBRs per year",
        null=True,
        blank=True,
        help_text="Set to override the playbook's EBR frequency.",
    )
    priority_override = models.CharField(max_length=2, choices=Priority.choices, blank=True)
    priority_override_reason = models.TextField(blank=True)
    priority_override_by = models.ForeignKey(
        TeamMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    priority_override_at = models.DateTimeField(null=True, blank=True)
    priority_reviewed_on = models.DateField(null=True, blank=True)
    in_triage = models.BooleanField(default=False, help_text="Put in triage by hand.")
    in_assignment_review = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AccountQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(priority_override="") | ~Q(priority_override_reason=""),
                name="account_priority_override_has_reason",
                violation_error_message="A priority override needs a reason.",
            ),
            models.CheckConstraint(
                condition=Q(arr__isnull=True) | Q(arr__gte=0),
                name="account_arr_not_negative",
                violation_error_message="ARR cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(ebrs_per_year__isnull=True) | Q(ebrs_per_year__gte=1),
                name="account_ebrs_per_year_positive",
                violation_error_message="EBRs per year must be at least 1.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def licenses_over(self) -> int:
        """Count the licenses active beyond those purchased (0 if none): over-deployment is
        recorded as counted, a true-up or an expansion to discuss, never refused."""
        if self.licenses_purchased is None or self.licenses_activated is None:
            return 0
        return max(0, self.licenses_activated - self.licenses_purchased)


class TeamRole(models.TextChoices):
    CSM = "csm", "CSM"
    AE = "ae", "Account executive"
    SA = "sa", "Solutions architect"
    PSE = "pse", "Professional-services engineer"


# The member roles each seat of an account's team takes: the CSM seat, whoever holds a
# book (`BOOK_ROLES`); the AE, SA and PSE seats, that role (REN-2 counts a review's
# attendees by their seat, so a CSM in the AE seat would count as the AE).
SEAT_HOLDERS: dict[str, frozenset[str]] = {
    TeamRole.CSM: BOOK_ROLES,
    TeamRole.AE: frozenset({Role.AE}),
    TeamRole.SA: frozenset({Role.SA}),
    TeamRole.PSE: frozenset({Role.PSE}),
}


def seat_error(seat: str, member: TeamMember) -> str | None:
    """Say why a member cannot hold an account's seat (`csm`, `ae`...), or None if they can."""
    allowed = SEAT_HOLDERS[seat]
    if member.role in allowed:
        return None
    seat_label = TeamRole(seat).label if seat == TeamRole.CSM else TeamRole(seat).label.lower()
    takes = " or ".join(with_article(Role(role).label) for role in sorted(allowed))
    reason = " (a book is theirs)" if seat == TeamRole.CSM else ""
    return (
        f"{member.email} is {with_article(member.get_role_display())}: the {seat_label} "
        f"seat is for {takes}{reason}."
    )


class AccountTeamMember(models.Model):
    """Place one team member on an account's team in one role (one person per role)."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="team")
    member = models.ForeignKey(TeamMember, on_delete=models.CASCADE, related_name="assignments")
    role = models.CharField(max_length=10, choices=TeamRole.choices)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["account", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "role"],
                name="account_team_one_per_role",
                violation_error_message="An account has one team member per role.",
            )
        ]
        indexes = [models.Index(fields=["member", "role"])]

    def __str__(self) -> str:
        return f"{self.account}: {self.get_role_display()} {self.member.name}"

    def clean(self) -> None:
        """Refuse a member whose role cannot hold the seat (the admin's forms ask this)."""
        if self.role not in SEAT_HOLDERS or self.member_id is None:
            return
        if refused := seat_error(self.role, self.member):
            raise ValidationError({"member": [refused]})


class PriorityDecision(models.Model):
    """One decision on an account's priority, kept so a past day replays as it stood then.

    The account holds the decision in force now (its `priority_override...` fields and
    `priority_reviewed_on`); these rows hold every one: a manager's override set (P1 or P2,
    with the reason) or removed (no priority), and each review of the prioritisation (PRIO-4).
    """

    class Kind(models.TextChoices):
        OVERRIDE = "override", "Override"
        REVIEW = "review", "Review"

    account = models.ForeignKey(
        Account, on_delete=models.CASCADE, related_name="priority_decisions"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    priority = models.CharField(
        max_length=2, choices=Priority.choices, blank=True, help_text="Empty: override removed."
    )
    reason = models.TextField(blank=True)
    by = models.ForeignKey(
        TeamMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    on = models.DateField(help_text="The day it took effect.")
    at = models.DateTimeField(default=timezone.now, help_text="When it was recorded.")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["account", "on", "at", "id"]
        indexes = [models.Index(fields=["account", "on"])]

    def __str__(self) -> str:
        return f"{self.account}: {self.kind} {self.priority or '-'} on {self.on}"
