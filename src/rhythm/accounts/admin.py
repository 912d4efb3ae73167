from django.contrib import admin

from rhythm.accounts.models import Account, AccountTeamMember
from rhythm.contacts.models import Contact


class SeatInline(admin.TabularInline):
    model = AccountTeamMember
    extra = 0
    autocomplete_fields = ["member"]


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    fields = ["name", "email", "title", "persona", "decision_maker", "departed_on"]
    show_change_link = True


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ["name", "segment", "tier", "region", "arr", "priority_override", "in_triage"]
    list_filter = ["segment", "tier", "region", "deployment", "in_triage", "priority_override"]
    search_fields = ["name", "industry"]
    readonly_fields = ["priority_override_by", "priority_override_at", "created_at", "updated_at"]
    inlines = [SeatInline, ContactInline]
