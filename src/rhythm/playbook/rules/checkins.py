"""Leadership check-ins (handbook 001): CHK-1."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from rhythm.playbook.rules.dates import iso, shift
from rhythm.playbook.rules.derived import activity_dates, ebrs_held
from rhythm.playbook.rules.facts import AccountFacts
from rhythm.playbook.rules.items import RuleContext, WorkItem, keep

if TYPE_CHECKING:
    from rhythm.playbook.rules.status import AccountStatus


def check_in_due(facts: AccountFacts, status: AccountStatus, ctx: RuleContext) -> list[WorkItem]:
    """Propose a leadership check-in a quarter after the last EBR or check-in (CHK-1).

    Check-ins are optional and best scheduled after an EBR, while leadership is engaged,
    so accounts that never held an EBR get no item. A check-in planned for today or later
    clears it. One whose date passed without being logged as held no longer does: the
    item then shows at once (whatever its due date), saying so, until the check-in is
    logged or planned again. A wait in business days skips the public holidays of the
    account's working region.
    """
    facts = facts.as_of(ctx.today)
    held_ebrs = ebrs_held(facts)
    if not held_ebrs:
        return []
    check_ins = sorted(
        {c.held_on for c in facts.check_ins if c.held_on}
        | set(activity_dates(facts, ("leadership_check_in",)))
    )
    last_check_in = check_ins[-1] if check_ins and check_ins[-1] >= held_ebrs[-1] else None
    anchor = last_check_in or held_ebrs[-1]
    planned = [
        c.planned_on for c in facts.check_ins if c.held_on is None and c.planned_on >= anchor
    ]
    if any(day >= ctx.today for day in planned):
        return []
    missed = max(planned, default=None)
    visible_from = missed + dt.timedelta(days=1) if missed else None
    after = ctx.settings.check_ins.after_ebr
    due = shift(anchor, after, calendar=ctx.calendar, region=facts.working_region)
    if not ctx.shows("CHK-1", due, visible_from):
        return []
    if last_check_in:
        why = f"Last leadership check-in {iso(anchor)}; the next one is due {after} later"
    else:
        why = f"EBR held {iso(anchor)}; propose a leadership check-in {after} later"
    if missed:
        why += f"; the one planned for {iso(missed)} was not logged as held"
        action = "Log the leadership check-in held, or plan it for a later date."
    else:
        length = ctx.settings.check_ins
        action = (
            f"Propose a {length.length_minutes_min} to {length.length_minutes_max} minute "
            "leadership check-in and plan it."
        )
    item = ctx.item(
        "CHK-1", facts, due=due, why=why + ".", action=action, visible_from=visible_from
    )
    return keep(item)
