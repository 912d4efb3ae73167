"""Success plans (handbook 003; 004 2.1, 4.2): PLAN-1 to PLAN-3."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from rhythm.playbook.rules.dates import every, iso, shift
from rhythm.playbook.rules.derived import norm
from rhythm.playbook.rules.facts import AccountFacts, ObjectiveFact, SuccessPlanFact
from rhythm.playbook.rules.items import RuleContext, WorkItem, keep, listed
from rhythm.playbook.rules.labels import code_words

if TYPE_CHECKING:
    from rhythm.playbook.rules.status import AccountStatus
    from rhythm.playbook.settings import PlaybookSettings

# PLAN-2 raises three kinds of items; the pages tell them apart by what clears them.
SHARE_PLAN = "Share the ROI success plan with the customer and record the date."
REVIEW_PLAN = "Review the plan with the customer and record the review."
QUALIFY_PLAN = "Have your manager qualify the green plan."
BRING_TO_GREEN = "Bring the plan to green and have your manager qualify it."


def qualified_green(facts: AccountFacts, today: dt.date) -> bool:
    """Tell whether the account has a management-qualified green success plan (PLAN-1)."""
    return any(
        norm(p.health) == "green" and p.qualified_on is not None
        for p in facts.as_of(today).success_plans
    )


def customer_plan(facts: AccountFacts, settings: PlaybookSettings) -> SuccessPlanFact | None:
    """Return the customer-facing (ROI) success plan, if any."""
    kind = norm(settings.plans.customer_facing_kind)
    return next((p for p in facts.success_plans if norm(p.kind) == kind), None)


def success_plan_flags(
    facts: AccountFacts, status: AccountStatus, ctx: RuleContext
) -> list[WorkItem]:
    """Give every account a success plan, management-qualified and green (PLAN-1).

    The plan connects the customer's desired outcomes to the product; the target is
    100% of accounts with a qualified green plan.
    """
    facts = facts.as_of(ctx.today)
    if not facts.success_plans:
        why = "No success plan."
        action = "Create a success plan from the customer's desired business outcomes."
        return keep(ctx.item("PLAN-1", facts, due=None, why=why, action=action))
    if qualified_green(facts, ctx.today):
        return []
    described = "; ".join(
        f"{code_words(p.kind)} plan {p.health or 'without health'}, "
        f"{'qualified ' + iso(p.qualified_on) if p.qualified_on else 'not qualified'}"
        for p in sorted(facts.success_plans, key=lambda p: p.kind)
    )
    why = f"No management-qualified green success plan ({described})."
    green = any(norm(p.health) == "green" for p in facts.success_plans)
    action = QUALIFY_PLAN if green else BRING_TO_GREEN
    return keep(ctx.item("PLAN-1", facts, due=None, why=why, action=action))


def plan_sharing_flags(
    facts: AccountFacts, status: AccountStatus, ctx: RuleContext
) -> list[WorkItem]:
    """Share the ROI plan with the customer and review it every quarter (PLAN-2).

    The shared plan is the guiding document of the relationship; an unshared or
    unreviewed one guides nothing. An interval in business days skips the public holidays
    of the account's working region.
    """
    facts = facts.as_of(ctx.today)
    if not facts.success_plans:
        return []  # PLAN-1 already asks for a plan
    plan = customer_plan(facts, ctx.settings)
    interval = ctx.settings.plans.review_every
    if plan is None:
        why = "No customer-facing ROI success plan to share."
        action = "Create the ROI success plan and share it with the customer."
        return keep(ctx.item("PLAN-2", facts, due=None, why=why, action=action))
    if plan.shared_on is None:
        why = "The ROI success plan was never shared with the customer."
        return keep(ctx.item("PLAN-2", facts, due=None, why=why, action=SHARE_PLAN))
    last = max(d for d in (plan.shared_on, plan.reviewed_on) if d)
    due = shift(last, interval, calendar=ctx.calendar, region=facts.working_region)
    if not ctx.shows("PLAN-2", due):
        return []
    why = (
        f"The ROI success plan was last reviewed {iso(last)}, {ctx.days_ago(last)}; "
        f"review it {every(interval)}."
    )
    return keep(ctx.item("PLAN-2", facts, due=due, why=why, action=REVIEW_PLAN))


def missing_parts(objective: ObjectiveFact) -> tuple[str, ...]:
    """Name what an objective lacks among metric, target, date and owners (PLAN-3)."""
    checks = (
        (objective.has_metric, "a metric"),
        (objective.has_target, "a target"),
        (objective.target_date is not None, "a target date"),
        (objective.has_customer_owner, "a customer owner"),
        (objective.has_vendor_owner, "a vendor owner"),
    )
    return tuple(label for present, label in checks if not present)


def objective_flags(facts: AccountFacts, status: AccountStatus, ctx: RuleContext) -> list[WorkItem]:
    """Give every objective a measurable metric, a target, a date and owners on both sides (PLAN-3).

    Joint accountability needs a number to hit, a date to hit it by, and a name on each side.
    """
    facts = facts.as_of(ctx.today)
    items = []
    for plan in sorted(facts.success_plans, key=lambda p: p.kind):
        for objective in plan.objectives:
            missing = missing_parts(objective)
            if not missing:
                continue
            why = f"Objective '{objective.outcome}' lacks {listed(missing)}."
            action = "Complete the objective: metric, target, target date and owners on both sides."
            items.append(ctx.item("PLAN-3", facts, due=None, why=why, action=action))
    return keep(*items)
