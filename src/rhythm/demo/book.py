"""Build the demo book as plain rows, deterministically, from an anchor date.

The book is a year of history for a manager's team, shaped so that every playbook rule
has something to say: late cadence calls, non-engaged accounts, EBRs to plan, renewals
to review, stale health, missing executive contacts, onboarding running late, and so on.
Nothing here touches the database; `loader.py` feeds the rows to the import services.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from rhythm.demo import people
from rhythm.demo.meetings import (
    check_in_specs,
    ebr_specs,
    plan_item_specs,
    priority_specs,
    renewal_specs,
    session_specs,
)
from rhythm.demo.people import company_domain, email
from rhythm.demo.scenarios import (
    AT_RISK,
    CLOSED_EXPANSION,
    DEVSECOPS_RED,
    FULLY_ADOPTED,
    LATE_P1_CALLS,
    LOW_ADOPTION,
    NEW_ACCOUNTS,
    NO_EXECUTIVE,
    NO_PLAN,
    NO_RECENT_SURVEY,
    NO_USE_CASES,
    NON_ENGAGED,
    OPEN_EXPANSION,
    PLAN_UNREVIEWED,
    PLAN_UNSHARED,
    RED,
    RENEWAL_NOT_CLOSED,
    STALE_HEALTH,
)

Row = dict[str, Any]
DAY = dt.timedelta(days=1)

USE_CASES = ["source_code_management", "ci", "cd", "devsecops", "agile_planning", "gitops"]


@dataclass
class DemoAccount:
    """One demo account and the facts the generator decided for it."""

    index: int
    name: str
    csm: str
    industry: str
    segment: str
    tier: str
    region: str
    arr: int
    licenses: int
    initial: dt.date
    renewal: dt.date
    contacts: list[Row] = field(default_factory=list)

    @property
    def champion(self) -> str:
        return next(c["email"] for c in self.contacts if c["persona"] == "champion")

    @property
    def executive(self) -> str | None:
        return next((c["email"] for c in self.contacts if c["decision_maker"] == "yes"), None)


@dataclass
class DemoBook:
    """Everything the loader writes: import rows per kind, then meetings."""

    today: dt.date
    rows: dict[str, list[Row]] = field(default_factory=dict)
    ebrs: list[Row] = field(default_factory=list)
    check_ins: list[Row] = field(default_factory=list)
    sessions: list[Row] = field(default_factory=list)
    renewals: list[Row] = field(default_factory=list)
    plan_items: list[Row] = field(default_factory=list)
    priorities: list[Row] = field(default_factory=list)
    accounts: list[DemoAccount] = field(default_factory=list)


def iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def team_rows() -> list[Row]:
    everyone = [people.MANAGER, *people.CSMS, *people.ACCOUNT_TEAM, *people.OTHERS]
    return [
        {
            "email": email(handle),
            "name": name,
            "role": role,
            "manager_email": email(manager) if manager else "",
            "region": region,
        }
        for handle, name, role, manager, region in everyone
    ]


# Time off: (CSM, first day and last day in days from today, note). A long leave takes one
# CSM past the days a year CAP-2 assumes, which shrinks their capacity; one is still to come.
TIME_OFF = [
    ("jonas.weber", -200, -103, "Parental leave"),
    ("alex.chen", -150, -137, "Summer holiday"),
    ("priya.nair", 20, 31, "Winter holidays"),
]


def time_off_rows(today: dt.date) -> list[Row]:
    return [
        {
            "member_email": email(handle),
            "starts_on": iso(today + DAY * start),
            "ends_on": iso(today + DAY * end),
            "note": note,
        }
        for handle, start, end, note in TIME_OFF
    ]


def make_accounts(today: dt.date, rng: random.Random) -> list[DemoAccount]:
    owners = [handle for handle, size in people.BOOK_SIZES.items() for _ in range(size)]
    regions = {handle: region for handle, _, _, _, region in people.CSMS}
    accounts = []
    for index, (name, csm) in enumerate(zip(people.COMPANIES, owners, strict=True)):
        renewal = today + DAY * (9 + round(index * 7.4))
        if index in RENEWAL_NOT_CLOSED:
            renewal = today - DAY * RENEWAL_NOT_CLOSED[index]
        if index in NEW_ACCOUNTS:
            initial = today - DAY * NEW_ACCOUNTS[index]
            renewal = initial + DAY * 365
        else:
            initial = renewal - DAY * 365 * rng.choice([1, 2, 3])
        segment = ["strategic", "enterprise", "enterprise", "mid-market", "smb"][index % 5]
        tier = "premium" if index in LOW_ADOPTION and index % 4 == 0 else "ultimate"
        if index % 7 == 3:
            tier = "premium"
        arr = {"strategic": 900_000, "enterprise": 350_000, "mid-market": 120_000}.get(
            segment, 40_000
        )
        accounts.append(
            DemoAccount(
                index=index,
                name=name,
                csm=csm,
                industry=people.INDUSTRIES[index],
                segment=segment,
                tier=tier,
                region=regions[csm],
                arr=int(round(arr * rng.uniform(0.6, 1.6), -3)),
                licenses=rng.choice([150, 300, 500, 800, 1200, 2500]),
                initial=initial,
                renewal=renewal,
            )
        )
    return accounts


def account_rows(accounts: list[DemoAccount], today: dt.date) -> list[Row]:
    rows = []
    for account in accounts:
        outlook = "at_risk" if account.index in AT_RISK else "flat"
        if account.index in OPEN_EXPANSION:
            outlook = "growth"
        rows.append(
            {
                "name": account.name,
                "segment": account.segment,
                "region": account.region,
                "industry": account.industry,
                "tier": account.tier,
                "arr": str(account.arr),
                "licenses_purchased": str(account.licenses),
                "licenses_activated": "",
                "deployment": ["saas", "self-managed", "hybrid"][account.index % 3],
                "initial_transaction_date": iso(account.initial),
                "renewal_date": iso(account.renewal),
                "renewal_outlook": outlook,
                "csm_email": email(account.csm),
                "ae_email": email("tom.baker"),
                "sa_email": email("nina.patel"),
                "pse_email": email("omar.haddad") if account.segment == "strategic" else "",
            }
        )
    return rows


def _unused(name: str, names: list[str], used: set[str]) -> str:
    """Return `name`, or the next of `names` after it not used yet, and mark it used.

    No two contacts of an account share a first or a last name (a reader would take them
    for relatives or one person), and the generator is asked as often as ever.
    """
    start = names.index(name)
    chosen = next(n for n in names[start:] + names[:start] if n not in used)
    used.add(chosen)
    return chosen


def contact_rows(account: DemoAccount, rng: random.Random) -> list[Row]:
    """Build the persona chain: admin, then champion, director, and a decision-maker."""
    domain = company_domain(account.name)
    chain = [
        ("admin", "DevOps Lead", "devops", False),
        ("champion", "Engineering Manager", "engineering", False),
        ("director", "Director of Engineering", "engineering", False),
        (rng.choice(["vp", "cto", "ciso"]), "VP Engineering", "engineering", True),
    ]
    if account.index in NO_EXECUTIVE:
        chain = chain[:2]
    rows: list[Row] = []
    firsts: set[str] = set()
    lasts: set[str] = set()
    for persona, title, function, decides in chain:
        first = _unused(rng.choice(people.FIRST_NAMES), people.FIRST_NAMES, firsts)
        last = _unused(rng.choice(people.LAST_NAMES), people.LAST_NAMES, lasts)
        address = f"{first}.{last}.{persona}@{domain}".lower()
        rows.append(
            {
                "account": account.name,
                "name": f"{first} {last}",
                "email": address,
                "title": title if persona != "cto" else "Chief Technology Officer",
                "persona": persona,
                "function": function,
                "decision_maker": "yes" if decides else "no",
                "executive_sponsor": "yes" if decides and account.index % 2 == 0 else "no",
                "introduced_by_email": rows[-1]["email"] if rows else "",
                "departed_on": "",
            }
        )
    if account.index % 9 == 4:
        rows.append(
            {
                **rows[0],
                "name": "Former Admin",
                "email": f"former.admin@{domain}",
                "introduced_by_email": "",
                "departed_on": iso(account.initial + DAY * 90),
            }
        )
    account.contacts = rows
    return rows


def call_dates(account: DemoAccount, today: dt.date, rng: random.Random) -> list[dt.date]:
    """Return the account's cadence-call dates: every 2 or 4 weeks since engagement."""
    start = max(account.initial + DAY * 10, today - DAY * 365)
    if account.index in NEW_ACCOUNTS:
        days = NEW_ACCOUNTS[account.index]
        return [] if days < 25 else [account.initial + DAY * 11, account.initial + DAY * 26]
    interval = 14 if account.index in LOW_ADOPTION | RED | set(OPEN_EXPANSION) else 28
    last = today - DAY * rng.randint(2, interval - 4)
    if account.index in NON_ENGAGED:
        last = today - DAY * NON_ENGAGED[account.index]
    elif account.index in LATE_P1_CALLS:
        last = today - DAY * 19
    dates = []
    day = last
    while day >= start:
        dates.append(day)
        day -= DAY * (interval + rng.randint(-2, 3))
    return sorted(dates)


