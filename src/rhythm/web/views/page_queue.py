"""The queue a page shows, looked up from its address: what an in-place action redraws.

An in-place action records on one row of My day or of an account page. The write may clear
or raise other items too (logging a call clears CAD-1 and may end CAD-2's flag), so the
action answers with the rows that left the page and those that joined it, worked out by
comparing the page's lists before and after the write (`queue_rows.row_changes`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.http import Http404, QueryDict
from django.urls import Resolver404, resolve

from rhythm.accounts.models import Account
from rhythm.accounts.queries import get_account
from rhythm.playbook.queue import Scope, WorkQueue, work_queue
from rhythm.web.queue_rows import PageList, Section, work_rows
from rhythm.web.viewpoint import Viewpoint
from rhythm.web.views.day import Day, day_of

ACCOUNT_QUEUE = "account-queue"  # the account page's list of its items


@dataclass(frozen=True)
class PageQueue:
    """The lists of rows a page shows, and how its rows are drawn."""

    lists: tuple[PageList, ...]
    sections: list[Section] | None = None  # My day's, for its counts
    viewpoint: Viewpoint | None = None  # My day's: whose work it is
    day: Day | None = None  # My day's, for what it says when no item is left to show
    # An account page's: the account and its queue (rows there omit the account's name).
    account: Account | None = None
    work: WorkQueue | None = None

    @property
    def account_page(self) -> bool:
        """Tell whether the page is an account's."""
        return self.account is not None

    @property
    def show_csm(self) -> bool:
        """Tell whether rows name the account's CSM: on My day, unless it is one book."""
        return self.viewpoint is not None and self.viewpoint.kind != "book"


def page_queue_at(
    user: Any, address: str, today: dt.date, known: WorkQueue | None = None
) -> PageQueue | None:
    """Return the lists of rows the page at `address` (path and query string) shows today.

    My day (with its filters) and an account page have them; None for another page, a
    replayed day, or an account the user may not see. `known` is an account's queue of
    today already built, used if the page is that account's.
    """
    parts = urlsplit(address)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    if match.url_name == "home":
        day = day_of(user, QueryDict(parts.query), today)
        if day.on != today:
            return None
        sections = day.sections(user)
        lists = tuple(PageList(s.state, s.rows, s.count, s.empty) for s in sections)
        day.offer()  # its menus' counts follow the write too
        return PageQueue(lists, sections, day.viewpoint, day)
    if match.url_name == "account-detail":
        try:
            account = get_account(user, match.kwargs["account_id"])
        except Http404:
            return None
        work = known if known is not None and _is_queue_of(known, account, today) else None
        work = work or work_queue(user, Scope(account=account.name), today)
        rows = tuple(work_rows(user, work))
        empty = "Nothing late, due or coming for this account."
        lists = (PageList(ACCOUNT_QUEUE, rows, len(rows), empty),)
        return PageQueue(lists, account=account, work=work)
    return None


def _is_queue_of(work: WorkQueue, account: Account, today: dt.date) -> bool:
    return work.today == today and work.scope == Scope(account=account.name)
