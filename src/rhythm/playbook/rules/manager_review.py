"""The CSM manager review (handbook 004 4.2): MGR-1, computed from the facts, never typed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rhythm.playbook.rules.dates import Calendar, every, shift
from rhythm.playbook.rules.derived import codes, has_open_action, norm
from rhythm.playbook.rules.facts import AccountFacts, MemberFacts
from rhythm.playbook.rules.health import health_fresh_until
from rhythm.playbook.rules.items import RuleContext, WorkItem, keep
from rhythm.playbook.rules.labels import code_label
from rhythm.playbook.rules.phases import ONBOARD
from rhythm.playbook.rules.plans import customer_plan
from rhythm.playbook.rules.renewals import (
    renewal_team,
    review_due,
    stage_attendees,
    stage_reviews,
    upcoming_renewals,
)

if TYPE_CHECKING:
    from rhythm.playbook.rules.dates import Duration
    from rhythm.playbook.rules.status import AccountStatus
    from rhythm.playbook.settings import PlaybookSettings


@dataclass(frozen=True, slots=True)
class Review:
    """What one check sees: the account (as of today), its status, settings and team, and
    the public holidays its durations in business days skip (in its working region)."""

    facts: AccountFacts
    status: AccountStatus
    settings: PlaybookSettings
    today: dt.date
    members: Mapping[str, MemberFacts]
    calendar: Calendar | None = None

    def shift(self, day: dt.date, duration: Duration, *, before: bool = False) -> dt.date:
        """Move `day` by one of the account's durations, as the rules count it."""
        region = self.facts.working_region
        return shift(day, duration, before=before, calendar=self.calendar, region=region)


@dataclass(frozen=True)
class ChecklistItem:
    """One line of the manager's checklist and the accounts that fail it."""

    key: str
    title: str
    failing: tuple[str, ...]
    action: str = ""  # what clears the line, worded with the book's settings

    @property
    def passed(self) -> bool:
        """Tell whether every account passes this line."""
        return not self.failing


@dataclass(frozen=True)
class ManagerReview:
    """The MGR-1 checklist for one CSM (or for unassigned accounts, with csm None)."""

    csm: str | None
    checks: tuple[ChecklistItem, ...]

    @property
    def passed(self) -> bool:
        """Tell whether every line passes."""
        return all(check.passed for check in self.checks)


def _assigned(r: Review) -> bool:
    if r.facts.in_assignment_review:
        return True
    member = r.members.get(norm(r.facts.csm_email))
    return bool(r.facts.csm_email) and (not r.members or (member is not None and member.is_active))


def _onboarding_noted(r: Review) -> bool:
    if r.status.phase.phase != ONBOARD:
        return True
    kinds = codes(r.settings.manager_review.onboarding_kinds)
    return any(a.has_notes and norm(a.kind) in kinds for a in r.facts.activities)


def _plan_in_use(r: Review) -> bool:
    plan = customer_plan(r.facts, r.settings)
    if plan is None or plan.shared_on is None or norm(plan.status) != "active":
        return False
    last = max(d for d in (plan.shared_on, plan.reviewed_on) if d)
    return r.shift(last, r.settings.plans.review_every) >= r.today


def _health_fresh(r: Review) -> bool:
    fresh_until = health_fresh_until(r.facts, r.settings, r.calendar)
    return fresh_until is not None and fresh_until >= r.today


def _triage_and_health(r: Review) -> bool:
    # Fresh health is asked of CSM-assigned accounts only, as HEALTH-1 asks it; every
    # account in triage is to be evaluated.
    evaluated = not r.status.triage.in_triage or has_open_action(r.facts, r.today)
    return (not r.facts.csm_email or _health_fresh(r)) and evaluated


def _renewal_reviewed(r: Review) -> bool:
    window = r.settings.renewals.window
    required = codes(r.settings.renewals.attendee_roles)
    for renewal in upcoming_renewals(r.facts, r.today):
        if r.today < r.shift(renewal.renewal_date, window, before=True):
            continue
        if not (_health_fresh(r) and _team_assigned(r, required)):
            return False
        for review in r.settings.renewals.reviews:
            done = stage_reviews(renewal, review)
            # A review due today and not held yet is still due (REN-1), not missed.
            due = review_due(renewal.renewal_date, review, r.calendar, r.facts.working_region)
            if not done and due < r.today:
                return False
            if done and required - stage_attendees(done):
                return False
    return True


