"""The least a whole queue can cost in one process: build and sort its items, no rules.

    python bench/items_floor.py                 # 1,065,274 items, as the 100,000-account book
    python bench/items_floor.py --items 100000

Builds work items shaped like the real queue's (a rule id, an account, a due date, a state
and a `why` sentence with a date and a day count in it), then sorts them in queue order,
and prints both times. Whatever the rules cost, the whole queue cannot be faster than this.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import time

from rhythm.playbook.rules.items import WorkItem, sort_items

RULES = ("CAD-1", "EBR-1", "HEALTH-1", "REN-1", "PLAN-1", "EXEC-1", "PRIO-4", "WS-1", "CHK-1")
TODAY = dt.date(2026, 11, 22)


def build(count: int) -> list[WorkItem]:
    """Build `count` items, ten to an account, due over some 300 days around today."""
    items = []
    for index in range(count):
        due = TODAY + dt.timedelta(days=index * 7919 % 300 - 200)
        last = due - dt.timedelta(days=14)
        why = f"P1 account: calls every 14 days; last call {last.isoformat()}, "
        why += f"{(TODAY - last).days} days ago."
        state = "late" if due < TODAY else "due"
        account = index // 10
        rule = RULES[index % len(RULES)]
        items.append(
            WorkItem(
                rule,
                f"Account {account}",
                account,
                "csm@rhythm.example",
                due,
                state,
                "high",
                why,
                "Log a cadence call.",
            )
        )
    return items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1_065_274)
    options = parser.parse_args()
    gc.disable()  # as the queue does while it builds (rules/batch.py)
    started = time.perf_counter()
    items = build(options.items)
    built = time.perf_counter() - started
    started = time.perf_counter()
    sort_items(items)
    ordered = time.perf_counter() - started
    print(
        f"{options.items:,} items: build {built:.2f} s, sort {ordered:.2f} s, "
        f"total {built + ordered:.2f} s"
    )


if __name__ == "__main__":
    main()
