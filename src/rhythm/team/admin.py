from django.contrib import admin

from rhythm.team.models import ApiToken, TeamMember, TimeOff


class TimeOffInline(admin.TabularInline):
    model = TimeOff
    extra = 0


@admin.register(TeamMember)
class TeamMemberAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "role", "manager", "region", "is_active"]
    list_filter = ["role", "region", "is_active"]
    search_fields = ["name", "email"]
    autocomplete_fields = ["manager"]
    raw_id_fields = ["user"]
    inlines = [TimeOffInline]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "member", "prefix", "created_at", "last_used_at"]
    search_fields = ["name", "member__email"]
    readonly_fields = ["prefix", "key_hash", "created_at", "last_used_at"]
