"""EBRs and leadership check-ins as the account page shows them, with their planning forms."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rhythm.accounts.models import Account
from rhythm.meetings.models import Ebr, LeadershipCheckIn
from rhythm.meetings.queries import check_in_planned, ebr_being_prepared, last_ebr_held
from rhythm.playbook.queue import AccountCalendar, account_settings
from rhythm.web.forms import MeetingDateForm, form_ids


@dataclass(frozen=True)
class StepRow:
    """One preparation step of the EBR being prepared: done when, or due by when (EBR-3)."""

    number: int
    name: str
    owner: str
    closes_on: dt.date
    done_on: dt.date | None


@dataclass(frozen=True)
class MeetingsSection:
    """The EBR being prepared and its steps, the last EBR held, the check-in planned."""

    preparing: Ebr | None
    steps: tuple[StepRow, ...]
    last_held: Ebr | None
    check_in: LeadershipCheckIn | None
    ebr_form: MeetingDateForm
    check_in_form: MeetingDateForm


def meetings_section(user: Any, account: Account, bound: Mapping[str, Any]) -> MeetingsSection:
    """Build the section; `bound` may hold a submitted "ebr" or "check_in" form."""
    preparing = ebr_being_prepared(user, account)
    steps: tuple[StepRow, ...] = ()
    if preparing is not None:
        done = {step.number: step.done_on for step in preparing.steps.all()}
        days = AccountCalendar(account)  # a step's window in business days, as EBR-3's
        steps = tuple(
            StepRow(
                step.number,
                step.name,
                step.owner_role.upper(),
                days.shift(preparing.planned_on, step.closes_before, before=True),
                done.get(step.number),
            )
            for step in account_settings(account).ebr.steps
        )
    return MeetingsSection(
        preparing=preparing,
        steps=steps,
        last_held=last_ebr_held(user, account),
        check_in=check_in_planned(user, account),
        ebr_form=bound.get("ebr") or MeetingDateForm(auto_id=form_ids("ebr")),
        check_in_form=bound.get("check_in") or MeetingDateForm(auto_id=form_ids("check_in")),
    )
