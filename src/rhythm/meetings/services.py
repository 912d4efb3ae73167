"""Every write to EBRs, leadership check-ins, workshops and roundtables goes through here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import wraps
from typing import Any, ParamSpec

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from rhythm.accounts.models import Account
from rhythm.contacts.models import Contact
from rhythm.lib.dates import date_range_error, record_date_error
from rhythm.lib.upsert import Outcome, check_fields, lock_row, save_changes
from rhythm.meetings.models import (
    MEETING_TEXTS,
    SESSION_RECORDED,
    Ebr,
    EbrStatus,
    EbrStep,
    LeadershipCheckIn,
    Session,
    SessionAttendance,
    SessionKind,
)
from rhythm.playbook.queue import AccountCalendar, account_settings
from rhythm.playbook.rules.dates import Duration
from rhythm.playbook.rules.derived import norm
from rhythm.playbook.rules.workshops import industry_labels
from rhythm.team.models import TeamMember
from rhythm.timeline.models import ACTIVITY_NOTES, Activity
from rhythm.timeline.services import check_activity, log_activity_once, upsert_activity

EBR_FIELDS = frozenset(
    {
        "held_on",
        "status",
        "format",
        "length_minutes",
        "focus_areas",
        "agenda",
        "follow_up_sent_on",
        "success_plan_updated_on",
    }
)
CHECK_IN_FIELDS = frozenset({"held_on", "length_minutes", "agenda", "goals_reviewed"})


def fresh_meeting(
    model: type[Ebr] | type[LeadershipCheckIn], account: Account, **values: Any
) -> Ebr | LeadershipCheckIn:
    """Return a new EBR or leadership check-in of the account, not saved, starting from the
    account's playbook (its CSM's team's, its segment's): an EBR's length and format
    (EBR-5), a check-in's length the middle of its range (CHK-1). `values` win."""
    settings = account_settings(account)
    if model is Ebr:
        defaults: dict[str, Any] = {
            "length_minutes": settings.ebr.length_minutes,
            "format": settings.ebr.format,
        }
    else:
        check_ins = settings.check_ins
        middle = (check_ins.length_minutes_min + check_ins.length_minutes_max) // 2
        defaults = {"length_minutes": middle}
    return model(account=account, **{**defaults, **values})


def _record_meeting(
    model: type[Ebr] | type[LeadershipCheckIn],
    kind: str,
    account: Account,
    planned_on: dt.date,
    attendee_emails: Sequence[str],
    logged_by: TeamMember | None,
    values: dict[str, Any],
) -> tuple[Any, Outcome]:
    """Upsert a planned meeting by (account, planned date); once held, log it on the timeline.

    The timeline entry carries the attendees, so the cadence, coverage and executive rules
    see a held meeting like any other. An entry already on the timeline that day (logged
    alone, or imported) becomes the meeting's, keeping the attendees, logger and length
    it has unless they are given.
    """
    too_long = {name: MEETING_TEXTS[name].errors(values.get(name)) for name in MEETING_TEXTS}
    if errors := {name: reasons for name, reasons in too_long.items() if reasons}:
        raise ValidationError(errors)
    with transaction.atomic():
        lock_row(Account, account.pk)  # the same meeting sent twice at once is planned once
        meeting = model.objects.filter(account=account, planned_on=planned_on).first()
        meeting = meeting or fresh_meeting(model, account, planned_on=planned_on)
        activity = meeting.activity
        if held_on := values.get("held_on"):
            given = {"attendee_emails": attendee_emails, "logged_by": logged_by}
            details = {name: value for name, value in given.items() if value}
            logged = Activity.objects.filter(account=account, kind=kind, date=held_on).exists()
            if "length_minutes" in values or not logged:
                details["duration_minutes"] = values.get("length_minutes", meeting.length_minutes)
            activity, _ = upsert_activity(account=account, kind=kind, date=held_on, **details)
        outcome = save_changes(meeting, {**values, "activity": activity})
    return meeting, outcome


def record_ebr(
    *,
    account: Account,
    planned_on: dt.date,
    attendee_emails: Sequence[str] = (),
    logged_by: TeamMember | None = None,
    **values: Any,
) -> tuple[Ebr, Outcome]:
    """Create or update the account's EBR planned for `planned_on`; log it once it is held."""
    check_fields(values, EBR_FIELDS)
    if values.get("held_on") and values.get("status", "held") != "held":
        raise ValidationError({"status": ["An EBR with a held date has status 'held'."]})
    if values.get("held_on"):
        values["status"] = "held"
    return _record_meeting(Ebr, "ebr", account, planned_on, attendee_emails, logged_by, values)


