"""The account page's success plans: start or update a plan, add an objective (PLAN-1 to 3)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from rhythm.accounts.queries import get_writable_account
from rhythm.accounts.scoping import member_of
from rhythm.accounts.services import is_csm_manager
from rhythm.contacts.queries import list_contacts
from rhythm.plans.queries import find_success_plan
from rhythm.plans.services import upsert_objective, upsert_success_plan
from rhythm.web.forms import ObjectiveForm, SuccessPlanForm, errors_from
from rhythm.web.views.accounts import page_with_errors, section_url, team_members


@login_required
@require_POST
def account_save_plan(request: HttpRequest, account_id: int) -> HttpResponse:
    """Start a success plan, or update one: status, health, shared, reviewed, qualified."""
    account = get_writable_account(request.user, account_id)
    member = member_of(request.user)
    form = SuccessPlanForm(request.POST, can_qualify=is_csm_manager(member))
    key = "new"
    if form.is_valid():
        kind = form.cleaned_data["kind"]
        plan = find_success_plan(request.user, account, kind)
        key = kind if plan else "new"
        qualified_on = plan.qualified_on if plan else None
        try:
            upsert_success_plan(
                account=account,
                kind=kind,
                by=member,
                **form.plan_values(qualified_on, timezone.localdate()),
            )
        except ValidationError as error:
            errors_from(form, error)
        else:
            return redirect(section_url(account, "plans"))
    return page_with_errors(request, account, {key: form})


@login_required
@require_POST
def account_add_objective(request: HttpRequest, account_id: int, kind: str) -> HttpResponse:
    """Add an objective to the account's plan of this kind (PLAN-3 asks it be measurable)."""
    account = get_writable_account(request.user, account_id)
    plan = find_success_plan(request.user, account, kind)
    if plan is None:
        return redirect(
            section_url(account, "plans")
        )  # the plan is gone: the page says what is left
    form = ObjectiveForm(
        request.POST,
        contacts=list_contacts(request.user, account),
        members=team_members(account),
    )
    if form.is_valid():
        try:
            upsert_objective(
                plan=plan, outcome=form.cleaned_data["outcome"], **form.objective_values()
            )
        except ValidationError as error:
            errors_from(form, error)
        else:
            return redirect(section_url(account, "plans"))
    return page_with_errors(request, account, {f"objective:{kind}": form})
