"""Success plans, their objectives with ROI metrics, and action items."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from rhythm.accounts.models import Account
from rhythm.accounts.scoping import ScopedQuerySet
from rhythm.contacts.models import Contact
from rhythm.lib.choices import Rag
from rhythm.lib.text import TextBound
from rhythm.team.models import TeamMember


class PlanAccountScopedQuerySet(ScopedQuerySet):
    account_path = "plan__account"


class PlanKind(models.TextChoices):
    ROI = "roi", "ROI (customer-facing)"
    STAGE_ADOPTION = "stage_adoption", "Stage adoption (internal)"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"


class SuccessPlan(models.Model):
    """Hold an account's success plan: the roadmap from its desired outcomes to value."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="success_plans")
    kind = models.CharField(max_length=20, choices=PlanKind.choices, default=PlanKind.ROI)
    status = models.CharField(max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    health = models.CharField(max_length=10, choices=Rag.choices, blank=True)
    qualified_on = models.DateField(
        null=True, blank=True, help_text="When management qualified the plan."
    )
    shared_on = models.DateField(null=True, blank=True, help_text="Shared with the customer.")
    reviewed_on = models.DateField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["account", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "kind"],
                name="success_plan_one_per_kind",
                violation_error_message="An account has one success plan of each kind.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.account}: {self.get_kind_display()}"


class ObjectiveStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    ACHIEVED = "achieved", "Achieved"


# Why the customer bought, for one objective: a paragraph or two.
PURCHASE_REASON = TextBound("The reason for purchase", 4_000)


class Objective(models.Model):
    """Record one desired business outcome with a measurable metric and owners on both sides."""

    plan = models.ForeignKey(SuccessPlan, on_delete=models.CASCADE, related_name="objectives")
    outcome = models.CharField("desired business outcome", max_length=300)
    reason_for_purchase = models.TextField(blank=True)
    metric = models.CharField(max_length=200, blank=True)
    unit = models.CharField(max_length=40, blank=True)
    baseline = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    current = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    target_date = models.DateField(null=True, blank=True)
    customer_owner = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    vendor_owner = models.ForeignKey(
        TeamMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=20, choices=ObjectiveStatus.choices, default=ObjectiveStatus.NOT_STARTED
    )

    objects = PlanAccountScopedQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "id"]

    def __str__(self) -> str:
        return self.outcome

    @property
    def progress(self) -> int | None:
        """Return the share of the way from baseline to target, in whole percent."""
        if None in (self.baseline, self.target, self.current) or self.target == self.baseline:
            return None
        assert self.baseline is not None and self.target is not None and self.current is not None
        share = (self.current - self.baseline) / (self.target - self.baseline)
        return max(0, min(100, round(share * 100)))


class ActionOrigin(models.TextChoices):
    EBR = "ebr", "EBR"
    CHECK_IN = "check_in", "Leadership check-in"
    CADENCE_CALL = "cadence_call", "Cadence call"
    RENEWAL_REVIEW = "renewal_review", "Renewal review"
    TRIAGE = "triage", "Triage"
    OTHER = "other", "Other"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class ActionItem(models.Model):
    """Hold one follow-up with an owner and a due date, from a meeting or from triage."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="action_items")
    text = models.CharField(max_length=500)
    owner_contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="action_items"
    )
    owner_member = models.ForeignKey(
        TeamMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="action_items"
    )
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=ActionStatus.choices, default="open")
    created_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    origin = models.CharField(max_length=20, choices=ActionOrigin.choices, default="other")
    objective = models.ForeignKey(
        Objective, null=True, blank=True, on_delete=models.SET_NULL, related_name="action_items"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | Q(done_on__isnull=False),
                name="action_item_done_has_date",
                violation_error_message="A done action item needs the date it was done.",
            )
        ]

    def __str__(self) -> str:
        return self.text
