"""API authentication: the browser's session, or a personal token for scripts."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth


class TokenAuth(HttpBearer):
    """Accept `Authorization: Bearer <token>` for a personal API token of an active member."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from rhythm.team.models import ApiToken

        found = (
            ApiToken.objects.select_related("member__user")
            .filter(key_hash=ApiToken.hash_key(token), member__is_active=True)
            .first()
        )
        if found is None or not found.member.user.is_active:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.member.user
        return found.member.user


class SessionAuth(NinjaSessionAuth):
    """Accept the logged-in browser session (with Django's CSRF check on writes).

    django-ninja tries the API's authenticators in order, and its session check runs the
    CSRF check before it looks for a session, so a write with no session, after a token
    that failed, was answered 403 (CSRF) instead of 401. Only a request with a session and
    no `Authorization` header is the session's: one with a header is the token's alone (a
    bad token is 401, a good one was accepted before and never needs CSRF), and one with
    neither is 401.
    """

    def __call__(self, request: HttpRequest) -> Any:
        if "Authorization" in request.headers or not request.user.is_authenticated:
            return None
        return super().__call__(request)
