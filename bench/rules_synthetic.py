"""Time the playbook rules on a synthetic book shaped like a real one (no Django, no database).

    python bench/rules_synthetic.py                   # 100,000 accounts
    python bench/rules_synthetic.py --accounts 2000 --profile 30

The book is deterministic for a seed: ~10 activities a year per account, ~3 contacts, a few
health updates, use-case statuses, an upcoming renewal with its reviews (and half the time a
closed one), an EBR, a check-in now and then, a success plan, surveys and usage, CSMs with
books of 15 to 20 accounts under managers, and the workshops and roundtables they led.
Every record is dated on or before `today`, as the database loader returns them.

It prints the time to build the facts (not counted), `build_queue`, `compute_kpis`, and the
process's peak memory (resident set size), so the numbers include the facts themselves.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import hashlib
import pstats
import random
import resource
import sys
import time
from dataclasses import replace
from decimal import Decimal

from rhythm.playbook.rules import (
    AccountFacts,
    ActionItemFact,
    ActivityFact,
    BookFacts,
    Calendar,
    CheckInFact,
    ContactFact,
    EbrFact,
    ExpansionFact,
    HealthFact,
    MemberFacts,
    Milestones,
    ObjectiveFact,
    PriorityOverride,
    Queue,
    RenewalFact,
    RenewalReviewFact,
    SessionFacts,
    StageChange,
    SuccessPlanFact,
    SurveyFact,
    TimeOffFact,
    UsageFact,
    UseCaseFact,
    build_queue,
    compute_kpis,
)
from rhythm.playbook.settings import load_settings

D = dt.date
DAY = dt.timedelta(days=1)
SEGMENTS = (("strategic", 10), ("enterprise", 30), ("mid-market", 35), ("smb", 25))
REGIONS = (("AMER", 50), ("EMEA", 30), ("APAC", 20))
INDUSTRIES = ("Finance", "Health", "Retail", "Public sector", "Energy", "Telecom", "Media")
TIERS = (("premium", 45), ("ultimate", 45), ("free", 10))
USE_CASES = ("source_code_management", "ci", "cd", "devsecops", "agile_planning", "gitops")
PERSONAS = ("admin", "champion", "influencer", "manager", "director", "vp", "cto", "ciso")
# Kinds of the activities besides the regular cadence calls, and their weights.
KINDS = (
    ("ad_hoc_call", 20),
    ("workshop", 20),
    ("outreach", 15),
    ("async_request", 12),
    ("health_check", 10),
    ("enablement_session", 10),
    ("webinar", 8),
    ("escalation_call", 5),
)
RAG = (("green", 60), ("yellow", 25), ("red", 15))
USE_CASE_RAG = (("green", 78), ("yellow", 16), ("red", 6))
HEALTH_RAG = (("green", 70), ("yellow", 23), ("red", 7))


def pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    """Pick one code by weight."""
    return rng.choices([c for c, _ in weighted], [w for _, w in weighted])[0]


def days_ago(rng: random.Random, today: dt.date, low: int, high: int) -> dt.date:
    """Return a date between `high` and `low` days before today (a new object, as from a row)."""
    return today - dt.timedelta(days=rng.randint(low, high))


def holidays(today: dt.date) -> Calendar:
    """Return a few public holidays per region around today (data, as the loader passes)."""
    years = (today.year - 1, today.year, today.year + 1)
    days = {
        "AMER": [D(y, m, d) for y in years for m, d in ((1, 1), (7, 4), (11, 26), (12, 25))],
        "EMEA": [D(y, m, d) for y in years for m, d in ((1, 1), (5, 1), (12, 25), (12, 26))],
        "APAC": [D(y, m, d) for y in years for m, d in ((1, 1), (1, 26), (4, 25), (12, 25))],
    }
    return Calendar.from_mapping(days)


def members(rng: random.Random, accounts: int) -> tuple[list[MemberFacts], list[int]]:
    """Return CSMs (under managers), AEs and SAs, and each CSM's book size (15 to 20)."""
    sizes: list[int] = []
    while sum(sizes) < accounts:
        sizes.append(rng.randint(15, 20))
    team: list[MemberFacts] = []
    for n in range(len(sizes)):
        manager = f"manager{n // 8}@rhythm.test"
        region = pick(rng, REGIONS)
        time_off = tuple(
            TimeOffFact(start, start + dt.timedelta(days=rng.randint(1, 9)))
            for start in sorted(D(2026, 1, 1) + DAY * rng.randint(0, 330) for _ in range(3))
        )
        email, name = f"csm{n}@rhythm.test", f"CSM {n}"
        team.append(MemberFacts(email, name, "csm", manager, region, time_off=time_off))
    for n in range((len(sizes) + 7) // 8):
        team.append(MemberFacts(f"manager{n}@rhythm.test", f"Manager {n}", "manager"))
    for n in range(len(sizes) // 2 + 1):
        team.append(MemberFacts(f"ae{n}@rhythm.test", f"AE {n}", "ae"))
        team.append(MemberFacts(f"sa{n}@rhythm.test", f"SA {n}", "sa"))
    return team, sizes


def activities(rng: random.Random, today: dt.date, start: dt.date) -> tuple[ActivityFact, ...]:
    """Return ~10 timeline entries over the last year: calls every 5-7 weeks, and others.

    One account in ten has gone quiet: nothing for the last 2 to 5 months.
    """
    earliest = max(start, today - dt.timedelta(days=365))
    latest = today - DAY * (rng.randint(65, 150) if rng.random() < 0.1 else rng.randint(0, 20))
    found = []
    day = latest
    while day >= earliest:
        found.append(ActivityFact("cadence_call", day, rng.random() < 0.7))
        day -= DAY * rng.randint(35, 50)
    span = (latest - earliest).days
    for _ in range(rng.randint(2, 4) if span > 0 else 0):
        kind = pick(rng, KINDS)
        found.append(ActivityFact(kind, earliest + DAY * rng.randint(0, span), rng.random() < 0.7))
    if (today - start).days <= 60:
        found.append(ActivityFact("welcome_call", min(today, start + DAY * 5), True))
    rng.shuffle(found)
    return tuple(found)


def use_cases(rng: random.Random, today: dt.date) -> tuple[UseCaseFact, ...]:
    """Return the statuses of 4 to 6 use cases, some with an earlier status as well."""
    found = []
    for use_case in rng.sample(USE_CASES, rng.randint(4, 6)):
        if rng.random() < 0.4:
            found.append(UseCaseFact(use_case, "yellow", days_ago(rng, today, 200, 400)))
        found.append(UseCaseFact(use_case, pick(rng, USE_CASE_RAG), days_ago(rng, today, 5, 190)))
    return tuple(found)


def ebrs(rng: random.Random, today: dt.date) -> tuple[EbrFact, ...]:
    """Return one EBR: held this year (most), being planned, or held long ago."""
    roll = rng.random()
    if roll < 0.25:  # in planning, some steps done
        planned = today + DAY * rng.randint(10, 150)
        steps = tuple((n, days_ago(rng, today, 1, 30)) for n in range(1, rng.randint(1, 6)))
        return (EbrFact(planned, status=rng.choice(("planning", "scheduled")), steps_done=steps),)
    held = days_ago(rng, today, 3, 340) if roll < 0.85 else days_ago(rng, today, 370, 700)
    steps = tuple((n, held - DAY * (120 - 14 * n)) for n in range(1, 9))
    return (
        EbrFact(
            held,
            held_on=held,
            status="held",
            follow_up_sent_on=held + DAY if rng.random() < 0.8 and held + DAY <= today else None,
            success_plan_updated_on=held + 2 * DAY if rng.random() < 0.7 else None,
            steps_done=steps,
        ),
    )


def renewals(rng: random.Random, today: dt.date, arr: Decimal) -> tuple[RenewalFact, ...]:
    """Return the upcoming renewal with the reviews already held, and maybe a closed one."""
    renewal_date = today + DAY * rng.randint(1, 365)
    reviews = []
    for stage, months in (("five_months", 5), ("three_months", 3)):
        due = renewal_date - DAY * (30 * months)
        if due <= today and rng.random() < 0.7:
            held = min(today, due + DAY * rng.randint(-10, 10))
            roles = ("csm", "ae", "sa") if rng.random() < 0.8 else ("csm", "ae")
            reviews.append(RenewalReviewFact(stage, held, roles))
    outlook = rng.choices(("flat", "growth", "at_risk"), (70, 22, 8))[0]
    found = [RenewalFact(renewal_date, arr, outlook, reviews=tuple(reviews))]
    if rng.random() < 0.5:
        past = renewal_date - DAY * 365
        if past < today:
            churned = rng.random() < 0.1
            found.append(
                RenewalFact(
                    past,
                    arr,
                    "flat",
                    "churned" if churned else "renewed",
                    None if churned else arr * Decimal("1.1"),
                    closed_on=past,
                )
            )
    return tuple(found)


def contacts(rng: random.Random, today: dt.date) -> tuple[ContactFact, ...]:
    """Return ~3 stakeholders, each introduced by the previous one, met a few times."""
    found = []
    for n in range(1, rng.randint(2, 4) + 1):
        met = tuple(sorted(days_ago(rng, today, 1, 360) for _ in range(rng.randint(0, 3))))
        found.append(
            ContactFact(
                n,
                f"Contact {n}",
                rng.choice(PERSONAS),
                decision_maker=rng.random() < 0.25,
                introduced_by=n - 1 if n > 1 else None,
                engaged_on=met,
            )
        )
    return tuple(found)


def success_plans(rng: random.Random, today: dt.date) -> tuple[SuccessPlanFact, ...]:
    """Return one success plan with 1 to 3 objectives, more or less complete."""
    objectives = tuple(
        ObjectiveFact(
            f"Outcome {n}",
            rng.random() < 0.8,
            rng.random() < 0.8,
            today + DAY * 90 if rng.random() < 0.7 else None,
            rng.random() < 0.8,
            rng.random() < 0.9,
        )
        for n in range(rng.randint(1, 3))
    )
    shared = days_ago(rng, today, 30, 400) if rng.random() < 0.7 else None
    return (
        SuccessPlanFact(
            "roi" if rng.random() < 0.8 else "stage_adoption",
            "active" if rng.random() < 0.85 else "draft",
            pick(rng, RAG),
            qualified_on=days_ago(rng, today, 30, 400) if rng.random() < 0.5 else None,
            shared_on=shared,
            reviewed_on=days_ago(rng, today, 1, 120) if shared and rng.random() < 0.6 else None,
            objectives=objectives,
        ),
    )


def usage(rng: random.Random, today: dt.date, purchased: int) -> tuple[UsageFact, ...]:
    """Return four monthly activation counts, growing."""
    share = rng.uniform(0.05, 0.6)
    return tuple(
        UsageFact(today - DAY * (30 * n + 2), int(purchased * share * (1 + 0.1 * (4 - n))))
        for n in range(4, 0, -1)
    )


def expansions(rng: random.Random, today: dt.date) -> tuple[ExpansionFact, ...]:
    """Return an expansion playbook for one account in seven, half of them closed."""
    if rng.random() >= 0.15:
        return ()
    opened = days_ago(rng, today, 10, 300)
    closed = opened + DAY * 60 if rng.random() < 0.5 and opened + DAY * 60 <= today else None
    kind = rng.choice(("tier_upgrade", "new_business_unit", "new_use_case"))
    stages = (StageChange("discovery", opened), StageChange("proposal", opened + DAY * 20))
    stages = tuple(s for s in stages if s.entered_on <= today)
    outcome = rng.choice(("won", "lost")) if closed else ""
    return (ExpansionFact(kind, opened, closed, outcome, stages),)


def override(rng: random.Random, today: dt.date) -> PriorityOverride | None:
    """Return a manager's priority override for one account in thirty."""
    if rng.random() >= 0.03:
        return None
    on = days_ago(rng, today, 1, 200)
    return PriorityOverride(rng.choice(("P1", "P2")), "Escalated.", "manager0@rhythm.test", on)


def account(
    rng: random.Random, today: dt.date, account_id: int, csm: MemberFacts | None
) -> AccountFacts:
    """Return one account and its history, owned by `csm` (None: unassigned)."""
    start = days_ago(rng, today, 30, 1800) if rng.random() < 0.93 else days_ago(rng, today, 1, 60)
    purchased = rng.randint(50, 2000)
    arr = Decimal(rng.randint(10, 500) * 1000)
    onboarded = start + DAY * rng.randint(20, 90)
    return AccountFacts(
        account_id=account_id,
        name=f"Account {account_id:06d}",
        segment=pick(rng, SEGMENTS),
        region=pick(rng, REGIONS),
        industry=rng.choice(INDUSTRIES),
        tier=pick(rng, TIERS),
        arr=arr,
        licenses_purchased=purchased,
        licenses_activated=int(purchased * rng.uniform(0.05, 0.95)),
        deployment=rng.choice(("self-managed", "saas", "hybrid")),
        initial_transaction_date=start,
        csm_email=csm.email if csm else None,
        csm_name=csm.name if csm else "",
        csm_region=csm.region if csm else "",
        manager_email=csm.manager_email if csm else None,
        ae_email=f"ae{account_id % 97}@rhythm.test" if rng.random() < 0.9 else None,
        sa_email=f"sa{account_id % 89}@rhythm.test" if rng.random() < 0.85 else None,
        milestones=Milestones(
            engagement=min(today, start + DAY * rng.randint(2, 25)),
            onboarding_complete=onboarded if onboarded <= today else None,
            first_value=min(today, start + DAY * 25) if rng.random() < 0.3 else None,
        ),
        use_cases=use_cases(rng, today),
        purchase_intent_use_cases=tuple(rng.sample(USE_CASES, 2)),
        activities=activities(rng, today, start),
        ebrs=ebrs(rng, today),
        ebrs_per_year=4 if rng.random() < 0.05 else None,
        check_ins=(
            (CheckInFact(days_ago(rng, today, 5, 200), days_ago(rng, today, 5, 200)),)
            if rng.random() < 0.3
            else ()
        ),
        health=tuple(
            HealthFact(days_ago(rng, today, 1 + 40 * n, 40 + 60 * n), pick(rng, HEALTH_RAG))
            for n in range(rng.randint(1, 4))
        ),
        expansions=expansions(rng, today),
        renewals=renewals(rng, today, arr),
        success_plans=success_plans(rng, today),
        contacts=contacts(rng, today),
        surveys=tuple(
            SurveyFact("nps", rng.randint(0, 10), days_ago(rng, today, 1, 360))
            for _ in range(rng.randint(0, 2))
        ),
        usage=usage(rng, today, purchased),
        action_items=tuple(
            ActionItemFact(days_ago(rng, today, 1, 120), rng.choice(("open", "done")))
            for _ in range(rng.randint(0, 2))
        ),
        in_triage=rng.random() < 0.03,
        priority_override=override(rng, today),
        priority_reviewed_on=days_ago(rng, today, 1, 200) if rng.random() < 0.7 else None,
        phase_override="enable" if rng.random() < 0.02 else "",
    )


def sessions(
    rng: random.Random, today: dt.date, csms: list[MemberFacts], books: list[list[int]]
) -> tuple[SessionFacts, ...]:
    """Return the workshops each CSM led this year and one roundtable per industry a quarter."""
    found = []
    for csm, ids in zip(csms, books, strict=True):
        for _ in range(rng.randint(4, 12)):
            on = days_ago(rng, today, 1, 360)
            attending = tuple(rng.sample(ids, min(len(ids), rng.randint(1, 4))))
            found.append(SessionFacts(len(found) + 1, "workshop", on, (), csm.email, attending))
    for industry in INDUSTRIES:
        for quarter in range(1, 5):
            on = today - dt.timedelta(days=91 * quarter - rng.randint(0, 60))
            found.append(SessionFacts(len(found) + 1, "roundtable", on, (industry,)))
    return tuple(found)


def synthetic_book(accounts: int, today: dt.date, seed: int = 7) -> BookFacts:
    """Build the deterministic synthetic book of `accounts` accounts."""
    rng = random.Random(seed)
    team, sizes = members(rng, accounts)
    csms = [m for m in team if m.role == "csm"]
    books: list[list[int]] = [[] for _ in csms]
    found, owner = [], 0
    for account_id in range(1, accounts + 1):
        csm = None if rng.random() < 0.01 else csms[owner]
        if csm is not None:
            books[owner].append(account_id)
            if len(books[owner]) >= sizes[owner] and owner < len(csms) - 1:
                owner += 1
        found.append(account(rng, today, account_id, csm))
    rng.shuffle(found)  # so that the engine's own ordering by name does real work
    return BookFacts(tuple(found), tuple(team), sessions(rng, today, csms, books))


def peak_mib() -> float:
    """Return the process's peak resident set size so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def fingerprint(value: object) -> str:
    """Return a short digest of a result's repr, to compare two versions of the rules."""
    return hashlib.sha256(repr(value).encode()).hexdigest()[:16]


def arguments(argv: list[str] | None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--today", type=D.fromisoformat, default=D(2026, 11, 20))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--replay", type=int, default=0, metavar="DAYS", help="evaluate DAYS before today"
    )
    parser.add_argument("--profile", type=int, metavar="LINES", help="cProfile build_queue")
    parser.add_argument("--fingerprint", action="store_true", help="print result digests")
    parser.add_argument(
        "--marked-as-of",
        action="store_true",
        help="set as_of_date=today on every account, as a loader that cuts at today may",
    )
    parser.add_argument(
        "--gc",
        choices=("on", "freeze", "off"),
        default="on",
        help="leave the cycle collector on, freeze the facts out of it, or turn it off",
    )
    parser.add_argument(
        "--without",
        choices=("activities", "records"),
        help="drop every account's activities, or every record it has (activities, contacts,"
        " health, use cases, EBRs, renewals, plans, surveys, usage), to see what the rules"
        " cost that does not grow with an account's history",
    )
    return parser.parse_args(argv)


RECORDS = (
    "activities",
    "contacts",
    "health",
    "use_cases",
    "ebrs",
    "renewals",
    "success_plans",
    "surveys",
    "usage",
)


def stripped(facts: AccountFacts, without: str) -> AccountFacts:
    """The account with its activities, or all its records, left out."""
    fields = ("activities",) if without == "activities" else RECORDS
    return replace(facts, **dict.fromkeys(fields, ()))


def build(args: argparse.Namespace) -> BookFacts:
    """Build the synthetic book and say how big it is (this time is not counted)."""
    started = time.perf_counter()
    book = synthetic_book(args.accounts, args.today, args.seed)
    if args.without:
        book = replace(book, accounts=tuple(stripped(f, args.without) for f in book.accounts))
    if args.marked_as_of:
        marked = tuple(replace(f, as_of_date=args.today) for f in book.accounts)
        book = replace(book, accounts=marked)
    activities = sum(len(a.activities) for a in book.accounts)
    print(
        f"facts: {len(book.accounts):,} accounts, {activities:,} activities, "
        f"{len(book.members):,} members, {len(book.sessions):,} sessions "
        f"built in {time.perf_counter() - started:.2f} s (not counted); "
        f"peak RSS {peak_mib():,.0f} MiB"
    )
    if args.gc == "freeze":
        gc.freeze()  # what a caller may do once the facts are loaded: never scan them again
    elif args.gc == "off":
        gc.disable()
    return book


def timed_queue(book: BookFacts, args: argparse.Namespace, on: dt.date) -> Queue:
    """Build the queue on `on`, timed (and profiled when asked)."""
    profiler = cProfile.Profile() if args.profile else None
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    queue = build_queue(book, load_settings(), on, holidays(args.today))
    if profiler:
        profiler.disable()
    elapsed = time.perf_counter() - started
    print(
        f"build_queue: {elapsed:.2f} s ({1e6 * elapsed / max(len(book.accounts), 1):.0f} "
        f"us/account), {len(queue.items):,} items {queue.counts()}, {len(queue.books):,} books"
    )
    if profiler:
        for order in ("cumulative", "tottime"):
            pstats.Stats(profiler, stream=sys.stdout).sort_stats(order).print_stats(args.profile)
    return queue


def main(argv: list[str] | None = None) -> None:
    """Build the book, then time the queue and the KPIs on it."""
    args = arguments(argv)
    on = args.today - dt.timedelta(days=args.replay)  # a replay sees records after its date
    book = build(args)
    queue = timed_queue(book, args, on)
    settings = load_settings()
    started = time.perf_counter()
    kpis = compute_kpis(book, settings, on)
    print(f"compute_kpis: {time.perf_counter() - started:.2f} s")
    by_id = {state.account_id: state.status for state in queue.accounts}
    statuses = [by_id[f.account_id] for f in book.accounts if f.is_customer_on(on)]
    started = time.perf_counter()
    reused = compute_kpis(book, settings, on, statuses=statuses)
    print(f"compute_kpis with the queue's statuses: {time.perf_counter() - started:.2f} s")
    print(f"peak RSS: {peak_mib():,.0f} MiB")
    if args.fingerprint:
        print(f"fingerprint: queue {fingerprint(queue)} kpis {fingerprint((kpis, reused))}")


if __name__ == "__main__":
    main()
