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
    """Accept the logged-in browser session (with Django's CSRF check on writes)."""
