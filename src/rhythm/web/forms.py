"""Forms of the web UI; they validate input shape, services validate meaning."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from rhythm.timeline.models import ActivityKind


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(choices=ActivityKind.choices, initial=ActivityKind.CADENCE_CALL)
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    duration_minutes = forms.IntegerField(
        label="Minutes", required=False, min_value=1, max_value=1440
    )
    attendees = forms.CharField(
        required=False,
        help_text="Emails of contacts or team members, separated by ';'.",
        widget=forms.TextInput(attrs={"placeholder": "ana@customer.com; sam@ourteam.com"}),
    )
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()

    def attendee_emails(self) -> list[str]:
        raw = self.cleaned_data.get("attendees") or ""
        return [part.strip() for part in raw.replace(",", ";").split(";") if part.strip()]
