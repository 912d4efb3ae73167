"""The account page's records besides contacts and plans: a use case's health, a milestone
reached, the next EBR or leadership check-in planned, and the renewal closed. Each saves
through its service and returns to its part of the page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from rhythm.accounts.models import Account
from rhythm.accounts.queries import get_writable_account
from rhythm.adoption.services import record_milestone, record_use_case_status
from rhythm.meetings.services import plan_check_in, plan_ebr
from rhythm.renewals.queries import renewal_on
from rhythm.renewals.services import check_closed_renewal, record_closed_renewal
from rhythm.web.forms import CloseRenewalForm, MeetingDateForm, MilestoneForm, UseCaseForm
from rhythm.web.views.accounts import save_on_page
from rhythm.web.views.errors import post_only

# Saves a valid form's data for an account through its service, for the user sending it.
Saver = Callable[[Any, Account, dict[str, Any]], object]


def _close_shown_renewal(user: Any, account: Account, renewal_date: Any, **data: Any) -> object:
    """Close the renewal the page showed, which must still be the account's: the form's
    hidden date names it, and is never taken as a new renewal to record."""
    shown = renewal_on(user, account, renewal_date)
    return record_closed_renewal(account=account, renewal_date=shown.renewal_date, **data)


def _check_closing(account: Account, data: dict[str, Any]) -> dict[str, list[str]]:
    """What the service would refuse in a closing whose form was refused on other fields."""
    if data.get("renewal_date") is None:
        return {}
    return check_closed_renewal(
        account=account,
        renewal_date=data["renewal_date"],
        outcome=data.get("outcome", ""),
        closed_on=data.get("closed_on"),
        renewed_arr=data.get("renewed_arr"),
        next_renewal_date=data.get("next_renewal_date"),
    )


# The forms whose service can say what it would refuse without writing (`save_on_page`).
CHECKS: dict[str, Callable[[Account, dict[str, Any]], dict[str, list[str]]]] = {
    "renewals": _check_closing,
}

# By address (`/accounts/<id>/<what>/`): the form, its key in the page's bound forms, the
# part of the page it returns to, and how it saves.
RECORDS: dict[str, tuple[type[forms.Form], str, str, Saver]] = {
    "use-cases": (
        UseCaseForm,
        "use_case",
        "adoption",
        lambda user, account, data: record_use_case_status(account=account, **data),
    ),
    "milestones": (
        MilestoneForm,
        "milestone",
        "adoption",
        lambda user, account, data: record_milestone(account=account, **data),
    ),
    "ebrs": (
        MeetingDateForm,
        "ebr",
        "meetings",
        lambda user, account, data: plan_ebr(account=account, planned_on=data["date"]),
    ),
    "renewals": (
        CloseRenewalForm,
        "renewal",
        "renewal",
        lambda user, account, data: _close_shown_renewal(user, account, **data),
    ),
    "check-ins": (
        MeetingDateForm,
        "check_in",
        "meetings",
        lambda user, account, data: plan_check_in(account=account, planned_on=data["date"]),
    ),
}


@login_required
@post_only("account-detail")
def account_record(request: HttpRequest, account_id: int, what: str) -> HttpResponse:
    """Record a use case's health (ADOPT-2), a milestone (TTV-1, TTV-2), plan or move the
    next EBR (EBR-1, EBR-2) or leadership check-in (CHK-1), or close the renewal (REN-6),
    from the account page."""
    if what not in RECORDS:
        raise Http404("Nothing to record there.")
    form_class, key, section, save = RECORDS[what]
    account = get_writable_account(request.user, account_id)
    form = form_class(request.POST)
    return save_on_page(
        request,
        account,
        form,
        key=key,
        section=section,
        save=lambda: save(request.user, account, form.cleaned_data),
        check=(lambda data: CHECKS[what](account, data)) if what in CHECKS else None,
    )
