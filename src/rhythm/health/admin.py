from django.contrib import admin

from rhythm.health.models import HealthUpdate
from rhythm.lib.admin import RecordedElsewhere


@admin.register(HealthUpdate)
class HealthUpdateAdmin(RecordedElsewhere, admin.ModelAdmin):
    list_display = ["account", "date", "overall", "sentiment", "updated_by"]
    list_filter = ["overall", "sentiment"]
    search_fields = ["account__name", "note"]
    date_hierarchy = "date"
    autocomplete_fields = ["account", "updated_by"]
