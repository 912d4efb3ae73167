"""The manager dashboard: the team's KPIs against targets, and each book's review and load."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django_htmx.http import HttpResponseClientRedirect

from rhythm.accounts.scoping import can_record_work
from rhythm.lib.htmx import HtmxHttpRequest
from rhythm.playbook.present import REVIEW_COLUMNS, book_rows
from rhythm.playbook.queue import grouped_kpis_of, kpi_series_of, kpis_of, work_queue
from rhythm.playbook.rules.capacity import TIME_OFF_WINDOW
from rhythm.team.models import TimeOff
from rhythm.team.queries import list_time_off
from rhythm.team.services import find_member, record_time_off, withdraw_time_off
from rhythm.web.addresses import to_the_point
from rhythm.web.dashboard import (
    GROUP_BY,
    book_panels,
    book_regions,
    capacity_rows,
    has_accounts,
    kpi_cards,
    kpi_group_table,
    quarter_kpis,
    quarter_names,
    roadmap_rows,
    roadmap_span,
)
from rhythm.web.dashboard_summary import summed
from rhythm.web.downloads import csv_download, with_format, with_param
from rhythm.web.forms import DashboardForm, ScopeForm, TimeOffForm, errors_from
from rhythm.web.queue_rows import member_names
from rhythm.web.viewpoint import Viewpoint, viewpoint_of
from rhythm.web.views.errors import post_only


@login_required
@to_the_point
def team_dashboard(request: HttpRequest) -> HttpResponse:
    """Show KPIs with 12-month trends and per segment, region, CSM or cohort (`?by=`), the
    MGR-1 checklist, capacity, P1 share, book size, the EBR roadmap, and the time off that
    CAP-2 counts.

    Managers see their team, leadership and admins everyone (both may pick one CSM); a CSM
    sees their own book. Roles without a book (AE, SA, PSE) get 404.
    """
    viewpoint = _with_books(request.user)
    if request.GET.get("format") == "csv":
        return _review_csv(request, viewpoint)
    form = TimeOffForm(members=viewpoint.people)
    return render(request, "web/team.html", _context(request, viewpoint, form))


def _review_csv(request: HttpRequest, viewpoint: Viewpoint) -> HttpResponse:
    """Answer each book's review and expected week as a CSV file, as `rhythm review` has it."""
    form = ScopeForm(request.GET, csms=viewpoint.csms, teams=viewpoint.teams)
    on = form.day(timezone.localdate())
    scope, _ = viewpoint.narrowed(form.chosen_csm(), form.chosen_team())
    work = work_queue(request.user, scope, on)
    return csv_download(book_rows(work), REVIEW_COLUMNS, f"rhythm-review-{on.isoformat()}.csv")


@login_required
@post_only("team", "time-off")
def team_time_off(request: HtmxHttpRequest) -> HttpResponse:
    """Record a CSM's time off from the dashboard: your own, or your team's as a manager.

    Sent by htmx, a refusal answers the form with its errors, swapped in place, so the
    address stays the dashboard's and a reload sends nothing again; recorded, the browser
    is sent to the dashboard saying so. Without JavaScript the page answers at the form's
    address, refused, or is redirected to, recorded.
    """
    viewpoint = _with_books(request.user)
    if not can_record_work(request.user):
        raise PermissionDenied("Your role can read the dashboard but not record time off.")
    form = TimeOffForm(request.POST, members=viewpoint.people)
    if form.is_valid():
        data = form.cleaned_data
        member = find_member(data["member"])
        try:
            if member is None:  # left the team since the page was drawn
                raise ValidationError("That team member has left; reload the page.")
            period, _ = record_time_off(
                member=member,
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                note=data["note"],
            )
            recorded = f"{reverse('team')}?time_off={period.pk}#time-off"
            return HttpResponseClientRedirect(recorded) if request.htmx else redirect(recorded)
        except ValidationError as error:
            errors_from(form, error)
    if request.htmx:  # htmx swaps only 2xx answers: the form shows why, in place
        return render(request, "web/_time_off_form.html", {"time_off": form})
    return render(request, "web/team.html", _context(request, viewpoint, form), status=400)


