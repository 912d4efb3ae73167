"""Adoption as the account page shows it: each use case's health, and the milestones reached."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rhythm.accounts.models import Account
from rhythm.adoption.models import Milestone, MilestoneKind, UseCaseStatus
from rhythm.adoption.queries import current_use_cases, list_milestones
from rhythm.lib.codes import code_label
from rhythm.web.forms import MilestoneForm, UseCaseForm, form_ids


@dataclass(frozen=True)
class UseCaseRow:
    """A tracked use case: its words, and its latest status with its date."""

    label: str
    record: UseCaseStatus


@dataclass(frozen=True)
class MilestoneRow:
    """An onboarding milestone and the day it was recorded reached (None if not yet)."""

    label: str
    reached: Milestone | None


@dataclass(frozen=True)
class AdoptionSection:
    """The account's use cases and milestones, with the forms that record them."""

    use_cases: tuple[UseCaseRow, ...]
    milestones: tuple[MilestoneRow, ...]
    use_case_form: UseCaseForm
    milestone_form: MilestoneForm


def adoption_section(user: Any, account: Account, bound: Mapping[str, Any]) -> AdoptionSection:
    """Build the section; `bound` may hold a submitted "use_case" or "milestone" form."""
    reached = {m.milestone: m for m in list_milestones(user, account)}
    return AdoptionSection(
        use_cases=tuple(
            UseCaseRow(code_label(r.use_case), r) for r in current_use_cases(user, account)
        ),
        milestones=tuple(
            MilestoneRow(str(label), reached.get(value)) for value, label in MilestoneKind.choices
        ),
        use_case_form=bound.get("use_case") or UseCaseForm(auto_id=form_ids("use_case")),
        milestone_form=bound.get("milestone") or MilestoneForm(auto_id=form_ids("milestone")),
    )
