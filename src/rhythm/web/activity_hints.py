"""What the account page's activity form tells the CSM the rules look for in what is logged.

The rules count an activity only with what they need of it: a renewal review with the
account team there (REN-2: the CSM, AE and SA by default, the CSM logging it among them),
a welcome call or onboarding kick-off with its notes (MGR-1's onboarding check), an
executive among the attendees (EXEC-1). The form says so, from the settings the rules
run on.
"""

from __future__ import annotations

from dataclasses import dataclass

from rhythm.accounts.models import Account
from rhythm.playbook.queue import account_settings
from rhythm.playbook.rules.derived import norm
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
    executive_every: str  # how often EXEC-1 wants an executive spoken with: "12 months"


def activity_hints(account: Account) -> ActivityHints:
    """Return the hints for logging an activity on the account, from its settings."""
    settings = account_settings(account).for_segment(account.segment)
    roles = [norm(role) for role in settings.renewals.attendee_roles]
    seats = {seat.role: seat.member for seat in account.team.all()}
    labels = dict(ActivityKind.choices)
    noted = [
        str(labels.get(kind, kind)).lower() for kind in settings.manager_review.onboarding_kinds
    ]
    return ActivityHints(
        review_kind=str(labels[ActivityKind.RENEWAL_REVIEW]).lower(),
        review_roles=_and([role.upper() for role in roles]) or "account team",
        review_team=tuple(
            Attendee(role.upper(), seats[role].name, seats[role].email)
            for role in roles
            if role in seats
        ),
        noted_kinds=" or ".join(noted),
        executive_every=str(settings.executives.engage_every),
    )


def _and(words: list[str]) -> str:
    """Join words as a sentence lists them: 'CSM, AE and SA'."""
    return " and ".join([", ".join(words[:-1]), words[-1]] if len(words) > 1 else words)
