"""The account page's records besides plans: a use case's health, a milestone reached, and
the next EBR or leadership check-in planned."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from rhythm.accounts.queries import get_writable_account
from rhythm.adoption.services import record_milestone, record_use_case_status
from rhythm.meetings.services import plan_check_in, plan_ebr
from rhythm.web.forms import MeetingDateForm, MilestoneForm, UseCaseForm
from rhythm.web.views.accounts import save_on_page


@login_required
@require_POST
def account_record_use_case(request: HttpRequest, account_id: int) -> HttpResponse:
    """Record a use case's health (green, yellow or red) on a date (ADOPT-2, PRIO-1)."""
    account = get_writable_account(request.user, account_id)
    form = UseCaseForm(request.POST)
    return save_on_page(
        request,
        account,
        form,
        key="use_case",
        section="adoption",
        save=lambda: record_use_case_status(account=account, **form.cleaned_data),
    )


@login_required
@require_POST
def account_record_milestone(request: HttpRequest, account_id: int) -> HttpResponse:
    """Record the day the account reached an onboarding milestone (TTV-1, TTV-2)."""
    account = get_writable_account(request.user, account_id)
    form = MilestoneForm(request.POST)
    return save_on_page(
        request,
        account,
        form,
        key="milestone",
        section="adoption",
        save=lambda: record_milestone(account=account, **form.cleaned_data),
    )


@login_required
@require_POST
def account_plan_ebr(request: HttpRequest, account_id: int) -> HttpResponse:
    """Plan the account's next EBR, or move the one being prepared (EBR-1, EBR-2)."""
    account = get_writable_account(request.user, account_id)
    form = MeetingDateForm(request.POST)
    return save_on_page(
        request,
        account,
        form,
        key="ebr",
        section="meetings",
        save=lambda: plan_ebr(account=account, planned_on=form.cleaned_data["date"]),
    )


@login_required
@require_POST
def account_plan_check_in(request: HttpRequest, account_id: int) -> HttpResponse:
    """Plan the account's next leadership check-in, or move the one planned (CHK-1)."""
    account = get_writable_account(request.user, account_id)
    form = MeetingDateForm(request.POST)
    return save_on_page(
        request,
        account,
        form,
        key="check_in",
        section="meetings",
        save=lambda: plan_check_in(account=account, planned_on=form.cleaned_data["date"]),
    )
