"""Run the rules: one account, a whole book, and the work queue built from them.

The queue is derived from the facts as of a date, never edited: record what happened and
the item clears. Replaying the same facts for the same date gives the identical queue.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from rhythm.playbook.rules import (
    adoption,
    cadence,
    capacity,
    checkins,
    ebr,
    executives,
    health,
    onboarding,
    plans,
    prioritisation,
    renewals,
    surveys,
    workshops,
)
from rhythm.playbook.rules.batch import collector_paused
from rhythm.playbook.rules.capacity import CapacityEstimate
from rhythm.playbook.rules.dates import Calendar
from rhythm.playbook.rules.derived import norm, team_name
from rhythm.playbook.rules.facts import AccountFacts, BookFacts, MemberFacts, SessionFacts
from rhythm.playbook.rules.items import RuleContext, WorkItem, sort_items
from rhythm.playbook.rules.manager_review import ManagerReview, manager_review, manager_review_flags
from rhythm.playbook.rules.status import AccountStatus, account_status
from rhythm.playbook.rules.workshops import TEAM_RULE

if TYPE_CHECKING:
    from rhythm.playbook.settings import PlaybookSettings

AccountRule = Callable[[AccountFacts, AccountStatus, RuleContext], list[WorkItem]]

# The settings of each team named in the playbook file, by the team's name: its manager's
# email (`[team."<email>"]`). A CSM's book runs on their team's settings.
Teams = Mapping[str, "PlaybookSettings"]

# Every account-level rule, in playbook order. Book-level rules run in `evaluate_book`.
ACCOUNT_RULES: tuple[tuple[str, AccountRule], ...] = (
    ("PRIO-4", prioritisation.priority_review_due),
    ("CAD-1", cadence.cadence_call_due),
    ("CAD-2", cadence.non_engaged_flag),
    ("EBR-1", ebr.ebr_due),
    ("EBR-2", ebr.ebr_planning_due),
    ("EBR-3", ebr.ebr_steps_due),
    ("EBR-4", ebr.ebr_plan_update_due),
    ("CHK-1", checkins.check_in_due),
    ("EXEC-1", executives.executive_contact_flags),
    ("EXEC-2", executives.decision_maker_flag),
    ("TTV-2", onboarding.onboarding_milestones_due),
    ("ADOPT-2", adoption.use_case_tracking_flag),
    ("PLAN-1", plans.success_plan_flags),
    ("PLAN-2", plans.plan_sharing_flags),
    ("PLAN-3", plans.objective_flags),
    ("HEALTH-1", health.health_freshness_due),
    ("HEALTH-2", health.triage_action_flag),
    ("REN-1", renewals.renewal_reviews_due),
    ("REN-2", renewals.renewal_review_readiness),
    ("REN-6", renewals.renewal_outcome_due),
    ("NPS-1", surveys.survey_due),
    ("WS-1", workshops.workshop_due),
)


@dataclass(frozen=True, slots=True)
class AccountState:
    """One account on one date: its derived state and its work items."""

    account_id: int
    name: str
    csm: str | None
    status: AccountStatus
    items: tuple[WorkItem, ...]

    @property
    def priority(self) -> str:
        """Return the effective priority (override if any, else computed)."""
        return self.status.priority.effective


def evaluate_account(
    facts: AccountFacts,
    settings: PlaybookSettings,
    today: dt.date,
    calendar: Calendar | None = None,
    *,
    high_arr: bool = False,
) -> AccountState:
    """Evaluate every account-level rule for one account on `today`.

    `high_arr` says whether the account is among its CSM's high-ARR accounts (EBR-1);
    `build_queue` works it out from the whole book.
    """
    facts = facts.as_of(today)
    own = settings.for_segment(facts.segment)
    ctx = RuleContext(own, today, calendar or Calendar(), facts.working_region)
    return _evaluate(facts, ctx, high_arr)


def _evaluate(
    facts: AccountFacts, ctx: RuleContext, high_arr: bool, *, ordered: bool = True
) -> AccountState:
    """Run every account rule on facts already as of `ctx.today`, with the segment's settings.

    `ordered=False` leaves the items as the rules gave them, for a caller that sorts the
    whole queue once and hands each account its share (`build_queue`).
    """
    status = account_status(
        facts, ctx.settings, ctx.today, high_arr=high_arr, calendar=ctx.calendar
    )
    items = [item for _, rule in ACCOUNT_RULES for item in rule(facts, status, ctx)]
    found = sort_items(items) if ordered else tuple(items)
    return AccountState(facts.account_id, facts.name, facts.csm_email, status, found)


class BookSettings:
    """The settings each CSM's book runs on: their team's, else the view's (`settings`).

    A CSM's team is named by the manager's email (a manager's own book is in their own
    team), as `config.current_settings` has it, and is found from the book's members, so
    no query is added. Where the playbook file names no team, every book runs on `settings`.
    """

    def __init__(
        self,
        settings: PlaybookSettings,
        members: Iterable[MemberFacts] = (),
        teams: Teams | None = None,
    ) -> None:
        self.settings = settings
        named = {norm(name): found for name, found in (teams or {}).items()}
        self.by_csm: dict[str, PlaybookSettings] = {}
        for member in members if named else ():
            team = team_name(member.email, member.role, member.manager_email)
            if team and norm(team) in named:
                self.by_csm.setdefault(norm(member.email), named[norm(team)])

    def of(self, csm: str | None) -> PlaybookSettings:
        """Return the settings of a CSM's book (`csm` None: the accounts without a CSM)."""
        return self.by_csm.get(norm(csm), self.settings) if csm else self.settings

    def of_account(self, facts: AccountFacts) -> PlaybookSettings:
        """Return the settings an account runs on: its CSM's book's, its segment's."""
        return self.of(facts.csm_email).for_segment(facts.segment)


