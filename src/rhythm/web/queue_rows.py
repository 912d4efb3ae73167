"""Work items as the pages show them: grouped by state, titled, each with the action that clears it.

Presentation only: which inline form fits which rule, and the rows and sections the
templates loop over. The items themselves come from `playbook.queue.work_queue`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from rhythm.accounts.scoping import member_of
from rhythm.accounts.services import is_csm_manager
from rhythm.meetings.services import AFTER_EBR as AFTER_EBR_DONE
from rhythm.playbook.queue import WorkQueue
from rhythm.playbook.rules.derived import norm
from rhythm.playbook.rules.ebr import HOLD_EBR as EBR_HELD
from rhythm.playbook.rules.ebr import HOLD_LATE_EBR, PLAN_EBR_IN_TIME, SEND_FOLLOW_UP, step_of
from rhythm.playbook.rules.executives import MEET_EXECUTIVE, executive_contacts
from rhythm.playbook.rules.facts import AccountFacts, MemberFacts
from rhythm.playbook.rules.health import RECORD_HEALTH
from rhythm.playbook.rules.items import COMING, DUE, LATE, WorkItem, listed
from rhythm.playbook.rules.onboarding import (
    DRIVE_ACTIVATION,
    HOLD_FIRST_MEETING,
    RECORD_ONBOARDED,
)
from rhythm.playbook.rules.plans import QUALIFY_PLAN, REVIEW_PLAN, SHARE_PLAN
from rhythm.playbook.rules.renewals import review_entry, review_to_complete
from rhythm.playbook.rules.workshops import roundtable_industry
from rhythm.playbook.settings import PlaybookSettings
from rhythm.web.activity_hints import notes_hint

LOG, HEALTH, REVIEW, FOLLOW_UP = "log", "health", "review", "follow_up"
RENEWAL_REVIEW, SURVEY = "renewal_review", "survey"
PLAN_EBR, HOLD_EBR, AFTER_EBR = "plan_ebr", "hold_ebr", "after_ebr"
PLAN_DATE, USE_CASE, MILESTONE, USAGE = "plan_date", "use_case", "milestone", "usage"
EBR_STEP, CHECK_IN, QUALIFY = "ebr_step", "check_in", "qualify"
ROWS_PER_SECTION = 200  # past this, the page asks to filter instead of growing without end


@dataclass(frozen=True)
class InlineAction:
    """The small form that clears an item in place: what it records, and its button."""

    kind: str
    label: str
    activity_kind: str = ""
    activity_label: str = ""
    # Offer to log the account team that must attend a renewal review (REN-2's attendee
    # roles) as its attendees: one box, ticked by default.
    with_review_team: bool = False
    # Ask for the attendees, who are what clears the item (EXEC-1: an executive met); the
    # row suggests them (`QueueRow.attendees`).
    with_attendees: bool = False
    # Only for the rule's items with this action sentence ('' for all of them): a rule
    # that raises items of several kinds (REN-2, EBR-3) has a form for some of them.
    clears: str = ""
    # The date field an AFTER_EBR or PLAN_DATE action records: on the EBR held,
    # `follow_up_sent_on` (EBR-3) or `success_plan_updated_on` (EBR-4); on the ROI plan,
    # `shared_on` or `reviewed_on` (PLAN-2).
    records: str = ""
    managers_only: bool = False  # offered only to a CSM manager (PLAN-1's qualification)
    date_label: str = ""  # the label of the date it records: "Sent on", "Shared on"
    done: str = ""  # what the done message says was recorded: "the plan was shared"

    def fits(self, item: WorkItem) -> bool:
        """Tell whether this form clears the item: any of its rule's, or those it names."""
        if self.kind == EBR_STEP:
            return step_of(item.action) is not None
        return not self.clears or self.clears == item.action

    @property
    def slug(self) -> str:
        """Name the action in its address: `/accounts/<id>/queue/<slug>/`."""
        return self.kind.replace("_", "-")


