"""Run the rules over a book loaded from the database: the work queue, states and KPIs.

This is the one place the CLI, the API and the pages ask for the queue; it chooses the
accounts (scoped to the asking user), loads their facts, and runs the pure rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Protocol, TypeVar

from django.db.models import Q, QuerySet
from django.utils import timezone

from rhythm.accounts.models import Account, AccountTeamMember
from rhythm.accounts.scoping import member_of, sees_everything, sees_whole_books
from rhythm.lib.business_days import holiday_calendar
from rhythm.lib.dates import EARLIEST
from rhythm.lib.lookups import close_to, did_you_mean, matching
from rhythm.playbook import shares
from rhythm.playbook.config import current_settings, team_settings
from rhythm.playbook.facts import load_book
from rhythm.playbook.rules.dates import (
    BUSINESS_DAYS,
    Calendar,
    Duration,
    WorkingCalendar,
    add_months,
    shift,
)
from rhythm.playbook.rules.derived import latest_health, norm, team_name
from rhythm.playbook.rules.engine import AccountState, BookSettings, BookState, Queue
from rhythm.playbook.rules.engine import book_settings as segment_book_settings
from rhythm.playbook.rules.facts import AccountFacts, BookFacts, HealthFact
from rhythm.playbook.rules.items import WorkItem
from rhythm.playbook.rules.kpis import (
    KpiGroup,
    Kpis,
    SettingsOf,
    accounts_behind,
    compute_kpis,
    group_kpis,
    series_days,
)
from rhythm.playbook.rules.status import AccountStatus, account_status
from rhythm.playbook.settings import PlaybookSettings
from rhythm.team.models import BOOK_ROLES, Role, TeamMember


class _HasName(Protocol):
    @property
    def name(self) -> str: ...


Named = TypeVar("Named", bound=_HasName)


class ScopeError(LookupError):
    """The asked-for CSM, manager or account does not exist or is not visible."""


@dataclass(frozen=True)
class Scope:
    """Whose work to show: one CSM's book, a manager's team, one account, or everything."""

    csm: str | None = None
    manager: str | None = None
    account: str | None = None

    def __post_init__(self) -> None:
        # As typed: " Acme " is Acme, and an empty one is not asked for.
        for name in ("csm", "manager", "account"):
            object.__setattr__(self, name, (getattr(self, name) or "").strip() or None)

    def describe(self) -> str:
        """Name the scope in words, for headings and messages."""
        if self.csm:
            return f"the book of {self.csm}"
        if self.manager:
            return f"the team of {self.manager}"
        if self.account:
            return self.account
        return "every account"


@dataclass(frozen=True)
class WorkQueue:
    """The queue of a scope on a date, with the states of its accounts and books."""

    today: dt.date
    scope: Scope
    since: dt.date  # where the loaded history starts (`work_queue`'s `for_series`)
    items: tuple[WorkItem, ...]
    accounts: tuple[AccountState, ...]
    books: tuple[BookState, ...]
    queue: Queue
    book: BookFacts
    settings: PlaybookSettings
    teams: BookSettings  # the settings each CSM's book ran on

    def settings_of(self, csm: str | None) -> PlaybookSettings:
        """Return the settings a CSM's book ran on: their team's, else the view's."""
        return self.teams.of(csm)

    def account_settings(self, facts: AccountFacts) -> PlaybookSettings:
        """Return the settings an account ran on: its CSM's team's, its segment's."""
        return self.teams.of_account(facts)

    def book_settings(self, book: BookState) -> PlaybookSettings:
        """Return the settings a whole book is judged on: its CSM's team's, with its most
        common segment's overrides (CAD-3, PRIO-3, CAP-2, EBR-7), in every view alike."""
        facts = self._facts_by_id
        return segment_book_settings(
            [facts[i] for i in book.account_ids], self.settings_of(book.csm)
        )

    @cached_property
    def _facts_by_id(self) -> dict[int, AccountFacts]:
        return {f.account_id: f for f in self.book.accounts}

    @property
    def calendar(self) -> Calendar:
        """Return the public holidays the queue counted business days with (`_evaluation`)."""
        return holiday_calendar(self.settings.codes.regions, self.today)


