"""Load meetings and commitments: EBRs, check-ins, expansions, renewals, sessions."""

from __future__ import annotations

from django.db.models import QuerySet

from rhythm.meetings.models import Ebr, EbrStep, LeadershipCheckIn, SessionAttendance
from rhythm.playbook.facts.common import Grouped, Period, Seat, group
from rhythm.playbook.rules import facts as f
from rhythm.renewals.models import ExpansionPlaybook, ExpansionStageChange, Renewal, RenewalReview
from rhythm.timeline.models import Activity


def load_ebrs(ids: QuerySet, window: Period) -> Grouped:
    steps = group(
        EbrStep.objects.filter(ebr__account_id__in=ids, done_on__lte=window.today)
        .order_by("number")
        .values_list("ebr_id", "number", "done_on")
    )
    rows = (
        Ebr.objects.filter(account_id__in=ids)
        .order_by("planned_on")
        .values_list(
            "account_id",
            "id",
            "planned_on",
            "held_on",
            "status",
            "follow_up_sent_on",
            "success_plan_updated_on",
        )
    )
    return group(
        rows,
        lambda row: f.EbrFact(
            planned_on=row[2],
            held_on=row[3],
            status=row[4],
            follow_up_sent_on=row[5],
            success_plan_updated_on=row[6],
            steps_done=tuple(steps.get(row[1], ())),
        ),
    )


def load_check_ins(ids: QuerySet, window: Period) -> Grouped:
    rows = (
        LeadershipCheckIn.objects.filter(account_id__in=ids)
        .order_by("planned_on")
        .values_list("account_id", "planned_on", "held_on")
    )
    return group(rows, lambda row: f.CheckInFact(planned_on=row[1], held_on=row[2]))


def load_expansions(ids: QuerySet, window: Period) -> Grouped:
    changes = group(
        ExpansionStageChange.objects.filter(playbook__account_id__in=ids)
        .order_by("entered_on")
        .values_list("playbook_id", "stage", "entered_on"),
        lambda row: f.StageChange(stage=row[1], entered_on=row[2]),
    )
    rows = (
        ExpansionPlaybook.objects.filter(account_id__in=ids, opened_on__lte=window.today)
        .order_by("opened_on")
        .values_list("account_id", "id", "kind", "opened_on", "closed_on", "outcome")
    )
    return group(
        rows,
        lambda row: f.ExpansionFact(
            kind=row[2],
            opened_on=row[3],
            closed_on=row[4],
            outcome=row[5],
            stage_changes=tuple(changes.get(row[1], ())),
        ),
    )


def load_renewals(ids: QuerySet, window: Period, seats: dict[int, dict[str, Seat]]) -> Grouped:
    """Load renewals with their reviews and the account-team roles that attended each one."""
    attendees = group(
        Activity.members.through.objects.filter(
            activity__renewal_review__renewal__account_id__in=ids
        ).values_list("activity_id", "teammember_id")
    )
    reviews = group(
        RenewalReview.objects.filter(renewal__account_id__in=ids, held_on__lte=window.today)
        .order_by("held_on")
        .values_list("renewal_id", "stage", "held_on", "activity_id", "renewal__account_id")
    )

    def review(row: tuple) -> f.RenewalReviewFact:
        stage, held_on, activity_id, account_id = row
        present = {member for (member,) in attendees.get(activity_id, ())}
        roles = tuple(
            sorted(
                role
                for role, seat in seats.get(account_id, {}).items()
                if seat.member_id in present
            )
        )
        return f.RenewalReviewFact(stage=stage, held_on=held_on, attendee_roles=roles)

    rows = (
        Renewal.objects.filter(account_id__in=ids)
        .order_by("renewal_date")
        .values_list(
            "account_id",
            "id",
            "renewal_date",
            "arr",
            "outlook",
            "outcome",
            "renewed_arr",
            "closed_on",
        )
    )
    return group(
        rows,
        lambda row: f.RenewalFact(
            renewal_date=row[2],
            arr=row[3],
            outlook=row[4],
            outcome=row[5],
            renewed_arr=row[6],
            closed_on=row[7],
            reviews=tuple(review(r) for r in reviews.get(row[1], ())),
        ),
    )


def load_sessions(ids: QuerySet, window: Period) -> tuple[f.SessionFacts, ...]:
    """Load the workshops and roundtables these accounts attended, with every attendee."""
    rows = (
        SessionAttendance.objects.filter(account_id__in=ids, session__date__lte=window.today)
        .order_by("session__date", "session_id", "account_id")
        .values_list(
            "session_id",
            "session__kind",
            "session__date",
            "session__industry",
            "session__lead__email",
            "account_id",
        )
    )
    sessions: dict[int, tuple[tuple, list[int]]] = {}
    for session_id, kind, on, industry, lead, account_id in rows:
        sessions.setdefault(session_id, ((kind, on, industry, lead), []))[1].append(account_id)
    return tuple(
        f.SessionFacts(
            session_id=session_id,
            kind=kind,
            on=on,
            industry=industry,
            lead_email=lead,
            account_ids=tuple(account_ids),
        )
        for session_id, ((kind, on, industry, lead), account_ids) in sessions.items()
    )
