"""The dashboard's review, roadmap and capacity summed over many books, as leadership reads them.

A manager's team holds a handful of books, and the dashboard lays each one out: a review
card per CSM, a roadmap and a capacity column per CSM. Leadership seeing every book (500
of them, say) would get a page tens of thousands of pixels long with a table 500 columns
wide. Past `BOOKS_IN_DETAIL` books, the dashboard sums them instead: each check of the
review with how many books pass it and the books failing it most, each month of the
roadmap with its EBRs and the books above the monthly maximum, each task of the week with
its median and highest expected hours, and the overloaded books; the Books table lists the
books furthest behind (its CSV download, every book). Each book named links to its own
dashboard, where its review, roadmap and week are laid out whole.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rhythm.web.dashboard import BookPanel, CapacityRow, Check, RoadmapRow, number

# More books than this in view, and the dashboard sums them up (a large manager's team
# holds about a dozen).
BOOKS_IN_DETAIL = 12
# The books a summary line names, the worst first; it counts the others.
BOOKS_NAMED = 10
# The rows of the Books table over many books: those furthest behind first.
BOOKS_LISTED = 25


@dataclass(frozen=True)
class NamedBooks:
    """Some books of a summary line, worst first, and how many more it does not name."""

    books: tuple[tuple[BookPanel, str], ...]  # each book and its figure in words
    more: int

    @classmethod
    def of(
        cls, books: Sequence[tuple[BookPanel, float]], said: Callable[[float], str]
    ) -> NamedBooks:
        """Name the `BOOKS_NAMED` books with the highest figure (by name among equals),
        each figure in words."""
        ranked = sorted(books, key=lambda pair: (-pair[1], pair[0].name))
        named = tuple((panel, said(figure)) for panel, figure in ranked[:BOOKS_NAMED])
        return cls(named, max(0, len(ranked) - BOOKS_NAMED))

    def __len__(self) -> int:
        return len(self.books) + self.more


@dataclass(frozen=True)
class ReviewLine:
    """One MGR-1 check over every book: how many pass, and those failing it most."""

    title: str
    passing: int
    books: int
    failing_accounts: int
    failing: NamedBooks


@dataclass(frozen=True)
class RoadmapLine:
    """One month of the EBR roadmap over every book: its EBRs and the books too full."""

    month: dt.date
    part: str
    ebrs: int
    planned: int
    crowded: NamedBooks


@dataclass(frozen=True)
class CapacityLine:
    """One task of the week over every book: the default, the median and the highest."""

    task: str
    basis: str
    default: float | None
    median: float | None
    highest: float | None
    highest_book: BookPanel | None  # the first, by name, of the books with the highest
    also_highest: int = 0  # how many other books have the same hours


def review_lines(panels: Sequence[BookPanel]) -> list[ReviewLine]:
    """Sum each MGR-1 check over the books, in the checklist's order."""
    checked: dict[str, list[tuple[BookPanel, Check]]] = {}
    for panel in panels:
        for check in panel.checks:
            checked.setdefault(check.title, []).append((panel, check))
    lines = []
    for title, books in checked.items():
        failing = [(panel, len(check.failing)) for panel, check in books if not check.passed]
        lines.append(
            ReviewLine(
                title,
                passing=len(books) - len(failing),
                books=len(books),
                failing_accounts=sum(count for _, count in failing),
                failing=NamedBooks.of(failing, lambda count: f"{count:.0f} failing"),
            )
        )
    return lines


def roadmap_lines(rows: Sequence[RoadmapRow], panels: Sequence[BookPanel]) -> list[RoadmapLine]:
    """Sum each month of the roadmap over the books (`dashboard.roadmap_rows`, a cell per
    book in `panels`' order): its EBRs, the planned ones, and the books above the maximum."""
    lines = []
    for row in rows:
        entries = [entry for cell in row.cells for entry in cell.entries]
        crowded = [
            (panel, cell.scheduled)
            for panel, cell in zip(panels, row.cells, strict=True)
            if cell.crowded
        ]
        planned = sum(1 for entry in entries if entry.planned)
        named = NamedBooks.of(crowded, lambda count: f"{count:.0f} EBRs")
        lines.append(RoadmapLine(row.month, row.part, len(entries), planned, named))
    return lines


def capacity_lines(rows: Sequence[CapacityRow], panels: Sequence[BookPanel]) -> list[CapacityLine]:
    """Sum each task of the week over the books (`dashboard.capacity_rows`, an hour figure
    per book in `panels`' order): the median and the highest, with whose it is."""
    lines = []
    for row in rows:
        hours = [(h, panel) for h, panel in zip(row.expected, panels, strict=True) if h is not None]
        highest = max((h for h, _ in hours), default=None)
        top = sorted((panel for h, panel in hours if h == highest), key=lambda p: p.name)
        lines.append(
            CapacityLine(
                row.task,
                row.basis,
                row.default,
                statistics.median(h for h, _ in hours) if hours else None,
                highest,
                top[0] if top else None,
                len(top) - 1 if top else 0,
            )
        )
    return lines


def overloaded_books(panels: Sequence[BookPanel]) -> NamedBooks:
    """Name the books whose expected week exceeds their capacity, the most over first
    (the figure is the hours over)."""
    over = [(panel, panel.hours - panel.capacity) for panel in panels if panel.overloaded]
    return NamedBooks.of(over, lambda hours: f"{number(hours)} h over")


def furthest_behind(panels: Sequence[BookPanel]) -> list[BookPanel]:
    """Return the `BOOKS_LISTED` books furthest behind: the fewest review checks passed,
    then flagged by PRIO-3, then overloaded, then the most hours over capacity; by name
    among equals."""
    ranked = sorted(
        panels,
        key=lambda panel: (
            panel.checks_passed,
            not panel.p1_flagged,
            not panel.overloaded,
            panel.capacity - panel.hours,
            panel.name,
        ),
    )
    return ranked[:BOOKS_LISTED]


def summed(
    panels: list[BookPanel],
    booked: list[BookPanel],
    capacity: list[CapacityRow],
    roadmap: list[RoadmapRow],
) -> dict[str, Any]:
    """Return what the dashboard shows of its books (`summed`, `books_listed` and the sums):
    past `BOOKS_IN_DETAIL` books, the review, roadmap and capacity summed over them and
    the books furthest behind; every book otherwise."""
    if len(booked) <= BOOKS_IN_DETAIL:
        return {"summed": False, "books_listed": booked}
    return {
        "summed": True,
        "review_lines": review_lines(panels),
        "roadmap_lines": roadmap_lines(roadmap, booked),
        "capacity_lines": capacity_lines(capacity, booked),
        "overloaded": overloaded_books(booked),
        "books_listed": furthest_behind(booked),
    }