def ebr_in_preparation(account: Account) -> Ebr | None:
    """Return the account's EBR being prepared, the one the rules prepare for (EBR-2, 3)."""
    return Ebr.objects.filter(account=account).in_preparation()


def plan_ebr(*, account: Account, planned_on: dt.date) -> tuple[Ebr, Outcome]:
    """Plan the account's next EBR for `planned_on`, or move the one being prepared there.

    An account prepares one EBR at a time, so a second date moves it (its done steps stay
    done) instead of planning another. A date before the team's today is refused: an EBR
    already held is logged as held.
    """
    fresh = fresh_meeting(Ebr, account, status=EbrStatus.PLANNING)
    return _plan(ebr_in_preparation, fresh, planned_on, "the EBR")


def check_in_planned(account: Account) -> LeadershipCheckIn | None:
    """Return the account's leadership check-in planned and not held yet, earliest first."""
    return LeadershipCheckIn.objects.filter(account=account).planned()


def plan_check_in(*, account: Account, planned_on: dt.date) -> tuple[LeadershipCheckIn, Outcome]:
    """Plan the account's next leadership check-in, or move the one planned (CHK-1)."""
    fresh = fresh_meeting(LeadershipCheckIn, account)
    return _plan(check_in_planned, fresh, planned_on, "the check-in")


def _plan(
    find: Callable[[Account], Any], fresh: Any, planned_on: dt.date, what: str
) -> tuple[Any, Outcome]:
    """Plan a meeting for `planned_on` (today to ten years ahead), moving the one planned if any."""
    if planned_on < timezone.localdate():
        passed = planned_on.isoformat()
        message = f"{passed} has passed; plan {what} for today or later, or log it as held."
        raise ValidationError({"planned_on": [message]})
    if too_far := date_range_error(planned_on):
        raise ValidationError({"planned_on": too_far})
    with transaction.atomic():
        lock_row(Account, fresh.account.pk)  # one meeting planned, however often it is sent
        meeting = find(fresh.account) or fresh
        if meeting.pk is None:  # a replay of an earlier day does not see this plan
            meeting.planned_at = timezone.localdate()
        outcome = save_changes(meeting, {"planned_on": planned_on})
    return meeting, outcome


def record_ebr_step(*, account: Account, number: int, done_on: dt.date) -> tuple[EbrStep, Outcome]:
    """Record a preparation step of the EBR being prepared as done (EBR-3).

    The step's name, owner and window come from the team's playbook, its window counted
    back from the EBR's planned date (business days in the account's working calendar, as
    EBR-3 counts them), so the step keeps them as they stood when it was done.
    A step recorded again is updated.
    """
    if refused := record_date_error(done_on, "record a step once it is done."):
        raise ValidationError({"done_on": refused})
    ebr = ebr_in_preparation(account)
    if ebr is None:
        raise ValidationError(f"{account.name} has no EBR in preparation: plan it first.")
    step = next((s for s in account_settings(account).ebr.steps if s.number == number), None)
    if step is None:
        raise ValidationError({"step": [f"The playbook has no EBR preparation step {number}."]})
    record = EbrStep.objects.filter(ebr=ebr, number=number).first()
    record = record or EbrStep(ebr=ebr, number=number)
    days = AccountCalendar(account)
    values = {
        "name": step.name,
        "owner_role": step.owner_role,
        "opens_on": days.shift(ebr.planned_on, step.opens_before, before=True),
        "closes_on": days.shift(ebr.planned_on, step.closes_before, before=True),
        "done_on": done_on,
    }
    return record, save_changes(record, values)


# Meetings planned ahead: how to find the one planned, how early it may be held and still
# be that one (EBR-2's planning lead; CHK-1's check-in interval), and what it is called.
PLANNED_MEETINGS: dict[str, tuple[Callable[[Account], Any], Callable[[Any], Duration], str]] = {
    "ebr": (ebr_in_preparation, lambda settings: settings.ebr.planning_lead, "an EBR"),
    "leadership_check_in": (
        check_in_planned,
        lambda settings: settings.check_ins.after_ebr,
        "a check-in",
    ),
}


