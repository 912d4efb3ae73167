"""Every write to team members goes through here: the UI, the API, the CLI and imports."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from rhythm.lib import codes
from rhythm.lib.upsert import Outcome, check_codes, check_fields, save_changes
from rhythm.team.models import TeamMember

MEMBER_FIELDS = frozenset({"role", "region", "manager", "is_active"})


def find_member(email: str) -> TeamMember | None:
    """Return the team member with this email, ignoring case."""
    return TeamMember.objects.filter(email__iexact=email.strip()).first()


def _login_for(email: str) -> Any:
    """Return the login named after `email`, creating one that cannot sign in yet.

    An admin (or the demo loader) sets the password; until then the login is locked.
    """
    user_model = get_user_model()
    user = user_model.objects.filter(username__iexact=email).first()
    if user is None:
        user = user_model.objects.create_user(username=email, email=email, password=None)
    return user


def upsert_team_member(*, email: str, name: str, **values: Any) -> tuple[TeamMember, Outcome]:
    """Create the team member with this email (and their login), or update the given fields.

    Email is the natural key, matched ignoring case and stored lower-case; the login's
    username is the email. Fields not given keep their stored value. Accepted fields:
    role, region, manager, is_active.
    """
    check_fields(values, MEMBER_FIELDS)
    check_codes(values, {"region": (codes.REGIONS, "region")} if "region" in values else {})
    email = email.strip().lower()
    member = find_member(email) or TeamMember(email=email)
    manager = values.get("manager")
    if manager is not None and manager.email.lower() == email:
        raise ValidationError({"manager": ["A team member cannot be their own manager."]})
    with transaction.atomic():
        if member._state.adding:
            member.user = _login_for(email)
        outcome = save_changes(member, {"email": email, "name": name.strip(), **values})
    return member, outcome
