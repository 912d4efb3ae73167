from django.contrib import admin

from rhythm.contacts.models import Contact
from rhythm.lib.admin import RecordedElsewhere


@admin.register(Contact)
class ContactAdmin(RecordedElsewhere, admin.ModelAdmin):
    list_display = ["name", "email", "account", "title", "persona", "decision_maker", "departed_on"]
    list_filter = ["persona", "function", "decision_maker", "executive_sponsor"]
    search_fields = ["name", "email", "account__name"]
    autocomplete_fields = ["account", "introduced_by"]