def activity_rows(account: DemoAccount, today: dt.date, rng: random.Random) -> list[Row]:
    csm = email(account.csm)
    attendees = f"{account.champion};{csm}"
    rows = [
        {
            "account": account.name,
            "kind": "cadence_call",
            "date": iso(day),
            "duration_minutes": "30",
            "attendees": attendees,
            "notes": rng.choice(CALL_NOTES),
        }
        for day in call_dates(account, today, rng)
    ]
    if account.index in NEW_ACCOUNTS and NEW_ACCOUNTS[account.index] >= 25:
        rows.append(
            {
                "account": account.name,
                "kind": "welcome_call",
                "date": iso(account.initial + DAY * 9),
                "duration_minutes": "45",
                "attendees": attendees,
                "notes": "Introductions; agreed onboarding plan.",
            }
        )
    if account.index in RED:
        rows.append(
            {
                "account": account.name,
                "kind": "escalation_call",
                "date": iso(today - DAY * 12),
                "duration_minutes": "60",
                "attendees": f"{attendees};{email('nina.patel')}",
                "notes": "Pipeline outages after the upgrade; SA to review runners.",
            }
        )
    if account.index % 5 == 2 and account.index not in NEW_ACCOUNTS:
        rows.append(
            {
                "account": account.name,
                "kind": "ad_hoc_call",
                "date": iso(today - DAY * (5 + account.index % 20)),
                "duration_minutes": "20",
                "attendees": attendees,
                "notes": "Question about licence true-up.",
            }
        )
    return rows


