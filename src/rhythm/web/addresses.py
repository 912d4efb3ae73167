"""A filter page's address says only what narrows it.

A GET form sends every field, the empty ones too (`/accounts/?q=&csm=...&behind=`), and a
date field its value even when it is today. The pages with filter forms answer such an
address with a redirect to the same page without them, so what is bookmarked or shared
reads as the filter it is, and a page for today stays today's from tomorrow on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.utils import timezone


def tidy_query(query: QueryDict, today: dt.date) -> str | None:
    """Return the query string without its empty fields and without `on` when it is today,
    or None when there is nothing to drop."""
    kept = QueryDict(mutable=True)
    dropped = False
    for name, values in query.lists():
        wanted = [v for v in values if v.strip() and not (name == "on" and v == today.isoformat())]
        dropped = dropped or len(wanted) != len(values)
        if wanted:
            kept.setlist(name, wanted)
    return kept.urlencode() if dropped else None


def to_the_point(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Redirect a GET of the view whose address has fields to drop (`tidy_query`) to the
    address without them; anything else goes to the view."""

    @wraps(view)
    def tidied(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "GET":
            tidy = tidy_query(request.GET, timezone.localdate())
            if tidy is not None:
                return redirect(f"{request.path}?{tidy}" if tidy else request.path)
        return view(request, *args, **kwargs)

    return tidied
