"""Load people: customer contacts and the team's members."""

from __future__ import annotations

from django.db.models import Max, QuerySet

from rhythm.contacts.models import Contact
from rhythm.playbook.facts.common import Grouped, Period, group, raw_rows
from rhythm.playbook.rules import facts as f
from rhythm.team.models import TeamMember, TimeOff
from rhythm.timeline.models import Activity


def load_contacts(ids: QuerySet, window: Period) -> Grouped:
    """Load contacts with the last date each attended an activity (EXEC-1 asks no more)."""
    attended = (
        Activity.contacts.through.objects.filter(
            contact__account_id__in=ids, activity__date__lte=window.today
        )
        .values("contact_id")
        .annotate(last_met=Max("activity__date"))
        .values_list("contact_id", "last_met")  # type: ignore[misc]  # stubs miss annotations on auto-created through models
    )
    last_met = dict(raw_rows(attended, dates=(1,)))
    rows = (
        Contact.objects.filter(account_id__in=ids)
        .order_by("id")
        .values_list(
            "account_id",
            "id",
            "name",
            "persona",
            "decision_maker",
            "introduced_by_id",
            "departed_on",
            "email",
        )
    )
    return group(
        raw_rows(rows, dates=(6,)),
        lambda row: f.ContactFact(
            contact_id=row[1],
            name=row[2],
            persona=row[3],
            decision_maker=bool(row[4]),
            introduced_by=row[5],
            departed_on=row[6],
            engaged_on=(last_met[row[1]],) if row[1] in last_met else (),
            email=row[7] or "",
        ),
    )


def load_members() -> tuple[f.MemberFacts, ...]:
    """Load every team member (a team is small) with their time off."""
    time_off = group(
        TimeOff.objects.order_by("starts_on").values_list("member_id", "starts_on", "ends_on"),
        lambda row: f.TimeOffFact(starts_on=row[1], ends_on=row[2]),
    )
    rows = TeamMember.objects.order_by("email").values_list(
        "id", "email", "name", "role", "manager__email", "region", "is_active"
    )
    return tuple(
        f.MemberFacts(
            email=row[1],
            name=row[2],
            role=row[3],
            manager_email=row[4],
            region=row[5],
            is_active=row[6],
            time_off=tuple(time_off.get(row[0], ())),
        )
        for row in rows
    )