def _planned_held_on(account: Account, kind: str, date: dt.date) -> Ebr | LeadershipCheckIn | None:
    """Return the EBR or check-in that a meeting of `kind` held on `date` is: the one already
    recorded held that day (an EBR imported held, logged again), else the one planned, unless
    `date` is more than its planning lead before it (None for other kinds; a lead in
    business days counted in the account's working calendar, as the rules count it)."""
    if kind not in PLANNED_MEETINGS:
        return None
    find, lead_of, _ = PLANNED_MEETINGS[kind]
    if refused := _held_date_error(kind, date):
        raise ValidationError({"date": refused})
    model = Ebr if kind == "ebr" else LeadershipCheckIn
    held: Ebr | LeadershipCheckIn | None = (
        model.objects.filter(account=account, held_on=date).order_by("pk").first()
    )
    if held is not None:
        return held
    planned = find(account)
    lead = lead_of(account_settings(account))
    if planned is None:
        return None
    if date < AccountCalendar(account).shift(planned.planned_on, lead, before=True):
        return None
    return planned


def _held_date_error(kind: str, date: dt.date) -> list[str]:
    """Say why an EBR or check-in cannot be logged held on `date` (in the future, say)."""
    what = PLANNED_MEETINGS[kind][2]
    return record_date_error(date, f"log {what} once it is held.")


def log_imported(
    *, account: Account, kind: str, date: dt.date, **values: Any
) -> tuple[Activity, Outcome]:
    """Log an activity of an import as it stands (`upsert_activity`: one a kind and day, the
    fields given), except an EBR or check-in that is the one planned (`log_held`'s window),
    which is held then, as when it is logged by hand, or the one already held that day.
    Unlike `log_held`, an EBR with none planned stays history, on the timeline only: a file
    of past activities asks for no follow-up (the `ebrs` kind records EBRs to follow up)."""
    planned = _planned_held_on(account, kind, date)
    if planned is not None:
        return _hold(planned, account=account, kind=kind, date=date, **values)
    return upsert_activity(account=account, kind=kind, date=date, **values)


def log_held(
    *,
    account: Account,
    kind: str,
    date: dt.date,
    attendee_emails: Sequence[str] = (),
    logged_by: TeamMember | None = None,
    duration_minutes: int | None = None,
    notes: str = "",
) -> tuple[Activity, Outcome]:
    """Log an activity held on `date`; an EBR or a check-in as the one planned, now held.

    The account page's activity form, the API, `rhythm log` and the queue's items log
    through here. A planned EBR or leadership check-in is taken as the one held unless
    `date` is more than its planning lead (EBR-2: 4 months) or interval (CHK-1: 3 months)
    before its planned date: an older meeting logged for the record leaves the next one
    planned. An EBR that is not the one planned, held within the planning lead before
    today, is recorded as an EBR held that day (planned for it), so its follow-ups are
    asked (EBR-3's email, EBR-4's plan update) as after any EBR (`_held_lately`).
    Otherwise, and for every other kind, the activity is logged on the timeline alone.
    Either way the timeline gets it, with its attendees. Sent again as it was, it is
    not logged twice (`log_activity_once`): the outcome is "created" when the timeline
    gets a new activity, else "updated" or "unchanged". Everything is checked before
    anything is written: an EBR's or check-in's date with its other fields (`check_held`),
    so all their errors show at once; every other kind by the write it goes to, which
    checks all its fields first with the same functions `check_held` asks. The account's row
    is locked meanwhile (`lock_row`), so the same activity posted twice at once is
    logged once and a planned meeting is held once.
    """
    with transaction.atomic():
        lock_row(Account, account.pk)
        if kind in PLANNED_MEETINGS and (
            errors := check_held(
                account=account,
                kind=kind,
                date=date,
                duration_minutes=duration_minutes,
                notes=notes,
                attendee_emails=attendee_emails,
            )
        ):
            raise ValidationError(errors)
        if _logs_session(account, kind):
            return _log_session(
                account, kind, date, attendee_emails, logged_by, duration_minutes, notes
            )
        planned = _planned_held_on(account, kind, date)
        if planned is None and kind == "ebr" and _held_lately(account, date):
            planned = fresh_meeting(Ebr, account, planned_on=date)
        activity: dict[str, Any] = {
            "account": account,
            "kind": kind,
            "date": date,
            "duration_minutes": duration_minutes,
            "attendee_emails": attendee_emails,
            "logged_by": logged_by,
            "notes": notes,
        }
        if planned is None:
            return log_activity_once(**activity)
        return _hold(planned, **activity)


