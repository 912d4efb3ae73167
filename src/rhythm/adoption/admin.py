from django.contrib import admin

from rhythm.adoption.models import LicenseUsage, Milestone, UseCaseStatus
from rhythm.lib.admin import RecordedElsewhere


@admin.register(UseCaseStatus)
class UseCaseStatusAdmin(RecordedElsewhere, admin.ModelAdmin):
    list_display = ["account", "use_case", "status", "maturity_score", "date"]
    list_filter = ["use_case", "status"]
    date_hierarchy = "date"
    search_fields = ["account__name"]
    autocomplete_fields = ["account"]


@admin.register(Milestone)
class MilestoneAdmin(RecordedElsewhere, admin.ModelAdmin):
    list_display = ["account", "milestone", "reached_on"]
    list_filter = ["milestone"]
    date_hierarchy = "reached_on"
    search_fields = ["account__name"]
    autocomplete_fields = ["account"]


@admin.register(LicenseUsage)
class LicenseUsageAdmin(RecordedElsewhere, admin.ModelAdmin):
    list_display = ["account", "date", "licenses_activated"]
    search_fields = ["account__name"]
    date_hierarchy = "date"
    autocomplete_fields = ["account"]
