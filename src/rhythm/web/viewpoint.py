"""Whose work a person sees on My day and the team dashboard, and whom they may narrow to.

A CSM sees their book; a manager their team (and may pick one CSM of it); leadership and
admins everything (and may pick any CSM). Account-team roles without a book of their own
(AE, SA, PSE) see the accounts they are on, without book-level items (the queue leaves
them out: `playbook.queue.BookView`), and no dashboard.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rhythm.accounts.scoping import sees_everything
from rhythm.playbook.queue import Scope, own_scope
from rhythm.team.queries import members_in_view

BOOK, TEAM, EVERYTHING, ACCOUNTS = "book", "team", "everything", "accounts"


@dataclass(frozen=True)
class Viewpoint:
    """The scope a person's pages start from, its heading, and the CSMs they may pick."""

    kind: str
    scope: Scope
    title: str
    # whose books are in view, (email, name) by name: those who hold a CSM book or whose
    # role is CSM, so a manager without a book of their own is not one of them
    people: tuple[tuple[str, str], ...] = ()

    @property
    def csms(self) -> tuple[tuple[str, str], ...]:
        """Return the CSMs the person may pick: a manager's team, or everyone for leadership."""
        return self.people if self.kind in (TEAM, EVERYTHING) else ()

    def scope_for(self, csm: str | None) -> Scope:
        """Return the scope narrowed to one CSM's book when one is picked."""
        return Scope(csm=csm) if csm else self.scope

    @property
    def has_books(self) -> bool:
        """Tell whether this view covers whole books (so book-level items and KPIs apply)."""
        return self.kind != ACCOUNTS


def _pairs(members: Any) -> tuple[tuple[str, str], ...]:
    return tuple((m.email, m.name) for m in members)


def viewpoint_of(user: Any) -> Viewpoint:
    """Decide where a person's My day and dashboard start (one query at most): their own
    scope, as the API and the queue take it (`playbook.queue.own_scope`)."""
    people = _pairs(members_in_view(user, csms_only=True))
    scope = own_scope(user)
    if sees_everything(user):
        return Viewpoint(EVERYTHING, scope, "Every account", people)
    if scope.manager:
        return Viewpoint(TEAM, scope, "Your team", people)
    if scope.csm:
        return Viewpoint(BOOK, scope, "Your book", people)
    return Viewpoint(ACCOUNTS, scope, "Your accounts")
