"""Cut an account's facts at a date: what `AccountFacts.as_of` hides and rewrites.

Records dated after the day are hidden, and so is an EBR or check-in planned in Rhythm
after it (unless held by then); an EBR held later was still in preparation, and a
renewal or expansion playbook closed later was still open. `latest_date` tells `as_of` when
there is nothing to cut, which is the usual case: the loader reads nothing dated later.
Where an account is cut (each month end of the KPI series), a record with nothing after the
day is kept as it is, not copied: copying every contact, EBR and plan took about a fifth
of the series' time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rhythm.playbook.rules.facts import (
        AccountFacts,
        CheckInFact,
        ContactFact,
        EbrFact,
        ExpansionFact,
        Milestones,
        PriorityOverride,
        RenewalFact,
        SuccessPlanFact,
    )

Date = dt.date


def cut(facts: AccountFacts, today: Date) -> AccountFacts:
    """Copy the facts without what was recorded after `today`."""
    override, reviewed = _priority_as_of(facts, today)
    usage = tuple(u for u in facts.usage if u.on <= today)
    # The account's own count of activations is today's. Where usage records come only
    # later, it is not what was activated then: none was recorded before the first.
    return replace(
        facts,
        # Not a customer yet on `today`: the transaction date is not a fact then.
        initial_transaction_date=_on_or_before(facts.initial_transaction_date, today),
        milestones=_milestones_as_of(facts.milestones, today),
        use_cases=tuple(u for u in facts.use_cases if u.on <= today),
        activities=tuple(a for a in facts.activities if a.on <= today),
        ebrs=tuple(_ebr_as_of(e, today) for e in facts.ebrs if _known_on(e, today)),
        check_ins=tuple(_check_in_as_of(c, today) for c in facts.check_ins if _known_on(c, today)),
        health=tuple(h for h in facts.health if h.on <= today),
        expansions=tuple(
            _expansion_as_of(e, today) for e in facts.expansions if e.opened_on <= today
        ),
        renewals=tuple(_renewal_as_of(r, today) for r in facts.renewals),
        success_plans=tuple(_plan_as_of(p, today) for p in facts.success_plans),
        contacts=tuple(_contact_as_of(c, today) for c in facts.contacts),
        surveys=tuple(s for s in facts.surveys if s.on <= today),
        usage=usage,
        licenses_activated=facts.licenses_activated if usage or not facts.usage else None,
        action_items=tuple(a for a in facts.action_items if a.created_on <= today),
        priority_override=override,
        priority_reviewed_on=reviewed,
        priority_overrides=tuple(o for o in facts.priority_overrides if o.on <= today),
        priority_reviews=tuple(day for day in facts.priority_reviews if day <= today),
        as_of_date=today,
    )


def override_in_force(overrides: Sequence[PriorityOverride]) -> PriorityOverride | None:
    """Return the latest of overrides in day order, unless it removed the override."""
    latest = overrides[-1] if overrides else None
    return latest if latest is not None and latest.priority else None


def _priority_as_of(
    facts: AccountFacts, today: Date
) -> tuple[PriorityOverride | None, Date | None]:
    """Return the override in force on `today` and the latest review by then.

    From the decisions' history when the facts have it: an override replaced or removed
    since was in force then. Without it, the decisions in force now, if made by `today`.
    """
    override = facts.priority_override
    if facts.priority_overrides:
        override = override_in_force([o for o in facts.priority_overrides if o.on <= today])
    elif override is not None and override.on > today:
        override = None
    reviews = [day for day in facts.priority_reviews if day <= today]
    reviewed = max(reviews) if reviews else _on_or_before(facts.priority_reviewed_on, today)
    return override, reviewed


def latest_date(facts: AccountFacts) -> Date:
    """Return the latest date `as_of` compares with its day; `Date.max` if it rewrites a record.

    A record `as_of` rewrites whatever the day (an EBR "held" without a date, an outcome
    without a closing date) always takes the full copy. This runs once for every account
    of a book, so the dates are gathered with `map` and compared once, by `max`.
    """
    override = facts.priority_override
    milestones = facts.milestones
    found = [facts.initial_transaction_date, facts.priority_reviewed_on]
    found.append(override.on if override else None)
    found.extend(map(_ON, facts.priority_overrides))
    found.extend(facts.priority_reviews)
    found.extend(getattr(milestones, name) for name in milestones.__dataclass_fields__)
    for records in (facts.use_cases, facts.activities, facts.health, facts.surveys, facts.usage):
        found.extend(map(_ON, records))
    found.extend(map(_CREATED_ON, facts.action_items))
    found.extend(map(_HELD_ON, facts.check_ins))
    found.extend(map(_PLANNED_AT, facts.check_ins))
    for ebr in facts.ebrs:
        found += (ebr.held_on, ebr.follow_up_sent_on, ebr.success_plan_updated_on, ebr.planned_at)
        found.extend(map(_DAY_DONE, ebr.steps_done))
        if ebr.status == "held" and ebr.held_on is None:
            return Date.max
    for playbook in facts.expansions:
        found += (playbook.opened_on, playbook.closed_on)
        found.extend(map(_ENTERED_ON, playbook.stage_changes))
        if playbook.outcome and not playbook.closed_on:
            return Date.max
    for renewal in facts.renewals:
        found.append(renewal.closed_on)
        found.extend(map(_HELD_ON, renewal.reviews))
        closed = renewal.outcome != "open" or renewal.renewed_arr is not None
        if closed and not renewal.closed_on:
            return Date.max
    for plan in facts.success_plans:
        found += (plan.qualified_on, plan.shared_on, plan.reviewed_on)
    for contact in facts.contacts:
        found.append(contact.departed_on)
        found.extend(contact.engaged_on)
    return max(filter(None, found), default=Date.min)


_ON = attrgetter("on")
_CREATED_ON = attrgetter("created_on")
_ENTERED_ON = attrgetter("entered_on")
_HELD_ON = attrgetter("held_on")
_PLANNED_AT = attrgetter("planned_at")
_DAY_DONE = itemgetter(1)


def _milestones_as_of(milestones: Milestones, today: Date) -> Milestones:
    names = milestones.__dataclass_fields__
    if _by(today, *(getattr(milestones, n) for n in names)):
        return milestones
    return replace(milestones, **{n: _on_or_before(getattr(milestones, n), today) for n in names})


def _known_on(meeting: EbrFact | CheckInFact, today: Date) -> bool:
    """Tell whether an EBR or check-in was known on `today`: planned in Rhythm by then (or
    on a day not recorded), or held by then. A plan made later is not replayed earlier."""
    planned_at = meeting.planned_at
    held = meeting.held_on
    return planned_at is None or planned_at <= today or (held is not None and held <= today)


def _ebr_as_of(ebr: EbrFact, today: Date) -> EbrFact:
    dates = (ebr.held_on, ebr.follow_up_sent_on, ebr.success_plan_updated_on)
    held_undated = ebr.status == "held" and ebr.held_on is None
    if not held_undated and _by(today, *dates, *map(_DAY_DONE, ebr.steps_done)):
        return ebr
    held = _on_or_before(ebr.held_on, today)
    # An EBR held later was still being prepared on `today`.
    status = "scheduled" if ebr.status == "held" and held is None else ebr.status
    return replace(
        ebr,
        held_on=held,
        status=status,
        follow_up_sent_on=_on_or_before(ebr.follow_up_sent_on, today),
        success_plan_updated_on=_on_or_before(ebr.success_plan_updated_on, today),
        steps_done=tuple(step for step in ebr.steps_done if step[1] <= today),
    )


def _expansion_as_of(expansion: ExpansionFact, today: Date) -> ExpansionFact:
    closed = _on_or_before(expansion.closed_on, today)
    changes = map(_ENTERED_ON, expansion.stage_changes)
    if (closed or not expansion.outcome) and _by(today, expansion.closed_on, *changes):
        return expansion
    return replace(
        expansion,
        closed_on=closed,
        outcome=expansion.outcome if closed else "",
        stage_changes=tuple(s for s in expansion.stage_changes if s.entered_on <= today),
    )


def _renewal_as_of(renewal: RenewalFact, today: Date) -> RenewalFact:
    closed = _on_or_before(renewal.closed_on, today)
    still_open = renewal.outcome == "open" and renewal.renewed_arr is None
    if (closed or still_open) and _by(today, renewal.closed_on, *map(_HELD_ON, renewal.reviews)):
        return renewal
    return replace(
        renewal,
        outcome=renewal.outcome if closed else "open",
        renewed_arr=renewal.renewed_arr if closed else None,
        closed_on=closed,
        reviews=tuple(r for r in renewal.reviews if r.held_on <= today),
    )


def _plan_as_of(plan: SuccessPlanFact, today: Date) -> SuccessPlanFact:
    if _by(today, plan.qualified_on, plan.shared_on, plan.reviewed_on):
        return plan
    return replace(
        plan,
        qualified_on=_on_or_before(plan.qualified_on, today),
        shared_on=_on_or_before(plan.shared_on, today),
        reviewed_on=_on_or_before(plan.reviewed_on, today),
    )


def _check_in_as_of(check_in: CheckInFact, today: Date) -> CheckInFact:
    if _by(today, check_in.held_on):
        return check_in
    return replace(check_in, held_on=_on_or_before(check_in.held_on, today))


def _contact_as_of(contact: ContactFact, today: Date) -> ContactFact:
    if _by(today, contact.departed_on, *contact.engaged_on):
        return contact
    return replace(
        contact,
        departed_on=_on_or_before(contact.departed_on, today),
        engaged_on=tuple(d for d in contact.engaged_on if d <= today),
    )


def _by(today: Date, *days: Date | None) -> bool:
    """Tell whether each of these dates (None for none) had come by `today`: a record
    with nothing later is kept as it is, where a copy would be the same."""
    return all(day is None or day <= today for day in days)


def _on_or_before(day: Date | None, today: Date) -> Date | None:
    """Keep a date only if it had happened by `today`."""
    return day if day is not None and day <= today else None
