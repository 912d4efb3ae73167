"""A timeline entry of the account page, corrected in place: attendees, duration, notes."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from rhythm.accounts.models import Account
from rhythm.accounts.queries import get_account, get_writable_account
from rhythm.accounts.scoping import can_record_work
from rhythm.contacts.queries import list_contacts
from rhythm.lib.htmx import HtmxHttpRequest
from rhythm.timeline.models import Activity
from rhythm.timeline.queries import get_activity
from rhythm.timeline.services import STALE_EDIT, activity_version, edit_activity
from rhythm.web.forms import ActivityChangesForm, errors_from
from rhythm.web.timeline_panel import attendee_choices, attendees_of
from rhythm.web.views.accounts import page_follows
from rhythm.web.views.page_queue import page_queue_at


@login_required
@require_GET
def activity_edit(request: HtmxHttpRequest, account_id: int, activity_id: int) -> HttpResponse:
    """Show the form that corrects a timeline entry: in place for htmx, else on its own page."""
    account = get_writable_account(request.user, account_id)
    activity = get_activity(request.user, account, activity_id)
    initial = {
        "attendees": attendees_of(activity),
        "duration_minutes": activity.duration_minutes,
        "notes": activity.notes,
    }
    form = _form(request, account, activity, initial=initial)
    return _form_page(request, account, activity, form)


@login_required
@require_http_methods(["GET", "POST"])
def account_activity(request: HtmxHttpRequest, account_id: int, activity_id: int) -> HttpResponse:
    """Show one timeline entry (htmx's "Cancel"), or save its correction (`edit_activity`).

    Saved, htmx gets the entry back, with the account's queue and panels as the correction
    left them out of band (a review given its SA clears REN-2's item); refused, the form
    again with each error next to its field. Whoever may log on the account may correct.
    """
    if request.method == "GET":
        account = get_account(request.user, account_id)
        activity = get_activity(request.user, account, activity_id)
        if not request.htmx:
            return redirect(_entry_url(account, activity))
        context = _entry_context(account, activity, can_record_work(request.user))
        return render(request, "web/_timeline_entry.html", context)
    account = get_writable_account(request.user, account_id)
    activity = get_activity(request.user, account, activity_id)
    form = _form(request, account, activity, data=request.POST)
    today, address = timezone.localdate(), reverse("account-detail", args=[account.pk])
    # The page's queue before the write, for the answer to redraw only what changed.
    valid = request.htmx and form.is_valid()
    before = page_queue_at(request.user, address, today) if valid else None
    if form.is_valid():
        try:
            edit_activity(activity=activity, **form.changes())
        except ValidationError as error:
            errors_from(form, error)
    if not form.is_valid():
        # Shown as it is stored now (changed by someone else, maybe), with what was typed.
        activity = get_activity(request.user, account, activity_id)
        status = 200 if request.htmx else 400
        return _form_page(request, account, activity, form, status, stale=_stale(form))
    if not request.htmx:
        return redirect(_entry_url(account, activity))
    context = _entry_context(account, get_activity(request.user, account, activity_id))
    context.update(saved=True, today=today, can_act=True, next_url=address)
    if before is not None:
        context.update(page_follows(request, address, before, today, with_timeline=False))
    return render(request, "web/_edited_activity.html", context)


def _form(
    request: HtmxHttpRequest, account: Account, activity: Activity, **kwargs: Any
) -> ActivityChangesForm:
    seats = account.team.all()  # prefetched with the account
    people = attendee_choices(activity, list_contacts(request.user, account), seats)
    return ActivityChangesForm(people=people, auto_id=f"activity-{activity.pk}-%s", **kwargs)


def _form_page(
    request: HtmxHttpRequest,
    account: Account,
    activity: Activity,
    form: ActivityChangesForm,
    status: int = 200,
    stale: bool = False,
) -> HttpResponse:
    context = {**_entry_context(account, activity), "form": form}
    context.update(version=activity_version(activity), stale=stale)
    template = "web/_timeline_edit.html" if request.htmx else "web/activity_edit.html"
    return render(request, template, context, status=status)


def _stale(form: ActivityChangesForm) -> bool:
    """Tell whether the form was refused because someone saved the entry after it opened."""
    return STALE_EDIT in form.non_field_errors()


def _entry_context(account: Account, activity: Activity, can_write: bool = True) -> dict[str, Any]:
    return {"account": account, "activity": activity, "can_write": can_write}


def _entry_url(account: Account, activity: Activity) -> str:
    """Return the address of an entry on the account page, shown however old it is."""
    url = reverse("account-detail", args=[account.pk])
    return f"{url}?entry={activity.pk}#activity-{activity.pk}"