def _team_assigned(r: Review, roles: frozenset[str]) -> bool:
    """Tell whether the account has an AE and an SA, where the renewal team has them."""
    seats = {"ae": r.facts.ae_email, "sa": r.facts.sa_email}
    return all(seats[role] for role in roles & seats.keys())


CHECKS: tuple[tuple[str, str, Callable[[Review], bool], str], ...] = (
    (
        "assignment",
        "Account assignment: every account has a CSM or is in review",
        _assigned,
        "Assign a CSM or mark the account as in review.",
    ),
    (
        "onboarding",
        "Onboarding: accounts in onboarding have status and notes",
        _onboarding_noted,
        "Log the welcome call or onboarding kick-off with notes.",
    ),
    (
        "success_plans",
        "Success plans: every account has one, shared and in use",
        _plan_in_use,
        "Share the ROI plan with the customer and review it {plan_review}.",
    ),
    (
        "triage_health",
        "Triage and health: health of CSM-assigned accounts updated within {health_within}, "
        "triaged accounts evaluated",
        _triage_and_health,
        "Update health and open an action for triaged accounts.",
    ),
    (
        "renewal_review",
        "Renewal review: upcoming renewals reviewed, health updated, {renewal_team} informed",
        _renewal_reviewed,
        "Hold the renewal reviews with the {renewal_team}; update health.",
    ),
)


def _phrases(settings: PlaybookSettings) -> dict[str, str]:
    fresh = settings.health.fresh_within
    return {
        "health_within": f"a {fresh.unit[:-1]}" if fresh.amount == 1 else str(fresh),
        "plan_review": every(settings.plans.review_every),
        "renewal_team": renewal_team(settings),
    }


def _words(settings: PlaybookSettings, segments: Iterable[str | None] = ()) -> dict[str, str]:
    """Say the book's settings the checklist's lines and actions name: how fresh health
    must be ("a month" by default), how often the ROI plan is reviewed ("every quarter")
    and who the renewal team is ("AE and SA"). Where a segment of the book's `segments` has
    its own value, it is named after the book's: "a month (10 business days for Strategic)"."""
    words = _phrases(settings)
    exceptions: dict[str, list[str]] = {key: [] for key in words}
    for segment in sorted({norm(s) for s in segments if s}):
        for key, phrase in _phrases(settings.for_segment(segment)).items():
            if phrase != words[key]:
                exceptions[key].append(f"{phrase} for {code_label(segment)}")
    for key, found in exceptions.items():
        if found:
            words[key] += f" ({'; '.join(found)})"
    return words


def manager_review(
    csm: str | None,
    accounts: Sequence[AccountFacts],
    statuses: Sequence[AccountStatus],
    members: Sequence[MemberFacts] | Mapping[str, MemberFacts],
    settings: PlaybookSettings,
    today: dt.date,
    *,
    calendar: Calendar | None = None,
) -> ManagerReview:
    """Compute the manager's review checklist for one CSM's book (MGR-1).

    Each line passes or fails with the accounts that fail it, so the review starts from
    the data instead of from a form the CSM fills in. `members` may come already keyed by
    normalised email (the engine indexes the team once for every book). Each account's
    durations in business days (the plan review, fresh health, the renewal window and
    reviews) skip the public holidays in `calendar` of its working region, as the rules
    behind each line count them.
    """
    by_email = members if isinstance(members, Mapping) else {norm(m.email): m for m in members}
    reviews = [
        Review(
            facts.as_of(today),
            status,
            settings.for_segment(facts.segment),
            today,
            by_email,
            calendar,
        )
        for facts, status in zip(accounts, statuses, strict=True)
    ]
    words = _words(settings, {facts.segment for facts in accounts})
    checks = tuple(
        ChecklistItem(
            key,
            title.format(**words),
            tuple(sorted(r.facts.name for r in reviews if not check(r))),
            action.format(**words),
        )
        for key, title, check, action in CHECKS
    )
    return ManagerReview(csm, checks)


def manager_review_flags(review: ManagerReview, ctx: RuleContext) -> list[WorkItem]:
    """Raise one item per failing checklist line, naming the failing accounts (MGR-1)."""
    items = []
    for check in review.checks:
        if check.passed:
            continue
        title = check.title[0].lower() + check.title[1:]
        why = f"Manager review, {title}; failing: {', '.join(check.failing)}."
        items.append(
            ctx.item("MGR-1", None, due=None, why=why, action=check.action, csm=review.csm)
        )
    return keep(*items)
