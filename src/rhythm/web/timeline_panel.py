"""The account page's timeline: which of its activities are shown, and what an entry's
"Edit" picks the attendees from."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest

from rhythm.accounts.models import Account
from rhythm.timeline.models import Activity
from rhythm.timeline.queries import list_activities

# Activities the account page's timeline shows at first, and each "Show older" adds.
TIMELINE_PAGE = 50


@dataclass(frozen=True)
class TimelineChunk:
    """Activities of the account's timeline, newest first, and where they sit in it.

    `shown` counts the newest activities on screen once these are: on a page of its own
    (`?page=N`) the first N pages'; appended after an activity (`?after=<id>`, htmx's
    "Show older") every one up to it, so an activity logged since the page was loaded
    neither repeats one nor hides one.
    """

    items: list[Any]
    total: int
    shown: int

    @property
    def first(self) -> int:
        """Return the place of the first of these activities in the timeline (1 for the newest)."""
        return self.shown - len(self.items) + 1

    @property
    def page(self) -> int:
        """Return the number of the page (of TIMELINE_PAGE) these activities end."""
        return -(-self.shown // TIMELINE_PAGE)

    @property
    def last(self) -> Any:
        return self.items[-1] if self.items else None

    @property
    def has_older(self) -> bool:
        return self.shown < self.total


def timeline_page(request: HttpRequest, account: Account) -> TimelineChunk:
    """Return the activities of the account's timeline that `?after=` or `?page=` asks for.

    `?entry=<id>` (a REN-2 item's link to the review to correct) shows every activity down
    to that one, so its entry is on the page however many were logged since.
    """
    activities = list_activities(request.user, account)
    total = activities.count()
    after, entry = _id(request.GET.get("after", "")), _id(request.GET.get("entry", ""))
    anchor = activities.filter(pk=after).first() if after else None
    if anchor is not None:
        older = activities.filter(Q(date__lt=anchor.date) | Q(date=anchor.date, pk__lt=anchor.pk))
        items = list(older[:TIMELINE_PAGE])
        return TimelineChunk(items, total, total - older.count() + len(items))
    wanted = activities.filter(pk=entry).first() if entry else None
    if wanted is not None and "page" not in request.GET:
        newer = Q(date__gt=wanted.date) | Q(date=wanted.date, pk__gte=wanted.pk)
        items = list(activities[: max(TIMELINE_PAGE, activities.filter(newer).count())])
        return TimelineChunk(items, total, len(items))
    page = Paginator(activities, TIMELINE_PAGE).get_page(request.GET.get("page"))
    return TimelineChunk(list(page.object_list), total, page.end_index())


def _id(text: str) -> int | None:
    """Read an id from the address; None for anything no row can have."""
    return int(text) if text.isdigit() and len(text) < 19 else None


def attendees_of(activity: Activity) -> list[str]:
    """Return the emails of an activity's attendees, its contacts first."""
    emails = [contact.email for contact in activity.contacts.all()]
    emails += [member.email for member in activity.members.all()]
    return [email for email in emails if email]


def attendee_choices(
    activity: Activity, contacts: Iterable[Any], seats: Iterable[Any]
) -> list[tuple[str, str]]:
    """Return whom an activity's attendees are picked from, by email: the account's
    contacts, its team (with their seat), then anyone else already logged at it."""
    found: dict[str, tuple[str, str]] = {}
    people = [(c.email, f"{c.name} ({c.title or 'contact'})") for c in contacts]
    people += [(s.member.email, f"{s.member.name} ({s.role.upper()})") for s in seats]
    people += [(m.email, m.name or m.email) for m in activity.members.all()]
    for email, label in people:
        if email:
            found.setdefault(email.lower(), (email, label))
    return list(found.values())
