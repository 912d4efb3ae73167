"""Workshops and roundtables: the sessions held with the person's accounts, and a form to
record one with one or several accounts (WS-1, WS-2, RT-1)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from rhythm.accounts.models import Account
from rhythm.accounts.queries import list_accounts
from rhythm.accounts.scoping import can_record_work, member_of
from rhythm.meetings.models import Session, SessionAttendance
from rhythm.meetings.queries import list_sessions
from rhythm.meetings.services import record_session
from rhythm.playbook.rules.workshops import industry_labels
from rhythm.team.models import TeamMember
from rhythm.web.forms import SessionForm, errors_from
from rhythm.web.viewpoint import viewpoint_of


@dataclass(frozen=True)
class SessionRow:
    """A session as listed: the accounts the person sees, and how many others attended."""

    session: Session
    seen: list[SessionAttendance]
    others: int

    @classmethod
    def of(cls, session: Session) -> SessionRow:
        seen = list(session.attendance.all())  # prefetched: only the visible accounts
        attending = getattr(session, "attending", len(seen))  # annotated by list_sessions
        return cls(session, seen, attending - len(seen))


SHOWN_DAYS = 365  # the list covers the last year: WS-1 asks for one a year at least


@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    """List the last year's workshops and roundtables with the person's accounts; record one.

    Recording needs a role that records work (403 otherwise); only accounts the person
    sees can be chosen. `?kind=roundtable&industry=Energy` (RT-1's link) opens the form
    filled in; `?recorded=ID` says what was just saved.
    """
    user = request.user
    accounts = list(list_accounts(user).order_by("name"))
    form_args = _choices(user, accounts)
    status = 200
    if request.method == "POST":
        if not can_record_work(user):
            raise PermissionDenied("Your role can read sessions but not record them.")
        form = SessionForm(request.POST, **form_args)
        if form.is_valid():
            try:
                session, _ = _save(form, accounts)
            except ValidationError as error:
                errors_from(form, error)
            else:
                return redirect(f"{reverse('sessions')}?recorded={session.pk}")
        status = 400
    else:
        form = SessionForm(initial=_initial(request, user), **form_args)
    since = timezone.localdate() - dt.timedelta(days=SHOWN_DAYS)
    sessions = [SessionRow.of(s) for s in list_sessions(user, since)]
    recorded = request.GET.get("recorded", "")
    context = {
        "form": form,
        "sessions": sessions,
        "recorded": next((r for r in sessions if str(r.session.pk) == recorded), None),
        "can_write": can_record_work(user) and bool(accounts),
        "open": bool(request.GET.get("kind")) or not sessions or form.errors,
        "title": viewpoint_of(user).title,
        "since": since,
    }
    return render(request, "web/sessions.html", context, status=status)


def _choices(user: Any, accounts: list[Account]) -> dict[str, Any]:
    """The accounts, leads and industries the form offers this person."""
    leads = list(viewpoint_of(user).csms)
    member = member_of(user)
    if member is not None and member.email not in {email for email, _ in leads}:
        leads.insert(0, (member.email, member.name))
    return {
        "accounts": [(a.pk, a.name) for a in accounts],
        "leads": leads,
        "industries": sorted(industry_labels(a.industry for a in accounts).values()),
    }


def _initial(request: HttpRequest, user: Any) -> dict[str, str]:
    """Fill the form from the link that led here (an RT-1 or WS-2 item) and the person."""
    member = member_of(user)
    initial = {"lead": member.email if member else ""}
    for name in ("kind", "industry"):
        if value := request.GET.get(name, "").strip():
            initial[name] = value
    return initial


def _save(form: SessionForm, accounts: list[Account]) -> Any:
    """Record the session through its service, with the accounts chosen."""
    data = form.cleaned_data
    by_id = {account.pk: account for account in accounts}
    chosen = [by_id[pk] for pk in form.account_ids()]
    lead = TeamMember.objects.filter(email=data["lead"]).first() if data["lead"] else None
    return record_session(
        kind=data["kind"],
        topic=data["topic"],
        date=data["date"],
        accounts=[(account, data["consented_on"]) for account in chosen],
        lead=lead,
        industry=data["industry"],
        duration_minutes=data["duration_minutes"],
        attendee_emails=form.attendee_emails(),
        notes=data["notes"],
    )