CALL_NOTES = [
    "Reviewed CI adoption; two more teams migrating next sprint.",
    "Walked through the security dashboard with the AppSec lead.",
    "Runner capacity concerns; shared the autoscaling guide.",
    "Agreed next steps for the agile planning pilot.",
    "Checked progress on success-plan objectives.",
    "Discussed upcoming upgrade window and release notes.",
]


def use_case_rows(account: DemoAccount, today: dt.date) -> list[Row]:
    """Give each account a year of use-case statuses, adopted one after another.

    Each use case the account has adopted turned green at its own point (50 days after the
    one before, the first up to a year and a half ago, staggered between accounts), so low
    use-case adoption (PRIO-1) and the team's P1 share fall gradually over the year instead
    of all at once; the others stay red or yellow. Every status is confirmed again in the
    last few weeks.
    """
    if account.index in NO_USE_CASES:
        return []
    greens = 4 if account.tier == "ultimate" else 3
    if account.index in LOW_ADOPTION:
        greens = 1 if account.tier == "premium" else 2
    if account.index in FULLY_ADOPTED:
        greens = 5
    first = max(account.initial + DAY * 20, today - DAY * 360)
    confirmed = today - DAY * (15 + account.index % 10)
    rows = []
    for position, use_case in enumerate(USE_CASES[:5]):
        now = "green" if position < greens else ("yellow" if position % 2 else "red")
        if use_case == "devsecops" and account.index in DEVSECOPS_RED:
            now = "red"
        changed = confirmed
        if now == "green":
            adopted = 200 + (account.index * 37) % 360 - 50 * position  # days ago
            earliest = max(first, account.initial + DAY * (20 + 10 * position))
            changed = min(max(today - DAY * adopted, earliest), confirmed)
        # One status a day: a later entry for the same day replaces an earlier one, and
        # nothing is dated after its confirmation (a new account starts at its first).
        history = {first: "yellow" if now == "green" else "red", changed: now, confirmed: now}
        rows += [
            {"account": account.name, "use_case": use_case, "status": status, "date": iso(day)}
            for day, status in sorted(history.items())
            if day <= confirmed
        ]
    return rows


