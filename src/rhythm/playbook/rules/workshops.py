"""Workshops and roundtables (handbook 003): WS-1, WS-2 and RT-1."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rhythm.playbook.rules.dates import every, iso, quarter_end, quarter_start, shift
from rhythm.playbook.rules.derived import codes, last_activity, norm
from rhythm.playbook.rules.facts import AccountFacts, SessionFacts
from rhythm.playbook.rules.items import RuleContext, WorkItem, keep

if TYPE_CHECKING:
    from rhythm.playbook.rules.dates import Duration
    from rhythm.playbook.rules.prioritisation import PriorityDecision
    from rhythm.playbook.rules.schema import WorkshopSettings
    from rhythm.playbook.rules.status import AccountStatus


TEAM_RULE = "RT-1"  # the rule over a whole team, whose items no one CSM owns

# RT-1's action; the pages read the industry back from it to fill in the roundtable's form.
ORGANISE_ROUNDTABLE = "Organise a customer roundtable for {industry} this quarter."
_ROUNDTABLE_HEAD, _ROUNDTABLE_TAIL = ORGANISE_ROUNDTABLE.split("{industry}")


def roundtable_industry(action: str) -> str:
    """Return the industry an RT-1 action names ('' if the sentence is not RT-1's)."""
    if action.startswith(_ROUNDTABLE_HEAD) and action.endswith(_ROUNDTABLE_TAIL):
        return action[len(_ROUNDTABLE_HEAD) : -len(_ROUNDTABLE_TAIL)]
    return ""


def quarterly_workshops(priority: PriorityDecision) -> bool:
    """Tell whether WS-1 asks for quarterly workshops: a P1 account with low adoption.

    The handbook (003 "Workshops") targets workshops by adoption: quarterly for customers
    with low usage, which fall into P1, and at least yearly for those with healthy use-case
    adoption, whatever else (risk, an open expansion) makes them P1. The effective priority
    must be P1 too: a manager's override to P2 (PRIO-2) takes the account out of the P1
    effort, and an override to P1 of an account whose adoption is not low does not make
    its adoption low.
    """
    return priority.effective == "P1" and priority.low_adoption


def workshop_interval(priority: PriorityDecision, settings: WorkshopSettings) -> Duration:
    """Return WS-1's interval: `p1_every` for quarterly workshops, else `other_every`."""
    return settings.p1_every if quarterly_workshops(priority) else settings.other_every


def workshop_due(facts: AccountFacts, status: AccountStatus, ctx: RuleContext) -> list[WorkItem]:
    """Hold a workshop every quarter with low-adoption P1 accounts, every year with others
    (WS-1).

    Low-usage accounts (P1 for low use-case adoption) need regular enablement on what they
    have not adopted; the others, including accounts P1 only for risk or an expansion, still
    need one a year to stay enabled. An interval in business days skips the public holidays
    of the account's working region.
    """
    facts = facts.as_of(ctx.today)
    settings = ctx.settings.workshops
    priority = status.priority
    interval = workshop_interval(priority, settings)
    last = last_activity(facts, settings.kinds)
    start = facts.initial_transaction_date
    since = last or start
    region = facts.working_region
    due = shift(since, interval, calendar=ctx.calendar, region=region) if since else None
    if not ctx.shows("WS-1", due):
        return []
    if quarterly_workshops(priority):
        which = "P1 account with low use-case adoption"
    elif priority.effective == "P1":
        which = "P1 account without low use-case adoption"
    else:
        which = f"{priority.effective} account"
    head = f"{which}: a workshop {every(interval)}"
    if last:
        why = f"{head}; last workshop {iso(last)}, {ctx.days_ago(last)}."
    elif start:
        why = f"{head}; none since the initial transaction on {iso(start)}."
    else:
        why = f"{head}; none logged yet."
    action = "Hold a workshop with the account; one session may host several consenting accounts."
    return keep(ctx.item("WS-1", facts, due=due, why=why, action=action))


def workshop_lead_due(
    csm: str | None, sessions: Sequence[SessionFacts], ctx: RuleContext
) -> list[WorkItem]:
    """Lead a workshop every 1 to 2 weeks across the book (WS-2).

    Multi-customer workshops save the CSM's time and let customers learn from each other.
    An interval in business days is the CSM's: it skips the public holidays of the book's
    context's region (`ctx.region`, the CSM's).
    """
    if not csm:
        return []
    kinds = codes(ctx.settings.workshops.kinds)
    led = sorted(
        s.on
        for s in sessions
        if norm(s.kind) in kinds and norm(s.lead_email) == norm(csm) and s.on <= ctx.today
    )
    interval = ctx.settings.workshops.lead_every
    action = "Lead a workshop; invite every account that would benefit and has consented."
    if led:
        due = shift(led[-1], interval, calendar=ctx.calendar, region=ctx.region)
        ago = ctx.days_ago(led[-1])
        why = f"A CSM leads a workshop {every(interval)}; last led {iso(led[-1])}, {ago}."
    else:
        due, why = None, f"A CSM leads a workshop {every(interval)}; none led yet."
    return keep(ctx.item("WS-2", None, due=due, why=why, action=action, csm=csm))


def roundtable_due(
    accounts: Sequence[AccountFacts], sessions: Sequence[SessionFacts], ctx: RuleContext
) -> list[WorkItem]:
    """Hold one customer roundtable per industry per calendar quarter (RT-1).

    Industry roundtables let customers compare notes on shared concerns such as
    regulation; every industry in the book gets one each quarter, so the item shows from
    the quarter's first day until one is held. A roundtable spanning industries (one for
    Energy and Utilities) counts for each of them.
    """
    return roundtables_due(industry_labels(f.industry for f in accounts), sessions, ctx)


def industry_labels(industries: Iterable[str]) -> dict[str, str]:
    """Return each industry named (compared case-insensitively) as it was first written."""
    labels: dict[str, str] = {}
    for industry in industries:
        if industry.strip():
            labels.setdefault(norm(industry), industry.strip())
    return labels


def is_roundtable_for(session: SessionFacts, key: str) -> bool:
    """Tell whether a session is a roundtable for the industry `key` (`norm` of its name).

    A roundtable may span industries that share use cases (handbook 003): it counts for
    each industry it names, matched ignoring case.
    """
    return norm(session.kind) == "roundtable" and any(
        norm(industry) == key for industry in session.industries
    )


def roundtables_due(
    industries: dict[str, str], sessions: Sequence[SessionFacts], ctx: RuleContext
) -> list[WorkItem]:
    """RT-1 for the industries of a book (`industry_labels`), however it was evaluated."""
    start, end = quarter_start(ctx.today), quarter_end(ctx.today)
    wanted = ctx.settings.workshops.roundtables_per_industry_per_quarter
    items = []
    for key, label in sorted(industries.items()):
        held = sorted(s.on for s in sessions if is_roundtable_for(s, key) and s.on <= ctx.today)
        this_quarter = sum(1 for day in held if day >= start)
        if this_quarter >= wanted:
            continue
        last = f"last one {iso(held[-1])}" if held else "none held yet"
        why = (
            f"{this_quarter} of {wanted} {label} roundtable{'s' if wanted != 1 else ''} held this "
            f"quarter ({iso(start)} to {iso(end)}); {last}."
        )
        action = ORGANISE_ROUNDTABLE.format(industry=label)
        # Shown from the quarter's first day: a roundtable takes the whole quarter to plan.
        items.append(ctx.item(TEAM_RULE, None, due=end, why=why, action=action, visible_from=start))
    return keep(*items)
