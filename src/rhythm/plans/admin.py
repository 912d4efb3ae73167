from django.contrib import admin

from rhythm.lib.admin import RecordedElsewhere
from rhythm.plans.models import ActionItem, Objective, SuccessPlan


class ObjectiveInline(RecordedElsewhere, admin.StackedInline):
    model = Objective
    extra = 0
    autocomplete_fields = ["customer_owner", "vendor_owner"]


@admin.register(SuccessPlan)
class SuccessPlanAdmin(RecordedElsewhere, admin.ModelAdmin):
    list_display = ["account", "kind", "status", "health", "qualified_on", "shared_on"]
    list_filter = ["kind", "status", "health"]
    search_fields = ["account__name"]
    autocomplete_fields = ["account"]
    inlines = [ObjectiveInline]


@admin.register(ActionItem)
class ActionItemAdmin(RecordedElsewhere, admin.ModelAdmin):
    list_display = ["text", "account", "owner_member", "due_on", "status", "origin"]
    list_filter = ["status", "origin"]
    search_fields = ["text", "account__name", "owner_member__email", "owner_contact__email"]
    date_hierarchy = "due_on"
    autocomplete_fields = ["account", "owner_contact", "owner_member", "objective"]


@admin.register(Objective)
class ObjectiveAdmin(RecordedElsewhere, admin.ModelAdmin):
    list_display = ["outcome", "plan", "metric", "target", "current", "target_date", "status"]
    list_filter = ["status"]
    search_fields = ["outcome", "plan__account__name"]
