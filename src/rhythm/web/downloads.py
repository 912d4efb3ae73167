"""Files a page offers for download: what it shows, in the columns of the matching command."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpRequest, HttpResponse

from rhythm.lib.output import write_rows


def csv_download(
    rows: Iterable[dict[str, Any]], columns: Sequence[str], filename: str
) -> HttpResponse:
    """Answer rows as a CSV file to save, in `columns`.

    It starts with a byte-order mark so that Excel reads the UTF-8 names and sentences.
    """
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    write_rows(response, rows, columns, "csv")
    return response


def with_format(request: HttpRequest, fmt: str) -> str:
    """Return this page's query string asking for another format (the same filters)."""
    return with_param(request, "format", fmt)


def with_param(request: HttpRequest, name: str, value: str) -> str:
    """Return this page's query string with one parameter set (the other filters kept)."""
    query = request.GET.copy()
    query[name] = value
    return query.urlencode()
