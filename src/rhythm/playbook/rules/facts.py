"""The facts the rules read: frozen values, one per database row that matters.

The database loader (`rhythm.playbook.facts`) fills these with a few set-based queries:
one per table for the whole book, grouped by account in Python. Records keep their dates
(history, not only the latest value) so any past date can be replayed: `as_of(today)`
hides everything recorded after `today`, and every rule starts by calling it.

Every class has slots: a book of 100,000 accounts holds millions of records, and slots
halve their memory.

Codes (tier, segment, persona, use case...) are compared case-insensitively by the rules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from rhythm.playbook.rules import cutoff

Date = dt.date


@dataclass(frozen=True, slots=True)
class ActivityFact:
    """One timeline entry: a call, meeting or session held on a date."""

    kind: str
    on: Date
    has_notes: bool = False


@dataclass(frozen=True, slots=True)
class UseCaseFact:
    """One use-case status (green / yellow / red) recorded on a date."""

    use_case: str
    status: str
    on: Date


@dataclass(frozen=True, slots=True)
class HealthFact:
    """One overall health assessment (green / yellow / red) on a date."""

    on: Date
    overall: str


@dataclass(frozen=True, slots=True)
class Milestones:
    """The onboarding milestones' dates, as recorded (TTV-1); None when not reached."""

    engagement: Date | None = None
    onboarding_complete: Date | None = None
    infrastructure_ready: Date | None = None
    first_value: Date | None = None
    outcome_achieved: Date | None = None


@dataclass(frozen=True, slots=True)
class EbrFact:
    """One EBR: planned date, held date, follow-up dates and the preparation steps done."""

    planned_on: Date
    held_on: Date | None = None
    status: str = "planning"  # planning, scheduled, held, cancelled
    follow_up_sent_on: Date | None = None
    success_plan_updated_on: Date | None = None
    steps_done: tuple[tuple[int, Date], ...] = ()  # (step number 1-9, done on)
    # False for an EBR known only from the timeline: it counts as held, but Rhythm never
    # tracked its preparation or follow-up, so EBR-3 and EBR-4 do not ask for them.
    tracked: bool = True
    planned_at: Date | None = None  # the day it was planned in Rhythm, if known


@dataclass(frozen=True, slots=True)
class CheckInFact:
    """One leadership check-in, planned and possibly held."""

    planned_on: Date
    held_on: Date | None = None
    planned_at: Date | None = None  # the day it was planned in Rhythm, if known


@dataclass(frozen=True, slots=True)
class StageChange:
    """The day an expansion playbook entered a stage."""

    stage: str
    entered_on: Date


@dataclass(frozen=True, slots=True)
class ExpansionFact:
    """One expansion playbook (tier upgrade, new business unit, new use case)."""

    kind: str
    opened_on: Date
    closed_on: Date | None = None
    outcome: str = ""  # won, lost, or empty while open
    stage_changes: tuple[StageChange, ...] = ()


@dataclass(frozen=True, slots=True)
class RenewalReviewFact:
    """One renewal review meeting held, with the roles of the team members who attended."""

    stage: str  # five_months, three_months
    held_on: Date
    attendee_roles: tuple[str, ...] = ()  # csm, ae, sa
    # Its entry on the account's timeline, where attendees left out are added (REN-2);
    # None for a review recorded without one.
    activity_id: int | None = None


@dataclass(frozen=True, slots=True)
class RenewalFact:
    """One renewal: its date, ARR, outlook, outcome and the reviews held for it."""

    renewal_date: Date
    arr: Decimal | None = None
    outlook: str = "flat"  # flat, growth, at_risk
    outcome: str = "open"  # open, renewed, churned
    renewed_arr: Decimal | None = None
    closed_on: Date | None = None
    reviews: tuple[RenewalReviewFact, ...] = ()


@dataclass(frozen=True, slots=True)
class ObjectiveFact:
    """One success-plan objective, reduced to what PLAN-3 checks."""

    outcome: str
    has_metric: bool = False
    has_target: bool = False
    target_date: Date | None = None
    has_customer_owner: bool = False
    has_vendor_owner: bool = False


@dataclass(frozen=True, slots=True)
class SuccessPlanFact:
    """One success plan (ROI or stage adoption) and its review dates."""

    kind: str  # roi, stage_adoption
    status: str = "draft"  # draft, active
    health: str = ""  # green, yellow, red, or empty
    qualified_on: Date | None = None
    shared_on: Date | None = None
    reviewed_on: Date | None = None
    objectives: tuple[ObjectiveFact, ...] = ()


@dataclass(frozen=True, slots=True)
class ContactFact:
    """One customer stakeholder, who introduced them, and the dates the team met them."""

    contact_id: int
    name: str
    persona: str = ""
    decision_maker: bool = False
    introduced_by: int | None = None
    departed_on: Date | None = None
    engaged_on: tuple[Date, ...] = ()  # dates of activities the contact attended
    email: str = ""  # to name them as a meeting's attendee (the pages suggest it)


