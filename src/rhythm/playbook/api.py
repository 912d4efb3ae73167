"""API: the work queue, accounts as the rules see them, and KPIs, scoped to the caller."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone
from ninja import Query, Router
from ninja.errors import HttpError

from rhythm.lib.output import json_list_chunks
from rhythm.playbook.filters import ItemFilter
from rhythm.playbook.present import account_rows, item_rows, kpi_summary
from rhythm.playbook.queue import (
    Scope,
    ScopeError,
    WorkQueue,
    kpis_of,
    monthly_kpis,
    queue_items,
    work_queue,
)
from rhythm.playbook.schemas import AccountStateOut, KpisOut, QueueFilter, WorkItemOut

router = Router(tags=["playbook"])
T = TypeVar("T")


def _scope(filters: QueueFilter) -> Scope:
    return Scope(csm=filters.csm, manager=filters.manager, account=filters.account)


def _queue(request: HttpRequest, filters: QueueFilter) -> WorkQueue:
    return _evaluated(work_queue, request, filters)


def _evaluated(
    evaluate: Callable[[Any, Scope, dt.date], T], request: HttpRequest, filters: QueueFilter
) -> T:
    """Evaluate the filters' scope on their date (default today); an unknown one is a 404."""
    try:
        return evaluate(request.user, _scope(filters), filters.on or timezone.localdate())
    except ScopeError as error:
        raise HttpError(404, str(error)) from None


@router.get("/queue", summary="List the work queue", response=list[WorkItemOut])
def queue(request: HttpRequest, filters: Query[QueueFilter]):
    """List every item due, late or coming in your view, each with its rule and why."""
    listed = _evaluated(queue_items, request, filters)
    items = ItemFilter(rule=filters.rule, state=filters.state).apply(listed.items)
    # Streamed as written: checking a million items one by one against the schema took
    # longer than computing them. `WorkItem.as_dict` gives exactly `WorkItemOut` (tested).
    rows = json_list_chunks(item_rows(items))
    return StreamingHttpResponse(rows, content_type="application/json")


@router.get(
    "/queue/accounts", summary="List accounts as the rules see them", response=list[AccountStateOut]
)
def accounts(request: HttpRequest, filters: Query[QueueFilter]):
    """List accounts with priority and reasons, engagement, triage, health and phase."""
    return account_rows(_queue(request, filters))


@router.get("/kpis", summary="Show the KPIs on a date", response=KpisOut)
def kpis(request: HttpRequest, filters: Query[QueueFilter]):
    """Show the KPIs of your view (or a CSM's book, or a team) on a date."""
    return kpi_summary(kpis_of(_queue(request, filters)))


@router.get("/kpis/series", summary="Show the KPIs month by month", response=list[KpisOut])
def kpis_series(request: HttpRequest, filters: Query[QueueFilter]):
    """Show the KPIs at each month end over the last 12 months."""
    scope = Scope(csm=filters.csm, manager=filters.manager)
    try:
        series = monthly_kpis(request.user, scope, filters.on or timezone.localdate())
    except ScopeError as error:
        raise HttpError(404, str(error)) from None
    return [kpi_summary(point) for point in series]
