from django.contrib import admin

from rhythm.adoption.models import LicenseUsage, Milestone, UseCaseStatus


@admin.register(UseCaseStatus)
class UseCaseStatusAdmin(admin.ModelAdmin):
    list_display = ["account", "use_case", "status", "date"]
    list_filter = ["use_case", "status"]
    search_fields = ["account__name"]
    autocomplete_fields = ["account"]


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ["account", "milestone", "reached_on"]
    list_filter = ["milestone"]
    search_fields = ["account__name"]
    autocomplete_fields = ["account"]


@admin.register(LicenseUsage)
class LicenseUsageAdmin(admin.ModelAdmin):
    list_display = ["account", "date", "licenses_activated"]
    search_fields = ["account__name"]
    date_hierarchy = "date"
    autocomplete_fields = ["account"]