def own_scope(user: Any) -> Scope:
    """Return whose work a person's queue shows unless they ask for other: a CSM's book, a
    manager's team; everything in view for leadership, admins, other roles and `user` None.
    """
    member = None if user is None or sees_everything(user) else member_of(user)
    if member is not None and member.role == Role.MANAGER:
        return Scope(manager=member.email)
    if member is not None and member.role == Role.CSM:
        return Scope(csm=member.email)
    return Scope()


@dataclass(frozen=True)
class BookView:
    """Whose whole books a person sees: every one (`csms` None), or these CSMs' (by email).

    A CSM sees their book and a manager their own and their reports' (`visible_to` shows
    them every account whose CSM that is); AE, SA and PSE see only the accounts they are
    on, parts of books (`sees_whole_books`). A book-level item (MGR-1, CAD-3, PRIO-3, CAP-2,
    EBR-7, EBR-8, WS-2) is about a whole book, so it is shown only to those who see it. An
    account's own items do not depend on how much of its book is seen: where a part of a
    book is evaluated, the rest of it is loaded for the one account rule that ranks the
    book (EBR-1's high ARR).
    """

    csms: frozenset[str] | None = None

    @classmethod
    def of(cls, user: Any) -> BookView:
        """Return the books a user sees whole; `user` None (the command line) sees every one."""
        if user is None or sees_everything(user):
            return cls(None)
        member = member_of(user)
        if member is None or not sees_whole_books(user):
            return cls(frozenset())
        emails = [member.email]
        if member.role == Role.MANAGER:
            emails += member.reports.values_list("email", flat=True)
        return cls(frozenset(norm(email) for email in emails))

    def sees(self, csm: str | None) -> bool:
        """Tell whether a CSM's whole book is seen; the unassigned accounts (`csm` None) are
        seen whole only by a view of everything."""
        return self.csms is None or (csm is not None and norm(csm) in self.csms)


def _in_view(user: Any, member: TeamMember, visible: QuerySet[Account], *, team: bool) -> bool:
    """Tell whether a person is in the user's view, to be asked for by email.

    Leadership, admins and the command line see everyone; anyone else sees themselves,
    their reports if they manage, and whoever holds the CSM seat of an account they see
    (with `team`, for a manager asked for: whose team, they or a report, holds one).
    """
    if user is None or sees_everything(user):
        return True
    me = member_of(user)
    if me is None:
        return False
    if member.pk == me.pk or (me.role == Role.MANAGER and member.manager_id == me.pk):
        return True
    holders = Q(member=member) | Q(member__manager=member) if team else Q(member=member)
    return AccountTeamMember.objects.filter(holders, role="csm", account__in=visible).exists()


def _person(user: Any, email: str, what: str, visible: QuerySet[Account]) -> TeamMember:
    """Return the team member an email names, if in the user's view (`_in_view`).

    Someone outside it is answered exactly as an unknown email is, so the answer does not
    tell who is on the team. Someone in it asked for as what they are not (a team of one
    who manages no one, the book of an AE) is told so.
    """
    member = TeamMember.objects.filter(email__iexact=email.strip()).first()
    team = what == "manager"
    if member is None or not _in_view(user, member, visible, team=team):
        # Only the command line, which sees everyone, is told whose email is close.
        near = (
            ""
            if user is not None
            else did_you_mean(close_to(TeamMember.objects.all(), "email", email))
        )
        raise ScopeError(f"No {what} with email {email!r}{near or '.'}")
    # Someone in view asked for as what they are not: say so rather than show nothing.
    if team and member.role != Role.MANAGER and not member.reports.exists():
        raise ScopeError(f"{member.email} manages no one: ask for their book as a CSM instead.")
    if not team and member.role not in BOOK_ROLES:
        role = member.get_role_display().lower()
        raise ScopeError(f"{member.email} is not a CSM ({role}): a book is a CSM's.")
    return member


def _csm_books(accounts: QuerySet[Account], condition: Q) -> QuerySet[Account]:
    """Keep the accounts whose CSM seat matches `condition` (one CSM seat per account)."""
    return accounts.filter(team__in=AccountTeamMember.objects.filter(condition, role="csm"))


