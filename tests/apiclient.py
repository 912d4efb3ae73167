"""Calling the API as a team member: a bearer token, JSON posted with it, query strings."""

from __future__ import annotations

import json

from rhythm.team.tokens import create_api_token


def bearer(member) -> dict[str, str]:
    """Return the header of a fresh API token of `member`."""
    _, key = create_api_token(member, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def post_json(client, url: str, body, member=None, **headers):
    """POST `body` as JSON, with `member`'s token when one is given."""
    if member is not None:
        headers = {**bearer(member), **headers}
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


def asking(path: str, query: str) -> str:
    """Return the path with `query` added to the query string it may already have."""
    return f"{path}{'&' if '?' in path else '?'}{query}"


def the_error(response) -> tuple[str, str]:
    """Return the one field an error answer names and its one reason, checking the shape
    every refusal has: `{"detail": "...", "errors": {"field": ["why"]}}`."""
    body = response.json()
    assert isinstance(body["detail"], str), body
    [(field, [reason])] = body["errors"].items()
    return field, reason