# Rules an activity on the timeline clears (CAD-1, CAD-2: a call; WS-1: a workshop; EXEC-1,
# once the account has an executive contact: a meeting with them as attendees), a
# leadership check-in held or planned (CHK-1), the review of one renewal stage (REN-1), a
# survey response (NPS-1), rules health clears, an EBR planned (EBR-1 before it is late,
# EBR-2), prepared, held (EBR-1 once late, EBR-3) or followed up (EBR-3, EBR-4), the ROI
# plan shared or reviewed (PLAN-2), a use case's health (ADOPT-2), an onboarding kick-off,
# the licenses activated or onboarding complete (TTV-2), and the others with a one-step fix.
ACTIONS: dict[str, tuple[InlineAction, ...]] = {
    "CAD-1": (InlineAction(LOG, "Log call", "cadence_call", "a cadence call"),),
    "CAD-2": (InlineAction(LOG, "Log call", "cadence_call", "a cadence call"),),
    "WS-1": (InlineAction(LOG, "Log workshop", "workshop", "a workshop"),),
    "EXEC-1": (
        InlineAction(
            LOG,
            "Log meeting",
            "ad_hoc_call",
            "a meeting with an executive",
            with_attendees=True,
            clears=MEET_EXECUTIVE,
        ),
    ),
    "CHK-1": (
        InlineAction(
            CHECK_IN,
            "Log or plan",
            "leadership_check_in",
            "a leadership check-in",
            date_label="Held on, or planned for",
        ),
    ),
    "REN-1": (
        InlineAction(
            RENEWAL_REVIEW,
            "Log review",
            "renewal_review",
            "a renewal review",
            with_review_team=True,
        ),
    ),
    "HEALTH-1": (InlineAction(HEALTH, "Record health"),),
    "REN-2": (InlineAction(HEALTH, "Record health", clears=RECORD_HEALTH),),
    "HEALTH-2": (InlineAction(FOLLOW_UP, "Open action"),),
    "NPS-1": (InlineAction(SURVEY, "Record response"),),
    "PRIO-4": (InlineAction(REVIEW, "Mark reviewed"),),
    "EBR-1": (
        InlineAction(PLAN_EBR, "Plan EBR", clears=PLAN_EBR_IN_TIME),
        InlineAction(HOLD_EBR, "Log EBR", "ebr", "the EBR", clears=HOLD_LATE_EBR),
    ),
    "EBR-2": (InlineAction(PLAN_EBR, "Plan EBR"),),
    "EBR-3": (
        InlineAction(HOLD_EBR, "Log EBR", "ebr", "the EBR", clears=EBR_HELD),
        InlineAction(
            AFTER_EBR,
            "Mark sent",
            clears=SEND_FOLLOW_UP,
            records="follow_up_sent_on",
            date_label="Sent on",
            done=AFTER_EBR_DONE["follow_up_sent_on"][0],
        ),
        InlineAction(EBR_STEP, "Mark done", date_label="Done on"),
    ),
    "EBR-4": (
        InlineAction(
            AFTER_EBR,
            "Mark updated",
            records="success_plan_updated_on",
            date_label="Updated on",
            done=AFTER_EBR_DONE["success_plan_updated_on"][0],
        ),
    ),
    "ADOPT-2": (InlineAction(USE_CASE, "Record use case"),),
    "TTV-2": (
        InlineAction(
            LOG,
            "Log kick-off",
            "onboarding_kickoff",
            "an onboarding kick-off",
            clears=HOLD_FIRST_MEETING,
        ),
        InlineAction(USAGE, "Record usage", clears=DRIVE_ACTIVATION),
        InlineAction(
            MILESTONE,
            "Mark onboarded",
            clears=RECORD_ONBOARDED,
            records="onboarding_complete",
            date_label="Onboarding complete on",
        ),
    ),
    "PLAN-1": (InlineAction(QUALIFY, "Qualify plan", clears=QUALIFY_PLAN, managers_only=True),),
    "PLAN-2": (
        InlineAction(
            PLAN_DATE,
            "Mark shared",
            clears=SHARE_PLAN,
            records="shared_on",
            date_label="Shared on",
            done="the ROI plan was shared with the customer",
        ),
        InlineAction(
            PLAN_DATE,
            "Mark reviewed",
            clears=REVIEW_PLAN,
            records="reviewed_on",
            date_label="Reviewed on",
            done="the ROI plan was reviewed with the customer",
        ),
    ),
}