def csm_book(user: Any, email: str) -> QuerySet[Account]:
    """Return the accounts of the book of the CSM an email names, within the user's view:
    the accounts the queue's `csm` chooses. An email of no CSM in the user's view raises
    `ScopeError`, worded as the queue's (`_person`)."""
    visible = _visible(user)
    return _csm_books(visible, Q(member=_person(user, email, "CSM", visible)))


def team_books(user: Any, email: str) -> QuerySet[Account]:
    """Return the accounts of the books of the team of the manager an email names, within
    the user's view: the accounts the queue's `manager` chooses. An email of no manager in
    the user's view raises `ScopeError`, worded as the queue's (`_person`)."""
    visible = _visible(user)
    return _csm_books(visible, _team_seats(_person(user, email, "manager", visible)))


def _team_seats(manager: TeamMember) -> Q:
    """Match the CSM seats of a manager's team: the manager's own book and their reports'."""
    return Q(member=manager) | Q(member__manager=manager)


@dataclass(frozen=True)
class Chosen:
    """The accounts a scope evaluates, the filter that keeps its items, and its team.

    A team is named by its manager's email: `[team."<manager email>"]` in the playbook
    file overrides the settings for that manager's CSMs.
    """

    accounts: QuerySet[Account]
    keep: Callable[[Queue], tuple[WorkItem, ...]]
    team: str | None = None
    # Whose books the accounts hold whole: their states and book-level items are kept.
    books: BookView = BookView()


def _team_of(member: TeamMember | None) -> str | None:
    if member is None:
        return None
    manager = member.manager.email if member.manager_id and member.manager else None
    return team_name(member.email, member.role, manager)


def _csm_of(account: Account) -> TeamMember | None:
    """Return the account's CSM, with their manager, or None."""
    seat = account.team.filter(role="csm").select_related("member__manager").first()
    return seat.member if seat else None


def account_settings(account: Account) -> PlaybookSettings:
    """Return the playbook settings in force for an account: those of its CSM's team, with
    its segment's overrides, as the rules judge it (`WorkQueue.account_settings`)."""
    return current_settings(_team_of(_csm_of(account))).for_segment(account.segment)


class AccountCalendar:
    """Where an account's durations in business days are counted, as the rules count them:
    the public holidays of its working region (its CSM's region, else its own:
    `AccountFacts.working_region`) around `today` (default: today), from the regions of its
    CSM's team's settings, as the queue of that team builds its calendar.

    Looked up only when a duration in business days is shifted: other units ignore the
    calendar, and a page or a write then makes no query for it.
    """

    def __init__(self, account: Account, today: dt.date | None = None) -> None:
        self.account, self.today = account, today

    @cached_property
    def working(self) -> WorkingCalendar:
        """Return the account's working region and the public holidays around `today`."""
        csm = _csm_of(self.account)
        regions = current_settings(_team_of(csm)).codes.regions
        day = self.today or timezone.localdate()
        region = (csm.region if csm is not None else "") or self.account.region
        return WorkingCalendar(holiday_calendar(regions, day), region)

    def shift(self, day: dt.date, duration: Duration, *, before: bool = False) -> dt.date:
        """Return `day` moved by one of the account's durations (`rules.dates.shift`)."""
        if duration.unit != BUSINESS_DAYS:
            return shift(day, duration, before=before)
        return self.working.shift(day, duration, before=before)


def _visible(user: Any) -> QuerySet[Account]:
    """Return the accounts a user may see; `user` None (the command line) sees every one."""
    return Account.objects.visible_to(user) if user is not None else Account.objects.all()


