"""Answers beyond a view's own: a playbook file that went bad while Rhythm was running, an
in-place action sent after the session ended, and the API's answer to an address or method
it does not have."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render, resolve_url
from django_htmx.http import HttpResponseClientRedirect

from rhythm.playbook.config import PlaybookFileError


class PlaybookFileErrorMiddleware:
    """Answer 503 with the file's key and reason instead of a bare server error.

    The file is read again whenever it changes, so an edit can break it under a running
    server (a bad file at start stops the server: `rhythm.playbook.checks`). Once fixed,
    the next request uses it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, PlaybookFileError):
            return None
        match = request.resolver_match
        if match is not None and "api" in match.namespaces:  # the API's urls_namespace
            return JsonResponse({"detail": str(exception)}, status=503)
        return render(request, "503_playbook.html", {"reason": str(exception)}, status=503)


class HtmxLoginMiddleware:
    """Send the whole page to the login form when an in-place action finds no session.

    A login-required view answers an anonymous request with a redirect to the login form;
    the browser would follow it inside the htmx request and swap the login page into the
    row. Instead the page is told to go to the login form, which returns to the page the
    person was on (not to the address of the action) once they have logged in again.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not getattr(request, "htmx", False) or response.status_code not in (301, 302):
            return response
        login = resolve_url(settings.LOGIN_URL)
        if urlsplit(response.get("Location", "")).path != login:
            return response
        current = urlsplit(request.htmx.current_url or "/")  # type: ignore[attr-defined]
        page = current.path + (f"?{current.query}" if current.query else "")
        return HttpResponseClientRedirect(redirect_to_login(page, login)["Location"])


class ApiNotFoundMiddleware:
    """Answer an API address or method the API does not have in JSON, as its other errors.

    Without it, `/api/v1/nope` (or `/api/v1/queue/`, with a slash) got the pages' HTML 404
    and a method the address does not take a plain-text 405.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path_info.startswith("/api/") or response.status_code not in (404, 405):
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response  # an endpoint's own answer: "No such account: 12."
        asked = f"{request.method} {request.path}"
        if response.status_code == 404:
            return JsonResponse({"detail": f"No such address in the API: {asked}."}, status=404)
        allowed = response.get("Allow", "")
        answer = JsonResponse({"detail": f"{asked} is not allowed; use {allowed}."}, status=405)
        answer["Allow"] = allowed
        return answer