@login_required
@post_only("team", "time-off")
def team_withdraw_time_off(request: HttpRequest, period_id: int) -> HttpResponse:
    """Withdraw a period of time off from the dashboard: whoever may record it may withdraw
    it. The page then says what was withdrawn, so it can be recorded again if need be."""
    viewpoint = _with_books(request.user)
    if not can_record_work(request.user):
        raise PermissionDenied("Your role can read the dashboard but not withdraw time off.")
    emails = {email.casefold() for email, _ in viewpoint.people}
    period = TimeOff.objects.select_related("member").filter(pk=period_id).first()
    if period is None:  # sent again from another tab, say
        messages.info(
            request, "That time off is not recorded: it was withdrawn already.", "time-off"
        )
        return redirect(f"{reverse('team')}#time-off")
    if period.member.email.casefold() not in emails:
        raise Http404("No such time off in your view.")
    gone = withdraw_time_off(period)
    messages.success(
        request,
        f"Time off withdrawn: {gone.member.name}, {gone.starts_on:%-d %b %Y} to "
        f"{gone.ends_on:%-d %b %Y}{f' ({gone.note})' if gone.note else ''}.",
        "time-off",
    )
    return redirect(f"{reverse('team')}#time-off")


def _with_books(user: Any) -> Viewpoint:
    viewpoint = viewpoint_of(user)
    if not viewpoint.has_books:
        raise Http404("The dashboard covers CSM books; your role has none.")
    return viewpoint


def _context(request: HttpRequest, viewpoint: Viewpoint, time_off: TimeOffForm) -> dict[str, Any]:
    form = DashboardForm(request.GET, csms=viewpoint.csms, teams=viewpoint.teams)
    today = timezone.localdate()
    on = form.day(today)
    scope, team = viewpoint.narrowed(form.chosen_csm(), form.chosen_team())
    work = work_queue(request.user, scope, on, for_series=True)  # one load for both
    settings = work.settings  # the team's settings, when the scope is one team
    names = member_names(work.book.members)
    panels = book_panels(work, names)
    members = [email for email, _ in time_off.members]
    if chosen := form.chosen_csm():
        members = [email for email in members if email.casefold() == chosen.casefold()]
    elif team is not None:
        members = [email for email in members if email.casefold() in team.members]
    # The time off CAP-2 counts on the day shown (the year up to it), and any after it.
    since = on - TIME_OFF_WINDOW + dt.timedelta(days=1)
    periods = list(list_time_off(members, since))
    recorded = request.GET.get("time_off", "")
    by = form.grouping()
    kpis, series = kpis_of(work), kpi_series_of(work)
    booked = [panel for panel in panels if panel.csm]
    span = roadmap_span(settings, on, work.calendar, book_regions(work, booked))
    capacity, roadmap = capacity_rows(booked, settings), roadmap_rows(booked, span)
    return {
        "form": form,
        "viewpoint": viewpoint,
        "csm_name": names.get((form.chosen_csm() or "").casefold(), ""),
        "chosen_csm": form.chosen_csm() or "",
        "team_name": team.name if team is not None else "",  # its manager's
        "chosen_team": team.email if team is not None else "",
        "on": on,
        "replaying": on != today,
        "kpis": kpi_cards(kpis, series, settings),
        "quarter_kpis": quarter_kpis(kpis, series, settings),
        "quarters": quarter_names(on),
        "series_months": settings.kpis.series_months,
        "has_accounts": has_accounts(kpis, series),
        "groups": kpi_group_table(grouped_kpis_of(work, by), by, settings, names),
        "group_links": [(key, label, with_param(request, "by", key)) for key, label in GROUP_BY],
        "panels": panels,
        "booked": booked,
        "capacity": capacity,
        "roadmap": roadmap,
        "roadmap_span": span,
        **summed(panels, booked, capacity, roadmap),
        "ebr_max": settings.ebr.per_month_max,
        "week": settings.capacity.weekly_total,
        "cap": settings.capacity,
        "time_off": time_off,
        "time_off_periods": periods,
        "time_off_since": since,
        "time_off_recorded": next((p for p in periods if str(p.pk) == recorded), None),
        "can_record": can_record_work(request.user),
        "today": today,
        "csv_query": with_format(request, "csv"),
    }
