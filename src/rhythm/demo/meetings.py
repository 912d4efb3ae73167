"""The demo book's meetings and follow-ups: EBRs, check-ins, sessions, renewals, plans.

Split from `book.py` to keep each module readable; the scenario sets live in `scenarios.py`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from rhythm.demo.people import email
from rhythm.demo.scenarios import (
    EBR_DUE_SOON,
    EBR_IN_PLANNING,
    NEW_ACCOUNTS,
    NO_EBR_EVER,
    NO_PLAN,
    PLAN_NOT_UPDATED,
    RED,
    STALE_EXECUTIVE,
)

if TYPE_CHECKING:
    from rhythm.demo.book import DemoAccount

Row = dict[str, Any]
DAY = dt.timedelta(days=1)


def ebr_specs(account: DemoAccount, today: dt.date) -> list[Row]:
    """Hold EBRs in the past year (two for high-ARR accounts) and plan some ahead."""
    if account.index in NEW_ACCOUNTS or account.index in NO_EBR_EVER:
        return []
    ages = [300 if account.index in EBR_DUE_SOON else 60 + (account.index * 37) % 200]
    if account.arr >= 800_000 and account.index not in EBR_DUE_SOON:
        ages.append(ages[0] + 180)
    ages += [age + 365 for age in ages if account.index % 4 != 1]  # the year before, mostly
    attendees = [account.champion, email(account.csm), email("tom.baker")]
    if account.executive and account.index not in STALE_EXECUTIVE:
        attendees.append(account.executive)
    specs = []
    for age in ages:
        held = today - DAY * age
        if held <= account.initial:
            continue
        specs.append(
            {
                "account": account.name,
                "planned_on": held,
                "held_on": held,
                "format": "onsite" if age % 2 else "virtual",
                "length_minutes": 90,
                "follow_up_sent_on": held + DAY * (1 if age % 3 else 4),
                "success_plan_updated_on": None
                if account.index in PLAN_NOT_UPDATED
                else held + DAY * 3,
                "focus_areas": "CI adoption; security scanning; value review",
                "attendee_emails": attendees,
                "csm": account.csm,
            }
        )
    if account.index in EBR_IN_PLANNING:
        specs.append(
            {
                "account": account.name,
                "planned_on": today + DAY * 75,
                "status": "planning",
                "format": "onsite",
                "length_minutes": 90,
                "focus_areas": "Roadmap and DevSecOps maturity",
                "csm": account.csm,
            }
        )
    return specs


def check_in_specs(account: DemoAccount, ebrs: list[Row], today: dt.date) -> list[Row]:
    """Hold a leadership check-in a quarter after most EBRs (CHK-1), not after every one."""
    specs = []
    for ebr in ebrs:
        held = ebr.get("held_on")
        if held and account.index % 3 != 0 and held + DAY * 95 < today:
            specs.append(
                {
                    "account": account.name,
                    "planned_on": held + DAY * 92,
                    "held_on": held + DAY * 92,
                    "length_minutes": 45,
                    "agenda": "Goals summary; adoption metrics; next steps",
                    "attendee_emails": ebr["attendee_emails"],
                    "csm": account.csm,
                }
            )
    return specs


def session_specs(accounts: list[DemoAccount], today: dt.date) -> list[Row]:
    """Workshops led by each CSM for one to three of their accounts; roundtables per industry."""
    specs = []
    by_csm: dict[str, list[DemoAccount]] = {}
    for account in accounts:
        if account.index not in NEW_ACCOUNTS:
            by_csm.setdefault(account.csm, []).append(account)
    topics = ["CI pipelines", "Security scanning", "Agile planning", "GitOps", "Runners at scale"]
    for position, (csm, book) in enumerate(sorted(by_csm.items())):
        every = [10, 16, 30, 45][position % 4]
        day, n = today - DAY * (4 + position), 0
        while day > today - DAY * 365:
            guests = [book[(n * 3 + k) % len(book)] for k in range(1 + n % 3)]
            unique = list({guest.name: guest for guest in guests}.values())
            specs.append(
                {
                    "kind": "workshop",
                    "topic": topics[n % len(topics)],
                    "date": day,
                    "lead": csm,
                    "accounts": unique,
                    "industries": [],
                }
            )
            day, n = day - DAY * every, n + 1
    for industry in ["Finance", "Healthcare", "Manufacturing"]:
        members = [a for a in accounts if a.industry == industry and a.index not in NEW_ACCOUNTS]
        for quarters_ago in [0, 1, 2] if industry == "Finance" else [2, 3]:
            day = today - DAY * (20 + 91 * quarters_ago)
            specs.append(
                {
                    "kind": "roundtable",
                    "topic": f"{industry} roundtable",
                    "date": day,
                    "lead": members[0].csm,
                    "accounts": members[:4],
                    "industries": [industry],
                }
            )
    # A roundtable spanning two industries that share use cases, last quarter (handbook 003).
    shared = ["Logistics", "Travel"]
    members = [a for a in accounts if a.industry in shared and a.index not in NEW_ACCOUNTS]
    if members:
        specs.append(
            {
                "kind": "roundtable",
                "topic": "Logistics and travel roundtable",
                "date": today - DAY * (20 + 91),
                "lead": members[0].csm,
                "accounts": members[:4],
                "industries": shared,
            }
        )
    return specs


def renewal_specs(account: DemoAccount, today: dt.date) -> list[Row]:
    """Close last year's renewal, and hold the 5- and 3-month reviews of the next one.

    Some reviews are left undone and one is held without the SA, for REN-1 and REN-2.
    """
    specs: list[Row] = []
    previous = account.renewal - DAY * 365
    if previous > account.initial and previous < today:
        change = 0.85 if account.index % 11 == 5 else 1 + (account.index % 4) * 0.05
        specs.append(
            {
                "kind": "closed",
                "account": account.name,
                "renewal_date": previous,
                "closed_on": previous - DAY * 6,
                "arr": round(account.arr / change),
                "renewed_arr": account.arr,
            }
        )
    team = [email(account.csm), email("tom.baker"), email("nina.patel")]
    for stage, months in (("five_months", 5), ("three_months", 3)):
        due = account.renewal - DAY * round(months * 30.4)
        if due >= today or account.index % 6 == 1:
            continue
        attendees = team[:2] if account.index % 6 == 3 else team
        specs.append(
            {
                "kind": "review",
                "account": account.name,
                "stage": stage,
                "renewal_date": account.renewal,
                "held_on": due - DAY * 3,
                "attendee_emails": attendees,
                "csm": account.csm,
            }
        )
    return specs


def plan_item_specs(account: DemoAccount, today: dt.date) -> list[Row]:
    """Give each ROI plan measurable objectives, and triage accounts their open actions."""
    specs: list[Row] = []
    if account.index not in NO_PLAN and account.index not in NEW_ACCOUNTS:
        measurable = account.index % 10 != 7
        specs.append(
            {
                "kind": "objective",
                "account": account.name,
                "outcome": "Ship releases faster",
                "metric": "Deployments per week" if measurable else "",
                "unit": "deploys/week",
                "baseline": 4,
                "target": 20 if measurable else None,
                "current": 6 + account.index % 12,
                "target_date": today + DAY * 200 if measurable else None,
                "customer_owner": account.executive or account.champion,
                "vendor_owner": email(account.csm),
                "status": "on_track",
            }
        )
        specs.append(
            {
                "kind": "objective",
                "account": account.name,
                "outcome": "Find vulnerabilities before production",
                "metric": "Share of projects with security scanning",
                "unit": "%",
                "baseline": 5,
                "target": 80,
                "current": 20 + account.index,
                "target_date": today + DAY * 300,
                "customer_owner": account.champion,
                "vendor_owner": email(account.csm),
                "status": "not_started",
            }
        )
    if account.index in RED and account.index != 19:
        specs.append(
            {
                "kind": "action",
                "account": account.name,
                "text": "Review runner capacity with the customer's platform team",
                "created_on": today - DAY * 12,
                "due_on": today + DAY * 5,
                "origin": "triage",
                "owner": email("nina.patel"),
            }
        )
    return specs


def priority_specs(account: DemoAccount, today: dt.date) -> list[Row]:
    """Review most accounts' priority within the quarter, a few long ago (PRIO-4), and have
    the manager override one (PRIO-2)."""
    specs: list[Row] = [
        {
            "kind": "review",
            "account": account.name,
            "reviewed_on": today - DAY * (10 + (account.index * 29) % 130),
        }
    ]
    if account.index == 9:  # the override is this account's review
        specs = []
        specs.append(
            {
                "kind": "override",
                "account": account.name,
                "priority": "P1",
                "reason": "CIO escalation about release delays; treat as P1 until resolved.",
                "at": today - DAY * 10,
            }
        )
    return specs
