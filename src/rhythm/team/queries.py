"""Reads of team members and their records that are not customer data: their time off."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet
from django.db.models.functions import Lower

from rhythm.accounts.scoping import member_of, sees_everything
from rhythm.team.models import Role, TeamMember, TimeOff


def members_in_view(user: Any, *, csms_only: bool = False) -> list[TeamMember]:
    """Return the people whose whole books a person sees, by name: every CSM with accounts
    for leadership and admins, the manager and their active reports for a manager, and
    themselves for a CSM; nobody for other roles.

    They are those whose time off a person sees through the API (and, unless they only
    read, records). With `csms_only`, a manager's list keeps only those who hold a CSM
    book or whose role is CSM: the CSMs the pages let a person pick, without a manager
    who has no book to show.
    """
    if sees_everything(user):
        # with each one's manager, whose teams leadership may pick (`web.viewpoint`)
        with_books = TeamMember.objects.filter(assignments__role="csm").distinct()
        return list(with_books.select_related("manager").order_by("name"))
    member = member_of(user)
    if member is not None and member.role == Role.MANAGER:
        if csms_only:
            team = Q(pk=member.pk) | Q(manager=member, is_active=True)
            csm = Q(role=Role.CSM) | Q(assignments__role="csm")
            return list(TeamMember.objects.filter(team, csm).distinct().order_by("name"))
        reports = member.reports.filter(is_active=True)
        return sorted([member, *reports], key=lambda m: m.name)
    if member is not None and member.role == Role.CSM:
        return [member]
    return []


def list_time_off(emails: Iterable[str], since: dt.date) -> QuerySet[TimeOff]:
    """Return the time off of these members that ends on or after `since`, earliest first.

    The dashboard asks for the CSMs in the asker's view, so the scoping is its list.
    """
    wanted = [email.casefold() for email in emails]
    periods = TimeOff.objects.annotate(email=Lower("member__email")).filter(email__in=wanted)
    return periods.filter(ends_on__gte=since).select_related("member").order_by("starts_on")
