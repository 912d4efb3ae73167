"""The manager dashboard: the team's KPIs against targets, and each book's review and load."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from rhythm.playbook.queue import kpi_series_of, kpis_of, work_queue
from rhythm.web.dashboard import book_panels, capacity_rows, kpi_cards, roadmap_rows
from rhythm.web.forms import ScopeForm
from rhythm.web.queue_rows import member_names
from rhythm.web.viewpoint import viewpoint_of


@login_required
def team_dashboard(request: HttpRequest) -> HttpResponse:
    """Show KPIs with 12-month trends, the MGR-1 checklist, capacity, P1 share, book size and
    the EBR roadmap.

    Managers see their team, leadership and admins everyone (both may pick one CSM); a CSM
    sees their own book. Roles without a book (AE, SA, PSE) get 404.
    """
    viewpoint = viewpoint_of(request.user)
    if not viewpoint.has_books:
        raise Http404("The dashboard covers CSM books; your role has none.")
    form = ScopeForm(request.GET, csms=viewpoint.csms)
    today = timezone.localdate()
    on = form.day(today)
    scope = viewpoint.scope_for(form.chosen_csm())
    work = work_queue(request.user, scope, on, for_series=True)  # one load for both
    settings = work.settings  # the team's settings, when the scope is one team
    names = member_names(work.book.members)
    panels = book_panels(work, settings, names)
    context = {
        "form": form,
        "viewpoint": viewpoint,
        "csm_name": names.get((form.chosen_csm() or "").casefold(), ""),
        "on": on,
        "replaying": on != today,
        "kpis": kpi_cards(kpis_of(work), kpi_series_of(work), settings),
        "panels": panels,
        "booked": [panel for panel in panels if panel.csm],
        "capacity": capacity_rows([p for p in panels if p.csm], settings),
        "roadmap": roadmap_rows([p for p in panels if p.csm], on),
        "ebr_max": settings.ebr.per_month_max,
        "week": settings.capacity.weekly_total,
        "cap": settings.capacity,
    }
    return render(request, "web/team.html", context)
