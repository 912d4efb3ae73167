"""Executive relationships (handbook 002): EXEC-1 and EXEC-2."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from rhythm.playbook.rules.dates import every, iso, shift
from rhythm.playbook.rules.derived import active_contacts, is_executive, norm
from rhythm.playbook.rules.facts import AccountFacts, ContactFact
from rhythm.playbook.rules.items import RuleContext, WorkItem, keep
from rhythm.playbook.rules.labels import code_words

if TYPE_CHECKING:
    from rhythm.playbook.rules.status import AccountStatus
    from rhythm.playbook.settings import PlaybookSettings


# EXEC-1 raises two kinds of items; the pages tell them apart by what clears them.
ADD_EXECUTIVE = "Ask your champion to introduce you to their leadership, and add the contact."
MEET_EXECUTIVE = "Meet an executive stakeholder and log the meeting with them as an attendee."


def executive_contacts(facts: AccountFacts, settings: PlaybookSettings) -> tuple[ContactFact, ...]:
    """Return the account's executive-level contacts still at the customer (EXEC-1)."""
    return tuple(c for c in active_contacts(facts) if is_executive(c, settings))


def executive_contact_flags(
    facts: AccountFacts, status: AccountStatus, ctx: RuleContext
) -> list[WorkItem]:
    """Keep an executive-level contact and speak with one at least every 12 months (EXEC-1).

    Leadership owns budgets and renewals; a relationship only with admins is fragile. No
    executive contact is a standing flag. The 12 months run from the last meeting with an
    executive, or, with none ever logged, from the initial transaction: an account younger
    than that has not gone 12 months without one. An interval in business days skips the
    public holidays of the account's working region.
    """
    facts = facts.as_of(ctx.today)
    settings = ctx.settings
    executives = executive_contacts(facts, settings)
    if not executives:
        why = "No executive-level contact (director, VP, C-level or decision-maker) on record."
        return keep(ctx.item("EXEC-1", facts, due=None, why=why, action=ADD_EXECUTIVE))
    met = [(day, c.name) for c in executives for day in c.engaged_on]
    interval = settings.executives.engage_every
    region = facts.working_region
    if not met:
        signed = facts.initial_transaction_date
        due = shift(signed, interval, calendar=ctx.calendar, region=region) if signed else None
        if due is not None and not ctx.shows("EXEC-1", due):
            return []
        names = ", ".join(sorted(c.name for c in executives))
        since = f" since the initial transaction on {iso(signed)}" if signed else ""
        why = (
            f"No meeting logged with an executive contact ({names}){since}; "
            f"meet one {every(interval)}."
        )
        return keep(ctx.item("EXEC-1", facts, due=due, why=why, action=MEET_EXECUTIVE))
    last, name = max(met)
    due = shift(last, interval, calendar=ctx.calendar, region=region)
    if not ctx.shows("EXEC-1", due):
        return []
    why = (
        f"Last spoke with an executive ({name}) on {iso(last)}, {ctx.days_ago(last)}; "
        f"meet one {every(interval)}."
    )
    return keep(ctx.item("EXEC-1", facts, due=due, why=why, action=MEET_EXECUTIVE))


def introduction_chain(facts: AccountFacts, contact_id: int) -> tuple[ContactFact, ...]:
    """Return who introduced whom, from the first contact to `contact_id` (EXEC-2).

    Follows `introduced_by` back to a contact nobody introduced; a loop in the data
    stops the walk instead of hanging.
    """
    by_id = {c.contact_id: c for c in facts.contacts}
    chain: list[ContactFact] = []
    current = by_id.get(contact_id)
    while current is not None and current not in chain:
        chain.append(current)
        current = by_id.get(current.introduced_by) if current.introduced_by else None
    return tuple(reversed(chain))


def _rank(contact: ContactFact, settings: PlaybookSettings) -> tuple[int, int, str]:
    seniority = _seniority(tuple(settings.codes.personas))
    return (contact.decision_maker, seniority.get(norm(contact.persona), -1), contact.name)


@lru_cache(maxsize=64)
def _seniority(personas: tuple[str, ...]) -> dict[str, int]:
    # The settings' persona list runs from least to most senior; the first spelling counts.
    ranks: dict[str, int] = {}
    for index, persona in enumerate(personas):
        ranks.setdefault(norm(persona), index)
    return ranks


def decision_maker_flag(
    facts: AccountFacts, status: AccountStatus, ctx: RuleContext
) -> list[WorkItem]:
    """Work the persona flow up to a decision-maker; flag accounts without one (EXEC-2).

    Admins and champions introduce the CSM to their leaders until a decision-maker is
    reached; the item names the most senior contact so far and the chain that led there.
    """
    facts = facts.as_of(ctx.today)
    contacts = active_contacts(facts)
    if not contacts or any(c.decision_maker for c in contacts):
        return []
    top = max(contacts, key=lambda c: _rank(c, ctx.settings))
    chain = " → ".join(
        f"{c.name} ({code_words(c.persona) if c.persona else 'no persona'})"
        for c in introduction_chain(facts, top.contact_id)
    )
    why = f"No decision-maker reached yet; the most senior contact so far is in the chain {chain}."
    action = f"Ask {top.name} to introduce you to a decision-maker."
    return keep(ctx.item("EXEC-2", facts, due=None, why=why, action=action))