def scoped_accounts(user: Any, scope: Scope) -> Chosen:
    """Choose the accounts to evaluate for a scope, the filter for its items, and its team.

    Book-level rules need whole books, so asking for one account still evaluates its
    CSM's whole book and then keeps that account's items. An empty scope is the user's own
    (`own_scope`): a CSM's book and a manager's team, on their team's settings, as My day
    has them. A CSM or manager asked for must be in the user's view (`_in_view`).

    Book-level items and states are kept only for the books the user sees whole, and the
    team's (RT-1) only for a manager's own team or a view of everything (`BookView`): an
    AE, SA or PSE sees parts of books, and a book's figures worked out on a part of it
    (its size, its P1 share, its review) would be wrong.
    """
    visible = _visible(user)
    asked = scope if scope != Scope() else own_scope(user)
    chosen = _chosen(user, asked, visible)
    books = BookView.of(user)
    if books.csms is None:
        return chosen
    member = member_of(user)
    own_team = member is not None and norm(asked.manager) == norm(member.email)

    def seen(item: WorkItem) -> bool:
        if item.account_id is not None:
            return True
        return own_team if item.csm is None else books.sees(item.csm)

    keep = chosen.keep
    return Chosen(chosen.accounts, lambda q: tuple(filter(seen, keep(q))), chosen.team, books)


def _chosen(user: Any, scope: Scope, visible: QuerySet[Account]) -> Chosen:
    """Choose a scope's accounts within those visible, the filter for its items, its team."""
    if scope.csm:
        member = _person(user, scope.csm, "CSM", visible)
        books = _csm_books(visible, Q(member=member))
        return Chosen(books, lambda q: q.for_csm(member.email), _team_of(member))
    if scope.manager:
        manager = _person(user, scope.manager, "manager", visible)
        team = [manager.email, *manager.reports.values_list("email", flat=True)]
        books = _csm_books(visible, _team_seats(manager))
        return Chosen(books, lambda q: q.for_team(team), manager.email)
    if scope.account:
        account = matching(visible, "name", scope.account).first()
        if account is None:  # the command line (`user` None) sees every account
            where = "" if user is None else " in your view"
            near = did_you_mean(close_to(visible, "name", scope.account))
            raise ScopeError(f"No account named {scope.account!r}{where}{near or '.'}")
        csm = _csm_of(account)
        if csm is None:  # alone, not the whole of the accounts without a CSM
            alone = visible.filter(pk=account.pk)
            return Chosen(alone, lambda q: q.for_account(account.pk), books=BookView(frozenset()))
        books = _csm_books(visible, Q(member=csm))
        return Chosen(books, lambda q: q.for_account(account.pk), _team_of(csm))
    return Chosen(visible, lambda q: q.items)


def queue_history_start(
    settings: PlaybookSettings, today: dt.date, calendar: Calendar | None = None
) -> dt.date:
    """Return how far back the queue's rules look: PRIO-3's replay of CAD-2 and adherence.

    Durations in business days are counted back skipping the public holidays of every
    region in `calendar` at once (`Calendar.anywhere`): the start reached is then no
    later than in any one region, whichever a book's CSM and accounts work in.
    """
    anywhere = (calendar or Calendar()).anywhere()
    start = shift(
        today, settings.prioritisation.p1_share_above_target_for, before=True, calendar=anywhere
    )
    start = shift(start, settings.cadence.non_engaged_after, before=True, calendar=anywhere)
    adherence = shift(today, settings.cadence.adherence_period, before=True, calendar=anywhere)
    # A week more: PRIO-3's history reaches a week past its allowed period.
    return min(start, adherence) - dt.timedelta(days=7)


def series_history_start(
    settings: PlaybookSettings, today: dt.date, calendar: Calendar | None = None
) -> dt.date:
    """Return how far back the monthly KPI series looks: the queue's look-back a year ago."""
    earliest = add_months(today, -settings.kpis.series_months)
    return queue_history_start(settings, earliest, calendar)


def work_queue(user: Any, scope: Scope, today: dt.date, *, for_series: bool = False) -> WorkQueue:
    """Build the work queue of a scope on `today`, as the user may see it.

    A scope within one team (a CSM, a manager, an account) runs on that team's settings.
    `for_series` loads the longer history the monthly KPIs need as well (`kpi_series_of`),
    so a page showing both loads the book once; the queue is the same either way.
    """
    chosen, work = _evaluation(user, scope, today, for_series=for_series)
    book, queue = work.whole()
    items = chosen.keep(queue)
    if scope.account:
        accounts = _named(queue.accounts, scope.account)
        books: tuple[BookState, ...] = ()
    else:
        accounts = queue.accounts
        books = tuple(book for book in queue.books if chosen.books.sees(book.csm))
    teams = BookSettings(work.settings, book.members, work.teams)
    return WorkQueue(
        today, scope, work.since, tuple(items), accounts, books, queue, book, work.settings, teams
    )


