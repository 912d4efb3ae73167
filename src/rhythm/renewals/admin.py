from django.contrib import admin

from rhythm.lib.admin import RecordedElsewhere
from rhythm.renewals.models import ExpansionPlaybook, ExpansionStageChange, Renewal, RenewalReview


class ReviewInline(RecordedElsewhere, admin.TabularInline):
    model = RenewalReview
    extra = 0
    raw_id_fields = ["activity"]


@admin.register(Renewal)
class RenewalAdmin(RecordedElsewhere, admin.ModelAdmin):
    list_display = ["account", "renewal_date", "arr", "outlook", "outcome"]
    list_filter = ["outlook", "outcome"]
    search_fields = ["account__name"]
    date_hierarchy = "renewal_date"
    autocomplete_fields = ["account"]
    inlines = [ReviewInline]


class StageChangeInline(RecordedElsewhere, admin.TabularInline):
    model = ExpansionStageChange
    extra = 0


@admin.register(ExpansionPlaybook)
class ExpansionPlaybookAdmin(RecordedElsewhere, admin.ModelAdmin):
    list_display = ["account", "kind", "opened_on", "stage", "closed_on", "outcome"]
    list_filter = ["kind", "outcome"]
    search_fields = ["account__name"]
    autocomplete_fields = ["account"]
    inlines = [StageChangeInline]
