"""The facts the rules read: frozen values, one per database row that matters.

The database loader (`rhythm.playbook.facts`) fills these with a few set-based queries:
one per table for the whole book, grouped by account in Python. Records keep their dates
(history, not only the latest value) so any past date can be replayed: `as_of(today)`
hides everything recorded after `today`, and every rule starts by calling it.

Codes (tier, segment, persona, use case...) are compared case-insensitively by the rules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal

Date = dt.date


def _on_or_before(day: Date | None, today: Date) -> Date | None:
    """Keep a date only if it had happened by `today`."""
    return day if day is not None and day <= today else None


@dataclass(frozen=True)
class ActivityFact:
    """One timeline entry: a call, meeting or session held on a date."""

    kind: str
    on: Date
    has_notes: bool = False


@dataclass(frozen=True)
class UseCaseFact:
    """One use-case status (green / yellow / red) recorded on a date."""

    use_case: str
    status: str
    on: Date


@dataclass(frozen=True)
class HealthFact:
    """One overall health assessment (green / yellow / red) on a date."""

    on: Date
    overall: str


@dataclass(frozen=True)
class Milestones:
    """The onboarding milestones' dates, as recorded (TTV-1); None when not reached."""

    engagement: Date | None = None
    onboarding_complete: Date | None = None
    infrastructure_ready: Date | None = None
    first_value: Date | None = None
    outcome_achieved: Date | None = None


@dataclass(frozen=True)
class EbrFact:
    """One EBR: planned date, held date, follow-up dates and the preparation steps done."""

    planned_on: Date
    held_on: Date | None = None
    status: str = "planning"  # planning, scheduled, held, cancelled
    follow_up_sent_on: Date | None = None
    success_plan_updated_on: Date | None = None
    steps_done: tuple[tuple[int, Date], ...] = ()  # (step number 1-9, done on)


@dataclass(frozen=True)
class CheckInFact:
    """One leadership check-in, planned and possibly held."""

    planned_on: Date
    held_on: Date | None = None


@dataclass(frozen=True)
class StageChange:
    """The day an expansion playbook entered a stage."""

    stage: str
    entered_on: Date


@dataclass(frozen=True)
class ExpansionFact:
    """One expansion playbook (tier upgrade, new business unit, new use case)."""

    kind: str
    opened_on: Date
    closed_on: Date | None = None
    outcome: str = ""  # won, lost, or empty while open
    stage_changes: tuple[StageChange, ...] = ()


@dataclass(frozen=True)
class RenewalReviewFact:
    """One renewal review meeting held, with the roles of the team members who attended."""

    stage: str  # five_months, three_months
    held_on: Date
    attendee_roles: tuple[str, ...] = ()  # csm, ae, sa


@dataclass(frozen=True)
class RenewalFact:
    """One renewal: its date, ARR, outlook, outcome and the reviews held for it."""

    renewal_date: Date
    arr: Decimal | None = None
    outlook: str = "flat"  # flat, growth, at_risk
    outcome: str = "open"  # open, renewed, churned
    renewed_arr: Decimal | None = None
    closed_on: Date | None = None
    reviews: tuple[RenewalReviewFact, ...] = ()


@dataclass(frozen=True)
class ObjectiveFact:
    """One success-plan objective, reduced to what PLAN-3 checks."""

    outcome: str
    has_metric: bool = False
    has_target: bool = False
    target_date: Date | None = None
    has_customer_owner: bool = False
    has_vendor_owner: bool = False


@dataclass(frozen=True)
class SuccessPlanFact:
    """One success plan (ROI or stage adoption) and its review dates."""

    kind: str  # roi, stage_adoption
    status: str = "draft"  # draft, active
    health: str = ""  # green, yellow, red, or empty
    qualified_on: Date | None = None
    shared_on: Date | None = None
    reviewed_on: Date | None = None
    objectives: tuple[ObjectiveFact, ...] = ()


