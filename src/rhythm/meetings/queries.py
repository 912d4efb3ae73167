"""Reads of EBRs, leadership check-ins and sessions, scoped to the asking user."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from rhythm.accounts.models import Account
from rhythm.meetings.models import Ebr, LeadershipCheckIn, Session, SessionAttendance


def ebr_being_prepared(user: Any, account: Account) -> Ebr | None:
    """Return the account's EBR being prepared, as the rules see it (EBR-2, EBR-3)."""
    return Ebr.objects.visible_to(user).filter(account=account).in_preparation()


def last_ebr_held(user: Any, account: Account) -> Ebr | None:
    """Return the account's latest EBR held that Rhythm tracked (not only logged)."""
    return Ebr.objects.visible_to(user).filter(account=account).last_held()


def check_in_planned(user: Any, account: Account) -> LeadershipCheckIn | None:
    """Return the account's leadership check-in planned and not held yet."""
    return LeadershipCheckIn.objects.visible_to(user).filter(account=account).planned()


LISTED_DAYS = 365  # sessions listed by default: the last year (WS-1 asks one a year at least)


def list_sessions(
    user: Any, since: dt.date | None = None, *, kind: str = "", text: str = ""
) -> QuerySet[Session]:
    """Return the workshops and roundtables held since `since` (the last `LISTED_DAYS` by
    default) that a visible account attended; only one `kind`, and only those whose topic
    or a visible attending account's name holds `text` (case aside), if given.

    Newest first, each with its lead, how many accounts attended (`attending`) and only the
    attendance the user may see (an account of another book stays unnamed, and is not
    found by its name), in two queries.
    """
    since = since or timezone.localdate() - dt.timedelta(days=LISTED_DAYS)
    seen = SessionAttendance.objects.visible_to(user).select_related("account")
    attending = (
        SessionAttendance.objects.filter(session=OuterRef("pk"))
        .values("session")
        .annotate(n=Count("*"))
        .values("n")
    )
    sessions = Session.objects.visible_to(user).filter(date__gte=since)
    if kind:
        sessions = sessions.filter(kind=kind)
    if text := text.strip():
        named = seen.filter(account__name__icontains=text).values("session_id")
        sessions = sessions.filter(Q(topic__icontains=text) | Q(pk__in=named))
    return (
        sessions.distinct()
        .annotate(attending=Subquery(attending))
        .select_related("lead")
        .prefetch_related(Prefetch("attendance", queryset=seen.order_by("account__name")))
        .order_by("-date", "topic")
    )
