from django.contrib import admin

from rhythm.lib.admin import RecordedElsewhere
from rhythm.meetings.models import Ebr, EbrStep, LeadershipCheckIn, Session, SessionAttendance


class EbrStepInline(RecordedElsewhere, admin.TabularInline):
    model = EbrStep
    extra = 0


@admin.register(Ebr)
class EbrAdmin(RecordedElsewhere, admin.ModelAdmin):
    list_display = ["account", "planned_on", "held_on", "status", "format"]
    list_filter = ["status", "format"]
    date_hierarchy = "planned_on"
    search_fields = ["account__name"]
    autocomplete_fields = ["account", "contacts", "members"]
    raw_id_fields = ["activity"]
    inlines = [EbrStepInline]


@admin.register(LeadershipCheckIn)
class LeadershipCheckInAdmin(RecordedElsewhere, admin.ModelAdmin):
    list_display = ["account", "planned_on", "held_on", "length_minutes"]
    date_hierarchy = "planned_on"
    search_fields = ["account__name"]
    autocomplete_fields = ["account"]
    raw_id_fields = ["activity"]


class AttendanceInline(RecordedElsewhere, admin.TabularInline):
    model = SessionAttendance
    extra = 0
    autocomplete_fields = ["account"]


@admin.register(Session)
class SessionAdmin(RecordedElsewhere, admin.ModelAdmin):
    list_display = ["topic", "kind", "date", "industry_names", "lead"]
    list_filter = ["kind"]
    search_fields = ["topic", "industries", "lead__name", "lead__email"]
    date_hierarchy = "date"
    autocomplete_fields = ["lead"]
    inlines = [AttendanceInline]

    @admin.display(description="Industries")
    def industry_names(self, session: Session) -> str:
        return ", ".join(session.industries or [])