def health_rows(account: DemoAccount, today: dt.date) -> list[Row]:
    last = today - DAY * (50 if account.index in STALE_HEALTH else 3 + account.index % 20)
    rows = []
    day = last
    while day >= max(account.initial + DAY * 14, today - DAY * 365):
        overall = "yellow" if account.index in LOW_ADOPTION else "green"
        if account.index in RED and day > today - DAY * 60:
            overall = "red"
        if account.index in AT_RISK:
            overall = "yellow"
        rows.append(
            {
                "account": account.name,
                "date": iso(day),
                "overall": overall,
                "sentiment": overall,
                "note": HEALTH_NOTES[overall],
                "updated_by_email": email(account.csm),
            }
        )
        day -= DAY * 30
    return rows


HEALTH_NOTES = {
    "green": "Adoption on plan; engaged champion.",
    "yellow": "Adoption behind plan in two teams.",
    "red": "Escalation open; renewal at risk if not resolved.",
}


def usage_rows(account: DemoAccount, today: dt.date, rng: random.Random) -> list[Row]:
    """Grow activated licenses month by month from the initial transaction."""
    target = account.licenses * rng.uniform(0.55, 0.95)
    months_to_target = rng.randint(4, 9)
    if account.index in FULLY_ADOPTED:
        target = account.licenses * 0.9  # stage adoption complete: into expand and renew
    if account.index in NEW_ACCOUNTS and NEW_ACCOUNTS[account.index] in (40, 52):
        target, months_to_target = account.licenses * 0.3, 14  # slow start: first value late
    rows = []
    day, month = account.initial + DAY * 7, 0
    while day <= today:
        share = min(1.0, (month + 1) / months_to_target)
        rows.append(
            {
                "account": account.name,
                "date": iso(day),
                "licenses_activated": str(round(target * share)),
            }
        )
        day, month = day + DAY * 30, month + 1
    return rows


def milestone_rows(account: DemoAccount, today: dt.date, calls: list[Row]) -> list[Row]:
    age = (today - account.initial).days
    first_meeting = min((row["date"] for row in calls), default="")
    if age > 365:  # older customers met their CSM within their first weeks
        first_meeting = iso(account.initial + DAY * (6 + account.index % 12))
    rows = [{"account": account.name, "milestone": "engagement", "date": first_meeting}]
    if age > 60:
        rows.append(
            {
                "account": account.name,
                "milestone": "infrastructure_ready",
                "date": iso(account.initial + DAY * (18 + account.index % 15)),
            }
        )
        rows.append(
            {
                "account": account.name,
                "milestone": "onboarding_complete",
                "date": iso(account.initial + DAY * (30 + account.index % 25)),
            }
        )
    if age > 300:
        rows.append(
            {
                "account": account.name,
                "milestone": "outcome_achieved",
                "date": iso(account.initial + DAY * 240),
            }
        )
    return [row for row in rows if row["date"]]


def plan_rows(account: DemoAccount, today: dt.date) -> list[Row]:
    if account.index in NO_PLAN or account.index in NEW_ACCOUNTS:
        return []
    health = "green" if account.index not in LOW_ADOPTION | RED else "yellow"
    qualified = account.index % 3 != 1 and health == "green"
    # A plan is reviewed once shared: an unshared one has no review either, and an unreviewed
    # one was shared before its last review, a quarter and more ago (PLAN-2).
    unshared, unreviewed = account.index in PLAN_UNSHARED, account.index in PLAN_UNREVIEWED
    return [
        {
            "account": account.name,
            "kind": "roi",
            "status": "active",
            "health": health,
            "qualified_on": iso(today - DAY * 120) if qualified else "",
            "shared_on": "" if unshared else iso(today - DAY * (160 if unreviewed else 110)),
            "reviewed_on": "" if unshared else iso(today - DAY * (150 if unreviewed else 25)),
        }
    ]


