from django.contrib import admin

from rhythm.meetings.models import Ebr, EbrStep, LeadershipCheckIn, Session, SessionAttendance


class EbrStepInline(admin.TabularInline):
    model = EbrStep
    extra = 0


@admin.register(Ebr)
class EbrAdmin(admin.ModelAdmin):
    list_display = ["account", "planned_on", "held_on", "status", "format"]
    list_filter = ["status", "format"]
    search_fields = ["account__name"]
    autocomplete_fields = ["account", "contacts", "members"]
    raw_id_fields = ["activity"]
    inlines = [EbrStepInline]


@admin.register(LeadershipCheckIn)
class LeadershipCheckInAdmin(admin.ModelAdmin):
    list_display = ["account", "planned_on", "held_on", "length_minutes"]
    search_fields = ["account__name"]
    autocomplete_fields = ["account"]
    raw_id_fields = ["activity"]


class AttendanceInline(admin.TabularInline):
    model = SessionAttendance
    extra = 0
    autocomplete_fields = ["account"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["topic", "kind", "date", "industry", "lead"]
    list_filter = ["kind", "industry"]
    search_fields = ["topic"]
    autocomplete_fields = ["lead"]
    inlines = [AttendanceInline]
