"""API schemas for the work queue, accounts as the rules see them, and KPIs."""

from __future__ import annotations

import datetime as dt
from typing import Any, Self

from django.utils import timezone
from ninja import Field, Schema
from pydantic import field_validator, model_validator

from rhythm.lib.dates import day_error
from rhythm.lib.schema_types import Day
from rhythm.playbook.config import current_settings
from rhythm.playbook.queue import Scope
from rhythm.playbook.rules.derived import norm
from rhythm.playbook.rules.items import STATES
from rhythm.playbook.rules.kpis import GROUPINGS

# The scopes a filter may name, at most one at a time.
SCOPES = ("csm", "manager", "account")


class BookFilter(Schema):
    """Whose books, on which date: a CSM's, a manager's team's, or every one in view."""

    csm: str | None = Field(default=None, description="A CSM's email: their book.")
    manager: str | None = Field(default=None, description="A manager's email: their team.")
    on: Day | None = Field(default=None, description="Evaluate as of this date; default today.")

    @field_validator("on")
    @classmethod
    def _workable_day(cls, on: dt.date | None) -> dt.date | None:
        """Refuse a day too far back or ahead to work out (1970 to ten years ahead)."""
        if on is not None and (error := day_error(on, timezone.localdate())):
            raise ValueError(error)
        return on

    @model_validator(mode="after")
    def _one_scope(self) -> Self:
        """Refuse two scopes at once (a CSM and a team, say) instead of choosing one."""
        given = [name for name in SCOPES if getattr(self, name, None)]
        if len(given) > 1:
            raise ValueError(f"Give one of {', '.join(SCOPES)}, not {' and '.join(given)}.")
        return self

    def scope(self) -> Scope:
        """Return whose books the filter asks for."""
        return Scope(csm=self.csm, manager=self.manager)


class ScopeFilter(BookFilter):
    """Whose accounts, on which date: a CSM's book, a team, one account, or every one in view."""

    account: str | None = Field(default=None, description="One account, by name.")

    def scope(self) -> Scope:
        """Return whose accounts the filter asks for: books, or one account."""
        return Scope(csm=self.csm, manager=self.manager, account=self.account)


class KpiGroupFilter(ScopeFilter):
    """Whose KPIs, on which date, split how: per CSM, region, segment, industry or cohort."""

    by: str = Field(
        description="Group by csm, region, segment, industry or cohort (the calendar quarter "
        "of the initial transaction, e.g. 2026-Q1)."
    )

    @field_validator("by")
    @classmethod
    def _known_grouping(cls, by: str) -> str:
        """Refuse a grouping other than csm, region, segment, industry or cohort."""
        if norm(by) not in GROUPINGS:
            raise ValueError(f"{by!r} is not a grouping; use one of: {', '.join(GROUPINGS)}")
        return norm(by)


class QueueFilter(ScopeFilter):
    """Whose queue, on which date, which items: the same filter for the API and the pages."""

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
    cadence_adherence: float | None
    nps: float | None
    renewal_rate: float | None
    details: dict[str, Any]


class KpiGroupOut(KpisOut):
    group: str = Field(
        description="The CSM's email, the region, segment or industry, or the cohort "
        "(2026-Q1); accounts without one are grouped as '(no CSM)', '(no region)' and so on."
    )


class ReviewCheckOut(Schema):
    key: str
    title: str
    passed: bool
    failing: list[str] = Field(description="The names of the accounts that fail this line.")


class BookReviewOut(Schema):
    csm: str | None = Field(description="The CSM's email; null for accounts without a CSM.")
    accounts: int
    calls_per_week: float
    p1_share: float | None
    p1_above_target_since: dt.date | None = Field(
        description="PRIO-3: the first day of the run of days above target that ends now "
        "(null when it is not above target)."
    )
    p1_above_target_longer: bool = Field(
        description="Above target on every day the history reaches, back to "
        "p1_above_target_since: "
        "for longer than allowed, since an earlier day."
    )
    review: str = Field(description="How many checklist lines pass, e.g. '4 of 5 pass'.")
    review_passed: bool
    failing: list[str] = Field(description="Each failing line's key and its accounts.")
    checks: list[ReviewCheckOut]
    expected_hours: float | None = Field(description="CAP-2: the book's expected hours a week.")
    capacity_hours: float | None = Field(description="The week's hours, less extra time off.")
    default_week_hours: float | None = Field(
        description="CAP-1's default week: the sum of capacity.weekly_hours (33.25 h by default)."
    )
    call_hours: float | None
    call_hours_range: list[float] | None
    time_off_days: int | None = Field(description="Weekdays off over the last 12 months.")
    overloaded: bool | None
    tasks: dict[str, float] | None = Field(description="Expected hours a week per task.")
    flags: list[str] | None
