"""The answer to a form sent from a page that went out of date (`CSRF_FAILURE_VIEW`)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

# Said instead of Django's "CSRF verification failed": the person may do it, but the page
# they sent it from was drawn before they logged in again (in another tab, say).
OUT_OF_DATE = (
    "This page is out of date: you logged in again since it was shown (in another tab, "
    "perhaps). Nothing was saved; reload the page and try again."
)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Answer a form whose security token no longer matches, saying what to do about it.

    An in-place action (htmx) gets the sentence as its answer's `Rhythm-Refused` header, for
    the page's banner to show it; a form posted without JavaScript gets the page.
    """
    if request.headers.get("HX-Request") == "true":
        response = HttpResponse(OUT_OF_DATE, status=403, content_type="text/plain")
        response["Rhythm-Refused"] = OUT_OF_DATE
        return response
    context = {"title": "Page out of date", "exception": OUT_OF_DATE}
    return render(request, "403.html", context, status=403)
