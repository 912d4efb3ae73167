"""The answers to a form sent from a page that went out of date (`CSRF_FAILURE_VIEW`), and
to a form's address opened as a page (`post_only`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.forms.utils import pretty_name
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme

# Said instead of Django's "CSRF verification failed": the person may do it, but the page
# they sent it from was drawn before they logged in again (in another tab, say).
OUT_OF_DATE = (
    "This page is out of date: you logged in again since it was shown (in another tab, "
    "perhaps). Nothing was saved; reload the page and try again."
)


# What a form sends besides what the person typed: never shown back (the token, a
# password), or of no use to copy (the hidden fields that say where the form goes back to).
NEVER_SHOWN = ("csrfmiddlewaretoken", "password", "token", "secret")
FORM_PLUMBING = frozenset({"next", "row", "rule", "due", "records", "version"})


@dataclass(frozen=True)
class SentField:
    """A field of the refused form, as the person typed it, for them to copy back."""

    label: str  # "Duration minutes"
    value: str

    @property
    def rows(self) -> int:
        """Return how many lines its box shows: all of a short text, up to 8 of a long one."""
        lines = sum(1 + len(line) // 60 for line in self.value.splitlines())
        return max(1, min(lines, 8))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Answer a form whose security token no longer matches, saying what to do about it.

    An in-place action (htmx) gets the sentence as its answer's `Rhythm-Refused` header, for
    the page's banner to show it; a form posted without JavaScript gets the page, with what
    was typed in it (read-only, to copy back: nothing was saved) and a link to the form's
    page to reload.
    """
    if request.headers.get("HX-Request") == "true":
        response = HttpResponse(OUT_OF_DATE, status=403, content_type="text/plain")
        response["Rhythm-Refused"] = OUT_OF_DATE
        return response
    context = {
        "title": "Page out of date",
        "exception": OUT_OF_DATE,
        "sent": sent_fields(request),
        "reload": form_page(request),
    }
    return render(request, "403.html", context, status=403)


def sent_fields(request: HttpRequest) -> list[SentField]:
    """Return the text the refused form carried, field by field, in the order sent: not
    its token or a password, nor the hidden fields that route it, nor an empty field."""
    sent: list[SentField] = []
    for name, values in request.POST.lists():
        lowered = name.lower()
        if name in FORM_PLUMBING or any(word in lowered for word in NEVER_SHOWN):
            continue
        label = pretty_name(name)
        sent += [SentField(label, value) for value in values if value.strip()]
    return sent


def form_page(request: HttpRequest) -> str:
    """Return the page to reload for a fresh form: the one it was sent from (the Referer,
    or the form's `next`) when that is on this site; else the account's page, for a form
    of an account; else My day."""
    for address in (request.headers.get("Referer", ""), request.POST.get("next", "")):
        if address and url_has_allowed_host_and_scheme(
            address, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return address
    try:
        account_id = resolve(request.path_info).kwargs.get("account_id")
    except Resolver404:
        account_id = None
    if account_id is not None:
        return reverse("account-detail", args=[account_id])
    return reverse("home")


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