def expansion_rows(account: DemoAccount, today: dt.date) -> list[Row]:
    rows = []
    if account.index in OPEN_EXPANSION:
        rows.append(
            {
                "account": account.name,
                "kind": OPEN_EXPANSION[account.index],
                "opened_on": iso(today - DAY * 40),
                "stage": "discovery",
                "closed_on": "",
                "outcome": "",
            }
        )
    if account.index in CLOSED_EXPANSION:
        rows.append(
            {
                "account": account.name,
                "kind": "new_use_case",
                "opened_on": iso(today - DAY * 200),
                "stage": "negotiation",  # the stage it closed in, worked since opened_on
                "closed_on": iso(today - DAY * (20 if account.index % 2 == 0 else 110)),
                "outcome": CLOSED_EXPANSION[account.index],
            }
        )
    return rows


def survey_rows(account: DemoAccount, today: dt.date) -> list[Row]:
    """Give each account an NPS response about every six months (NPS-1), staggered.

    Accounts answer on days of their own, so the team's NPS over the last six months moves
    month by month; a few have not answered for longer than six months. Scores come from
    each account's own generator, so the rest of the book does not depend on how many
    responses there are.
    """
    if account.index in NEW_ACCOUNTS:
        return []
    latest = 250 if account.index in NO_RECENT_SURVEY else 20 + (account.index * 23) % 150
    ages = [latest, latest + 182, latest + 364]  # days ago
    contacts = [account.champion, account.executive or account.champion]
    scores = random.Random(f"surveys-{account.index}")
    choices = [2, 4, 6] if account.index in RED else [3, 6, 7, 8, 9, 9, 10, 10]
    return [
        {
            "account": account.name,
            "contact_email": contacts[n % 2],
            "kind": "nps",
            "score": str(scores.choice(choices)),
            "date": iso(today - DAY * age),
        }
        for n, age in enumerate(ages)
        if today - DAY * age > account.initial
    ]


def build_book(today: dt.date, seed: int = 2026) -> DemoBook:
    """Build the whole demo book for `today`; the same date and seed give the same book."""
    rng = random.Random(seed)
    accounts = make_accounts(today, rng)
    book = DemoBook(today=today, accounts=accounts)
    rows: dict[str, list[Row]] = {kind: [] for kind in KINDS}
    rows["team"] = team_rows()
    rows["time_off"] = time_off_rows(today)
    rows["accounts"] = account_rows(accounts, today)
    for account in accounts:
        rows["contacts"] += contact_rows(account, rng)
        calls = activity_rows(account, today, rng)
        rows["activities"] += calls
        rows["use_cases"] += use_case_rows(account, today)
        rows["health"] += health_rows(account, today)
        rows["usage"] += usage_rows(account, today, rng)
        rows["milestones"] += milestone_rows(account, today, calls)
        rows["success_plans"] += plan_rows(account, today)
        rows["expansions"] += expansion_rows(account, today)
        rows["surveys"] += survey_rows(account, today)
        ebrs = ebr_specs(account, today)
        book.ebrs += ebrs
        book.check_ins += check_in_specs(account, ebrs, today)
    latest_usage = {row["account"]: row["licenses_activated"] for row in rows["usage"]}
    for row in rows["accounts"]:
        row["licenses_activated"] = latest_usage.get(row["name"], "")
    book.sessions = session_specs(accounts, today)
    for account in accounts:
        book.renewals += renewal_specs(account, today)
        book.plan_items += plan_item_specs(account, today)
        book.priorities += priority_specs(account, today)
    book.rows = rows
    return book


KINDS = [
    "team",
    "time_off",
    "accounts",
    "contacts",
    "activities",
    "use_cases",
    "health",
    "milestones",
    "usage",
    "success_plans",
    "expansions",
    "surveys",
]
