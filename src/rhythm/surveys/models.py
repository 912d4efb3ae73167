"""NPS and CSAT survey responses."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from rhythm.accounts.models import Account
from rhythm.accounts.scoping import ScopedQuerySet
from rhythm.contacts.models import Contact
from rhythm.lib.text import TextBound


class SurveyKind(models.TextChoices):
    NPS = "nps", "NPS (0-10)"
    CSAT = "csat", "CSAT (1-5)"


# A respondent's free-text answer: survey tools' own comment boxes are shorter than this.
SURVEY_COMMENT = TextBound("The comment", 4_000)


class SurveyResponse(models.Model):
    """Record one survey answer from a customer contact."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="surveys")
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="surveys"
    )
    kind = models.CharField(max_length=10, choices=SurveyKind.choices)
    score = models.PositiveSmallIntegerField()
    date = models.DateField()
    comment = models.TextField(blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="nps") & Q(score__lte=10))
                | (Q(kind="csat") & Q(score__gte=1, score__lte=5)),
                name="survey_score_in_range",
                violation_error_message="NPS scores run 0-10 and CSAT scores 1-5.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.kind} {self.score} on {self.date}"
