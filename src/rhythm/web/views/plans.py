"""The account page's success plans: start or update a plan, add an objective (PLAN-1 to 3);
and its action items: open one, close it done or dropped."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from rhythm.accounts.queries import get_writable_account
from rhythm.accounts.scoping import member_of
from rhythm.accounts.services import is_csm_manager
from rhythm.contacts.queries import list_contacts
from rhythm.plans.models import ActionOrigin
from rhythm.plans.queries import find_success_plan, get_action_item
from rhythm.plans.services import (
    check_action_item,
    check_success_plan,
    close_action_item,
    upsert_action_item,
    upsert_objective,
    upsert_success_plan,
)
from rhythm.web.forms import ActionItemForm, CloseActionItemForm, ObjectiveForm, SuccessPlanForm
from rhythm.web.views.accounts import save_on_page, section_url, team_members
from rhythm.web.views.errors import post_only


@login_required
@post_only("account-detail", "plans")
def account_save_plan(request: HttpRequest, account_id: int) -> HttpResponse:
    """Start a success plan, or update one: status, health, shared, reviewed, qualified."""
    account = get_writable_account(request.user, account_id)
    member = member_of(request.user)
    form = SuccessPlanForm(request.POST, can_qualify=is_csm_manager(member))
    kind = request.POST.get("kind", "")
    plan = find_success_plan(request.user, account, kind)

    def values() -> dict[str, Any]:
        return form.plan_values(plan.qualified_on if plan else None, timezone.localdate())

    def save() -> object:
        return upsert_success_plan(account=account, kind=kind, by=member, **values())

    def check(data: dict[str, Any]) -> dict[str, list[str]]:
        refused = set(form.errors)  # a date or health refused is not taken as the stored one
        return check_success_plan(
            account=account, kind=kind, by=member, refused=refused, **values()
        )

    key = kind if plan else "new"
    return save_on_page(request, account, form, key=key, section="plans", save=save, check=check)


@login_required
@post_only("account-detail", "plans")
def account_add_objective(request: HttpRequest, account_id: int, kind: str) -> HttpResponse:
    """Add an objective to the account's plan of this kind (PLAN-3 asks it be measurable), or
    complete the one with the same outcome: what is left empty keeps what was recorded."""
    account = get_writable_account(request.user, account_id)
    plan = find_success_plan(request.user, account, kind)
    if plan is None:  # the plan is gone: the page shows what is left
        return redirect(section_url(account, "plans"))
    form = ObjectiveForm(
        request.POST,
        contacts=list_contacts(request.user, account),
        members=team_members(account),
    )

    def save() -> object:
        outcome = form.cleaned_data["outcome"]
        return upsert_objective(plan=plan, outcome=outcome, **form.objective_values())

    key = f"objective:{kind}"
    return save_on_page(request, account, form, key=key, section="plans", save=save)


@login_required
@post_only("account-detail", "actions")
def account_open_action_item(request: HttpRequest, account_id: int) -> HttpResponse:
    """Open an action item, owned by the one who opens it (an open one clears HEALTH-2)."""
    account = get_writable_account(request.user, account_id)
    form = ActionItemForm(request.POST)

    def save() -> object:
        return upsert_action_item(
            account=account,
            text=form.cleaned_data["text"],
            created_on=timezone.localdate(),
            due_on=form.cleaned_data["due_on"],
            owner_member=member_of(request.user),
            origin=ActionOrigin.OTHER,
        )

    def check(data: dict[str, Any]) -> dict[str, list[str]]:
        due_on = {"due_on": data["due_on"]} if "due_on" in data else {}
        return check_action_item(created_on=timezone.localdate(), **due_on)

    return save_on_page(
        request, account, form, key="action", section="actions", save=save, check=check
    )


@login_required
@post_only("account-detail", "actions")
def account_close_action_item(request: HttpRequest, account_id: int, item_id: int) -> HttpResponse:
    """Close an action item today, done or dropped."""
    account = get_writable_account(request.user, account_id)
    item = get_action_item(request.user, account, item_id)
    form = CloseActionItemForm(request.POST)

    def save() -> object:
        status = form.cleaned_data["status"]
        return close_action_item(item=item, status=status, on=timezone.localdate())

    return save_on_page(request, account, form, key="close_action", section="actions", save=save)
