"""The only bridge from the database to the rules: load a whole book as frozen facts.

A book (a CSM's accounts, a team's, or everything) is loaded with a fixed number of
set-based queries, one per table, whatever its size: never one query per account. Rows are
grouped by account in Python and turned into the dataclasses of `rules.facts`.

Records dated after `today` are not loaded, so a past date replays from the same data.
Long histories are cut at `since`: inside the window every record is kept; before it, only
what a rule can still ask of it (the first and the last activity of each kind, the first
usage record that reached first value, the last usage record), so a rule sees exactly the
answers it would see with the full history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from itertools import groupby
from operator import itemgetter
from typing import NamedTuple

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from rhythm.accounts.models import Account, AccountTeamMember, PriorityDecision
from rhythm.health.models import HealthUpdate
from rhythm.playbook.facts.common import Grouped, Period, Seat, group, load_seats, raw_rows
from rhythm.playbook.facts.history import (
    load_action_items,
    load_activities,
    load_milestones,
    load_plans,
    load_usage,
    load_use_cases,
)
from rhythm.playbook.facts.meetings import (
    load_check_ins,
    load_ebrs,
    load_expansions,
    load_renewals,
    load_sessions,
)
from rhythm.playbook.facts.people import load_contacts, load_members
from rhythm.playbook.rules import facts as f
from rhythm.playbook.rules.batch import collector_paused
from rhythm.playbook.rules.cutoff import override_in_force
from rhythm.playbook.settings import PlaybookSettings
from rhythm.surveys.models import SurveyResponse

__all__ = ["load_book"]


def load_book(
    accounts: QuerySet[Account],
    today: dt.date,
    *,
    since: dt.date,
    settings: PlaybookSettings,
    sessions_of: QuerySet[Account] | None = None,
    whole_book: Callable[[str | None], bool] | None = None,
    teams: Mapping[str, PlaybookSettings] | None = None,
) -> f.BookFacts:
    """Load the facts of every account in `accounts` as of `today`, in a fixed query count.

    `since` starts the full history (the longest look-back of the rules being run);
    the settings say what of older records the rules still ask for (TTV-3's first-value
    threshold, the renewal review stages): `settings`, or for a CSM's book in one of
    `teams` (by name) that team's, and each account's segment's (`Period`).
    The workshops and roundtables are those `accounts` attended, and the workshops their
    CSMs led (WS-2), or those of the larger `sessions_of` when `accounts` is one share of it
    (`playbook.shares`).

    `whole_book` tells whether `accounts` hold a CSM's whole book (by the CSM's email;
    None: the accounts without a CSM), when they may not: the other accounts of the books
    they do not hold whole are loaded as `peers`, in one more query, for EBR-1 to rank
    (`rules.facts.PeerFacts`). Without it, `accounts` are whole books.
    """
    with collector_paused():  # a million small fact objects and no cycles: see rules/batch
        attended = accounts if sessions_of is None else sessions_of
        window = Period.of(today, since, settings, teams)
        return _load(accounts, attended, today, window, whole_book)


def _load(
    accounts: QuerySet[Account],
    attended: QuerySet[Account],
    today: dt.date,
    window: Period,
    whole_book: Callable[[str | None], bool] | None,
) -> f.BookFacts:
    ids = accounts.values("id")
    seats = load_seats(ids)
    milestones = load_milestones(ids, window)
    loaded: dict[str, Grouped] = {
        "activities": load_activities(ids, window),
        "use_cases": load_use_cases(ids, window),
        "health": group(
            raw_rows(
                HealthUpdate.objects.filter(account_id__in=ids, date__lte=today)
                .order_by("date")
                .values_list("account_id", "date", "overall"),
                dates=(1,),
            ),
            lambda row: f.HealthFact(on=row[1], overall=row[2]),
        ),
        "usage": load_usage(ids, window),
        "ebrs": load_ebrs(ids, window),
        "check_ins": load_check_ins(ids, window),
        "expansions": load_expansions(ids, window),
        "renewals": load_renewals(ids, window, seats),
        "success_plans": load_plans(ids),
        "contacts": load_contacts(ids, window),
        "surveys": group(
            SurveyResponse.objects.filter(account_id__in=ids, date__lte=today)
            .order_by("date")
            .values_list("account_id", "kind", "score", "date"),
            lambda row: f.SurveyFact(kind=row[1], score=row[2], on=row[3]),
        ),
        "action_items": load_action_items(ids, window),
    }
    decisions = _load_priority_decisions(ids, today)
    account_facts = tuple(
        _account(row, seats.get(row["id"], {}), milestones, loaded, decisions)
        for row in accounts.order_by("name").values(*ACCOUNT_COLUMNS)
    )
    return f.BookFacts(
        accounts=account_facts,
        members=load_members(),
        sessions=load_sessions(attended.values("id"), window),
        peers=_peers(accounts, account_facts, seats, whole_book) if whole_book else (),
    )


ACCOUNT_COLUMNS = (
    "id",
    "name",
    "segment",
    "region",
    "industry",
    "tier",
    "arr",
    "licenses_purchased",
    "licenses_activated",
    "deployment",
    "initial_transaction_date",
    "ebrs_per_year",
    "in_triage",
    "priority_override",
    "priority_override_reason",
    "priority_override_by__email",
    "priority_override_at",
    "priority_reviewed_on",
    "phase_override",
    "in_assignment_review",
)


def _account(
    row: dict,
    seats: dict,
    milestones: dict[int, f.Milestones],
    loaded: dict[str, Grouped],
    decisions: dict[int, PriorityDecisions],
) -> f.AccountFacts:
    account_id = row["id"]
    csm = seats.get("csm")
    priority = decisions.get(account_id) or _decisions_in_force(row)
    return f.AccountFacts(
        account_id=account_id,
        name=row["name"],
        segment=row["segment"],
        region=row["region"],
        industry=row["industry"],
        tier=row["tier"],
        arr=row["arr"],
        licenses_purchased=row["licenses_purchased"],
        licenses_activated=row["licenses_activated"],
        deployment=row["deployment"],
        initial_transaction_date=row["initial_transaction_date"],
        csm_email=csm.email if csm else None,
        csm_name=csm.name if csm else "",
        csm_region=csm.region if csm else "",
        manager_email=csm.manager_email if csm else None,
        ae_email=seats["ae"].email if "ae" in seats else None,
        sa_email=seats["sa"].email if "sa" in seats else None,
        milestones=milestones.get(account_id, f.Milestones()),
        ebrs_per_year=row["ebrs_per_year"],
        in_triage=row["in_triage"],
        priority_override=priority.in_force,
        priority_reviewed_on=priority.reviews[-1] if priority.reviews else None,
        priority_overrides=priority.overrides,
        priority_reviews=priority.reviews,
        phase_override=row["phase_override"],
        in_assignment_review=row["in_assignment_review"],
        as_of_date=None,
        **{name: tuple(rows.get(account_id, ())) for name, rows in loaded.items()},
    )


def _peers(
    accounts: QuerySet[Account],
    loaded: tuple[f.AccountFacts, ...],
    seats: dict[int, dict[str, Seat]],
    whole_book: Callable[[str | None], bool],
) -> tuple[f.PeerFacts, ...]:
    """Load the other accounts of the books `accounts` hold only part of, in one query.

    The accounts without a CSM count as one book, as EBR-1 ranks them. Nothing is asked
    when every book is held whole.
    """
    whole: dict[str | None, bool] = {}
    members: set[int] = set()
    unassigned = False
    for facts in loaded:
        seat = seats.get(facts.account_id, {}).get("csm")
        email = seat.email if seat else None
        if email not in whole:
            whole[email] = whole_book(email)
        if whole[email]:
            continue
        if seat:
            members.add(seat.member_id)
        else:
            unassigned = True
    if not members and not unassigned:
        return ()
    csm_seat = AccountTeamMember.objects.filter(account=OuterRef("pk"), role="csm")
    others = Q(Exists(csm_seat.filter(member_id__in=members)))
    if unassigned:
        others |= Q(~Exists(csm_seat))
    rows = (
        Account.objects.exclude(id__in=accounts.values("id"))
        .filter(others)
        .annotate(csm_email=Subquery(csm_seat.values("member__email")[:1]))
        .values_list("id", "csm_email", "arr", "initial_transaction_date")
    )
    return tuple(f.PeerFacts(*row) for row in rows)


class PriorityDecisions(NamedTuple):
    """An account's priority decisions up to the day loaded (`rules.facts.AccountFacts`)."""

    overrides: tuple[f.PriorityOverride, ...]  # each set or removed (""), by day
    reviews: tuple[dt.date, ...]  # each day reviewed, an override set included

    @property
    def in_force(self) -> f.PriorityOverride | None:
        """Return the latest override, unless it was removed."""
        return override_in_force(self.overrides)


