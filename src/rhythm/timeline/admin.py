from django.contrib import admin

from rhythm.timeline.models import Activity


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "account", "duration_minutes", "logged_by"]
    list_filter = ["kind", "date"]
    search_fields = ["account__name", "notes"]
    date_hierarchy = "date"
    autocomplete_fields = ["account", "contacts", "members", "session"]
    list_select_related = ["account", "logged_by"]
