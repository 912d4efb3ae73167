from django.contrib import admin

from rhythm.lib.admin import RecordedElsewhere
from rhythm.timeline.models import Activity


@admin.register(Activity)
class ActivityAdmin(RecordedElsewhere, admin.ModelAdmin):
    list_display = ["date", "kind", "account", "duration_minutes", "logged_by"]
    list_filter = ["kind", "date"]
    search_fields = ["account__name", "notes"]
    date_hierarchy = "date"
    autocomplete_fields = ["account", "contacts", "members", "session"]
    list_select_related = ["account", "logged_by"]
