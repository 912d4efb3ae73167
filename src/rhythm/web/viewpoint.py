"""Whose work a person sees on My day and the team dashboard, and whom they may narrow to.

A CSM sees their book; a manager their team (and may pick one CSM of it); leadership and
admins everything (and may pick one manager's team, or any CSM). Account-team roles
without a book of their own (AE, SA, PSE) see the accounts they are on, without book-level
items (the queue leaves them out: `playbook.queue.BookView`), and no dashboard.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rhythm.accounts.scoping import sees_everything
from rhythm.playbook.queue import Scope, own_scope
from rhythm.team.queries import members_in_view

BOOK, TEAM, EVERYTHING, ACCOUNTS = "book", "team", "everything", "accounts"


@dataclass(frozen=True)
class Team:
    """A manager's team as leadership may pick it: the manager, and whose books are in it."""

    email: str
    name: str
    members: frozenset[str]  # casefolded emails: the manager and their reports in view

    @property
    def label(self) -> str:
        """Name the team in a menu: its manager's name."""
        return f"{self.name}'s team"


@dataclass(frozen=True)
class Viewpoint:
    """The scope a person's pages start from, its heading, and the CSMs they may pick."""

    kind: str
    scope: Scope
    title: str
    # whose books are in view, (email, name) by name: those who hold a CSM book or whose
    # role is CSM, so a manager without a book of their own is not one of them
    people: tuple[tuple[str, str], ...] = ()
    # the teams leadership may pick, by manager's name: the managers of those people
    teams: tuple[Team, ...] = ()

    @property
    def csms(self) -> tuple[tuple[str, str], ...]:
        """Return the CSMs the person may pick: a manager's team, or everyone for leadership."""
        return self.people if self.kind in (TEAM, EVERYTHING) else ()

    def narrowed(self, csm: str | None, team: str | None = None) -> tuple[Scope, Team | None]:
        """Return the scope narrowed to the CSM picked, else to the team picked (a manager's
        email, one of `teams`) with that team, else the person's own scope."""
        if csm:
            return Scope(csm=csm), None
        folded = (team or "").casefold()
        picked = next((t for t in self.teams if t.email.casefold() == folded), None)
        return (Scope(manager=picked.email), picked) if picked else (self.scope, None)

    @property
    def has_books(self) -> bool:
        """Tell whether this view covers whole books (so book-level items and KPIs apply)."""
        return self.kind != ACCOUNTS


def _pairs(members: Any) -> tuple[tuple[str, str], ...]:
    return tuple((m.email, m.name) for m in members)


def _teams(members: Iterable[Any]) -> tuple[Team, ...]:
    """Gather the people in view by manager: each manager's team, by the manager's name."""
    managers: dict[int, Any] = {}
    members_of: dict[int, set[str]] = {}
    for member in members:
        if (manager := member.manager) is not None:
            managers[manager.pk] = manager
            members_of.setdefault(manager.pk, {manager.email.casefold()})
            members_of[manager.pk].add(member.email.casefold())
    ordered = sorted(managers.values(), key=lambda manager: (manager.name, manager.email))
    return tuple(Team(m.email, m.name, frozenset(members_of[m.pk])) for m in ordered)


def viewpoint_of(user: Any) -> Viewpoint:
    """Decide where a person's My day and dashboard start (one query at most): their own
    scope, as the API and the queue take it (`playbook.queue.own_scope`)."""
    members = members_in_view(user, csms_only=True)
    people = _pairs(members)
    scope = own_scope(user)
    if sees_everything(user):
        return Viewpoint(EVERYTHING, scope, "Every account", people, _teams(members))
    if scope.manager:
        return Viewpoint(TEAM, scope, "Your team", people)
    if scope.csm:
        return Viewpoint(BOOK, scope, "Your book", people)
    return Viewpoint(ACCOUNTS, scope, "Your accounts")
