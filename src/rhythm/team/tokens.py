"""Personal API tokens: create and revoke; only a hash of each secret is kept."""

from __future__ import annotations

import secrets

from rhythm.team.models import ApiToken, TeamMember

# `rhythm token list` shows each token's stored first characters followed by this.
ELLIPSIS = "…"


class TokenChoiceError(LookupError):
    """The characters given name none of a member's tokens, or more than one."""


def create_api_token(member: TeamMember, name: str) -> tuple[ApiToken, str]:
    """Create a token for a member and return it with its secret, which is shown only once."""
    key = "rhy_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        member=member, name=name, prefix=key[:10], key_hash=ApiToken.hash_key(key)
    )
    return token, key


def _names(token: ApiToken, given: str) -> bool:
    """Tell whether `given` (some first characters, or more than are stored) fits the token."""
    shorter = min(len(given), len(token.prefix))
    return given[:shorter] == token.prefix[:shorter]


def revoke_api_token(member: TeamMember, prefix: str) -> ApiToken:
    """Revoke the one token of a member that `prefix` names, and return it.

    `prefix` is the token's first characters as `rhythm token list` shows them (an ellipsis
    copied with them is ignored), fewer or more of them, or the whole token. Characters that
    name no token, or several, revoke nothing and raise `TokenChoiceError` saying so.
    """
    given = prefix.strip().removesuffix(ELLIPSIS).removesuffix("...")
    listing = f"`rhythm token list {member.email}` shows each one's first characters"
    if not given:
        raise TokenChoiceError(f"Give the token's first characters; {listing}.")
    found = [token for token in member.api_tokens.all() if _names(token, given)]
    if len(found) > 1:  # the whole token tells apart two that share their stored characters
        found = [t for t in found if t.key_hash == ApiToken.hash_key(given)] or found
    if not found:
        raise TokenChoiceError(f"No token of {member.email} starts with {given!r}; {listing}.")
    if len(found) > 1:
        raise TokenChoiceError(
            f"{len(found)} tokens of {member.email} start with {given!r}, so none was revoked; "
            f"give more of the prefix ({listing}), or the whole token."
        )
    [token] = found
    token.delete()
    return token