def _evaluation(
    user: Any, scope: Scope, today: dt.date, *, for_series: bool = False
) -> tuple[Chosen, shares.Evaluation]:
    """Choose a scope's accounts and what evaluating them takes: its settings and history."""
    chosen = scoped_accounts(user, scope)
    settings = current_settings(chosen.team)
    teams = team_settings()
    start = series_history_start if for_series else queue_history_start
    calendar = holiday_calendar(settings.codes.regions, today)
    since = min(start(found, today, calendar) for found in (settings, *teams.values()))
    # A view of every book holds whole books; another may hold parts of some (an AE's),
    # whose other accounts are then loaded for EBR-1 to rank the parts in their books.
    whole_book = None if chosen.books.csms is None else chosen.books.sees
    return chosen, shares.Evaluation(
        chosen.accounts, today, since, settings, calendar, whole_book, teams
    )


@dataclass(frozen=True)
class QueueItems:
    """The items of a scope's queue on a date, and how many processes evaluated them."""

    today: dt.date
    scope: Scope
    items: tuple[WorkItem, ...]
    processes: int


def queue_items(
    user: Any,
    scope: Scope,
    today: dt.date,
    *,
    processes: int | None = None,
    min_share: int = shares.MIN_SHARE,
) -> QueueItems:
    """List a scope's queue: exactly `work_queue(...).items`, without the states.

    What listing and exporting the queue need. A large scope (every account) is evaluated
    in several processes when it is safe to (`playbook.shares`); `processes` caps them
    (default RHYTHM_QUEUE_PROCESSES) and `min_share` is the fewest accounts worth one.
    """
    chosen, work = _evaluation(user, scope, today)
    items, used = shares.evaluate_items(work, processes=processes, min_share=min_share)
    kept = chosen.keep(Queue(today, items, (), ()))
    return QueueItems(today, scope, kept, used)


def _kpi_book(work: WorkQueue) -> tuple[BookFacts, list[AccountStatus]]:
    """Return the accounts a work queue's KPIs count, with the states already derived."""
    customers = [a for a in work.book.accounts if a.is_customer_on(work.today)]
    states = {state.account_id: state.status for state in work.queue.accounts}
    chosen = {state.account_id for state in work.accounts}
    facts = tuple(a for a in customers if a.account_id in chosen)
    statuses = [states[a.account_id] for a in facts]
    return BookFacts(facts, work.book.members, work.book.sessions), statuses


def kpis_of(work: WorkQueue) -> Kpis:
    """Compute the KPIs of a work queue's accounts, reusing the states already derived."""
    book, statuses = _kpi_book(work)
    settings_of = work.account_settings
    return compute_kpis(
        book,
        work.settings,
        work.today,
        statuses=statuses,
        settings_of=settings_of,
        calendar=work.calendar,
    )


def kpi_accounts_of(work: WorkQueue, key: str) -> tuple[int, ...]:
    """Return the ids of the accounts behind a share of accounts (`rules.kpis.BEHIND_KEYS`):
    the same accounts and states `kpis_of` counts, in the queue's order."""
    book, statuses = _kpi_book(work)
    found = accounts_behind(
        book,
        key,
        work.settings,
        work.today,
        statuses=statuses,
        settings_of=work.account_settings,
        calendar=work.calendar,
    )
    return tuple(facts.account_id for facts in found)


def grouped_kpis_of(work: WorkQueue, by: str) -> tuple[KpiGroup, ...]:
    """Compute the KPIs of a work queue's accounts per CSM, region, segment, industry or
    cohort (`rules.kpis.GROUPINGS`; another `by` is a ValueError), reusing the states
    already derived: the same accounts as `kpis_of`, split."""
    book, statuses = _kpi_book(work)
    return group_kpis(
        book,
        work.settings,
        work.today,
        by,
        statuses=statuses,
        settings_of=work.account_settings,
        calendar=work.calendar,
    )