# Items recorded on the account page rather than in place: where on it, and the link's text.
# A rule with an inline action for some of its items links here for the others only (EXEC-1:
# no executive contact yet, so one is added; met, they are logged in place).
PAGE_LINKS: dict[str, tuple[str, str]] = {
    "PLAN-1": ("plans", "Open the plans"),
    "PLAN-2": ("plans", "Open the plans"),
    "PLAN-3": ("plans", "Open the plans"),
    "EXEC-1": ("contacts", "Add a contact"),
    "EXEC-2": ("contacts", "Add a contact"),
    "REN-6": ("renewal", "Close the renewal"),
}
# A book's items, and where the dashboard shows what they are about.
BOOK_LINKS: dict[str, tuple[str, str]] = {
    "MGR-1": ("review", "Open the review"),
    "CAD-3": ("books", "Open the book"),
    "PRIO-3": ("books", "Open the book"),
    "CAP-2": ("capacity", "Open the capacity"),
    "EBR-7": ("roadmap", "Open the roadmap"),
    "EBR-8": ("roadmap", "Open the roadmap"),
}

# Workshops led (WS-2) and roundtables (RT-1) are recorded on the sessions page.
SESSION_LINKS: dict[str, tuple[str, str]] = {
    "WS-2": ("workshop", "Record a workshop"),
    "RT-1": ("roundtable", "Record a roundtable"),
}


@dataclass(frozen=True)
class PageLink:
    """Where an item without an inline form is worked on, and the link's text."""

    url: str
    label: str
    writes: bool  # it leads to a form (the account page), not only to a view


def page_link(item: WorkItem, entry: int | None = None) -> PageLink | None:
    """Return the link to where the item is recorded or explained, if a page has a part for it.

    An account's item leads to its part of the account page, or to the timeline entry to
    correct (`entry`: REN-2's review held without the AE or SA); a workshop or roundtable owed
    to the sessions page's form, filled in (a workshop led by the CSM who owes it); another
    book's item to its part of the
    dashboard, for that CSM's book.
    """
    if item.account_id is not None:
        if entry is not None:  # shown however many activities were logged since
            url = reverse("account-detail", args=[item.account_id])
            return PageLink(f"{url}?entry={entry}#activity-{entry}", "Edit the review", True)
        found = PAGE_LINKS.get(item.rule)
        if found is None:
            return None
        url = reverse("account-detail", args=[item.account_id])
        return PageLink(f"{url}#{found[0]}", found[1], writes=True)
    if item.rule in SESSION_LINKS:
        kind, label = SESSION_LINKS[item.rule]
        fill = {"kind": kind, "industry": roundtable_industry(item.action)}
        if item.rule == "WS-2":  # the CSM owed a workshop leads it
            fill["lead"] = item.csm or ""
        url = f"{reverse('sessions')}?{urlencode({k: v for k, v in fill.items() if v})}"
        return PageLink(f"{url}#record", label, writes=True)
    found = BOOK_LINKS.get(item.rule)
    if found is None:
        return None
    query = f"?{urlencode({'csm': item.csm})}" if item.csm else ""
    return PageLink(f"{reverse('team')}{query}#{found[0]}", found[1], writes=False)


def inline_action(item: WorkItem, manages: bool = False) -> InlineAction | None:
    """Return the inline form that clears this item, or None when it needs the account page.

    REN-2, EBR-3, PLAN-2 and TTV-2 raise several kinds of items; only some get a form, told
    apart by the action sentence that clears them (a health update; the EBR held, its
    follow-up sent, a preparation step done; the plan shared, reviewed; the first meeting,
    usage, onboarding done).
    """
    if item.account_id is None:
        return None
    actions = ACTIONS.get(item.rule, ())
    offered = (a for a in actions if a.fits(item) and (manages or not a.managers_only))
    return next(offered, None)


