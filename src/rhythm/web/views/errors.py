"""The answers to a form sent from a page that went out of date (`CSRF_FAILURE_VIEW`), and
to a form's address opened as a page (`post_only`)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse

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


def post_only(page: str, part: str = "") -> Callable[[Callable[..., HttpResponse]], Any]:
    """Accept only POST, like `require_POST`, but send a GET back to the page the form is on.

    A form refused without JavaScript answers at the form's own address; reloading it later,
    a restored tab or a bookmark then asks that address for a page. Instead of an empty
    "405 Method Not Allowed", the person lands on that page, with nothing saved: `page` is
    its URL name (an account's page is given the address's `account_id`), `part` its anchor.
    """

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def only_post(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "POST":
                return view(request, *args, **kwargs)
            if request.method in ("GET", "HEAD"):
                account_id = kwargs.get("account_id")
                url = reverse(page, args=[account_id] if account_id is not None else [])
                return redirect(f"{url}#{part}" if part else url)
            return HttpResponseNotAllowed(["POST"])

        only_post.form_page = page  # type: ignore[attr-defined]
        return only_post

    return decorate