def check_held(
    *,
    account: Account,
    kind: str,
    date: dt.date | None,
    duration_minutes: int | None = None,
    notes: str = "",
    attendee_emails: Sequence[str] = (),
) -> dict[str, list[str]]:
    """Say what `log_held` refuses in an activity held, by field, writing nothing; `log_held`
    asks this first, so every error shows at once (an EBR's date and an unknown attendee).

    Checked as it is logged: a workshop or roundtable as the account's session
    (`check_session`), or as the entry that day already has; an EBR or check-in's date in
    its own words ("log an EBR once it is held"); the rest as `check_activity` checks an
    activity. A form refused on its own fields asks this of what it took: a date not known
    (None: one that did not parse) is not checked, nor is a session's entry that day looked
    up; a kind not known ("") is checked as an activity of no kind.
    """
    if _logs_session(account, kind):
        if date is not None and _session_entries(account, kind, date).exists():
            entry = _entry_details(attendee_emails, notes, duration_minutes)
            return check_activity(account=account, kind=kind, date=date, **entry)
        topic, industries = _session_of(account, kind)
        return check_session(
            kind=kind,
            topic=topic,
            date=date,
            accounts=[(account, None)],
            industries=industries,
            attendee_emails=attendee_emails,
            notes=notes,
        )
    if kind not in PLANNED_MEETINGS:
        return check_activity(
            account=account,
            kind=kind,
            date=date,
            duration_minutes=duration_minutes,
            notes=notes,
            attendee_emails=attendee_emails,
        )
    # An EBR or check-in held as the one planned takes its planned length when the duration
    # is 0 or none, so only a duration given is checked; its date in its own words, below.
    errors = check_activity(
        account=account,
        kind=kind,
        date=None,
        duration_minutes=duration_minutes or None,
        notes=notes,
        attendee_emails=attendee_emails,
    )
    if date is not None and (refused := _held_date_error(kind, date)):
        errors["date"] = refused
    return errors


def _logs_session(account: Account, kind: str) -> bool:
    """Tell whether an activity of `kind` logged on the account is a session: a workshop,
    or a roundtable of an account with an industry (RT-1 counts it for that industry)."""
    return kind in SessionKind.values and (
        kind == SessionKind.WORKSHOP or bool(account.industry.strip())
    )


def _session_of(account: Account, kind: str) -> tuple[str, list[str]]:
    """Return the topic and industries of a session logged on the account alone."""
    industries = [account.industry] if kind == SessionKind.ROUNDTABLE else []
    return f"{SessionKind(kind).label} with {account.name}", industries


def _session_entries(account: Account, kind: str, date: dt.date) -> QuerySet[Activity]:
    """Return the account's timeline entries of a session of `kind` held on `date`."""
    return Activity.objects.filter(account=account, kind=kind, date=date, session__isnull=False)


def _entry_details(
    attendee_emails: Sequence[str], notes: str, duration_minutes: int | None
) -> dict[str, Any]:
    """Return what a session's entry takes of an activity logged on its day: what is given."""
    given = {
        "attendee_emails": attendee_emails,
        "notes": notes.strip(),
        "duration_minutes": duration_minutes,
    }
    return {name: value for name, value in given.items() if value}


def _held_lately(account: Account, date: dt.date) -> bool:
    """Tell whether an EBR held on `date` without being planned is recent enough to follow up.

    The handbook asks for the follow-up email (EBR-3) and the success-plan update (EBR-4)
    after every EBR, so one held without being planned in Rhythm is recorded as an EBR held
    that day, and asked for them. One dated more than the planning lead (4 months) ago is
    history logged for the record, as an older EBR is when one is planned: timeline only.
    A lead in business days is counted in the account's working calendar.
    """
    lead = account_settings(account).ebr.planning_lead
    today = timezone.localdate()
    return date >= AccountCalendar(account, today).shift(today, lead, before=True)