@dataclass(frozen=True)
class ContactFact:
    """One customer stakeholder, who introduced them, and the dates the team met them."""

    contact_id: int
    name: str
    persona: str = ""
    decision_maker: bool = False
    introduced_by: int | None = None
    departed_on: Date | None = None
    engaged_on: tuple[Date, ...] = ()  # dates of activities the contact attended


@dataclass(frozen=True)
class SurveyFact:
    """One NPS (0-10) or CSAT (1-5) response."""

    kind: str
    score: int
    on: Date


@dataclass(frozen=True)
class UsageFact:
    """Activated licenses counted on a date (TTV-3 finds first value in these)."""

    on: Date
    licenses_activated: int


@dataclass(frozen=True)
class ActionItemFact:
    """One action item; HEALTH-2 needs to know which were open on a date."""

    created_on: Date
    status: str = "open"  # open, done, dropped
    done_on: Date | None = None
    due_on: Date | None = None
    origin: str = "other"

    def is_open(self, today: Date) -> bool:
        """Tell whether the item was open on `today`."""
        if self.created_on > today or self.status == "dropped":
            return False
        return self.done_on is None or self.done_on > today


@dataclass(frozen=True)
class PriorityOverride:
    """A manager's hand-set priority (PRIO-2), with the reason, who and when."""

    priority: str  # P1, P2
    reason: str
    by: str
    on: Date


@dataclass(frozen=True)
class AccountFacts:
    """Everything the rules know about one account; fill it from the database loader."""

    account_id: int
    name: str
    segment: str = ""
    region: str = ""
    industry: str = ""
    tier: str = ""
    arr: Decimal | None = None
    licenses_purchased: int | None = None
    licenses_activated: int | None = None  # current count; usage records win when present
    deployment: str = ""
    initial_transaction_date: Date | None = None
    csm_email: str | None = None
    csm_name: str = ""
    csm_region: str = ""  # the CSM's working calendar; the account's region otherwise
    manager_email: str | None = None
    ae_email: str | None = None
    sa_email: str | None = None
    milestones: Milestones = Milestones()
    use_cases: tuple[UseCaseFact, ...] = ()
    purchase_intent_use_cases: tuple[str, ...] = ()  # empty: every tracked use case
    activities: tuple[ActivityFact, ...] = ()
    ebrs: tuple[EbrFact, ...] = ()
    ebrs_per_year: int | None = None
    check_ins: tuple[CheckInFact, ...] = ()
    health: tuple[HealthFact, ...] = ()
    expansions: tuple[ExpansionFact, ...] = ()
    renewals: tuple[RenewalFact, ...] = ()
    success_plans: tuple[SuccessPlanFact, ...] = ()
    contacts: tuple[ContactFact, ...] = ()
    surveys: tuple[SurveyFact, ...] = ()
    usage: tuple[UsageFact, ...] = ()
    action_items: tuple[ActionItemFact, ...] = ()
    in_triage: bool = False  # put in triage by hand
    priority_override: PriorityOverride | None = None
    priority_reviewed_on: Date | None = None
    phase_override: str = ""
    in_assignment_review: bool = False
    as_of_date: Date | None = field(default=None, compare=False)

    def is_customer_on(self, today: Date) -> bool:
        """Tell whether the account was a customer on `today` (no later initial transaction).

        An account whose initial transaction is after `today` did not exist yet for the
        playbook, so a replayed queue or KPI leaves it out.
        """
        start = self.initial_transaction_date
        return start is None or start <= today

    @property
    def working_region(self) -> str:
        """Return the region whose holidays count for this account's business days."""
        return self.csm_region or self.region

    def as_of(self, today: Date) -> AccountFacts:
        """Return these facts as they stood on `today`: later records are hidden.

        Rules call this first, so replaying a past date needs no other care.
        """
        if self.as_of_date == today:
            return self
        override = self.priority_override
        return replace(
            self,
            # Not a customer yet on `today`: the transaction date is not a fact then.
            initial_transaction_date=_on_or_before(self.initial_transaction_date, today),
            milestones=_milestones_as_of(self.milestones, today),
            use_cases=tuple(u for u in self.use_cases if u.on <= today),
            activities=tuple(a for a in self.activities if a.on <= today),
            ebrs=tuple(_ebr_as_of(e, today) for e in self.ebrs),
            check_ins=tuple(
                replace(c, held_on=_on_or_before(c.held_on, today)) for c in self.check_ins
            ),
            health=tuple(h for h in self.health if h.on <= today),
            expansions=tuple(
                _expansion_as_of(e, today) for e in self.expansions if e.opened_on <= today
            ),
            renewals=tuple(_renewal_as_of(r, today) for r in self.renewals),
            success_plans=tuple(_plan_as_of(p, today) for p in self.success_plans),
            contacts=tuple(_contact_as_of(c, today) for c in self.contacts),
            surveys=tuple(s for s in self.surveys if s.on <= today),
            usage=tuple(u for u in self.usage if u.on <= today),
            action_items=tuple(a for a in self.action_items if a.created_on <= today),
            priority_override=override if override and override.on <= today else None,
            priority_reviewed_on=_on_or_before(self.priority_reviewed_on, today),
            as_of_date=today,
        )