def _contexts(
    books: BookSettings, today: dt.date, calendar: Calendar
) -> Callable[[str | None, str, str], RuleContext]:
    """Return a function giving the rule context for a CSM's book, a segment and a working
    region (whose holidays the item windows skip), built once per team settings, segment
    and region."""
    built: dict[tuple[int, str, str], RuleContext] = {}

    def context(csm: str | None, segment: str, region: str) -> RuleContext:
        settings = books.of(csm)
        key = (id(settings), segment, region)
        if key not in built:
            built[key] = RuleContext(settings.for_segment(segment), today, calendar, region)
        return built[key]

    return context


@dataclass(frozen=True)
class BookState:
    """One CSM's book on one date: load, P1 share, EBR roadmap, review, capacity, items."""

    csm: str | None
    account_ids: tuple[int, ...]
    load: cadence.BookLoad
    p1_share: prioritisation.P1Share
    ebr_roadmap: tuple[ebr.RoadmapMonth, ...]
    manager_review: ManagerReview
    capacity: CapacityEstimate
    items: tuple[WorkItem, ...]


def book_settings(accounts: Sequence[AccountFacts], settings: PlaybookSettings) -> PlaybookSettings:
    """Return the settings for a whole book: those of its most common segment."""
    return segment_settings(_segments(accounts), settings)


def segment_settings(counts: Counter[str], settings: PlaybookSettings) -> PlaybookSettings:
    """Return the settings of the most common segment, given the accounts per segment."""
    if not counts:
        return settings
    top = max(counts.values())
    return settings.for_segment(min(s for s, n in counts.items() if n == top))


def _segments(accounts: Iterable[AccountFacts]) -> Counter[str]:
    return Counter(norm(f.segment) for f in accounts if f.segment)


@dataclass(frozen=True)
class Team:
    """The book's members and the sessions held until a date, looked up by email.

    Built once per queue: `evaluate_book` runs for each of thousands of CSMs, and scanning
    every member and session each time made the queue quadratic in the size of the team.
    """

    members: dict[str, MemberFacts]  # the first member with each email
    by_email: dict[str, MemberFacts]  # the last one, as the manager review has it
    led: dict[str, tuple[SessionFacts, ...]]  # sessions held until the date, by lead

    @classmethod
    def of(cls, book: BookFacts, today: dt.date) -> Team:
        """Index the book's members and the sessions held on or before `today`."""
        members: dict[str, MemberFacts] = {}
        for member in book.members:
            members.setdefault(norm(member.email), member)
        led: dict[str, list[SessionFacts]] = defaultdict(list)
        for session in _sessions_until(book.sessions, today):
            led[norm(session.lead_email)].append(session)
        by_email = {norm(m.email): m for m in book.members}
        return cls(members, by_email, {lead: tuple(found) for lead, found in led.items()})

    def member(self, email: str | None) -> MemberFacts | None:
        """Return the team member with this email, if any."""
        return self.members.get(norm(email)) if email else None