def _hold(
    planned: Ebr | LeadershipCheckIn,
    *,
    account: Account,
    kind: str,
    date: dt.date,
    attendee_emails: Sequence[str] = (),
    logged_by: TeamMember | None = None,
    duration_minutes: int | None = None,
    notes: str = "",
) -> tuple[Activity, Outcome]:
    """Record the EBR or check-in planned as held on `date`, and log it on the timeline."""
    details: dict[str, Any] = {"notes": notes} if notes.strip() else {}
    with transaction.atomic():
        new = not Activity.objects.filter(account=account, kind=kind, date=date).exists()
        record = record_ebr if isinstance(planned, Ebr) else record_check_in
        _, held = record(
            account=account,
            planned_on=planned.planned_on,
            attendee_emails=attendee_emails,
            logged_by=logged_by,
            held_on=date,
            **({"length_minutes": duration_minutes} if duration_minutes else {}),
        )
        activity, noted = upsert_activity(account=account, kind=kind, date=date, **details)
    changed = "updated" in (held, noted)
    return activity, "created" if new else "updated" if changed else "unchanged"


def _log_session(
    account: Account,
    kind: str,
    date: dt.date,
    attendee_emails: Sequence[str],
    logged_by: TeamMember | None,
    duration_minutes: int | None,
    notes: str,
) -> tuple[Activity, Outcome]:
    """Log a workshop or roundtable held with one account as a session its logger led.

    WS-2 counts the workshops a CSM leads and RT-1 the roundtables held per industry, from
    sessions: one logged on a single account is a session too, for that account's
    industry. Logged again on a day that already has the account's session (one recorded
    with several accounts, say), it updates that session's entry instead.
    """
    if _session_entries(account, kind, date).exists():
        details = _entry_details(attendee_emails, notes, duration_minutes)
        return upsert_activity(account=account, kind=kind, date=date, **details)
    topic, industries = _session_of(account, kind)
    _, outcome = record_session(
        kind=kind,
        topic=topic,
        date=date,
        accounts=[(account, None)],
        lead=logged_by,
        industries=industries,
        duration_minutes=duration_minutes,
        attendee_emails=attendee_emails,
        notes=notes,
    )
    logged = Activity.objects.get(account=account, kind=kind, date=date, session__isnull=False)
    return logged, outcome


# What is recorded after an EBR (EBR-3's follow-up email, EBR-4's success-plan update):
# what it says, and the field its date is sent as (the API's), which its errors are under.
AFTER_EBR = {
    "follow_up_sent_on": ("the follow-up email was sent", "sent_on"),
    "success_plan_updated_on": ("the success plan was updated", "updated_on"),
}


def record_after_ebr(*, account: Account, field: str, on: dt.date) -> Ebr:
    """Record that the follow-up of the latest EBR held was done on `on` (EBR-3, EBR-4).

    `field` is `follow_up_sent_on` or `success_plan_updated_on`. Only a date from the EBR
    to today is kept, and it is recorded once: the same date again changes nothing (sent
    twice), and another date is refused under the field sent, naming the one recorded.
    """
    what, sent_as = AFTER_EBR[field]
    if refused := record_date_error(on, f"record that {what} once it is done."):
        raise ValidationError({sent_as: refused})
    latest = Ebr.objects.filter(account=account).last_held()
    if latest is None or latest.held_on is None:
        raise ValidationError(f"{account.name} has no EBR held: log it held first.")
    done = getattr(latest, field)
    if done == on:
        return latest
    if done is not None:
        held = latest.held_on.isoformat()
        message = f"Already recorded: {what} on {done.isoformat()} (EBR of {held})."
        raise ValidationError({sent_as: [message]})
    if on < latest.held_on:
        message = f"{on.isoformat()} is before the EBR, held {latest.held_on.isoformat()}."
        raise ValidationError({sent_as: [message]})
    save_changes(latest, {field: on})
    return latest


def record_check_in(
    *,
    account: Account,
    planned_on: dt.date,
    attendee_emails: Sequence[str] = (),
    logged_by: TeamMember | None = None,
    **values: Any,
) -> tuple[LeadershipCheckIn, Outcome]:
    """Create or update the leadership check-in planned for `planned_on`; log it when held."""
    check_fields(values, CHECK_IN_FIELDS)
    kind = "leadership_check_in"
    return _record_meeting(
        LeadershipCheckIn, kind, account, planned_on, attendee_emails, logged_by, values
    )


