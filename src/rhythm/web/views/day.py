"""My day: the landing page, the work queue of the person's scope on a date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from rhythm.accounts.queries import visible_account_name
from rhythm.accounts.scoping import can_record_work
from rhythm.playbook.config import current_settings
from rhythm.playbook.present import ITEM_COLUMNS, item_rows
from rhythm.playbook.queue import WorkQueue, work_queue
from rhythm.playbook.rules.items import WorkItem
from rhythm.web.addresses import to_the_point
from rhythm.web.downloads import csv_download, with_format
from rhythm.web.forms import DayFilterForm
from rhythm.web.queue_rows import Section, member_names, sections_of, work_rows
from rhythm.web.viewpoint import Team, Viewpoint, viewpoint_of


@dataclass(frozen=True)
class Day:
    """My day as a query string asks for it: whose work, on which day, and what it shows."""

    viewpoint: Viewpoint
    form: DayFilterForm
    on: dt.date
    work: WorkQueue
    shown: tuple[WorkItem, ...]  # the items the filters keep
    team: Team | None = None  # the manager's team picked (leadership), unless a CSM is

    def sections(self, user: Any) -> list[Section]:
        """Group the items shown into Late, Due and Coming, with their counts. Under a State
        filter, the other sections say they are not shown, not that they hold nothing."""
        # rule titles and windows as the scope's team has them
        sections = sections_of(
            self.shown, self.work.settings, lambda items: work_rows(user, self.work, items)
        )
        kept = self.form.item_filter().state
        picked = {section.state: section.label for section in sections}.get(kept or "")
        if picked is None:
            return sections
        said = f"Not shown: the State filter picks {picked.lower()} items."
        return [s if s.state == kept else replace(s, empty=said) for s in sections]

    @property
    def total(self) -> int:
        """Count the items in the scope before the filters: the whole book, team or view."""
        return len(self.work.items)

    @property
    def csm_name(self) -> str:
        """Name the CSM the page is narrowed to ('' for none)."""
        chosen = self.form.chosen_csm()
        return member_names(self.work.book.members).get(chosen.casefold(), "") if chosen else ""

    @property
    def unfiltered_query(self) -> str:
        """Return the query string of the same scope and day without the item filters
        ('' for the person's own scope today), with its leading '?'."""
        kept = {
            "team": self.team.email if self.team is not None else "",
            "csm": self.form.chosen_csm() or "",
            "on": self.on.isoformat() if self.on != timezone.localdate() else "",
        }
        query = urlencode({name: value for name, value in kept.items() if value})
        return f"?{query}" if query else ""

    @property
    def team_name(self) -> str:
        """Name the manager whose team the page is narrowed to ('' for none)."""
        return self.team.name if self.team is not None else ""

    def offer(self) -> DayFilterForm:
        """Fill the form's rule and account menus from the scope's items, with counts."""
        titles = {rule: found.title for rule, found in self.work.settings.rules.items()}
        self.form.offer(self.work.items, titles)
        return self.form

    @property
    def filtered(self) -> bool:
        """Tell whether a filter (rule, account, state) narrows the items."""
        return self.form.item_filter().active


def day_of(user: Any, query: QueryDict, today: dt.date) -> Day:
    """Build My day for the person and the page's query string (`csm`, `on`, the filters)."""
    viewpoint = viewpoint_of(user)
    form = DayFilterForm(
        query,
        rules=current_settings().rules,
        csms=viewpoint.csms,
        teams=viewpoint.teams,
        account_name=lambda pk: visible_account_name(user, pk),
    )
    on = form.day(today)
    scope, team = viewpoint.narrowed(form.chosen_csm(), form.chosen_team())
    work = work_queue(user, scope, on)
    # without book-level items for an AE, SA or PSE (`queue.BookView`)
    return Day(viewpoint, form, on, work, form.item_filter().apply(work.items), team)


@never_cache  # the back button shows it as it stands, not before an in-place action
@login_required
@to_the_point  # the filter form sends every field: keep the address to the point
def my_day(request: HttpRequest) -> HttpResponse:
    """Show what is late, due and coming in the person's scope, today or on `?on=`.

    A CSM sees their book, a manager their team, leadership and admins everything; the
    GET form narrows by CSM, rule, account and state. Actions show only for today.
    """
    today = timezone.localdate()
    day = day_of(request.user, request.GET, today)
    form, on = day.offer(), day.on
    if request.GET.get("format") == "csv":
        return csv_download(
            item_rows(day.shown), ITEM_COLUMNS, f"rhythm-queue-{on.isoformat()}.csv"
        )
    context = {
        "form": form,
        "day": day,
        "viewpoint": day.viewpoint,
        "csm_name": day.csm_name,
        "team_name": day.team_name,
        "on": on,
        "today": today,
        "replaying": on != today,
        "sections": day.sections(request.user),
        "total": day.total,
        "shown": len(day.shown),
        "filtered": day.filtered,
        "can_act": can_record_work(request.user) and on == today,
        "show_csm": day.viewpoint.kind != "book",
        "csv_query": with_format(request, "csv"),
    }
    return render(request, "web/my_day.html", context)
