"""Every KIND `rhythm import` accepts, in the order a whole book is imported."""

from __future__ import annotations

from rhythm.imports.kinds.accounts import ACCOUNTS
from rhythm.imports.kinds.base import Column, Kind, Lookups, Record
from rhythm.imports.kinds.follow_ups import ACTION_ITEMS, OBJECTIVES, PRIORITY_DECISIONS
from rhythm.imports.kinds.meetings import CHECK_INS, EBR_STEPS, EBRS
from rhythm.imports.kinds.people import CONTACTS, TEAM, TIME_OFF
from rhythm.imports.kinds.records import (
    ACTIVITIES,
    EXPANSIONS,
    HEALTH,
    MILESTONES,
    RENEWALS,
    SESSIONS,
    SUCCESS_PLANS,
    SURVEYS,
    USAGE,
    USE_CASES,
)
from rhythm.imports.readers import normalise_header

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        TEAM,
        ACCOUNTS,
        CONTACTS,
        ACTIVITIES,
        SESSIONS,
        USE_CASES,
        HEALTH,
        MILESTONES,
        USAGE,
        SUCCESS_PLANS,
        OBJECTIVES,
        EXPANSIONS,
        RENEWALS,
        SURVEYS,
        ACTION_ITEMS,
        PRIORITY_DECISIONS,
        EBRS,
        EBR_STEPS,
        CHECK_INS,
        TIME_OFF,
    )
}

__all__ = ["KINDS", "Column", "Kind", "Lookups", "Record", "get_kind"]


def get_kind(name: str) -> Kind:
    """Return the kind named `name` ("use-cases" and "Use Cases" work too)."""
    kind = KINDS.get(normalise_header(name))
    if kind is None:
        raise ValueError(f"unknown kind {name!r}; use one of: {', '.join(KINDS)}")
    return kind
