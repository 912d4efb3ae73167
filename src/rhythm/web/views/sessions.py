"""Workshops and roundtables: the sessions held with the person's accounts, and a form to
record one with one or several accounts (WS-1, WS-2, RT-1)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.forms.boundfield import BoundWidget
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from rhythm.accounts.models import Account
from rhythm.accounts.queries import list_accounts
from rhythm.accounts.scoping import can_record_work, member_of
from rhythm.meetings.models import Session, SessionAttendance
from rhythm.meetings.queries import LISTED_DAYS, list_sessions
from rhythm.meetings.services import check_session, record_session
from rhythm.playbook.config import current_settings
from rhythm.playbook.queue import queue_items, scoped_accounts
from rhythm.playbook.rules.derived import norm
from rhythm.playbook.rules.items import DUE, LATE
from rhythm.playbook.rules.workshops import industry_labels
from rhythm.playbook.settings import PlaybookSettings
from rhythm.team.services import find_member
from rhythm.web.addresses import to_the_point
from rhythm.web.forms import SessionFilterForm, SessionForm, errors_from, merge_errors
from rhythm.web.viewpoint import BOOK, TEAM, Viewpoint, viewpoint_of

SESSIONS_PER_PAGE = 50
PICKER_MAX = 300  # past this many accounts in view, the form asks for names instead


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


@dataclass(frozen=True)
class Pick:
    """An account's box in the form, with what helps choose it: its industry, WS-1 due."""

    box: BoundWidget
    note: str


@login_required
@to_the_point
def session_list(request: HttpRequest) -> HttpResponse:
    """List the last year's workshops and roundtables with the person's accounts (or any
    time's, one kind's, those with a topic or account: `SessionFilterForm`); record one.

    Recording needs a role that records work (403 otherwise); only accounts the person
    sees can be chosen (by name, where there are too many to list). `?kind=roundtable&
    industry=Energy` (RT-1's link) opens the form filled in, Energy ticked; `?recorded=ID`
    says what was just saved (`&unchanged=1`: that it was recorded already, as sent).
    """
    user = request.user
    viewpoint = viewpoint_of(user)
    visible = list_accounts(user)
    accounts = list(visible.order_by("name")[: PICKER_MAX + 1])
    listed = accounts if len(accounts) <= PICKER_MAX else None
    form_args = _choices(user, viewpoint, visible, listed)
    status = 200
    if request.method == "POST":
        if not can_record_work(user):
            raise PermissionDenied("Your role can read sessions but not record them.")
        form = SessionForm(request.POST, **form_args)
        valid = form.is_valid()
        attending, unknown = _attending(form, visible)
        if valid and not unknown:
            try:
                session, outcome = _save(form, attending)
            except ValidationError as error:
                errors_from(form, error)
            else:
                # Sent again as it was (a second click, a colleague who recorded it first):
                # said so, rather than "Recorded" as if there were two.
                again = "&unchanged=1" if outcome == "unchanged" else ""
                return redirect(f"{reverse('sessions')}?recorded={session.pk}{again}")
        else:  # every error at once: the service's on what the form took, with the form's
            merge_errors(form, _unsaved_errors(form, attending))
            if unknown:
                form.add_error("accounts", unknown)
        status = 400
    else:
        form = SessionForm(initial=_initial(request, user, form_args["industries"]), **form_args)
    finder = SessionFilterForm(request.GET)
    filters = finder.filters()
    since = dt.date.min if filters.get("held") else timezone.localdate() - dt.timedelta(LISTED_DAYS)
    held = list_sessions(user, since, kind=filters.get("of_kind", ""), text=filters.get("q", ""))
    page = Paginator(held, SESSIONS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "picks": _picks(user, form, viewpoint, listed),
        "finder": finder,
        "filtered": bool(filters),
        "query": urlencode(filters) + "&" if filters else "",
        "page": page,
        "sessions": [SessionRow.of(s) for s in page.object_list],
        "recorded": _just_recorded(user, request.GET.get("recorded", "")),
        "unchanged": bool(request.GET.get("unchanged")),
        "can_write": can_record_work(user) and bool(accounts),
        "open": bool(request.GET.get("kind"))
        or not (page.paginator.count or filters)
        or form.errors,
        "title": viewpoint.title,
        "since": since,
        "roundtables_per_quarter": _view_settings(
            user, viewpoint
        ).workshops.roundtables_per_industry_per_quarter,
    }
    return render(request, "web/sessions.html", context, status=status)


def _just_recorded(user: Any, recorded: str) -> SessionRow | None:
    """Return the session just recorded (`?recorded=ID`), however long ago it was held: one
    older than the list's year is confirmed too, though the list does not show it."""
    if not recorded.isdigit():
        return None
    session = list_sessions(user, dt.date.min).filter(pk=recorded).first()
    return SessionRow.of(session) if session else None


