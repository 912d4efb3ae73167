"""Success plans as the account page shows them: each plan, its objectives, and its forms.

Presentation only. What an objective lacks is PLAN-3's own test (`missing_parts`), so the
page and the queue never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms

from rhythm.plans.models import Objective, PlanKind, SuccessPlan
from rhythm.playbook.rules.facts import ObjectiveFact
from rhythm.playbook.rules.items import listed
from rhythm.playbook.rules.plans import missing_parts
from rhythm.web.forms import ObjectiveForm, SuccessPlanForm, form_ids, set_choices


@dataclass(frozen=True)
class ObjectiveRow:
    """One objective and what it lacks among metric, target, date and owners."""

    objective: Objective
    missing: tuple[str, ...]

    @property
    def lacking(self) -> str:
        """What it lacks, as a sentence says it: 'a metric and a target date'."""
        return listed(self.missing)


@dataclass(frozen=True)
class PlanPanel:
    """One success plan with its objectives, its update form and its new-objective form."""

    plan: SuccessPlan
    objectives: tuple[ObjectiveRow, ...]
    form: SuccessPlanForm
    objective_form: ObjectiveForm


@dataclass(frozen=True)
class PlanSection:
    """The account's plans, and the form that starts a plan of a kind it lacks."""

    panels: tuple[PlanPanel, ...]
    new_form: SuccessPlanForm | None

    @property
    def empty(self) -> bool:
        """Tell whether the account has no plan yet (the form that starts one is shown open)."""
        return not self.panels


def lacks(objective: Objective) -> tuple[str, ...]:
    """Name what the objective lacks, as PLAN-3 sees it."""
    return missing_parts(
        ObjectiveFact(
            outcome=objective.outcome,
            has_metric=bool(objective.metric),
            has_target=objective.target is not None,
            target_date=objective.target_date,
            has_customer_owner=objective.customer_owner_id is not None,
            has_vendor_owner=objective.vendor_owner_id is not None,
        )
    )


def plan_section(
    plans: Sequence[SuccessPlan],
    *,
    can_qualify: bool,
    contacts: Sequence[Any],
    members: Sequence[Any],
    bound: Mapping[str, Any] | None = None,
) -> PlanSection:
    """Build the plans' panels; `bound` holds a submitted form, by plan kind, to show again.

    A plan's update form is keyed by its kind, its new-objective form by "objective:KIND",
    the form that starts a plan by "new".
    """
    bound = bound or {}
    panels = []
    for plan in plans:
        initial = {
            "kind": plan.kind,
            "status": plan.status,
            "health": plan.health,
            "shared_on": plan.shared_on,
            "reviewed_on": plan.reviewed_on,
            "qualified": plan.qualified_on is not None,
        }
        form = bound.get(plan.kind) or SuccessPlanForm(
            can_qualify=can_qualify, initial=initial, auto_id=form_ids(plan.kind)
        )
        key = f"objective:{plan.kind}"
        objective_form = bound.get(key) or ObjectiveForm(
            contacts=contacts, members=members, auto_id=form_ids(key)
        )
        rows = tuple(ObjectiveRow(o, lacks(o)) for o in plan.objectives.all())
        panels.append(PlanPanel(plan, rows, _kind_fixed(form), objective_form))
    have = {plan.kind for plan in plans}
    kinds = [(value, label) for value, label in PlanKind.choices if value not in have]
    new_form = None
    if kinds:
        new_form = bound.get("new") or SuccessPlanForm(
            can_qualify=can_qualify, auto_id=form_ids("new")
        )
        set_choices(new_form, "kind", kinds)
    return PlanSection(tuple(panels), new_form)


def _kind_fixed(form: SuccessPlanForm) -> SuccessPlanForm:
    """An existing plan's kind does not change: it travels as a hidden field."""
    form.fields["kind"].widget = forms.HiddenInput()
    return form
