"""`rhythm token`: create a token that the API accepts, list it, revoke it."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from rhythm.team.models import ApiToken


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("token", *args, stdout=out)
    return out.getvalue()


def test_create_list_and_revoke(client, alice):
    key = run("create", alice.email, "--name", "nightly").splitlines()[-1]
    assert client.get("/api/v1/accounts", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    listed = run("list", alice.email)
    assert "nightly" in listed and key[:10] in listed and key not in listed
    assert "Revoked 1 token(s)." in run("revoke", alice.email, "--prefix", key[:10])
    assert client.get("/api/v1/accounts", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401
    assert not ApiToken.objects.exists()


def test_unknown_member_and_revoke_without_prefix_are_clear_errors(alice):
    with pytest.raises(CommandError, match="No team member with email 'nobody@x.test'"):
        run("create", "nobody@x.test")
    with pytest.raises(CommandError, match="revoke needs --prefix"):
        run("revoke", alice.email)
