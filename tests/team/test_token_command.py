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
    assert f"Revoked token 'nightly' ({key[:10]}…)." in run(
        "revoke", alice.email, "--prefix", key[:10]
    )
    assert client.get("/api/v1/accounts", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401
    assert not ApiToken.objects.exists()


def test_unknown_member_and_revoke_without_prefix_are_clear_errors(alice):
    with pytest.raises(CommandError, match="No team member with email 'nobody@x.test'"):
        run("create", "nobody@x.test")
    with pytest.raises(CommandError, match="revoke needs --prefix"):
        run("revoke", alice.email)


def test_revoke_takes_the_prefix_as_listed_and_revokes_that_token_only(client, alice):
    keys = [run("create", alice.email, "--name", name).splitlines()[-1] for name in "ab"]
    listed = run("list", alice.email).splitlines()
    line = next(line for line in listed if line.endswith("last used never") and " b " in line)
    shown = line.split()[0]  # the first characters as listed, with their ellipsis
    assert shown == f"{keys[1][:10]}…"
    assert run("revoke", alice.email, "--prefix", shown) == f"Revoked token 'b' ({shown}).\n"
    assert [t.name for t in ApiToken.objects.all()] == ["a"]
    assert client.get("/api/v1/accounts", HTTP_AUTHORIZATION=f"Bearer {keys[0]}").status_code == 200


def test_a_prefix_of_several_tokens_revokes_none_and_says_how_many(alice):
    for name in ("a", "b", "c"):
        run("create", alice.email, "--name", name)
    message = (
        "3 tokens of alice@rhythm.test start with 'rhy_', so none was revoked; give more of the "
        "prefix (`rhythm token list alice@rhythm.test` shows each one's first characters), "
        "or the whole token."
    )
    with pytest.raises(CommandError) as refused:
        run("revoke", alice.email, "--prefix", "rhy_")
    assert str(refused.value) == message
    assert ApiToken.objects.count() == 3
    with pytest.raises(CommandError, match="No token of alice@rhythm.test starts with 'rhy_#'"):
        run("revoke", alice.email, "--prefix", "rhy_#")
    assert ApiToken.objects.count() == 3


def test_two_tokens_sharing_their_first_characters_are_told_apart_by_the_whole_token(alice):
    _, second = (run("create", alice.email, "--name", n).splitlines()[-1] for n in "ab")
    ApiToken.objects.update(prefix=second[:10])  # a one-in-billions coincidence, made here
    with pytest.raises(CommandError, match="2 tokens of alice@rhythm.test start with"):
        run("revoke", alice.email, "--prefix", second[:10])
    assert "Revoked token 'b'" in run("revoke", alice.email, "--prefix", second)
    assert [t.name for t in ApiToken.objects.all()] == ["a"]


def test_list_says_when_there_is_no_token(alice):
    assert run("list", alice.email) == "alice@rhythm.test has no tokens.\n"