def _load_priority_decisions(ids: QuerySet, today: dt.date) -> dict[int, PriorityDecisions]:
    """Load every priority decision up to `today`, in one query, by account."""
    rows = (
        PriorityDecision.objects.filter(account_id__in=ids, on__lte=today)
        .order_by("account_id", "on", "at", "id")
        .values_list("account_id", "kind", "priority", "reason", "by__email", "on")
    )
    found: dict[int, PriorityDecisions] = {}
    for account_id, decided in groupby(rows, key=itemgetter(0)):
        overrides: list[f.PriorityOverride] = []
        reviewed: set[dt.date] = set()
        for _, kind, priority, reason, by, on in decided:
            if kind == PriorityDecision.Kind.OVERRIDE:
                overrides.append(f.PriorityOverride(priority, reason, by or "", on))
            if kind == PriorityDecision.Kind.REVIEW or priority:  # an override is a review
                reviewed.add(on)
        found[account_id] = PriorityDecisions(tuple(overrides), tuple(sorted(reviewed)))
    return found


def _decisions_in_force(row: dict) -> PriorityDecisions:
    """The decisions an account with no history holds (recorded before it was kept)."""
    override = None
    if row["priority_override"] and row["priority_override_at"] is not None:
        override = f.PriorityOverride(
            priority=row["priority_override"],
            reason=row["priority_override_reason"],
            by=row["priority_override_by__email"] or "",
            on=timezone.localdate(row["priority_override_at"]),
        )
    reviewed = row["priority_reviewed_on"]
    return PriorityDecisions(
        (override,) if override else (), (reviewed,) if reviewed is not None else ()
    )
