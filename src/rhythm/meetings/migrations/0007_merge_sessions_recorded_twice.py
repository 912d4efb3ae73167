"""Merge the sessions recorded twice before a session became one row by its key.

A session is its kind, topic (its case aside) and date. Two people recording the same
session at the same moment, with no account in common, could each create it; the next
migration makes the database refuse that. Each second copy is merged into the first
recorded: its accounts' attendance (an account at both keeps the first's, with the
consent date the first lacks), its timeline entries, the industries the first does not
name and its lead if the first has none; then it is removed. Going back leaves the merged
sessions as they are. The constraint comes in a migration of its own: PostgreSQL refuses
to alter a table with changes of the same transaction pending.
"""

from django.db import migrations
from django.db.models import Count
from django.db.models.functions import Upper


def merge_sessions_recorded_twice(apps, schema_editor):
    Session = apps.get_model("meetings", "Session")
    Attendance = apps.get_model("meetings", "SessionAttendance")
    Activity = apps.get_model("timeline", "Activity")
    twice = (
        Session.objects.values("kind", "date", same_topic=Upper("topic"))
        .annotate(copies=Count("pk"))
        .filter(copies__gt=1)
    )
    for key in twice:
        first, *copies = Session.objects.annotate(same_topic=Upper("topic")).filter(
            kind=key["kind"], date=key["date"], same_topic=key["same_topic"]
        ).order_by("pk")
        for copy in copies:
            _merge(first, copy, Attendance, Activity)


def _merge(first, copy, Attendance, Activity):
    seats = {seat.account_id: seat for seat in Attendance.objects.filter(session=first)}
    for seat in Attendance.objects.filter(session=copy):
        kept = seats.get(seat.account_id)
        if kept is None:
            seat.session = first
            seat.save(update_fields=["session"])
        elif kept.consented_on is None and seat.consented_on is not None:
            kept.consented_on = seat.consented_on
            kept.save(update_fields=["consented_on"])
    Activity.objects.filter(session=copy).update(session=first)
    named = {str(industry).casefold() for industry in first.industries}
    first.industries = [
        *first.industries,
        *(industry for industry in copy.industries if str(industry).casefold() not in named),
    ]
    first.lead_id = first.lead_id or copy.lead_id
    first.save(update_fields=["industries", "lead"])
    copy.delete()  # with the attendance of accounts already at the first


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0006_remove_session_industry"),
        ("timeline", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(
            merge_sessions_recorded_twice, migrations.RunPython.noop, elidable=False
        ),
    ]