def evaluate_book(
    csm: str | None,
    accounts: Sequence[AccountFacts],
    states: Sequence[AccountState],
    book: BookFacts,
    settings: PlaybookSettings,
    today: dt.date,
    calendar: Calendar | None = None,
    *,
    team: Team | None = None,
) -> BookState:
    """Evaluate the book-level rules for one CSM: PRIO-3, CAD-3, EBR-7/8, WS-2, MGR-1, CAP-2.

    `team` is the book's `Team` on `today`; `build_queue` builds it once for every CSM.
    """
    settings = book_settings(accounts, settings)
    team = team or Team.of(book, today)
    # A book's durations in business days (PRIO-3's allowed period, EBR-7's horizon, WS-2,
    # the item windows) run on the CSM's working calendar; its accounts' on their own.
    member = team.member(csm)
    region = member.region if member else ""
    ctx = RuleContext(settings, today, calendar or Calendar(), region)
    statuses = [s.status for s in states]
    priorities = [s.priority for s in states]
    high = frozenset(s.account_id for s in states if s.status.high_arr)
    load = cadence.book_load(priorities, settings)
    share = prioritisation.p1_share(
        accounts, priorities, settings, today, calendar=ctx.calendar, region=region
    )
    roadmap = ebr.ebr_roadmap(accounts, high, settings, today, ctx.calendar, region)
    review = manager_review(
        csm, accounts, statuses, team.by_email, settings, today, calendar=ctx.calendar
    )
    estimate = capacity.expected_week(
        accounts, statuses, settings, today, member, calendar=ctx.calendar
    )
    items = manager_review_flags(review, ctx)
    if csm is not None:  # unassigned accounts only get the assignment review
        items += prioritisation.p1_share_flags(csm, share, ctx, region=region)
        items += cadence.book_load_flags(csm, load, ctx)
        items += ebr.ebr_roadmap_flags(csm, roadmap, ctx)
        items += ebr.ebr_coverage_flag(csm, accounts, ctx)
        items += workshops.workshop_lead_due(csm, team.led.get(norm(csm), ()), ctx)
        items += capacity.capacity_flags(csm, estimate, ctx)
    ids = tuple(f.account_id for f in accounts)
    return BookState(csm, ids, load, share, roadmap, review, estimate, sort_items(items))


def _sessions_until(sessions: Sequence[SessionFacts], today: dt.date) -> tuple[SessionFacts, ...]:
    return tuple(s for s in sessions if s.on <= today)


@dataclass(frozen=True)
class Queue:
    """The work queue on one date: every item, every account's state, every book's state."""

    today: dt.date
    items: tuple[WorkItem, ...]
    accounts: tuple[AccountState, ...]
    books: tuple[BookState, ...]

    def for_csm(self, email: str) -> tuple[WorkItem, ...]:
        """Return the items of one CSM's book, in queue order."""
        return tuple(item for item in self.items if norm(item.csm) == norm(email))

    def for_team(self, emails: Iterable[str]) -> tuple[WorkItem, ...]:
        """Return the items of several CSMs' books (a manager's team), in queue order.

        The team's own items (RT-1's roundtables for the industries of its books, which no
        one CSM owns) come with them; not those of the accounts without a CSM.
        """
        wanted = {norm(email) for email in emails}
        return tuple(
            item
            for item in self.items
            if norm(item.csm) in wanted or (item.csm is None and item.rule == TEAM_RULE)
        )

    def for_account(self, account_id: int) -> tuple[WorkItem, ...]:
        """Return one account's items, in queue order."""
        return tuple(item for item in self.items if item.account_id == account_id)

    def counts(self) -> dict[str, int]:
        """Count items per state (late, due, coming)."""
        found = Counter(item.state for item in self.items)
        return {state: found.get(state, 0) for state in ("late", "due", "coming")}


@dataclass(frozen=True)
class Part:
    """The rules' results for a set of whole CSM books, before the queue is put together.

    `build_queue` evaluates the whole book as one part. A large book can also be evaluated
    as several parts in separate processes, each a run of whole CSM books in book order
    (`book_order`, every unassigned account in the last); `merge_parts` then gives the
    queue's items exactly as one evaluation would.
    """

    accounts: tuple[AccountState, ...]  # each account's items in rule order
    books: tuple[BookState, ...]  # in book order
    segments: Counter[str]  # customers per segment, for the team's settings
    industries: tuple[tuple[str, int, str], ...]  # (name, id, industry): each one's first