def _session_errors(
    known: Session | None,
    kind: str,
    topic: str | None,
    date: dt.date | None,
    industries: list[str],
    attending: list[tuple[Account, Any]] | None,
) -> dict[str, list[str]]:
    """Say what is wrong with a session before anything is written.

    A session recorded again (`known`) with more accounts (a second row of an import, say)
    becomes a multi-customer session: the accounts already there need consent too; and a
    roundtable recorded before keeps its industries. The consent error names only the
    accounts sent, which the caller chose, and counts the others already at the session,
    whose names the caller may not be allowed to see. A topic, date or accounts not known
    (None: a form's field that did not parse) leave out the checks that need them.
    """
    errors: dict[str, list[str]] = {}
    if kind not in SessionKind.values:
        errors["kind"] = [f"{kind!r} is not a session kind; use workshop or roundtable."]
    if topic is not None and not topic.strip():
        errors["topic"] = ["Give the session a topic."]
    held = "record a session once it is held."
    if date is not None and (refused := record_date_error(date, held)):
        errors["date"] = refused
    if kind == SessionKind.ROUNDTABLE and not (industries or (known and known.industries)):
        errors["industries"] = [
            "A roundtable is for one or more industries (RT-1); name at least one industry."
        ]
    if attending is None:
        return errors
    if not attending:
        errors["accounts"] = ["Choose at least one account that attended."]
        return errors
    advice = "record consent once it is given."
    given = sorted({consented for _, consented in attending if consented is not None})
    if refused := [m for day in given for m in record_date_error(day, advice)]:
        errors["consented_on"] = refused
    sent = {account.pk: (account.name, consented) for account, consented in attending}
    there = dict(known.attendance.values_list("account_id", "consented_on")) if known else {}
    others = {pk: consented for pk, consented in there.items() if pk not in sent}
    missing = sorted(name for name, consented in sent.values() if consented is None)
    unseen = sum(1 for consented in others.values() if consented is None)
    if len(sent) + len(others) > 1 and (missing or unseen):
        named = ", ".join(missing)
        if unseen:
            counted = f"{unseen} account{'s' if unseen > 1 else ''} already recorded at it"
            named = f"{named} and {counted}" if named else counted
        errors["accounts"] = [f"No consent to a multi-customer session: {named}."]
    return errors


P = ParamSpec("P")


def _joined_if_recorded_meanwhile(
    record: Callable[P, tuple[Session, Outcome]],
) -> Callable[P, tuple[Session, Outcome]]:
    """Record a session again when someone recorded it between this request's look and its
    write. With no account in common, nothing made this request wait: the database keeps
    one session by its key (`Session`'s `session_once`) and refused this one's copy, by
    the model's check or on insert; recorded again, it joins theirs."""

    @wraps(record)
    def recorded(*args: P.args, **kwargs: P.kwargs) -> tuple[Session, Outcome]:
        try:
            return record(*args, **kwargs)
        except (IntegrityError, ValidationError) as error:
            if not _recorded_meanwhile(error):
                raise
        return record(*args, **kwargs)

    return recorded


def _recorded_meanwhile(error: IntegrityError | ValidationError) -> bool:
    """Tell whether a write was refused because its session (or an account's seat at it)
    was written meanwhile: the database refused the row, or the model's check found it."""
    if isinstance(error, IntegrityError):
        return True
    refused = getattr(error, "error_dict", {}).get(NON_FIELD_ERRORS, [])
    return any(part.code == SESSION_RECORDED for part in refused)


