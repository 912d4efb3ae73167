"""Who a request is: a token answers for itself, a session needs CSRF on writes, and a
request with neither is 401. Posted as a script or a browser does, with CSRF enforced."""

from __future__ import annotations

import pytest
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory

from rhythm.health.models import HealthUpdate
from rhythm.team.tokens import create_api_token, revoke_api_token
from tests.apiclient import bearer, post_json

HEALTH = {"overall": "green"}


@pytest.fixture
def script():
    """A client that, like curl, sends no CSRF token and is checked for one."""
    return Client(enforce_csrf_checks=True)


def post_health(client, account, **headers):
    return post_json(client, f"/api/v1/accounts/{account.pk}/health", HEALTH, **headers)


@pytest.mark.parametrize(
    "headers",
    [{}, {"HTTP_AUTHORIZATION": "Bearer rhy_bad"}, {"HTTP_AUTHORIZATION": "Basic eDp5"}],
    ids=["no token", "unknown token", "not a bearer token"],
)
def test_a_write_without_a_valid_token_or_session_is_401(script, account, headers):
    response = post_health(script, account, **headers)
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}
    assert script.get(f"/api/v1/accounts/{account.pk}", **headers).status_code == 401
    assert not HealthUpdate.objects.exists()


def test_a_revoked_token_is_401(script, alice, account):
    token, key = create_api_token(alice, "old")
    revoke_api_token(alice, token.prefix)
    response = post_health(script, account, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 401
    assert not HealthUpdate.objects.exists()


def test_a_token_never_needs_csrf(script, alice, account):
    assert post_health(script, account, **bearer(alice)).status_code == 201


def test_a_token_is_the_request_s_identity_even_with_a_session(script, alice, account):
    script.force_login(alice.user)
    assert post_health(script, account, **bearer(alice)).status_code == 201
    bad = post_health(script, account, HTTP_AUTHORIZATION="Bearer rhy_bad")
    assert bad.status_code == 401  # a bad token is not rescued by the session


def test_a_session_write_needs_the_csrf_token(script, alice, account):
    script.force_login(alice.user)
    refused = post_health(script, account)
    assert refused.status_code == 403
    assert refused.json() == {"detail": "CSRF check Failed"}
    assert not HealthUpdate.objects.exists()
    token = get_token(RequestFactory().get("/"))
    script.cookies["csrftoken"] = token
    assert post_health(script, account, HTTP_X_CSRFTOKEN=token).status_code == 201