def _view_settings(user: Any, viewpoint: Viewpoint) -> PlaybookSettings:
    """Return the settings of the person's view, as RT-1 runs on them: their team's for a
    book or a team, the file's for a view spanning teams."""
    team = scoped_accounts(user, viewpoint.scope).team if viewpoint.kind in (BOOK, TEAM) else None
    return current_settings(team)


def _choices(
    user: Any, viewpoint: Viewpoint, visible: QuerySet[Account], listed: list[Account] | None
) -> dict[str, Any]:
    """The accounts (None: too many to list), leads and industries the form offers."""
    leads = list(viewpoint.csms)
    member = member_of(user)
    if member is not None and member.email not in {email for email, _ in leads}:
        leads.insert(0, (member.email, member.name))
    industries = visible.exclude(industry="").values_list("industry", flat=True).distinct()
    return {
        "accounts": None if listed is None else [(a.pk, a.name) for a in listed],
        "leads": leads,
        "industries": sorted(industry_labels(industries).values(), key=str.casefold),
    }


def _picks(
    user: Any, form: SessionForm, viewpoint: Viewpoint, listed: list[Account] | None
) -> list[Pick]:
    """Each account's box with its industry and, for a book or a team, WS-1 due or late.

    Those are the accounts a workshop would serve first; the queue of a book or a team
    takes milliseconds, so it is worked out here (not for everyone's view).
    """
    if listed is None or form.by_name:
        return []
    owed: dict[int, str] = {}
    if viewpoint.kind in (BOOK, TEAM):
        items = queue_items(user, viewpoint.scope, timezone.localdate()).items
        owed = {
            i.account_id: f"workshop {i.state}"
            for i in items
            if i.rule == "WS-1" and i.state in (LATE, DUE) and i.account_id is not None
        }
    boxes = list(form["accounts"])
    notes = [" · ".join(filter(None, (a.industry, owed.get(a.pk, "")))) for a in listed]
    return [Pick(box, note) for box, note in zip(boxes, notes, strict=True)]


def _initial(request: HttpRequest, user: Any, industries: Sequence[str]) -> dict[str, Any]:
    """Fill the form from the link that led here (an RT-1 or WS-2 item) and the person, who
    leads unless the link names the CSM who owes the workshop. RT-1's `industry` (one, or
    several links' `industry` parameters) ticks the industries offered that it names, its
    case aside."""
    member = member_of(user)
    initial: dict[str, Any] = {"lead": member.email if member else ""}
    for name in ("kind", "lead"):
        if value := request.GET.get(name, "").strip():
            initial[name] = value
    offered = {norm(industry): industry for industry in industries}
    named = [offered.get(norm(value)) for value in request.GET.getlist("industry")]
    if ticked := list(dict.fromkeys(industry for industry in named if industry)):
        initial["industries"] = ticked
    return initial


def _attending(
    form: SessionForm, visible: QuerySet[Account]
) -> tuple[list[Account] | None, list[str]]:
    """Return the accounts chosen, in the order given (None when the form refused the
    field), and why names typed are refused: those no account in view has, left out."""
    if "accounts" not in getattr(form, "cleaned_data", {}):
        return None, []
    chosen = form.chosen()
    if not form.by_name:
        by_id = {str(a.pk): a for a in visible.filter(pk__in=chosen)}
        return [by_id[pk] for pk in chosen], []
    exact = {a.name: a for a in visible.filter(name__in=chosen)}
    rest = [name.lower() for name in chosen if name not in exact]  # case aside, as typed
    loose = {a.name.lower(): a for a in visible.annotate(low=Lower("name")).filter(low__in=rest)}
    found = [exact.get(name) or loose.get(name.lower()) for name in chosen]
    unknown = [name for name, account in zip(chosen, found, strict=True) if account is None]
    refused = [f"No account in your view is named: {', '.join(unknown)}."] if unknown else []
    return [account for account in found if account is not None], refused


def _unsaved_errors(form: SessionForm, attending: list[Account] | None) -> dict[str, Any]:
    """Return what the service would refuse in the fields the form took, though the form
    refused others: so one submission shows all its errors, the service's among them.

    A consent date that did not parse leaves the accounts unchecked: their consent is
    not known.
    """
    data = form.cleaned_data
    if "consented_on" not in data:
        attending = None
    return check_session(
        kind=data.get("kind", ""),
        topic=data.get("topic"),
        date=data.get("date"),
        accounts=None if attending is None else [(a, data["consented_on"]) for a in attending],
        industries=data.get("industries", []),
        attendee_emails=form.attendee_emails(),
        notes=data.get("notes", ""),
    )


def _save(form: SessionForm, attending: list[Account] | None) -> Any:
    """Record the session through its service, with the accounts chosen."""
    data = form.cleaned_data
    lead = find_member(data["lead"]) if data["lead"] else None
    return record_session(
        kind=data["kind"],
        topic=data["topic"],
        date=data["date"],
        accounts=[(account, data["consented_on"]) for account in attending or []],
        lead=lead,
        industries=data["industries"],
        duration_minutes=data["duration_minutes"],
        attendee_emails=form.attendee_emails(),
        notes=data["notes"],
    )
