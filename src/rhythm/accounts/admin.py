from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from rhythm.accounts.models import Account, AccountTeamMember
from rhythm.contacts.models import Contact
from rhythm.lib import codes
from rhythm.lib.admin import RecordedElsewhere


class SeatInline(RecordedElsewhere, admin.TabularInline):
    model = AccountTeamMember
    extra = 0
    autocomplete_fields = ["member"]


class ContactInline(RecordedElsewhere, admin.TabularInline):
    model = Contact
    extra = 0
    fields = ["name", "email", "title", "persona", "decision_maker", "departed_on"]
    show_change_link = True


def segment_choices() -> list[tuple[str, str]]:
    """The playbook's segments in its order (strategic first), each named in words."""
    return codes.labelled(codes.SEGMENTS)


class SegmentFilter(admin.SimpleListFilter):
    """Filter accounts by segment, in the playbook's order (strategic first), in words."""

    title = "segment"
    parameter_name = "segment"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return segment_choices()

    def queryset(self, request: HttpRequest, queryset: QuerySet[Account]) -> QuerySet[Account]:
        value = self.value()
        return queryset.filter(segment__iexact=value) if value else queryset


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "segment_label",
        "tier",
        "region",
        "arr",
        "priority_override",
        "in_triage",
    ]
    list_filter = [SegmentFilter, "tier", "region", "deployment", "in_triage", "priority_override"]
    search_fields = ["name", "industry", "team__member__name", "team__member__email"]
    # Written by their services only: a priority override keeps its history of decisions
    # (`override_priority`), a review its latest day (`review_priority`), and the licenses
    # activated come with their dated usage (`record_usage`), which the rules read.
    readonly_fields = [
        "priority_override",
        "priority_override_reason",
        "priority_override_by",
        "priority_override_at",
        "priority_reviewed_on",
        "licenses_activated",
        "created_at",
        "updated_at",
    ]
    inlines = [SeatInline, ContactInline]

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        """Offer the playbook's segments, in its order and in words, to pick one from."""
        if db_field.name == "segment":
            return forms.ChoiceField(choices=segment_choices(), help_text=db_field.help_text)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="segment", ordering="segment")
    def segment_label(self, account: Account) -> str:
        return codes.code_label(account.segment)