@_joined_if_recorded_meanwhile
def record_session(
    *,
    kind: str,
    topic: str,
    date: dt.date,
    accounts: Sequence[tuple[Account, dt.date | None]],
    lead: TeamMember | None = None,
    recorded_by: TeamMember | None = None,
    industries: Sequence[str] = (),
    industry: str = "",
    duration_minutes: int | None = None,
    attendee_emails: Sequence[str] = (),
    notes: str = "",
) -> tuple[Session, Outcome]:
    """Create or update a workshop or roundtable held, and log it on each attending account.

    `accounts` pairs each account with the date it consented to a multi-customer session
    (a day that has come, not before 1970). Several accounts at one session need every
    one's consent (WS-2); a roundtable names one or more `industries` (RT-1 counts it for
    each), every one an industry of the accounts (its case aside, written as the accounts
    write it); one named twice is kept once. The session is logged once per account, linked to the
    session and by its lead, so each timeline stays complete and WS-1 counts it for each
    account; an attendee email is logged on the account whose contact it is (or a team
    member's on every account). A session is its kind, topic (its case aside, the first
    spelling kept) and date, whoever records it (several CSMs' accounts may attend one
    workshop): recording it again updates it; a lead not given keeps the one recorded, and
    so do industries: none given keeps the list recorded, while a list given replaces it
    (it is the whole list, not more of them). `industry` is the API's older single form:
    named first when `industries` are given too. Given alone, it is the list (its errors
    under `industry`), unless the session recorded before already names it (its case
    aside): then the list recorded is kept, so a client that reads one industry and sends
    it back does not drop the others. `recorded_by` (the person recording
    it, if any) leads a new session recorded without a lead, and only a new one: a second
    CSM recording the same session does not take its lead (and WS-2's credit) over. The
    outcome is "created" when the session or an account's attendance is new (a row of an
    import is one account's attendance), "updated" when anything else recorded changed,
    its accounts' timeline entries included, else "unchanged".
    """
    attending = list(accounts)
    topic = topic.strip()
    with transaction.atomic():
        # The same session recorded twice at once (a form sent twice, a script retrying)
        # is created once: the second waits for the first's accounts, then finds the session.
        lock_row(Account, *(account.pk for account, _ in attending))
        checked = _checked_session(
            kind, topic, date, attending, industries, attendee_emails, notes, industry=industry
        )
        if checked.errors:
            raise ValidationError(checked.errors)
        known, named, attendees = checked.known, checked.industries, checked.attendees
        lead = lead or (None if known else recorded_by)
        # What is not given (no lead, no notes) keeps what was recorded, on the session and
        # on each account's timeline entry, which its lead logged.
        given = {"notes": notes.strip(), "duration_minutes": duration_minutes}
        details: dict[str, Any] = {name: value for name, value in given.items() if value}
        session = known or Session(kind=kind, topic=topic, date=date)
        kept = {"lead": lead, "industries": named}
        outcome = save_changes(session, {name: value for name, value in kept.items() if value})
        if session.lead is not None:
            details["logged_by"] = session.lead
        for account, consented_on in attending:
            seat = SessionAttendance.objects.filter(session=session, account=account).first()
            if seat is None:
                SessionAttendance.objects.create(
                    session=session, account=account, consented_on=consented_on
                )
                outcome = "created"
            elif seat.consented_on != consented_on:
                seat.consented_on = consented_on
                seat.save(update_fields=["consented_on"])
                outcome = outcome if outcome == "created" else "updated"
            if attendees:
                details["attendee_emails"] = attendees[account.pk]
            activity, logged = upsert_activity(account=account, kind=kind, date=date, **details)
            if activity.session_id != session.pk:
                activity.session = session
                activity.save(update_fields=["session"])
                logged = "updated" if logged == "unchanged" else logged
            if outcome == "unchanged" and logged != "unchanged":
                outcome = "updated"  # new notes, length or attendees on the timelines
    return session, outcome


@dataclass(frozen=True)
class _CheckedSession:
    """A session as checked before it is written: what is wrong with it, the session
    recorded before (if any), its industries as the accounts write them, the attendees
    by account."""

    errors: dict[str, list[str]]
    known: Session | None
    industries: list[str]
    attendees: dict[int, list[str]]


def _checked_session(
    kind: str,
    topic: str | None,
    date: dt.date | None,
    attending: list[tuple[Account, Any]] | None,
    industries: Iterable[str],
    attendee_emails: Sequence[str],
    notes: str,
    industry: str = "",
) -> _CheckedSession:
    """Check a session as `record_session` does before writing (`check_session`); its
    notes as each account's timeline entry takes them."""
    known = None
    if topic is not None and date is not None:
        known = Session.objects.filter(kind=kind, topic__iexact=topic.strip(), date=date).first()
    sent, field = _industries_sent(known, industries, industry)
    named, unknown = industries_of(sent)
    errors = _session_errors(known, kind, topic, date, named, attending)
    if unknown:
        errors["industries"] = [unknown]
    if field != "industries" and "industries" in errors:
        errors[field] = errors.pop("industries")
    attendees = _attendees_by_account(attending or [], attendee_emails, errors)
    if too_long := ACTIVITY_NOTES.errors(notes):
        errors["notes"] = too_long
    return _CheckedSession(errors, known, named, attendees)


