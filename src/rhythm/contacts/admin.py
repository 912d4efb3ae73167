from django.contrib import admin

from rhythm.contacts.models import Contact


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["name", "account", "title", "persona", "decision_maker", "departed_on"]
    list_filter = ["persona", "function", "decision_maker", "executive_sponsor"]
    search_fields = ["name", "email", "account__name"]
    autocomplete_fields = ["account", "introduced_by"]
