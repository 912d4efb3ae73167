from django.contrib import admin

from rhythm.surveys.models import SurveyResponse


@admin.register(SurveyResponse)
class SurveyResponseAdmin(admin.ModelAdmin):
    list_display = ["account", "contact", "kind", "score", "date"]
    list_filter = ["kind"]
    search_fields = ["account__name", "comment"]
    date_hierarchy = "date"
    autocomplete_fields = ["account", "contact"]
