"""What the account page's activity form tells the CSM the rules look for in what is logged.

The rules count an activity only with what they need of it: a renewal review with the
account team there (REN-2: the CSM, AE and SA by default, the CSM logging it among them),
a welcome call or onboarding kick-off with its notes (MGR-1's onboarding check), an
executive among the attendees (EXEC-1). The form says so, from the settings the rules
run on, and so does a queue row's form that logs one of the kinds MGR-1 wants notes on.
"""

from __future__ import annotations

from dataclasses import dataclass

from rhythm.accounts.models import Account
from rhythm.playbook.queue import account_settings
from rhythm.playbook.rules.derived import norm
from rhythm.playbook.settings import PlaybookSettings
from rhythm.timeline.models import ActivityKind


@dataclass(frozen=True)
class Attendee:
    """A member of the account team a renewal review wants, as the attendees field takes them."""

    role: str  # "AE"
    name: str
    email: str


@dataclass(frozen=True)
class ActivityHints:
    """What to put on an activity for the rules to count it."""

    review_kind: str  # the kind's words: "renewal review"
    review_roles: str  # who must attend, the CSM logging it too: "CSM, AE and SA"
    review_team: tuple[Attendee, ...]  # those of them seated on the account
    noted_kinds: str  # the kinds MGR-1 wants notes on: "welcome call or onboarding kick-off"
    notes: str  # what MGR-1 wants of them: "A welcome call or ... counts ... only with notes."
    executive_every: str  # how often EXEC-1 wants an executive spoken with: "12 months"


def activity_hints(account: Account) -> ActivityHints:
    """Return the hints for logging an activity on the account, from its settings."""
    settings = account_settings(account)  # its team's, its segment's
    roles = [norm(role) for role in settings.renewals.attendee_roles]
    seats = {seat.role: seat.member for seat in account.team.all()}
    noted = [_kind_words(kind) for kind in settings.manager_review.onboarding_kinds]
    return ActivityHints(
        review_kind=_kind_words(ActivityKind.RENEWAL_REVIEW),
        review_roles=_and([role.upper() for role in roles]) or "account team",
        review_team=tuple(
            Attendee(role.upper(), seats[role].name, seats[role].email)
            for role in roles
            if role in seats
        ),
        noted_kinds=" or ".join(noted),
        notes=_notes_needed(noted),
        executive_every=str(settings.executives.engage_every),
    )


def notes_hint(settings: PlaybookSettings, kind: str) -> str:
    """Say that an activity of this kind counts for the manager review only with notes, if
    it is one of the kinds MGR-1's onboarding check looks for in these settings ('' if not).

    For a queue row that logs one (TTV-2's kick-off), as the activity form says it of them all.
    """
    noted = {norm(code) for code in settings.manager_review.onboarding_kinds}
    return _notes_needed([_kind_words(kind)]) if norm(kind) in noted else ""


def _notes_needed(kinds: list[str]) -> str:
    """Say that activities of these kinds (in words) count for MGR-1 only with notes."""
    words = " or ".join(kinds)
    article = "An" if words[:1] in ("a", "e", "i", "o", "u") else "A"
    return f"{article} {words} counts for the manager review (MGR-1) only with notes."


def _kind_words(kind: str) -> str:
    """Name an activity kind in words: 'onboarding_kickoff' as 'onboarding kick-off'."""
    return str(dict(ActivityKind.choices).get(kind, kind)).lower()


def _and(words: list[str]) -> str:
    """Join words as a sentence lists them: 'CSM, AE and SA'."""
    return " and ".join([", ".join(words[:-1]), words[-1]] if len(words) > 1 else words)
