"""The dashboard's review, roadmap and capacity summed over more books than it lays out."""

import datetime as dt
from types import SimpleNamespace

from rhythm.web.dashboard import CapacityRow, RoadmapCell, RoadmapRow
from rhythm.web.dashboard_summary import (
    BOOKS_NAMED,
    capacity_lines,
    overloaded_books,
    review_lines,
    roadmap_lines,
)
from tests.web.pages import logged_in, with_late_call


def book(name, checks=(), hours=30.0, capacity=33.25):
    """A book as the sums read it: its name, its review's checks and its week."""
    return SimpleNamespace(
        name=name,
        csm=f"{name.lower()}@rhythm.test",
        checks=tuple(
            SimpleNamespace(title=title, passed=not failing, failing=("x",) * failing)
            for title, failing in checks
        ),
        hours=hours,
        capacity=capacity,
        overloaded=hours > capacity,
    )


def test_a_check_counts_the_books_passing_and_names_the_worst_failing_first():
    books = [book(f"CSM {n:02}", [("Onboarding", n % 14), ("Plans", 0)]) for n in range(28)]
    onboarding, plans = review_lines(books)
    assert (onboarding.title, onboarding.books, onboarding.passing) == ("Onboarding", 28, 2)
    assert onboarding.failing_accounts == 2 * sum(range(14))
    # 13 failing accounts first (CSM 13, CSM 27), then 12..., ties by name
    named = [(panel.name, count) for panel, count in onboarding.failing.books]
    assert named[:3] == [
        ("CSM 13", "13 failing"),
        ("CSM 27", "13 failing"),
        ("CSM 12", "12 failing"),
    ]
    assert len(named) == BOOKS_NAMED and onboarding.failing.more == 26 - BOOKS_NAMED
    assert (plans.passing, plans.failing_accounts, len(plans.failing)) == (28, 0, 0)


def test_a_roadmap_month_counts_its_ebrs_and_names_the_books_above_the_maximum():
    entry = SimpleNamespace(planned=False, overdue_since=None)
    planned = SimpleNamespace(planned=True, overdue_since=None)
    overdue = SimpleNamespace(planned=False, overdue_since=dt.date(2026, 11, 2))
    books = [book("Ann"), book("Bea"), book("Cy")]
    row = RoadmapRow(
        dt.date(2027, 1, 1),
        (
            RoadmapCell((entry, planned, entry), crowded=True),
            RoadmapCell((entry,), crowded=False),
            RoadmapCell((entry,) * 4 + (overdue,), crowded=True),
        ),
        "from 4 Jan",
    )
    (line,) = roadmap_lines([row], books)
    assert (line.ebrs, line.planned, line.part) == (9, 1, "from 4 Jan")
    assert [(panel.name, said) for panel, said in line.crowded.books] == [
        ("Cy", "4 EBRs"),
        ("Ann", "3 EBRs"),
    ]


def test_a_task_gives_its_median_and_highest_week_and_the_books_overloaded_most_first():
    books = [book("Ann", hours=36.0), book("Bea", hours=30.0), book("Cy", hours=40.5)]
    rows = [
        CapacityRow("Cadence calls", 4.0, (5.0, 3.0, 5.0), "0.5 h a call"),
        CapacityRow("Leadership check-ins", None, (None, None, 1.5)),
        CapacityRow("Special projects", 1.0, (None, None, None)),
    ]
    calls, check_ins, projects = capacity_lines(rows, books)
    assert (calls.median, calls.highest, calls.highest_book.name, calls.also_highest) == (
        5.0,
        5.0,
        "Ann",
        1,
    )
    assert (check_ins.median, check_ins.highest, check_ins.highest_book.name) == (1.5, 1.5, "Cy")
    assert (projects.median, projects.highest, projects.highest_book) == (None, None, None)
    over = overloaded_books(books)
    # the hours over, as the dashboard writes figures (at most one decimal)
    assert [(panel.name, said) for panel, said in over.books] == [
        ("Cy", "7.2 h over"),
        ("Ann", "2.8 h over"),
    ]


def test_more_books_than_laid_out_are_summed_each_linking_its_own_dashboard(
    client, leader, alice, bob, monkeypatch
):
    from rhythm.web import dashboard_summary

    with_late_call(alice, "Acme Corp")
    with_late_call(bob, "Bob Corp")
    reader = logged_in(client, leader)
    laid_out = reader.get("/team/")
    assert laid_out.context["summed"] is False
    assert laid_out.content.decode().count('<section class="card review"') == 2
    monkeypatch.setattr(dashboard_summary, "BOOKS_IN_DETAIL", 1)
    response = reader.get("/team/?on=2026-11-02")
    html = response.content.decode()
    assert response.context["summed"] is True
    assert '<section class="card review"' not in html and 'class="grid review-summed"' in html
    assert 'class="grid roadmap-summed"' in html and 'class="grid capacity-summed"' in html
    # each book named links its own dashboard, on the day shown
    assert '<a href="?csm=alice%40rhythm.test&amp;on=2026-11-02">Alice Owner</a>' in html
    lines = {line.title: line for line in response.context["review_lines"]}
    assert {line.books for line in lines.values()} == {2}
    panels = response.context["panels"]
    for title, line in lines.items():
        checks = [check for panel in panels for check in panel.checks if check.title == title]
        assert line.passing == sum(check.passed for check in checks)
        assert line.failing_accounts == sum(len(check.failing) for check in checks)


def test_the_books_furthest_behind_come_first_and_at_most_a_page_of_them(monkeypatch):
    from rhythm.web import dashboard_summary

    monkeypatch.setattr(dashboard_summary, "BOOKS_LISTED", 3)
    books = [
        book("Ann", [("Onboarding", 0), ("Plans", 0)]),
        book("Bea", [("Onboarding", 2), ("Plans", 0)], hours=34.0),  # one check, overloaded
        book("Cy", [("Onboarding", 1), ("Plans", 0)]),  # one check
        book("Di", [("Onboarding", 1), ("Plans", 3)]),  # no check passes
        book("Ed", [("Onboarding", 1), ("Plans", 0)], hours=40.0),  # one check, more over
    ]
    for panel in books:
        panel.checks_passed = sum(check.passed for check in panel.checks)
        panel.p1_flagged = False
    names = [panel.name for panel in dashboard_summary.furthest_behind(books)]
    assert names == ["Di", "Ed", "Bea"]