def kpi_series_of(work: WorkQueue) -> tuple[Kpis, ...]:
    """Compute the monthly KPIs from a work queue built with `for_series=True`."""
    if work.since > series_history_start(work.settings, work.today, work.calendar):
        raise ValueError("The work queue was loaded without the history the series needs.")
    return _series(work.book, work.settings, work.today, work.account_settings)


def monthly_kpis(user: Any, scope: Scope, today: dt.date) -> tuple[Kpis, ...]:
    """Compute the KPIs at each month end over the last months (12 by default)."""
    _, work = _evaluation(user, scope, today, for_series=True)
    book = load_book(
        work.accounts, today, since=work.since, settings=work.settings, teams=work.teams
    )
    teams = BookSettings(work.settings, book.members, work.teams)
    if scope.account:  # its CSM's whole book was loaded, as for its queue
        book = BookFacts(_named(book.accounts, scope.account), book.members, book.sessions)
    return _series(book, work.settings, today, teams.of_account)


def _series(
    book: BookFacts, settings: PlaybookSettings, today: dt.date, settings_of: SettingsOf
) -> tuple[Kpis, ...]:
    """Compute the KPIs at each month end (`rules.kpis.kpi_series`) since 1970. The points
    of a large book (MIN_SHARE accounts or more) are worked out side by side in forked
    processes (`shares.spread`); a CSM's or a team's take milliseconds in this one. Business
    days skip the public holidays the queue's do (`holiday_calendar`)."""
    calendar = holiday_calendar(settings.codes.regions, today)

    def point(day: dt.date) -> Kpis:
        return compute_kpis(book, settings, day, settings_of=settings_of, calendar=calendar)

    large = len(book.accounts) >= shares.MIN_SHARE
    days = [day for day in series_days(settings, today) if day >= EARLIEST]
    return tuple(shares.spread(point, days, processes=None if large else 1))


def _named(accounts: Iterable[Named], name: str) -> tuple[Named, ...]:
    """Keep the accounts with this name, ignoring case as `matching` found it."""
    wanted = name.lower()
    return tuple(a for a in accounts if a.name.lower() == wanted)


@dataclass(frozen=True)
class ListedAccount:
    """An account as a list of accounts shows it: its state and its latest health."""

    status: AccountStatus
    health: HealthFact | None


def listed_accounts(
    user: Any, accounts: Collection[int] | QuerySet[Account], today: dt.date
) -> dict[int, ListedAccount]:
    """Derive priority, engagement, triage and phase on `today` for a list's accounts.

    They depend on each account alone, so the accounts are loaded together instead of book
    by book; each account runs on its CSM's team's settings (`BookSettings`), as its own
    page does. Accounts that were not customers yet on `today` are left out, as the queue
    leaves them out. `user` None sees every account, as in `scoped_accounts`.

    `accounts` are ids (a page's), or a query of them (every account a list sorts), taken
    as a subquery: however many, not one `IN` list past the database's limit on values.
    """
    if isinstance(accounts, QuerySet):
        wanted: Any = accounts.values("pk")
    elif not accounts:
        return {}
    else:
        wanted = list(accounts)
    visible = _visible(user).filter(pk__in=wanted)
    settings, teams = current_settings(), team_settings()
    calendar = holiday_calendar(settings.codes.regions, today)  # as the queue counts them
    found_settings = (settings, *teams.values())
    since = min(queue_history_start(found, today, calendar) for found in found_settings)
    book = load_book(visible, today, since=since, settings=settings, teams=teams)
    of = BookSettings(settings, book.members, teams)
    listed = {}
    for facts in book.accounts:
        if facts.is_customer_on(today):
            status = account_status(facts, of.of(facts.csm_email), today, calendar=calendar)
            listed[facts.account_id] = ListedAccount(status, latest_health(facts.as_of(today)))
    return listed


def listed_accounts_of(work: WorkQueue) -> dict[int, ListedAccount]:
    """Return the accounts of a work queue as a list shows them (`listed_accounts`), from
    the states the queue already derived, without loading them again."""
    facts = work._facts_by_id
    return {
        state.account_id: ListedAccount(
            state.status, latest_health(facts[state.account_id].as_of(work.today))
        )
        for state in work.accounts
        if state.account_id in facts
    }