def evaluate_part(
    book: BookFacts,
    settings: PlaybookSettings,
    today: dt.date,
    calendar: Calendar | None = None,
    teams: Teams | None = None,
) -> Part:
    """Evaluate the account and book rules for the accounts of `book` (whole CSM books).

    Accounts whose initial transaction is after `today` are left out: they were not
    customers yet. The cycle collector is paused meanwhile (`batch.collector_paused`).
    Parts of books (what an AE sees) come with the rest of those books as `book.peers`,
    ranked beside them for EBR-1's high ARR and for nothing else: the states of such books
    are about their parts, and the queue keeps none of them (`queue.BookView`).

    Each CSM's book runs on its team's settings in `teams` (`BookSettings`), else on
    `settings`; each account on those of its segment.
    """
    calendar = calendar or Calendar()
    with collector_paused():
        customers = (f.as_of(today) for f in book.accounts if f.is_customer_on(today))
        accounts = tuple(sorted(customers, key=lambda f: (f.name, f.account_id)))
        peers = tuple(p for p in book.peers if p.is_customer_on(today))
        of = BookSettings(settings, book.members, teams)
        high = ebr.high_arr_ids(accounts, settings, peers, settings_of=of.of)
        context = _contexts(of, today, calendar)
        states = tuple(
            _evaluate(
                f,
                context(f.csm_email, f.segment, f.working_region),
                f.account_id in high,
                ordered=False,
            )
            for f in accounts
        )
        books = _books(book, accounts, states, of, today, calendar)
        return Part(states, books, _segments(accounts), _first_industries(accounts))


def _first_industries(accounts: Sequence[AccountFacts]) -> tuple[tuple[str, int, str], ...]:
    """Return the first account (by name, then id) naming each industry, as RT-1 labels it."""
    firsts: dict[str, tuple[str, int, str]] = {}
    for facts in accounts:
        if facts.industry.strip():
            firsts.setdefault(norm(facts.industry), (facts.name, facts.account_id, facts.industry))
    return tuple(firsts.values())


def book_order(csm: str | None) -> tuple[bool, str]:
    """Order books as one evaluation does: by the CSM's email, unassigned accounts last."""
    key = norm(csm)
    return (not key, key)


@dataclass(frozen=True)
class PartItems:
    """What the merge needs of a part: its items in queue order, its segments, industries.

    Much smaller than the part (no account or book states), so it is what a process that
    evaluated a part sends back. `books` is the book order of its first and last book.
    Pickled, the items travel as columns of values with each due date written once: a
    named tuple is pickled through a Python call per item, which took three times as long to
    write (docs/performance.md).
    """

    items: list[WorkItem]
    segments: Counter[str]
    industries: tuple[tuple[str, int, str], ...]
    books: tuple[tuple[bool, str], tuple[bool, str]] | None  # None: no customer in the part

    @classmethod
    def of(cls, part: Part, *, ordered: bool = True) -> PartItems:
        """Keep of a part only what the merge needs, its items sorted in queue order.

        Book items go in book order before the sort, so items that compare equal keep one
        evaluation's order. `ordered=False` leaves them unsorted, for a part merged alone
        (`build_queue`): the merge sorts them anyway.
        """
        with collector_paused():
            found = [item for state in part.accounts for item in state.items]
            found += [item for book in part.books for item in book.items]
            if ordered:
                found.sort(key=WorkItem.sort_key)
            bounds = (
                (book_order(part.books[0].csm), book_order(part.books[-1].csm))
                if part.books
                else None
            )
            return cls(found, part.segments, part.industries, bounds)

    def pieces(self, size: int) -> list[PartItems]:
        """Cut the items into runs of at most `size`, each with the part's other fields.

        A process sends its part piece by piece, so the receiver rebuilds one while the next
        is written; `joined` puts the pieces back together. A part without items is one piece.
        """
        starts = range(0, len(self.items), size) if self.items else range(1)
        return [replace(self, items=self.items[start : start + size]) for start in starts]

    @classmethod
    def joined(cls, pieces: Sequence[PartItems]) -> PartItems:
        """Put a part sent in `pieces` back together, in order."""
        items = [item for piece in pieces for item in piece.items]
        return replace(pieces[0], items=items)

    def __reduce__(self) -> tuple[Callable[..., PartItems], tuple]:
        columns: list[Sequence[object]] = list(zip(*self.items, strict=True))
        if columns:  # each due date written once: a date is pickled through a Python call
            days: dict[object, object] = {}
            columns[_DUE] = [days.setdefault(due, due) for due in columns[_DUE]]
        return (_part_items, (columns, self.segments, self.industries, self.books))


