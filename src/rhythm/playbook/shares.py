"""Evaluate a large book in several processes, each loading and evaluating a share of it.

The rules for 100,000 accounts take one core for many seconds. A book is split into shares
of whole CSM books, each a run of books in book order (the book-level rules need a CSM's
whole book; every unassigned account goes to the last share). Each share is loaded and
evaluated in its own process, which sorts its items and sends only them back, in pieces
the receiver rebuilds while the next is written: sending back account states or facts cost
more than it saved. The rules over the whole team (RT-1) then run on what each share
reports, and the sorted shares are merged, so the result is exactly the items of one
evaluation of the whole book.

Processes are forked, so a share needs no set-up, and each opens its own database
connection. Forking is only done where it is safe: from a process's main thread (the
command line, a worker of a pre-forking server; never a request thread of a threaded
server), outside a transaction (another process would not see its rows) and not on an
in-memory SQLite database; elsewhere the book is evaluated in one process, with the same
result.

Work on facts already loaded that reads nothing (the KPIs at each month end of a series) is
dealt out the same way by `spread`: each forked process inherits the facts and sends back
only its results.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import sys
import threading
import traceback
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

from django.conf import settings as django_settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Count, QuerySet

from rhythm.accounts.models import Account, AccountTeamMember
from rhythm.playbook.facts import load_book
from rhythm.playbook.rules.batch import collector_paused
from rhythm.playbook.rules.dates import Calendar
from rhythm.playbook.rules.derived import norm
from rhythm.playbook.rules.engine import (
    Part,
    PartItems,
    Queue,
    Teams,
    book_order,
    build_queue,
    evaluate_part,
    merge_parts,
)
from rhythm.playbook.rules.facts import BookFacts
from rhythm.playbook.rules.items import WorkItem
from rhythm.playbook.settings import PlaybookSettings

# The fewest accounts worth a process of their own. Two shares of 1,000 already paid for the
# fork, the connection and sending the items back (docs/performance.md); a CSM's or a
# manager's queue, far smaller, stays in one process.
MIN_SHARE = 1_000

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Evaluation:
    """What to evaluate: the accounts, the date, the history to load and the settings.

    `whole_book` tells, when the accounts may hold only parts of CSM books (an AE's view),
    which books they hold whole (`load_book`); None, they are whole books.
    """

    accounts: QuerySet[Account]
    today: dt.date
    since: dt.date
    settings: PlaybookSettings
    calendar: Calendar
    whole_book: Callable[[str | None], bool] | None = None
    teams: Teams | None = None  # each team's settings, for the CSMs' books in it

    def whole(self) -> tuple[BookFacts, Queue]:
        """Load every account's facts and build their queue, in this process."""
        book = load_book(
            self.accounts,
            self.today,
            since=self.since,
            settings=self.settings,
            whole_book=self.whole_book,
            teams=self.teams,
        )
        return book, build_queue(book, self.settings, self.today, self.calendar, self.teams)

    def evaluate(self, share: QuerySet[Account]) -> tuple[Part, BookFacts]:
        """Load one share's facts (with the sessions of the whole book) and evaluate it.

        A share holds all of the accounts' part of each of its books, so the peers of its
        parts of books are those of the accounts'. The facts come back with the results, so
        the caller chooses when they are freed: freeing a share's facts and states takes
        about a third of a second, which a process should spend after sending its items,
        not before.
        """
        book = load_book(
            share,
            self.today,
            since=self.since,
            settings=self.settings,
            sessions_of=self.accounts,
            whole_book=self.whole_book,
            teams=self.teams,
        )
        part = evaluate_part(book, self.settings, self.today, self.calendar, self.teams)
        return part, book


def configured_processes() -> int:
    """Return how many processes may evaluate one book: RHYTHM_QUEUE_PROCESSES, or the CPUs."""
    return django_settings.RHYTHM_QUEUE_PROCESSES or os.cpu_count() or 1


def evaluate_items(
    work: Evaluation, *, processes: int | None = None, min_share: int = MIN_SHARE
) -> tuple[tuple[WorkItem, ...], int]:
    """Return every item of the book in queue order, and how many processes evaluated it."""
    wanted = processes if processes is not None else configured_processes()
    if wanted > 1 and can_fork():
        count = work.accounts.count()
        shares = split_books(work.accounts, min(wanted, count // max(min_share, 1)), total=count)
        if len(shares) > 1:
            return _in_processes(work, shares), len(shares)
    return work.whole()[1].items, 1


def can_fork() -> bool:
    """Tell whether other processes can evaluate shares of the book (see the module)."""
    if not _may_fork():
        return False
    connection = connections["default"]
    in_memory = connection.vendor == "sqlite" and connection.is_in_memory_db()  # type: ignore[attr-defined]
    return not connection.in_atomic_block and not in_memory


def _may_fork() -> bool:
    # A request thread of a threaded server must not fork: only a process's main thread.
    return hasattr(os, "fork") and threading.current_thread() is threading.main_thread()


def spread(work: Callable[[T], R], values: Sequence[T], *, processes: int | None = None) -> list[R]:
    """Return `[work(value) for value in values]`, the values dealt out to forked processes.

    For work on facts already loaded that reads nothing from the database (the KPIs at each
    month end of a series): each process inherits the facts as they are, takes every n-th
    value and sends back only its results, while this process works out the first share.
    `processes` caps them (default RHYTHM_QUEUE_PROCESSES, or the CPUs); forking is done
    only from a process's main thread, elsewhere the values are worked out here, one by one.
    """
    wanted = min(processes if processes is not None else configured_processes(), len(values))
    if wanted <= 1 or not _may_fork():
        return [work(value) for value in values]
    dealt = [range(start, len(values), wanted) for start in range(wanted)]
    shares = [(work, [values[index] for index in indices]) for indices in dealt[1:]]
    started = _forked(_spread_in_process, shares)
    results: dict[int, R] = {}
    with _awaited(started):
        results.update((index, work(values[index])) for index in dealt[0])
        for (process, receiving), indices in zip(started, dealt[1:], strict=True):
            results.update(zip(indices, _pieces(process, receiving)[0], strict=True))
    return [results[index] for index in range(len(values))]


def _spread_in_process(work: Callable[[T], R], values: list[T], sending: Connection) -> None:
    """Run in a forked process: work out each value and send the results back at once."""
    try:
        _own_connections()  # the work reads nothing, but never through the parent's socket
        sending.send((True, [work(value) for value in values], False))
    except BaseException:
        sending.send((False, traceback.format_exc(), False))
    finally:
        sending.close()
        connections.close_all()


def split_books(
    accounts: QuerySet[Account], shares: int, *, total: int | None = None
) -> list[QuerySet[Account]]:
    """Split the accounts into at most `shares` shares of whole CSM books, of similar size.

    A CSM's book is every account with that CSM's email (compared case-insensitively, as
    the rules group books). Each share is a run of books in book order (`book_order`), and
    accounts without a CSM, last in that order, all go to the last share: the shares' items,
    each sorted, then merge into exactly one evaluation's order (`merge_parts`). `total`
    is the number of accounts, when the caller has counted them already.
    """
    if shares < 2:
        return [accounts]
    seats = AccountTeamMember.objects.filter(role="csm")
    books: dict[str, list[int]] = defaultdict(list)
    sizes: dict[str, int] = defaultdict(int)
    found = seats.filter(account__in=accounts).values_list("member_id", "member__email")
    for member_id, email, size in found.annotate(size=Count("id")):
        books[norm(email)].append(member_id)
        sizes[norm(email)] += size
    total = accounts.count() if total is None else total
    members: list[list[int]] = [[]]
    placed = 0
    for book in sorted(books, key=book_order):
        # Start the next share once this one holds its fair part of the accounts.
        if placed >= total * len(members) / shares and len(members) < shares:
            members.append([])
        members[-1] += books[book]
        placed += sizes[book]
    if len(members) < 2:
        return [accounts]

    def booked(ids: list[int]) -> QuerySet[Account]:
        return accounts.filter(id__in=seats.filter(member_id__in=ids).values("account_id"))

    # The last share is every account not in an earlier one (an account has one CSM): on
    # SQLite, "its books or no CSM" loaded a second slower than this.
    earlier = [member for ids in members[:-1] for member in ids]
    last = accounts.exclude(id__in=seats.filter(member_id__in=earlier).values("account_id"))
    return [booked(ids) for ids in members[:-1]] + [last]


def _in_processes(work: Evaluation, shares: Sequence[QuerySet[Account]]) -> tuple[WorkItem, ...]:
    """Evaluate the first share here and the others in forked processes, then merge."""
    connections.close_all()  # each process opens its own; a shared socket would break
    started = _forked(_share_in_process, [(work, share) for share in shares[1:]])
    with _awaited(started), collector_paused():  # reading back a million items: rules/batch
        part, book = work.evaluate(shares[0])
        parts, sessions = [PartItems.of(part)], book.sessions
        del part, book  # freed while the other processes finish
        parts += [_received(process, receiving) for process, receiving in started]
        # The other processes free their facts meanwhile: they are waited for after.
        return merge_parts(parts, sessions, work.settings, work.today, work.calendar)


Started = list[tuple[BaseProcess, Connection]]


def _forked(target: Callable[..., None], shares: Sequence[tuple[Any, ...]]) -> Started:
    """Start a forked process for each share: `target(*share, sending)`, where `sending` is
    the end of a pipe whose other end comes back with the process."""
    for stream in (sys.stdout, sys.stderr):
        stream.flush()  # what is still buffered would be written again by each child
    context = multiprocessing.get_context("fork")
    started: Started = []
    for share in shares:
        receiving, sending = context.Pipe(duplex=False)
        process = context.Process(target=target, args=(*share, sending))
        process.start()
        sending.close()
        started.append((process, receiving))
    return started


@contextmanager
def _awaited(started: Started) -> Iterator[None]:
    """Wait for the processes after the block; if it fails, end them first."""
    try:
        yield
    except BaseException:
        for process, _ in started:  # a process blocked sending its results would never end
            process.terminate()
        raise
    finally:
        for process, receiving in started:
            receiving.close()
            process.join()


class ShareFailed(RuntimeError):
    """A process evaluating a share of the book failed; the message has its traceback."""


def _received(process: BaseProcess, receiving: Connection) -> PartItems:
    """Wait for a share's items, piece by piece, or raise its process's error."""
    return PartItems.joined(_pieces(process, receiving))


def _pieces(process: BaseProcess, receiving: Connection) -> list[Any]:
    """Wait for each piece a process sends until its last, or raise the process's error."""
    pieces = []
    more = True
    while more:
        try:
            ok, found, more = receiving.recv()
        except EOFError:
            process.join()
            raise ShareFailed(
                f"a share's process ended without results (exit code {process.exitcode})"
            ) from None
        if not ok:
            raise ShareFailed(f"a share's process failed:\n{found}")
        pieces.append(found)
    return pieces


# Items sent at a time: the parent reads and rebuilds one piece while the next is pickled,
# instead of waiting for the whole share to be pickled first.
PIECE = 50_000

# Database connections a forked process inherited: kept, never used, never closed.
_INHERITED: list[BaseDatabaseWrapper] = []


def _own_connections() -> None:
    """Give a forked process database connections of its own.

    What it inherited may still be in use by the parent, by another of its threads (a live
    server's, say): using it would mix two processes' queries on one socket, and closing it
    would end the parent's session. It is kept unused until the process exits.
    """
    for alias in connections:
        _INHERITED.append(connections[alias])
        connections[alias] = connections.create_connection(alias)


def _share_in_process(work: Evaluation, share: QuerySet[Account], sending: Connection) -> None:
    """Run in a forked process: evaluate one share and send what the merge needs."""
    try:
        _own_connections()
        with collector_paused():
            part, book = work.evaluate(share)  # both freed once the items are sent
            pieces = PartItems.of(part).pieces(PIECE)
            for index, piece in enumerate(pieces, start=1):
                sending.send((True, piece, index < len(pieces)))
    except BaseException:
        sending.send((False, traceback.format_exc(), False))
    finally:
        sending.close()
        connections.close_all()
