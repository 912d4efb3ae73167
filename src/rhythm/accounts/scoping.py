"""The one scope every read of customer data goes through: `visible_to(user)`.

A CSM, AE, SA or PSE sees the accounts whose team they are on; a manager also sees their
reports' accounts; leadership and admins see everything; anyone else sees nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Self

from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from rhythm.team.models import TeamMember


def member_of(user: Any) -> TeamMember | None:
    """Return the active team member behind a login, or None."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    member = getattr(user, "member", None) if hasattr(user, "member") else None
    if member is None or not member.is_active:
        return None
    return member


def sees_everything(user: Any) -> bool:
    """Superusers, leadership and admins see every account."""
    if getattr(user, "is_superuser", False) and getattr(user, "is_active", False):
        return True
    member = member_of(user)
    return member is not None and member.sees_everything


def sees_whole_books(user: Any) -> bool:
    """Whether the user's view is made of whole CSM books: a CSM's, a manager's team, or all.

    Account-team roles (AE, SA, PSE) see only the accounts they are on, so a book-level
    figure (the manager review, capacity) would be about part of someone else's book.
    """
    from rhythm.team.models import BOOK_ROLES

    if sees_everything(user):
        return True
    member = member_of(user)
    return member is not None and member.role in BOOK_ROLES


def can_record_work(user: Any) -> bool:
    """Whether the user may record work on the accounts they see (leadership only reads)."""
    if getattr(user, "is_superuser", False) and getattr(user, "is_active", False):
        return True
    member = member_of(user)
    return member is not None and member.can_write


def visible_account_ids(user: Any) -> models.QuerySet:
    """Return a subquery of the ids of the accounts a user may see (not used for everyone)."""
    from rhythm.accounts.models import AccountTeamMember
    from rhythm.team.models import Role

    member = member_of(user)
    if member is None:
        return AccountTeamMember.objects.none().values("account_id")
    condition = Q(member=member)
    if member.role == Role.MANAGER:
        condition |= Q(member__manager=member)
    return AccountTeamMember.objects.filter(condition).values("account_id")


class ScopedQuerySet(models.QuerySet):
    """A queryset of customer data reached through an account; `account_path` names the way."""

    account_path: ClassVar[str] = "account"

    def visible_to(self, user: Any) -> Self:
        """Keep only the rows whose account the user may see."""
        if sees_everything(user):
            return self.all()
        lookup = "id__in" if self.account_path == "" else f"{self.account_path}__in"
        return self.filter(**{lookup: visible_account_ids(user)})