_DUE = WorkItem._fields.index("due")


def _part_items(
    columns: list[Sequence[object]],
    segments: Counter[str],
    industries: tuple[tuple[str, int, str], ...],
    books: tuple[tuple[bool, str], tuple[bool, str]] | None,
) -> PartItems:
    """Rebuild pickled `PartItems` from its items' columns."""
    items = list(map(WorkItem._make, zip(*columns, strict=True)))
    return PartItems(items, segments, industries, books)


def merge_parts(
    parts: Sequence[PartItems],
    sessions: Sequence[SessionFacts],
    settings: PlaybookSettings,
    today: dt.date,
    calendar: Calendar,
) -> tuple[WorkItem, ...]:
    """Put the queue's items together from its parts, with the rule over the whole team.

    Items are sorted late, due, coming; then by due date, rule and account. The parts are
    runs of whole books in book order, each already sorted: items that compare equal (of
    two books) then keep one evaluation's order, which puts books in book order, and the
    sort only merges the runs.
    """
    bounds = [part.books for part in parts if part.books is not None]
    if any(last >= first for (_, last), (first, _) in zip(bounds, bounds[1:], strict=False)):
        raise ValueError("parts must be runs of whole books in book order")
    with collector_paused():
        items = [item for part in parts for item in part.items]
        segments = sum((part.segments for part in parts), Counter())
        # RT-1 is the whole team's, whose CSMs may work in several regions: its item
        # windows in business days skip weekends only (the context's region is empty).
        ctx = RuleContext(segment_settings(segments, settings), today, calendar)
        firsts = sorted(first for part in parts for first in part.industries)
        industries = workshops.industry_labels(industry for _, _, industry in firsts)
        items += workshops.roundtables_due(industries, _sessions_until(sessions, today), ctx)
        return sort_items(items)


def build_queue(
    book: BookFacts,
    settings: PlaybookSettings,
    today: dt.date,
    calendar: Calendar | None = None,
    teams: Teams | None = None,
) -> Queue:
    """Build the work queue for a set of accounts on `today`, from every rule.

    Items are sorted late, due, coming; then by due date, rule and account, so the same
    facts and date always give the same queue. Accounts whose initial transaction is after
    `today` are left out: they were not customers yet. Each CSM's book runs on its team's
    settings in `teams`, else on `settings` (`evaluate_part`); the rule over the whole
    team (RT-1) on `settings`.
    """
    calendar = calendar or Calendar()
    with collector_paused():
        part = evaluate_part(book, settings, today, calendar, teams)
        alone = PartItems.of(part, ordered=False)
        ordered = merge_parts([alone], book.sessions, settings, today, calendar)
        return Queue(today, ordered, _with_items_from(part.accounts, ordered), part.books)


def _with_items_from(
    states: Sequence[AccountState], ordered: Sequence[WorkItem]
) -> tuple[AccountState, ...]:
    """Give each account its items in queue order, taken from the queue sorted once.

    A million items are sorted once instead of twice (each account's, then all of them);
    book and team items carry no account, so each account gets exactly its rules' items.
    """
    mine: dict[int, list[WorkItem]] = defaultdict(list)
    for item in ordered:
        if item.account_id is not None:
            mine[item.account_id].append(item)
    return tuple(
        AccountState(s.account_id, s.name, s.csm, s.status, tuple(mine.get(s.account_id, ())))
        for s in states
    )


def _books(
    book: BookFacts,
    accounts: Sequence[AccountFacts],
    states: Sequence[AccountState],
    settings: BookSettings,
    today: dt.date,
    calendar: Calendar,
) -> tuple[BookState, ...]:
    """Evaluate each CSM's book (unassigned accounts last), in order of the CSM's email,
    each on its team's settings."""
    groups: dict[str | None, list[int]] = defaultdict(list)
    for index, facts in enumerate(accounts):
        groups[norm(facts.csm_email) or None].append(index)
    team = Team.of(book, today)
    return tuple(
        evaluate_book(
            accounts[indexes[0]].csm_email if key else None,
            [accounts[i] for i in indexes],
            [states[i] for i in indexes],
            book,
            settings.of(accounts[indexes[0]].csm_email if key else None),
            today,
            calendar,
            team=team,
        )
        for key, indexes in sorted(groups.items(), key=lambda pair: book_order(pair[0]))
    )
