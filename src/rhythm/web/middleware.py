"""Pages and API answers for a playbook file that went bad while Rhythm was running."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

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