def _industries_sent(
    known: Session | None, industries: Iterable[str], industry: str
) -> tuple[list[str], str]:
    """Return the industries a session is recorded with, and the field their errors are
    under (`record_session`'s `industry`, the older single form, or `industries`).

    `industry` beside `industries` is named first. Alone, it is the whole list, unless the
    session recorded before (`known`) already names it, matched as `industries_of` matches
    (its case aside): then none is sent, which keeps the list recorded.
    """
    listed = list(industries)
    if not industry:
        return listed, "industries"
    if listed:
        return [industry, *listed], "industries"
    recorded = industry_labels(known.industries) if known else {}
    return ([] if norm(industry) in recorded else [industry]), "industry"


def check_session(
    *,
    kind: str,
    topic: str | None,
    date: dt.date | None,
    accounts: Iterable[tuple[Account, dt.date | None]] | None,
    industries: Iterable[str] = (),
    attendee_emails: Sequence[str] = (),
    notes: str = "",
) -> dict[str, list[str]]:
    """Return what `record_session` would refuse in a session, by field, writing nothing.

    A form whose own fields are refused (a topic missing) asks this of what it did take,
    so one submission shows every error it has, not the service's only once the form's are
    fixed. What is not known (None: a field that did not parse) leaves out the checks that
    need it: no topic or date, no session recorded before is looked up (a roundtable is
    asked its industries, which one recorded before might have had); no accounts, neither
    consent nor attendees are checked.
    """
    attending = None if accounts is None else list(accounts)
    checked = _checked_session(kind, topic, date, attending, industries, attendee_emails, notes)
    return checked.errors


def industries_of(names: Iterable[str]) -> tuple[list[str], str | None]:
    """Return a session's industries as the accounts write them, and why any is refused.

    The industries are the accounts' own (RT-1 asks for a roundtable per industry of a book),
    matched ignoring case as the rules match them: 'energy' is the accounts' 'Energy'. One
    named twice (its case aside) is kept once, in the order first named; blank names are
    dropped. One no account has would never count, so it is refused, named, with the
    industries there are.
    """
    if isinstance(names, str):  # one industry, not its letters
        names = [names]
    wanted = industry_labels(names)  # each one once, as first written, in order
    if not wanted:
        return [], None
    named = Account.objects.exclude(industry="").values_list("industry", flat=True)
    labels = industry_labels(named.distinct().order_by("industry"))
    found = [labels[key] for key in wanted if key in labels]
    unknown = [name for key, name in wanted.items() if key not in labels]
    if not unknown:
        return found, None
    choices = ", ".join(sorted(labels.values(), key=str.casefold)) or "none yet"
    quoted = ", ".join(map(repr, unknown))
    what = "is not the industry" if len(unknown) == 1 else "are not industries"
    return found, f"{quoted} {what} of any account; use one of: {choices}."


def _attendees_by_account(
    attending: list[tuple[Account, Any]], emails: Sequence[str], errors: dict[str, list[str]]
) -> dict[int, list[str]]:
    """Split attendee emails by account: its own contacts, and every team member on each.

    Two queries, whatever the number of accounts. An email that is neither a contact of an
    attending account nor a team member is added to `errors`.
    """
    wanted = {email.strip().lower() for email in emails if email.strip()}
    if not wanted or not attending:
        return {}
    ids = [account.pk for account, _ in attending]
    contacts = Contact.objects.filter(account_id__in=ids).exclude(email="")
    theirs: dict[int, list[str]] = {pk: [] for pk in ids}
    for account_id, email in contacts.values_list("account_id", "email"):
        if email.lower() in wanted:
            theirs[account_id].append(email)
    members = list(TeamMember.objects.filter(email__in=wanted).values_list("email", flat=True))
    known = {email.lower() for found in theirs.values() for email in found} | set(members)
    if unknown := sorted(wanted - known):
        errors["attendees"] = [
            "Not a contact of an attending account or a team member: " + ", ".join(unknown)
        ]
    return {pk: found + members for pk, found in theirs.items()}
