from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from rhythm.lib.admin import RecordedElsewhere
from rhythm.team.models import ApiToken, TeamMember, TimeOff
from rhythm.team.services import check_member_change


class TimeOffInline(RecordedElsewhere, admin.TabularInline):
    model = TimeOff
    extra = 0


class TeamMemberForm(forms.ModelForm):
    """The admin's form for a team member (its model and fields come from the admin),
    refusing what the service refuses."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        role = cleaned.get("role")
        if role is None:  # the field's own error is shown already
            return cleaned
        stored = self.instance
        if stored.pk is None:
            stored.email = cleaned.get("email", "")
        try:
            check_member_change(stored, role=role, manager=cleaned.get("manager"))
        except ValidationError as refused:
            self.add_error(None, refused)
        return cleaned


@admin.register(TeamMember)
class TeamMemberAdmin(admin.ModelAdmin):
    form = TeamMemberForm
    list_display = ["name", "email", "role", "manager", "region", "is_active"]
    list_filter = ["role", "region", "is_active"]
    search_fields = ["name", "email"]
    autocomplete_fields = ["manager"]
    raw_id_fields = ["user"]
    inlines = [TimeOffInline]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "member", "prefix", "created_at", "last_used_at"]
    search_fields = ["name", "member__email"]
    list_filter = ["member"]
    readonly_fields = ["member", "prefix", "key_hash", "created_at", "last_used_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        """A token is created with `rhythm token create`, which prints its key once: one
        added here would have no key to send. Renaming or deleting (revoking) one is fine."""
        return False