def action_of(rule: str, kind: str, records: str = "") -> InlineAction | None:
    """Return the rule's inline action of this kind, or None if it has none.

    A rule with two actions of one kind (PLAN-2: the plan shared, or reviewed) tells them
    apart by the date field each records, which its form posts.
    """
    found = [a for a in ACTIONS.get(rule, ()) if a.kind == kind]
    return next((a for a in found if a.records == records), found[0] if found else None)


@dataclass(frozen=True)
class QueueRow:
    """One item on a page: the item, its rule's title, whose book, and its inline action."""

    item: WorkItem
    title: str
    csm_name: str
    action: InlineAction | None
    team_label: str = ""  # the review team's box: "With the CSM, AE and SA of the account"
    step: int | None = None  # the EBR preparation step an EBR_STEP form records done
    # Without an inline action, where the item is recorded or explained.
    link: PageLink | None = None
    dom_id: str = ""  # the row's element id on a page: the same for the same item (`row_id`)
    attendees: str = ""  # a with_attendees form's suggestion: emails, ';' between them
    # What the rules need of the activity its form logs: notes on a kick-off (MGR-1).
    notes_hint: str = ""


@dataclass(frozen=True)
class Section:
    """Late, Due or Coming: its rows (at most ROWS_PER_SECTION) and the full count."""

    state: str
    label: str
    hint: str
    rows: tuple[QueueRow, ...]
    count: int
    empty: str  # what it says without rows; My day's says why under a State filter

    @property
    def truncated(self) -> bool:
        """Tell whether rows were left out to keep the page short."""
        return self.count > len(self.rows)


def section_labels(settings: PlaybookSettings) -> tuple[tuple[str, str, str], ...]:
    """Name the sections, with the item windows the playbook settings set."""
    items = settings.items
    return (
        (LATE, "Late", "Past their due date."),
        (DUE, "Due", f"Due today or within {items.due_soon}."),
        (COMING, "Coming", f"On the horizon: the next {items.look_ahead} and planned work."),
    )


def member_names(members: Iterable[MemberFacts]) -> dict[str, str]:
    """Map each team member's email (normalised) to their name."""
    return {norm(m.email): m.name or m.email for m in members}


def rows_of(
    items: Iterable[WorkItem],
    settings: PlaybookSettings,
    names: Mapping[str, str],
    manages: bool = False,
    attendees: Callable[[int], str] | None = None,
    settings_of: Callable[[WorkItem], PlaybookSettings] | None = None,
    entry_of: Callable[[WorkItem], int | None] | None = None,
) -> list[QueueRow]:
    """Turn work items into rows: rule title for the tooltip, CSM name, inline action.

    `manages` tells whether the viewer is a CSM manager, who is offered what only a
    manager records (qualifying a success plan); `attendees` suggests, by account id, who
    a form that asks for attendees fills in. `settings_of` gives the settings an item's
    account ran on (its team's, its segment's), which say whether the activity its form
    logs needs notes for the manager review (`activity_hints.notes_hint`); else `settings`.
    `entry_of` finds the timeline entry an item asks to correct (`review_entries_of`).
    """
    roles = [role.upper() for role in settings.renewals.attendee_roles]
    review_team = f"With the {listed(roles)} of the account" if roles else ""
    rows = []
    seen: Counter[str] = Counter()
    for item in items:
        action = inline_action(item, manages)
        dom_id = row_id(item)
        seen[dom_id] += 1
        rows.append(
            QueueRow(
                item=item,
                title=rule_title(settings, item.rule),
                csm_name=names.get(norm(item.csm), item.csm or ""),
                action=action,
                team_label=review_team if action and action.with_review_team else "",
                link=None if action else page_link(item, entry_of(item) if entry_of else None),
                step=step_of(item.action) if action and action.kind == EBR_STEP else None,
                dom_id=dom_id if seen[dom_id] == 1 else f"{dom_id}-{seen[dom_id]}",
                attendees=(
                    attendees(item.account_id)
                    if attendees and action and action.with_attendees and item.account_id
                    else ""
                ),
                notes_hint=_notes_hint(action, settings_of(item) if settings_of else settings),
            )
        )
    return rows


