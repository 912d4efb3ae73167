"""Adoption as the account page shows it: each use case's health, and the milestones reached."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rhythm.accounts.models import Account
from rhythm.adoption.models import Milestone, MilestoneKind, UseCaseStatus
from rhythm.adoption.queries import current_use_cases, list_milestones
from rhythm.lib.codes import code_label
from rhythm.playbook.rules.onboarding import MilestoneDates
from rhythm.web.forms import MilestoneForm, UseCaseForm, form_ids

# The milestones the rules work out when nobody records them (TTV-1, TTV-3), and from what.
WORKED_OUT_FROM = {
    MilestoneKind.ENGAGEMENT.value: "from the first call or meeting logged",
    MilestoneKind.FIRST_VALUE.value: "from the licenses activated",
}


@dataclass(frozen=True)
class UseCaseRow:
    """A tracked use case: its words, and its latest status with its date."""

    label: str
    record: UseCaseStatus


@dataclass(frozen=True)
class MilestoneRow:
    """An onboarding milestone: the day it was recorded reached, else the day the rules
    worked out (TTV-1, TTV-3) and from what; `undated` when the rules see it reached
    without a day (first value shown only by today's license count)."""

    label: str
    reached: Milestone | None
    worked_out_on: dt.date | None = None
    worked_out_from: str = ""
    undated: bool = False

    @property
    def can_be_worked_out(self) -> bool:
        """Tell whether the rules would find this milestone without anyone recording it."""
        return bool(self.worked_out_from)


@dataclass(frozen=True)
class AdoptionSection:
    """The account's use cases and milestones, with the forms that record them."""

    use_cases: tuple[UseCaseRow, ...]
    milestones: tuple[MilestoneRow, ...]
    use_case_form: UseCaseForm
    milestone_form: MilestoneForm


def adoption_section(
    user: Any, account: Account, bound: Mapping[str, Any], dates: MilestoneDates | None = None
) -> AdoptionSection:
    """Build the section; `bound` may hold a submitted "use_case" or "milestone" form, and
    `dates` are the milestones as the rules saw them today (recorded or worked out)."""
    reached = {m.milestone: m for m in list_milestones(user, account)}
    return AdoptionSection(
        use_cases=tuple(
            UseCaseRow(code_label(r.use_case), r) for r in current_use_cases(user, account)
        ),
        milestones=tuple(
            _milestone_row(value, str(label), reached.get(value), dates)
            for value, label in MilestoneKind.choices
        ),
        use_case_form=bound.get("use_case") or UseCaseForm(auto_id=form_ids("use_case")),
        milestone_form=bound.get("milestone") or MilestoneForm(auto_id=form_ids("milestone")),
    )


def _milestone_row(
    kind: str, label: str, recorded: Milestone | None, dates: MilestoneDates | None
) -> MilestoneRow:
    source = WORKED_OUT_FROM.get(kind, "")
    if recorded is not None or dates is None or not source:
        return MilestoneRow(label, recorded, worked_out_from=source)
    day: dt.date | None = getattr(dates, kind)
    undated = kind == MilestoneKind.FIRST_VALUE and day is None and dates.first_value_reached
    return MilestoneRow(label, None, day, source, undated)
