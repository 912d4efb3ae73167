"""Work items: what the queue shows, and the one definition of late, due and coming."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

from rhythm.playbook.rules.dates import Calendar, shift

if TYPE_CHECKING:
    from rhythm.playbook.rules.facts import AccountFacts
    from rhythm.playbook.settings import ItemSettings, PlaybookSettings

LATE, DUE, COMING = "late", "due", "coming"
STATES = (LATE, DUE, COMING)
_STATE_ORDER = {state: index for index, state in enumerate(STATES)}


class WorkItem(NamedTuple):
    """One thing to do: which rule fired, for which account, by when, why, and what clears it.

    `why` is one sentence with the facts and dates; `action` says what to record to clear
    the item. Book-level items (a CSM's whole book) have no account.

    An immutable named tuple: a whole queue builds a million of them, and a frozen
    dataclass took three to four times as long to build (docs/performance.md).
    """

    rule: str
    account: str | None
    account_id: int | None
    csm: str | None
    due: dt.date | None
    state: str
    severity: str
    why: str
    action: str

    def as_dict(self) -> dict[str, str | int | None]:
        """Return the item as JSON-ready data (the due date as YYYY-MM-DD).

        Written out field by field: `dataclasses.asdict` deep-copies every value, which
        for a million-item export cost more than the rules.
        """
        return {
            "rule": self.rule,
            "account": self.account,
            "account_id": self.account_id,
            "csm": self.csm,
            "due": self.due.isoformat() if self.due else None,
            "state": self.state,
            "severity": self.severity,
            "why": self.why,
            "action": self.action,
        }

    def sort_key(self) -> tuple:
        """Order items: late, due, coming; then due date, rule, account (no due date last)."""
        return (
            _STATE_ORDER[self.state],
            self.due is None,
            self.due or dt.date.min,
            self.rule,
            self.account or "",
            self.account_id or 0,
            self.why,
        )


def item_state(
    due: dt.date | None,
    today: dt.date,
    windows: ItemSettings,
    *,
    visible_from: dt.date | None = None,
    calendar: Calendar | None = None,
    region: str | None = None,
) -> str | None:
    """Return 'late', 'due' or 'coming' for an item due on `due`, or None if not shown yet.

    Late when the due date has passed; due on the day or within the due-soon window;
    coming within the look-ahead window. A rule with its own horizon (a renewal within
    6 months, an EBR within its planning lead) passes `visible_from` instead of relying on
    the look-ahead. An item without a due date is a condition that holds now: due.
    Windows in business days skip the public holidays of `region` in `calendar`.
    """
    return Horizon.of(today, windows, calendar, region).state(due, visible_from)


@dataclass(frozen=True)
class Horizon:
    """The item windows counted from one day: the last day still 'due', and still 'coming'."""

    today: dt.date
    due_until: dt.date
    coming_until: dt.date

    @classmethod
    def of(
        cls,
        today: dt.date,
        windows: ItemSettings,
        calendar: Calendar | None = None,
        region: str | None = None,
    ) -> Horizon:
        """Count the due-soon and look-ahead windows from `today`; business days skip the
        public holidays of `region` in `calendar` (weekends only without them)."""
        due_until = shift(today, windows.due_soon, calendar=calendar, region=region)
        coming_until = shift(today, windows.look_ahead, calendar=calendar, region=region)
        return cls(today, due_until, coming_until)

    def state(self, due: dt.date | None, visible_from: dt.date | None = None) -> str | None:
        """Return the state of an item due on `due` (see `item_state`), or None if not shown."""
        if visible_from is not None and self.today < visible_from:
            return None
        if due is None:
            return DUE
        if due < self.today:
            return LATE
        if due <= self.due_until:
            return DUE
        if visible_from is not None or due <= self.coming_until:
            return COMING
        return None


def sort_items(items: list[WorkItem] | tuple[WorkItem, ...]) -> tuple[WorkItem, ...]:
    """Return the items in the queue's one deterministic order."""
    return tuple(sorted(items, key=WorkItem.sort_key))


@dataclass(frozen=True)
class RuleContext:
    """What every rule receives besides the facts: the settings, the date and the calendar.

    `region` is the working region of whoever the context's items are for, whose public
    holidays the item windows (`horizon`) and a book's durations in business days skip:
    the accounts' working region (`AccountFacts.working_region`) for account rules, the
    CSM's region for a book's. Account rules count an account's own durations in
    `facts.working_region` (the same region where the engine built the context). Empty
    (the team's RT-1, a context built by hand) counts weekends only, as does a region the
    calendar does not know.
    """

    settings: PlaybookSettings
    today: dt.date
    calendar: Calendar = Calendar()
    region: str = ""

    @cached_property
    def horizon(self) -> Horizon:
        """Return the item windows counted from today (worked out once per context)."""
        return Horizon.of(self.today, self.settings.items, self.calendar, self.region)

    def shows(self, rule: str, due: dt.date | None, visible_from: dt.date | None = None) -> bool:
        """Tell whether an item of `rule` due on `due` would be shown today.

        Rules ask before writing the explanation: most items a rule considers are too far
        ahead to show, and their sentences would be written for nothing.
        """
        enabled = self.settings.rule(rule).enabled
        return enabled and self.horizon.state(due, visible_from) is not None

    def item(
        self,
        rule: str,
        facts: AccountFacts | None,
        *,
        due: dt.date | None,
        why: str,
        action: str,
        visible_from: dt.date | None = None,
        csm: str | None = None,
        overdue: bool = False,
    ) -> WorkItem | None:
        """Build a work item if the rule is enabled and the item is shown on `today`.

        `overdue` marks a condition without a due date that is already past its deadline
        (PRIO-3's book above target for longer than the history reaches): late, not due.
        """
        rule_settings = self.settings.rule(rule)
        if not rule_settings.enabled:
            return None
        state = LATE if overdue and due is None else self.horizon.state(due, visible_from)
        if state is None:
            return None
        # The fields in order, straight to the tuple: a named tuple's own constructor is a
        # Python call, and with keywords it took a twentieth of all the rules' time.
        severity = rule_settings.severity
        fields: tuple
        if facts is None:
            fields = (rule, None, None, csm, due, state, severity, why, action)
        else:
            owner = csm if csm is not None else facts.csm_email
            fields = (rule, facts.name, facts.account_id, owner, due, state, severity, why, action)
        return _tuple_new(WorkItem, fields)

    def days_ago(self, day: dt.date) -> str:
        """Say how long ago `day` was, for explanation sentences ('33 days ago')."""
        days = (self.today - day).days
        if days == 0:
            return "today"
        return f"{days} day{'s' if days != 1 else ''} ago"


_tuple_new = tuple.__new__


def counted(number: int, noun: str) -> str:
    """Say a count with its noun, singular for one: '1 account', '30 accounts'."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def clauses(sentences: tuple[str, ...] | list[str]) -> str:
    """Join sentences into one clause list: 'Red.', 'Put in triage.' -> 'red; put in triage'."""
    parts = [s.strip().rstrip(".") for s in sentences if s.strip()]
    return "; ".join(part[:1].lower() + part[1:] for part in parts)


def listed(words: Sequence[str]) -> str:
    """Join words as a sentence lists them: 'a', 'a and b', 'a, b and c' ('' for none)."""
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def keep(*items: WorkItem | None) -> list[WorkItem]:
    """Drop the items a rule decided not to show."""
    return [item for item in items if item is not None]