def _notes_hint(action: InlineAction | None, settings: PlaybookSettings) -> str:
    """Say what the manager review needs of the activity the row's form logs, if anything."""
    if action is None or action.kind != LOG:
        return ""
    return notes_hint(settings, action.activity_kind)


def row_id(item: WorkItem) -> str:
    """Name an item's row on a page by everything the item says (`item-<rule>-<digest>`).

    An item unchanged by a write keeps its id, and one whose state, date or sentence
    changed gets another: after an in-place action, the page keeps the first and redraws
    the second (`row_changes`).
    """
    digest = hashlib.blake2s(repr(tuple(item)).encode(), digest_size=6).hexdigest()
    return f"item-{item.rule.lower()}-{digest}"


@dataclass(frozen=True)
class PageList:
    """One list of rows on a page, by the id of its element: a section of My day, or the
    account page's queue."""

    list_id: str  # its rows are in `<list_id>-rows`, its empty message is `<list_id>-empty`
    rows: tuple[QueueRow, ...]
    count: int  # the items it stands for, shown or not (a section shows at most a limit)
    empty: str = ""  # what it says without rows


@dataclass(frozen=True)
class RowChanges:
    """What a page must change after an in-place action for its lists to show the queue
    rebuilt after the write: rows to remove, rows to insert where, and the lists' counts."""

    removed: tuple[str, ...]  # row ids
    # (how, where, row): "beforebegin" a row id that stays, or "beforeend" of a list
    added: tuple[tuple[str, str, QueueRow], ...]
    lists: tuple[PageList, ...]  # the lists as they are now


def row_changes(
    before: Sequence[PageList], after: Sequence[PageList], acted: str = ""
) -> RowChanges:
    """Compare a page's lists before and after a write.

    The acted row (`acted`, its id) has already been replaced by the action's answer, so it
    is neither removed nor kept: if its item is still in the queue, it is inserted again.
    A row that stays keeps its place: rows are in queue order on both sides, so each new
    row goes before the next row that stays in its list, or at the end of the list.
    """
    kept = {row.dom_id for page in before for row in page.rows} - {acted}
    now = {row.dom_id for page in after for row in page.rows}
    added: list[tuple[str, str, QueueRow]] = []
    for page in after:
        anchor = ("beforeend", f"{page.list_id}-rows")
        joining = []
        for row in reversed(page.rows):  # from the end: the next row that stays is known
            if row.dom_id in kept:
                anchor = ("beforebegin", row.dom_id)
            else:
                joining.append((*anchor, row))
        added += reversed(joining)
    return RowChanges(tuple(sorted(kept - now)), tuple(added), tuple(after))


def work_rows(
    user: Any, work: WorkQueue, items: Iterable[WorkItem] | None = None
) -> list[QueueRow]:
    """Turn a work queue's items (or some of them) into rows, as `user` is offered them."""
    chosen = work.items if items is None else items
    names = member_names(work.book.members)
    accounts = {facts.account_id: facts for facts in work.book.accounts}

    def settings_of(item: WorkItem) -> PlaybookSettings:
        facts = accounts.get(item.account_id) if item.account_id is not None else None
        return work.account_settings(facts) if facts is not None else work.settings

    manages = is_csm_manager(member_of(user))
    return rows_of(
        chosen,
        work.settings,
        names,
        manages,
        executives_of(work),
        settings_of,
        review_entries_of(work),
    )


def review_entries_of(work: WorkQueue) -> Callable[[WorkItem], int | None]:
    """Find the timeline entry of the review a REN-2 item asks to add the AE or SA to
    (`renewals.review_to_complete`), from the queue's facts: no query per row."""
    by_id: dict[int, AccountFacts] = {}

    def entry(item: WorkItem) -> int | None:
        if item.rule != "REN-2" or item.account_id is None:
            return None
        held_on = review_to_complete(item.action)
        if held_on is None:
            return None
        if not by_id:  # only a page with such an item looks its accounts up
            by_id.update((f.account_id, f) for f in work.book.accounts)
        facts = by_id.get(item.account_id)
        return review_entry(facts, held_on) if facts is not None else None

    return entry