@dataclass(frozen=True, slots=True)
class SurveyFact:
    """One NPS (0-10) or CSAT (1-5) response."""

    kind: str
    score: int
    on: Date


@dataclass(frozen=True, slots=True)
class UsageFact:
    """Activated licenses counted on a date (TTV-3 finds first value in these)."""

    on: Date
    licenses_activated: int


@dataclass(frozen=True, slots=True)
class ActionItemFact:
    """One action item; HEALTH-2 needs to know which were open on a date."""

    created_on: Date
    status: str = "open"  # open, done, dropped
    done_on: Date | None = None
    due_on: Date | None = None
    origin: str = "other"

    def is_open(self, today: Date) -> bool:
        """Tell whether the item was open on `today`: created by then and not yet closed.

        An item closed later, done or dropped, was still open on an earlier day, so a
        replayed date or a month of the KPI series sees it open; one closed on no known
        day is taken as closed.
        """
        if self.created_on > today:
            return False
        if self.done_on is not None:
            return self.done_on > today
        return self.status == "open"


@dataclass(frozen=True, slots=True)
class PriorityOverride:
    """A manager's hand-set priority (PRIO-2), with the reason, who and when."""

    priority: str  # P1, P2; empty in a history: the override was removed that day
    reason: str
    by: str
    on: Date


class _Cutoff:
    """Where `AccountFacts.as_of` keeps the latest date it compares, once worked out."""

    __slots__ = ("_last_date",)
    _last_date: Date


@dataclass(frozen=True, slots=True)
class AccountFacts(_Cutoff):
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
    priority_override: PriorityOverride | None = None  # in force on the facts' day
    priority_reviewed_on: Date | None = None  # the latest review by then
    # Every override set or removed, and every review, by day: what an earlier day replays
    # with (`as_of`). Empty when only the decisions in force are known.
    priority_overrides: tuple[PriorityOverride, ...] = ()
    priority_reviews: tuple[Date, ...] = ()
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

        Rules call this first, so replaying a past date needs no other care. Facts with
        nothing after `today` (what a loader filtering by date hands over) come back as they
        are: copying every record for every rule cost more than all the rules together.
        """
        if self.as_of_date == today or self._last_date_cut() <= today:
            return self
        return self._cut(today)

    def _last_date_cut(self) -> Date:
        """Return the latest date `as_of` compares with its day, worked out once and kept."""
        try:
            return self._last_date
        except AttributeError:
            last = cutoff.latest_date(self)
            object.__setattr__(self, "_last_date", last)  # a cache beside the frozen facts
            return last

    def _cut(self, today: Date) -> AccountFacts:
        """Copy these facts without what was recorded after `today` (`as_of`'s slow path)."""
        return cutoff.cut(self, today)


@dataclass(frozen=True, slots=True)
class TimeOffFact:
    """One period of paid time off, both ends included."""

    starts_on: Date
    ends_on: Date


@dataclass(frozen=True, slots=True)
class MemberFacts:
    """One team member: role, manager and working calendar, for book-level rules."""

    email: str
    name: str = ""
    role: str = "csm"  # csm, manager, ae, sa, pse, leadership, admin
    manager_email: str | None = None
    region: str = ""
    is_active: bool = True
    time_off: tuple[TimeOffFact, ...] = ()


@dataclass(frozen=True, slots=True)
class SessionFacts:
    """One workshop or roundtable, its lead and the accounts that attended (WS-2, RT-1)."""

    session_id: int
    kind: str  # workshop, roundtable
    on: Date
    industries: tuple[str, ...] = ()  # a roundtable's, as recorded; RT-1 counts it for each
    lead_email: str | None = None
    account_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class PeerFacts:
    """An account of a CSM's book that is not evaluated, only ranked beside those that are.

    Someone who sees part of a book (an AE, SA or PSE) has only their accounts evaluated,
    but EBR-1's high-ARR accounts are the top N of the CSM's whole book: the book's other
    accounts come as peers, with what that ranking reads of them.
    """

    account_id: int
    csm_email: str | None
    arr: Decimal | None
    initial_transaction_date: Date | None

    def is_customer_on(self, today: Date) -> bool:
        """Tell whether the account was a customer on `today`, as `AccountFacts` does."""
        start = self.initial_transaction_date
        return start is None or start <= today


@dataclass(frozen=True, slots=True)
class BookFacts:
    """A set of accounts to evaluate together (a CSM's book, a team, everything).

    `members` and `sessions` feed the book-level rules; both may be empty. `peers` are the
    other accounts of the CSM books that `accounts` holds only part of (`PeerFacts`); empty
    when `accounts` are whole books.
    """

    accounts: tuple[AccountFacts, ...]
    members: tuple[MemberFacts, ...] = ()
    sessions: tuple[SessionFacts, ...] = ()
    peers: tuple[PeerFacts, ...] = ()
