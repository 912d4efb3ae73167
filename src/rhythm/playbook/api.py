"""API: the work queue, accounts as the rules see them, and KPIs, scoped to the caller."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from ninja import Query, Router
from ninja.errors import HttpError

from rhythm.accounts.scoping import sees_whole_books
from rhythm.lib.api_errors import NotInView
from rhythm.lib.output import json_list_chunks
from rhythm.lib.pagination import TOTAL_HEADER, Window
from rhythm.playbook.filters import ItemFilter
from rhythm.playbook.present import (
    account_rows,
    book_rows,
    item_rows,
    kpi_group_rows,
    kpi_summary,
)
from rhythm.playbook.queue import (
    Scope,
    ScopeError,
    WorkQueue,
    grouped_kpis_of,
    kpis_of,
    monthly_kpis,
    queue_items,
    work_queue,
)
from rhythm.playbook.schemas import (
    SCOPES,
    AccountStateOut,
    BookFilter,
    BookReviewOut,
    KpiGroupFilter,
    KpiGroupOut,
    KpisOut,
    QueueFilter,
    ScopeFilter,
    WorkItemOut,
)

router = Router(tags=["playbook"])
# The whole list's length, in a header, since the answer stays a list (docs/api.md).
_COUNTED = {
    "responses": {
        200: {
            "description": "OK",
            "headers": {
                TOTAL_HEADER: {
                    "description": "The whole list's length, whatever `limit` and `offset`.",
                    "schema": {"type": "integer"},
                }
            },
        }
    }
}
T = TypeVar("T")


def _queue(request: HttpRequest, filters: BookFilter) -> WorkQueue:
    return _evaluated(work_queue, request, filters)


def _evaluated(
    evaluate: Callable[[Any, Scope, dt.date], T], request: HttpRequest, filters: BookFilter
) -> T:
    """Evaluate the filters' scope on their date (default today); an unknown one is a 404
    naming the parameter (at most one of them is sent: two at once are refused before)."""
    try:
        return evaluate(request.user, filters.scope(), filters.on or timezone.localdate())
    except ScopeError as error:
        sent = [name for name in SCOPES if getattr(filters, name, None)]
        raise NotInView(str(error), *sent) from None


@router.get(
    "/queue", summary="List the work queue", response=list[WorkItemOut], openapi_extra=_COUNTED
)
def queue(request: HttpRequest, filters: Query[QueueFilter], window: Query[Window]):
    """List every item due, late or coming in your view, each with its rule and why: the
    whole queue, or with `limit` and `offset` a part of it, still a list. The whole queue's
    length (after `rule` and `state`) is in the `X-Total-Count` header."""
    listed = _evaluated(queue_items, request, filters)
    items = ItemFilter(rule=filters.rule, state=filters.state).apply(listed.items)
    # Streamed as written: checking a million items one by one against the schema took
    # longer than computing them. `WorkItem.as_dict` gives exactly `WorkItemOut` (tested).
    rows = json_list_chunks(item_rows(window.cut(items)))
    answer = StreamingHttpResponse(rows, content_type="application/json")
    answer[TOTAL_HEADER] = str(len(items))
    return answer


@router.get(
    "/queue/accounts",
    summary="List accounts as the rules see them",
    response=list[AccountStateOut],
    openapi_extra=_COUNTED,
)
def accounts(
    request: HttpRequest, filters: Query[ScopeFilter], window: Query[Window], response: HttpResponse
):
    """List accounts with priority and reasons, engagement, triage, health and phase: all of
    them, or with `limit` and `offset` a part, still a list; the whole list's length is in
    the `X-Total-Count` header."""
    rows = account_rows(_queue(request, filters))
    response[TOTAL_HEADER] = str(len(rows))
    return window.cut(rows)


@router.get(
    "/review",
    summary="Show each book's manager review and capacity (MGR-1, CAP-2)",
    response=list[BookReviewOut],
    openapi_extra={"responses": {403: {"description": "An AE, SA or PSE: no whole book."}}},
)
def review(request: HttpRequest, filters: Query[BookFilter]):
    """List each CSM book in your view with its MGR-1 checklist (each line pass or fail, with
    the failing accounts) and CAP-2's expected hours a week against capacity.

    A CSM sees their own book, a manager their team's, leadership every book. Account-team
    roles (AE, SA, PSE) see parts of books only, so they get 403.
    """
    if not sees_whole_books(request.user):
        raise HttpError(403, "The manager review covers whole CSM books; your role has none.")
    return book_rows(_queue(request, filters))


@router.get("/kpis", summary="Show the KPIs on a date", response=KpisOut)
def kpis(request: HttpRequest, filters: Query[ScopeFilter]):
    """Show the KPIs of your view (or a CSM's book, or a team) on a date."""
    return kpi_summary(kpis_of(_queue(request, filters)))


@router.get("/kpis/series", summary="Show the KPIs month by month", response=list[KpisOut])
def kpis_series(request: HttpRequest, filters: Query[ScopeFilter]):
    """Show the KPIs at each month end over the last `kpis.series_months` months (12 by
    default)."""
    return [kpi_summary(point) for point in _evaluated(monthly_kpis, request, filters)]


@router.get(
    "/kpis/groups",
    summary="Show the KPIs per CSM, region, segment, industry or cohort",
    response=list[KpiGroupOut],
)
def kpi_groups(request: HttpRequest, filters: Query[KpiGroupFilter]):
    """Show the KPIs of your view (or a CSM's book, or a team) on a date, one row per CSM,
    region, segment, industry or cohort (`by`); the groups split the accounts of `/kpis`."""
    return kpi_group_rows(grouped_kpis_of(_queue(request, filters), filters.by))
