from django.contrib import admin

from rhythm.lib.admin import RecordedElsewhere
from rhythm.surveys.models import SurveyResponse


@admin.register(SurveyResponse)
class SurveyResponseAdmin(RecordedElsewhere, admin.ModelAdmin):
    list_display = ["account", "contact", "kind", "score", "date"]
    list_filter = ["kind"]
    search_fields = ["account__name", "comment"]
    date_hierarchy = "date"
    autocomplete_fields = ["account", "contact"]
