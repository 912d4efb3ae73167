"""Thin views: authorize, load through a scoped query, validate, call a service, render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from rhythm.accounts.models import Account
from rhythm.accounts.queries import get_account, get_writable_account, list_accounts
from rhythm.accounts.scoping import can_record_work, member_of
from rhythm.contacts.queries import list_contacts
from rhythm.lib.htmx import HtmxHttpRequest
from rhythm.timeline.queries import list_activities
from rhythm.timeline.services import log_activity
from rhythm.web.forms import ActivityForm


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return redirect("account-list")


@login_required
def account_list(request: HttpRequest) -> HttpResponse:
    accounts = list_accounts(request.user)
    return render(request, "web/account_list.html", {"accounts": accounts})


@login_required
def account_detail(request: HttpRequest, account_id: int) -> HttpResponse:
    account = get_account(request.user, account_id)
    context = _detail_context(request, account, ActivityForm())
    return render(request, "web/account_detail.html", context)


@login_required
@require_POST
def account_log_activity(request: HtmxHttpRequest, account_id: int) -> HttpResponse:
    account = get_writable_account(request.user, account_id)
    form = ActivityForm(request.POST)
    if form.is_valid():
        try:
            log_activity(
                account=account,
                kind=form.cleaned_data["kind"],
                date=form.cleaned_data["date"],
                duration_minutes=form.cleaned_data["duration_minutes"],
                notes=form.cleaned_data["notes"],
                attendee_emails=form.attendee_emails(),
                logged_by=member_of(request.user),
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
    saved = form.is_valid()
    if not request.htmx:
        if saved:
            return redirect("account-detail", account_id=account.pk)
        return render(request, "web/account_detail.html", _detail_context(request, account, form))
    context = {
        "account": account,
        "activities": list_activities(request.user, account)[:100],
        "form": ActivityForm() if saved else form,
        "saved": saved,
        "can_write": True,
    }
    return render(request, "web/_timeline.html", context)


def _detail_context(request: HttpRequest, account: Account, form: ActivityForm) -> dict:
    return {
        "account": account,
        "contacts": list_contacts(request.user, account),
        "activities": list_activities(request.user, account)[:100],
        "form": form,
        "can_write": can_record_work(request.user),
    }
