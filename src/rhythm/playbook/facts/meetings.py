"""Load meetings and commitments: EBRs, check-ins, expansions, renewals, sessions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from django.db.models import Q, QuerySet

from rhythm.accounts.models import AccountTeamMember, TeamRole
from rhythm.meetings.models import Ebr, EbrStep, LeadershipCheckIn, SessionAttendance
from rhythm.playbook.facts.common import Grouped, Period, Seat, group
from rhythm.playbook.rules import facts as f
from rhythm.playbook.rules.dates import Calendar, WorkingCalendar
from rhythm.playbook.rules.renewals import review_stage
from rhythm.playbook.settings import RenewalSettings
from rhythm.renewals.models import ExpansionPlaybook, ExpansionStageChange, Renewal, RenewalReview
from rhythm.timeline.models import Activity


def load_ebrs(ids: QuerySet, window: Period) -> Grouped:
    """Load EBRs with their done steps; an EBR logged only on the timeline counts as held."""
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
            "planned_at",
        )
    )
    ebrs = group(
        rows,
        lambda row: f.EbrFact(
            planned_on=row[2],
            held_on=row[3],
            status=row[4],
            follow_up_sent_on=row[5],
            success_plan_updated_on=row[6],
            steps_done=tuple(steps.get(row[1], ())),
            planned_at=row[7],
        ),
    )
    logged = Activity.objects.filter(
        account_id__in=ids, kind="ebr", ebr__isnull=True, date__lte=window.today
    ).values_list("account_id", "date")
    for account_id, day in logged:
        ebrs[account_id].append(
            f.EbrFact(planned_on=day, held_on=day, status="held", tracked=False)
        )
    return ebrs


def load_check_ins(ids: QuerySet, window: Period) -> Grouped:
    rows = (
        LeadershipCheckIn.objects.filter(account_id__in=ids)
        .order_by("planned_on")
        .values_list("account_id", "planned_on", "held_on", "planned_at")
    )
    return group(
        rows, lambda row: f.CheckInFact(planned_on=row[1], held_on=row[2], planned_at=row[3])
    )


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
    """Load renewals with their reviews and the account-team roles that attended each one.

    A renewal review logged only on the timeline counts for the review stage whose due date
    is nearest, so logging the meeting is enough to clear REN-1 (for that stage only).
    """
    review_activities = Activity.objects.filter(account_id__in=ids, kind="renewal_review")
    attendees = group(
        Activity.members.through.objects.filter(activity__in=review_activities).values_list(
            "activity_id", "teammember_id"
        )
    )

    def roles(account_id: int, activity_id: int | None) -> tuple[str, ...]:
        present = {member for (member,) in attendees.get(activity_id or 0, ())}
        account_seats = seats.get(account_id, {}).items()
        return tuple(sorted(role for role, seat in account_seats if seat.member_id in present))

    reviews = group(
        RenewalReview.objects.filter(renewal__account_id__in=ids, held_on__lte=window.today)
        .order_by("held_on")
        .values_list("renewal_id", "stage", "held_on", "activity_id", "renewal__account_id"),
        lambda row: f.RenewalReviewFact(row[1], row[2], roles(row[4], row[3]), row[3]),
    )
    logged = group(
        review_activities.filter(renewal_review__isnull=True, date__lte=window.today)
        .order_by("date")
        .values_list("account_id", "date", "id")
    )
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
            "account__segment",
            "account__region",
        )
    )
    segments: dict[int, str] = {}
    regions: dict[int, str] = {}

    def renewal(row: tuple) -> f.RenewalFact:
        segments[row[0]] = row[8] or ""  # for the logged reviews' stages
        regions[row[0]] = row[9] or ""
        return f.RenewalFact(
            renewal_date=row[2],
            arr=row[3],
            outlook=row[4],
            outcome=row[5],
            renewed_arr=row[6],
            closed_on=row[7],
            reviews=tuple(reviews.get(row[1], ())),
        )

    renewals: Grouped = group(rows, renewal)
    calendar = window.calendar if logged else Calendar()
    for account_id, meetings in logged.items():
        csm = seats.get(account_id, {}).get("csm")
        terms = window.renewals(csm, segments.get(account_id, ""))
        # The account's working region (`AccountFacts.working_region`), as REN-1 counts.
        region = (csm.region if csm else "") or regions.get(account_id, "")
        days = WorkingCalendar(calendar, region)
        renewals[account_id] = [
            _with_logged_reviews(renewal, meetings, terms, account_id, roles, days)
            for renewal in renewals.get(account_id, [])
        ]
    return renewals


def _with_logged_reviews(
    renewal: f.RenewalFact,
    meetings: list,
    terms: RenewalSettings,
    account_id: int,
    roles: Callable,
    days: WorkingCalendar,
) -> f.RenewalFact:
    """Add the timeline-only reviews held in the renewal's window, each to the stage whose
    due date is nearest as the account's settings (`terms`, its team's and segment's)
    place them, durations in business days counted in the account's working calendar
    (`days`). A stage already held gets another review: one meeting counts for one
    stage, so two reviews near one stage leave the other stage owed."""
    found = list(renewal.reviews)
    opens = days.shift(renewal.renewal_date, terms.window, before=True)
    for day, activity_id in meetings:
        if not opens <= day < renewal.renewal_date:
            continue
        stages = terms.reviews
        if review := review_stage(renewal.renewal_date, day, stages, days.calendar, days.region):
            attended = roles(account_id, activity_id)
            found.append(f.RenewalReviewFact(review.stage, day, attended, activity_id))
    return replace(renewal, reviews=tuple(sorted(found, key=lambda r: r.held_on)))


def load_sessions(ids: QuerySet, window: Period) -> tuple[f.SessionFacts, ...]:
    """Load the workshops and roundtables these accounts attended, and every workshop led
    by the CSM of one of them, whoever attended it, in one query.

    WS-2 counts the workshops a CSM led across all customers: one led only for accounts
    outside the scope evaluated (a colleague's) still counts, so a CSM's queue and the
    team's give the same answer. Only sessions of a kind some settings in force count as a
    workshop are added (`workshops.kinds`): RT-1 and the roundtable KPI count the
    roundtables of the accounts evaluated, and no account-level rule reads sessions.
    `account_ids` are the attendees loaded: the accounts evaluated, and for such a workshop
    every attendee.
    """
    csms = AccountTeamMember.objects.filter(account_id__in=ids, role=TeamRole.CSM)
    led = Q(session__kind__in=window.workshop_kinds, session__lead__in=csms.values("member_id"))
    rows = (
        SessionAttendance.objects.filter(
            Q(account_id__in=ids) | led, session__date__lte=window.today
        )
        .order_by("session__date", "session_id", "account_id")
        .values_list(
            "session_id",
            "session__kind",
            "session__date",
            "session__industries",
            "session__lead__email",
            "account_id",
        )
    )
    sessions: dict[int, tuple[tuple, list[int]]] = {}
    for session_id, kind, on, industries, lead, account_id in rows:
        named = tuple(industries or ())
        sessions.setdefault(session_id, ((kind, on, named, lead), []))[1].append(account_id)
    return tuple(
        f.SessionFacts(
            session_id=session_id,
            kind=kind,
            on=on,
            industries=industries,
            lead_email=lead,
            account_ids=tuple(account_ids),
        )
        for session_id, ((kind, on, industries, lead), account_ids) in sessions.items()
    )
