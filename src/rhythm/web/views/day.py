"""My day: the landing page, the work queue of the person's scope on a date."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from rhythm.accounts.scoping import can_record_work, member_of
from rhythm.accounts.services import is_csm_manager
from rhythm.playbook.config import current_settings
from rhythm.playbook.present import ITEM_COLUMNS, item_rows
from rhythm.playbook.queue import work_queue
from rhythm.web.downloads import csv_download, with_format
from rhythm.web.forms import DayFilterForm
from rhythm.web.queue_rows import member_names, rows_of, sections_of
from rhythm.web.viewpoint import viewpoint_of


@login_required
def my_day(request: HttpRequest) -> HttpResponse:
    """Show what is late, due and coming in the person's scope, today or on `?on=`.

    A CSM sees their book, a manager their team, leadership and admins everything; the
    GET form narrows by CSM, rule, account and state. Actions show only for today.
    """
    viewpoint = viewpoint_of(request.user)
    settings = current_settings()
    form = DayFilterForm(request.GET, rules=settings.rules, csms=viewpoint.csms)
    today = timezone.localdate()
    on = form.day(today)
    work = work_queue(request.user, viewpoint.scope_for(form.chosen_csm()), on)
    settings = work.settings  # rule titles and windows as the scope's team has them
    items = work.items  # without book-level items for an AE, SA or PSE (`queue.BookView`)
    titles = {rule: found.title for rule, found in settings.rules.items()}
    form.offer(items, titles)
    shown = form.item_filter().apply(items)
    if request.GET.get("format") == "csv":
        return csv_download(item_rows(shown), ITEM_COLUMNS, f"rhythm-queue-{on.isoformat()}.csv")
    names = member_names(work.book.members)
    context = {
        "form": form,
        "viewpoint": viewpoint,
        "csm_name": names.get((form.chosen_csm() or "").casefold(), ""),
        "on": on,
        "today": today,
        "replaying": on != today,
        "sections": sections_of(
            rows_of(shown, settings, names, is_csm_manager(member_of(request.user))), settings
        ),
        "total": len(items),
        "shown": len(shown),
        "filtered": form.item_filter().active,
        "can_act": can_record_work(request.user) and on == today,
        "show_csm": viewpoint.kind != "book",
        "csv_query": with_format(request, "csv"),
    }
    return render(request, "web/my_day.html", context)
