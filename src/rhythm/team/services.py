"""Every write to team members and their time off goes through here: the UI, the API, the
CLI and imports."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from rhythm.lib import codes
from rhythm.lib.dates import date_range_error
from rhythm.lib.upsert import Outcome, check_codes, check_fields, lock_row, save_changes
from rhythm.team.models import Role, TeamMember, TimeOff, with_article

MEMBER_FIELDS = frozenset({"role", "region", "manager", "is_active"})


def find_member(email: str) -> TeamMember | None:
    """Return the team member with this email, ignoring case."""
    return TeamMember.objects.filter(email__iexact=email.strip()).first()


def _login_for(email: str) -> Any:
    """Return the login named after `email`, creating one that cannot sign in yet.

    An admin (or the demo loader) sets the password; until then the login is locked.
    """
    user_model = get_user_model()
    user = user_model.objects.filter(username__iexact=email).first()
    if user is None:
        user = user_model.objects.create_user(username=email, email=email, password=None)
    return user


def upsert_team_member(*, email: str, name: str, **values: Any) -> tuple[TeamMember, Outcome]:
    """Create the team member with this email (and their login), or update the given fields.

    Email is the natural key, matched ignoring case and stored lower-case; the login's
    username is the email. Fields not given keep their stored value. Accepted fields:
    role, region, manager, is_active.
    """
    check_fields(values, MEMBER_FIELDS)
    check_codes(values, {"region": (codes.REGIONS, "region")} if "region" in values else {})
    email = email.strip().lower()
    member = find_member(email) or TeamMember(email=email)
    check_member_change(member, role=values.get("role", member.role), manager=values.get("manager"))
    with transaction.atomic():
        if member._state.adding:
            member.user = _login_for(email)
        outcome = save_changes(member, {"email": email, "name": name.strip(), **values})
    return member, outcome


def check_member_change(member: TeamMember, *, role: str, manager: TeamMember | None) -> None:
    """Refuse a role or manager the member cannot take, naming the field and the reason.

    `member` is as stored (unsaved for a new one). The admin's form asks this too, so a
    change there is refused as an import or the API would refuse it: a manager who is the
    member, or whom the member manages through the stored managers; a new role that cannot
    hold the account seats the member holds.
    """
    if manager is not None and manager.email.lower() == member.email.lower():
        raise ValidationError({"manager": ["A team member cannot be their own manager."]})
    if manager is not None and member.pk is not None:
        _check_no_manager_loop(member, manager)
    if member.pk is not None and role != member.role:
        _check_seats_fit(member, role)


def _check_seats_fit(member: TeamMember, role: str) -> None:
    """Refuse a new role that cannot hold the account seats the member holds (a CSM with a
    book made an AE): their accounts would keep a CSM whose book cannot be asked for."""
    from rhythm.accounts.models import SEAT_HOLDERS, AccountTeamMember

    held = AccountTeamMember.objects.filter(member=member).select_related("account")
    misfits = [seat for seat in held if role not in SEAT_HOLDERS.get(seat.role, {role})]
    if not misfits:
        return
    seat = misfits[0]
    names = sorted({s.account.name for s in misfits if s.role == seat.role})
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    label = Role(role).label
    message = (
        f"{member.email} holds the {seat.get_role_display()} seat of {shown}, which "
        f"{with_article(label)} cannot hold: give those accounts to someone else first."
    )
    raise ValidationError({"role": [message]})


def _check_no_manager_loop(member: TeamMember, manager: TeamMember) -> None:
    """Refuse a manager who is, through the stored managers, managed by `member`."""
    chain = [member.email, manager.email]
    seen = {member.pk}
    current = manager.pk
    while current is not None and current not in seen:
        seen.add(current)
        current, email = TeamMember.objects.values_list("manager_id", "manager__email").get(
            pk=current
        )
        if current is not None:
            chain.append(email)
    if current == member.pk:
        loop = " → ".join(chain)
        message = f"Managers would form a loop: {loop} (each managed by the next)."
        raise ValidationError({"manager": [message]})


def record_time_off(
    *, member: TeamMember, starts_on: dt.date, ends_on: dt.date, note: str = ""
) -> tuple[TimeOff, Outcome]:
    """Record a period of a team member's paid time off (CAP-2: beyond the playbook's days
    a year, it shrinks the member's capacity).

    A period is its member and first day: recording it again changes its last day and note.
    Periods of one member may not overlap, or the capacity rules would subtract a day twice.
    Both days are from 1970 to ten years ahead, as every date Rhythm keeps.
    """
    errors = {
        name: refused
        for name, day in (("starts_on", starts_on), ("ends_on", ends_on))
        if (refused := date_range_error(day))
    }
    if errors:
        raise ValidationError(errors)
    if ends_on < starts_on:
        raise ValidationError({"ends_on": ["Time off must end on or after the day it starts."]})
    with transaction.atomic():
        lock_row(TeamMember, member.pk)  # two periods sent at once are checked one by one
        period = TimeOff.objects.filter(member=member, starts_on=starts_on).first()
        period = period or TimeOff(member=member, starts_on=starts_on)
        overlapping = (
            TimeOff.objects.filter(member=member, starts_on__lte=ends_on, ends_on__gte=starts_on)
            .exclude(pk=period.pk)
            .first()
        )
        if overlapping is not None:
            other = f"{overlapping.starts_on.isoformat()} to {overlapping.ends_on.isoformat()}"
            message = f"It overlaps {member.name}'s time off {other}."
            raise ValidationError({"starts_on": [message]})
        return period, save_changes(period, {"ends_on": ends_on, "note": note.strip()})


def withdraw_time_off(period: TimeOff) -> TimeOff:
    """Withdraw a period of time off recorded by mistake or no longer taken: CAP-2 stops
    counting it. Return it as it was, to say what was withdrawn (recording it again brings
    it back)."""
    kept = TimeOff(
        member=period.member, starts_on=period.starts_on, ends_on=period.ends_on, note=period.note
    )
    period.delete()
    return kept
