"""Personal API tokens: create and revoke; only a hash of each secret is kept."""

from __future__ import annotations

import secrets

from rhythm.team.models import ApiToken, TeamMember


def create_api_token(member: TeamMember, name: str) -> tuple[ApiToken, str]:
    """Create a token for a member and return it with its secret, which is shown only once."""
    key = "rhy_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        member=member, name=name, prefix=key[:10], key_hash=ApiToken.hash_key(key)
    )
    return token, key


def revoke_api_token(member: TeamMember, prefix: str) -> int:
    """Delete a member's tokens that start with `prefix`; return how many were deleted."""
    deleted, _ = ApiToken.objects.filter(member=member, prefix__startswith=prefix).delete()
    return deleted