def _milestones_as_of(milestones: Milestones, today: Date) -> Milestones:
    return Milestones(
        *(
            _on_or_before(getattr(milestones, name), today)
            for name in Milestones.__dataclass_fields__
        )
    )


def _ebr_as_of(ebr: EbrFact, today: Date) -> EbrFact:
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
    return replace(
        expansion,
        closed_on=closed,
        outcome=expansion.outcome if closed else "",
        stage_changes=tuple(s for s in expansion.stage_changes if s.entered_on <= today),
    )


def _renewal_as_of(renewal: RenewalFact, today: Date) -> RenewalFact:
    closed = _on_or_before(renewal.closed_on, today)
    return replace(
        renewal,
        outcome=renewal.outcome if closed else "open",
        renewed_arr=renewal.renewed_arr if closed else None,
        closed_on=closed,
        reviews=tuple(r for r in renewal.reviews if r.held_on <= today),
    )


def _plan_as_of(plan: SuccessPlanFact, today: Date) -> SuccessPlanFact:
    return replace(
        plan,
        qualified_on=_on_or_before(plan.qualified_on, today),
        shared_on=_on_or_before(plan.shared_on, today),
        reviewed_on=_on_or_before(plan.reviewed_on, today),
    )


def _contact_as_of(contact: ContactFact, today: Date) -> ContactFact:
    return replace(
        contact,
        departed_on=_on_or_before(contact.departed_on, today),
        engaged_on=tuple(d for d in contact.engaged_on if d <= today),
    )


@dataclass(frozen=True)
class TimeOffFact:
    """One period of paid time off, both ends included."""

    starts_on: Date
    ends_on: Date


@dataclass(frozen=True)
class MemberFacts:
    """One team member: role, manager and working calendar, for book-level rules."""

    email: str
    name: str = ""
    role: str = "csm"  # csm, manager, ae, sa, pse, leadership, admin
    manager_email: str | None = None
    region: str = ""
    is_active: bool = True
    time_off: tuple[TimeOffFact, ...] = ()


@dataclass(frozen=True)
class SessionFacts:
    """One workshop or roundtable, its lead and the accounts that attended (WS-2, RT-1)."""

    session_id: int
    kind: str  # workshop, roundtable
    on: Date
    industry: str = ""
    lead_email: str | None = None
    account_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class BookFacts:
    """A set of accounts to evaluate together (a CSM's book, a team, everything).

    `members` and `sessions` feed the book-level rules; both may be empty.
    """

    accounts: tuple[AccountFacts, ...]
    members: tuple[MemberFacts, ...] = ()
    sessions: tuple[SessionFacts, ...] = ()