def executives_of(work: WorkQueue) -> Callable[[int], str]:
    """Suggest, by account id, the attendees of a meeting that clears EXEC-1: the account's
    executive contacts (judged by its own settings), by email, ';' between them."""
    by_id: dict[int, AccountFacts] = {}

    def suggest(account_id: int) -> str:
        if not by_id:  # only a page with such a form looks its accounts up
            by_id.update((f.account_id, f) for f in work.book.accounts)
        facts = by_id.get(account_id)
        return "; ".join(executive_emails(work, facts)) if facts else ""

    return suggest


def executive_emails(work: WorkQueue, facts: AccountFacts) -> tuple[str, ...]:
    """Return the emails of an account's executive contacts on the queue's day (EXEC-1),
    judged by the account's own settings, sorted: a meeting with one of them clears it."""
    found = executive_contacts(facts.as_of(work.today), work.account_settings(facts))
    return tuple(sorted(c.email for c in found if c.email))


def rule_title(settings: PlaybookSettings, rule: str) -> str:
    """Return the rule's title from the playbook settings ('' for an unknown id)."""
    found = settings.rules.get(rule)
    return found.title if found else ""


def sections_of(
    items: Iterable[WorkItem],
    settings: PlaybookSettings,
    to_rows: Callable[[list[WorkItem]], list[QueueRow]],
) -> list[Section]:
    """Group items into the Late, Due and Coming sections, keeping queue order in each.

    Only the first ROWS_PER_SECTION items of each section are turned into rows by
    `to_rows`; the rest are counted. Making a row for every item of a large view
    (leadership's, with a hundred thousand items) took seconds for rows never shown.
    """
    grouped: dict[str, list[WorkItem]] = {LATE: [], DUE: [], COMING: []}
    for item in items:
        grouped[item.state].append(item)
    rows: dict[str, list[QueueRow]] = {LATE: [], DUE: [], COMING: []}
    for row in to_rows([item for kept in grouped.values() for item in kept[:ROWS_PER_SECTION]]):
        rows[row.item.state].append(row)
    return [
        Section(
            state,
            label,
            hint,
            tuple(rows[state]),
            len(grouped[state]),
            f"Nothing {label.lower()}.",
        )
        for state, label, hint in section_labels(settings)
    ]


# What the row says once an action has recorded, by kind: `detail` is what its recorder
# returned, `label` the activity it logs, `done` its phrase, `on` the date.
DONE_MESSAGES = {
    LOG: "logged {label} on {on}.",
    RENEWAL_REVIEW: "logged {label} on {on}.",
    CHECK_IN: "{detail} {on}.",
    HEALTH: "health recorded as {detail} on {on}.",
    REVIEW: "priority marked reviewed on {on}.",
    SURVEY: "recorded {detail} received on {on}.",
    FOLLOW_UP: "action opened: {detail}",
    PLAN_EBR: "EBR planned for {on}.",
    HOLD_EBR: "logged the EBR held on {on}.",
    EBR_STEP: "{detail} recorded done on {on}.",
    AFTER_EBR: "recorded that {done} on {on}.",
    PLAN_DATE: "recorded that {done} on {on}.",
    QUALIFY: "{detail} qualified on {on}.",
    USE_CASE: "recorded {detail} on {on}.",
    USAGE: "recorded {detail} on {on}.",
    MILESTONE: "onboarding recorded complete on {on}.",
}


def done_message(action: InlineAction, detail: str, on: dt.date) -> str:
    """Say what was just recorded, for the row that replaces a cleared item."""
    message = DONE_MESSAGES[action.kind].format(
        detail=detail, label=action.activity_label, done=action.done, on=on.isoformat()
    )
    return f"Done — {message}"
