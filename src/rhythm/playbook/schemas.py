"""API schemas for the work queue, accounts as the rules see them, and KPIs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema
from pydantic import field_validator

from rhythm.playbook.config import current_settings
from rhythm.playbook.rules.derived import norm
from rhythm.playbook.rules.items import STATES


class QueueFilter(Schema):
    """Whose queue, on which date: the same filter for the API and the pages."""

    csm: str | None = Field(default=None, description="A CSM's email: their book.")
    manager: str | None = Field(default=None, description="A manager's email: their team.")
    account: str | None = Field(default=None, description="One account, by name.")
    on: dt.date | None = Field(default=None, description="Evaluate as of this date; default today.")
    rule: str | None = Field(default=None, description="Only items of this rule, e.g. CAD-1.")
    state: str | None = Field(default=None, description="Only late, due or coming items.")

    @field_validator("rule")
    @classmethod
    def _known_rule(cls, rule: str | None) -> str | None:
        """Refuse a rule id the playbook does not have, instead of answering nothing."""
        if not rule:
            return None
        known = {norm(rule_id): rule_id for rule_id in current_settings().rules}
        if norm(rule) not in known:
            raise ValueError(f"{rule!r} is not a rule of the playbook, e.g. CAD-1 or REN-1")
        return known[norm(rule)]

    @field_validator("state")
    @classmethod
    def _known_state(cls, state: str | None) -> str | None:
        """Refuse a state other than late, due or coming."""
        if not state:
            return None
        if norm(state) not in STATES:
            raise ValueError(f"{state!r} is not a state; use one of: {', '.join(STATES)}")
        return norm(state)


class WorkItemOut(Schema):
    rule: str
    account: str | None
    account_id: int | None
    csm: str | None
    due: dt.date | None
    state: str
    severity: str
    why: str
    action: str


class PriorityOverrideOut(Schema):
    priority: str
    reason: str
    by: str
    on: dt.date


class AccountStateOut(Schema):
    id: int
    name: str
    csm: str | None
    priority: str
    computed_priority: str
    priority_reasons: list[str]
    priority_override: PriorityOverrideOut | None
    engagement: str
    engagement_reason: str
    triage: bool
    triage_reasons: list[str]
    health: str | None
    health_updated_on: dt.date | None
    phase: str
    items: int


class KpisOut(Schema):
    on: dt.date
    accounts: int
    time_to_first_engage_days: float | None
    time_to_first_value_days: float | None
    time_to_onboard_days: float | None
    ebr_coverage: float | None
    green_success_plans: float | None
    p1_share: float | None
    non_engaged: int
    health_freshness: float | None
    renewal_reviews_on_time: float | None
    nps: float | None
    renewal_rate: float | None
    details: dict[str, Any]
