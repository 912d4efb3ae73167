"""The account list, the account page (state, queue, timeline) and what it records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote, urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from rhythm.accounts.models import Account
from rhythm.accounts.queries import (
    get_account,
    get_writable_account,
    list_accounts,
    priority_history,
    search_accounts,
)
from rhythm.accounts.scoping import can_record_work, member_of
from rhythm.accounts.services import is_csm_manager, override_priority
from rhythm.accounts.sorting import with_list_columns
from rhythm.contacts.queries import list_contacts
from rhythm.contacts.services import add_contact, check_new_contact
from rhythm.lib.htmx import HtmxHttpRequest
from rhythm.meetings.services import check_held, log_held
from rhythm.plans.queries import list_success_plans, open_action_items
from rhythm.playbook.queue import (
    ListedAccount,
    Scope,
    ScopeError,
    WorkQueue,
    csm_book,
    kpi_accounts_of,
    listed_accounts,
    listed_accounts_of,
    team_books,
    work_queue,
)
from rhythm.playbook.rules.onboarding import milestone_dates
from rhythm.web.account_sorting import Sorting, ordered, sorted_ids
from rhythm.web.addresses import to_the_point
from rhythm.web.adoption_panel import adoption_section
from rhythm.web.dashboard import behind_labels
from rhythm.web.forms import (
    AccountSearchForm,
    ActionItemForm,
    ActivityForm,
    ContactForm,
    PriorityOverrideForm,
    errors_from,
    form_ids,
    merge_errors,
)
from rhythm.web.meetings_panel import meetings_section
from rhythm.web.plan_panels import plan_section
from rhythm.web.queue_rows import member_names, row_changes, work_rows
from rhythm.web.renewal_panel import renewal_section
from rhythm.web.timeline_panel import timeline_page
from rhythm.web.viewpoint import viewpoint_of
from rhythm.web.views.errors import post_only
from rhythm.web.views.page_queue import PageQueue, page_queue_at

# Accounts a page of the account list shows.
ACCOUNTS_PER_PAGE = 50


@login_required
@to_the_point
def account_list(request: HttpRequest) -> HttpResponse:
    """List the accounts in the user's view, a page at a time, optionally those matching text,
    of one CSM's book and behind a KPI's target, each with its priority, health, engagement,
    triage and phase as the rules see them today, sorted by any column (`web.account_sorting`)."""
    viewpoint = viewpoint_of(request.user)
    form = AccountSearchForm(request.GET, csms=viewpoint.csms, teams=viewpoint.teams)
    sorting = Sorting.of(request.GET)
    book = _chosen_book(request.user, form)
    text = form.text()  # None once any filter is refused: the form says why
    found = with_list_columns(
        search_accounts(request.user, text)
        if text is not None
        else list_accounts(request.user).none()
    )
    if book is not None and text is not None:
        found = found.filter(pk__in=book.values("pk"))
    csm, behind, behind_label = form.chosen_csm(), form.behind_key(), ""
    scope, team = viewpoint.narrowed(csm, form.chosen_team())
    today = timezone.localdate()
    work = None
    if behind:  # the accounts keeping a KPI from its target, as the dashboard counts them
        work = work_queue(request.user, scope, today)
        behind_label = behind_labels(work.settings)[behind]
    page, accounts, listed = _sorted_page(request, found, sorting, work, behind, today)
    kept = _kept_query(text or "", behind, csm, team.email if team is not None else "")
    csm_name = dict(viewpoint.csms).get(csm or "", csm or "")
    # A `csm` not the person's to pick, set aside: said, unless it is their own book.
    set_aside = form.csm_set_aside
    if set_aside.casefold() == (viewpoint.scope.csm or "").casefold():
        set_aside = ""
    context = {
        "form": form,
        "text": text if text is not None else request.GET.get("q", ""),
        "refused": text is None,  # the form shows why
        "page": page,
        "rows": [(account, listed.get(account.pk)) for account in accounts],
        "query": kept + sorting.query(),
        "sorting": sorting,
        "headers": sorting.headers(kept),
        "filtered": bool(text or behind or csm or team),
        "behind": behind,
        "behind_label": behind_label,
        "csm": csm,
        "csm_name": csm_name,
        "csm_set_aside": set_aside,
        "team_name": team.name if team is not None else "",  # its manager's
        "today": today,  # a renewal date before it is overdue, still open
        "viewpoint_kind": viewpoint.kind,  # whose accounts an empty list is missing
    }
    if text and not page.paginator.count:
        context["any_account"] = list_accounts(request.user).exists()
    return render(request, "web/account_list.html", context)


def _chosen_book(user: Any, form: AccountSearchForm) -> QuerySet[Account] | None:
    """Return the accounts of the book of the CSM the form picks, else of the team it
    picks, within the user's view (`playbook.queue.csm_book`, `team_books`), or None for
    neither; one the user may not pick is refused on the form's field."""
    csm, team = form.chosen_csm(), form.chosen_team()
    field, email, books = ("csm", csm, csm_book) if csm else ("team", team, team_books)
    if email is None:
        return None
    try:
        return books(user, email)
    except ScopeError as error:
        form.add_error(field, str(error))
        return None


def _sorted_page(
    request: HttpRequest,
    found: QuerySet[Account],
    sorting: Sorting,
    work: WorkQueue | None,
    behind: str,
    today: dt.date,
) -> tuple[Page[Any], list[Account], dict[int, ListedAccount]]:
    """Return the page of `found` asked for in the order asked for, its accounts and their
    states on `today` (the queue's day); with `work`, only the accounts `behind` a KPI of
    that queue.

    A column the database holds is sorted and paged there. Behind a KPI, or by a column
    the rules derive, the ordered ids are paged in Python: the accounts behind a KPI may be
    tens of thousands, more than a database takes as the values of one `IN` list, and a
    derived column is known only once every account's state is (the queue's, behind a KPI).
    """
    listed: dict[int, ListedAccount] | None = None
    if work is not None:
        wanted = set(kpi_accounts_of(work, behind))
        ids: list[int] | None = [
            pk for pk in ordered(found, sorting, today).values_list("pk", flat=True) if pk in wanted
        ]
        listed = listed_accounts_of(work) if sorting.derived else None
    elif sorting.derived:
        listed = listed_accounts(request.user, found, today)
        ids = list(ordered(found, sorting, today).values_list("pk", flat=True))
    else:
        ids = None
    number = request.GET.get("page")
    if ids is None:
        page: Page[Any] = Paginator(ordered(found, sorting, today), ACCOUNTS_PER_PAGE).get_page(
            number
        )
        accounts = list(page.object_list)
    else:
        ids = sorted_ids(ids, listed, sorting) if listed is not None else ids
        page = Paginator(ids, ACCOUNTS_PER_PAGE).get_page(number)
        by_id = found.in_bulk(list(page.object_list))
        accounts = [by_id[pk] for pk in page.object_list]
    if listed is None:
        listed = listed_accounts(request.user, [a.pk for a in accounts], today)
    return page, accounts, listed


def _kept_query(text: str, behind: str, csm: str | None, team: str) -> str:
    """Return what a page of the list keeps in its links: the text, the KPI, the CSM and
    the team."""
    kept = {"q": text, "behind": behind, "csm": csm or "", "team": team}
    kept = {key: value for key, value in kept.items() if value}
    return f"{urlencode(kept, quote_via=quote)}&" if kept else ""


@never_cache  # the back button shows it as it stands, not before an in-place action
@login_required
def account_detail(request: HttpRequest, account_id: int) -> HttpResponse:
    """Show one account: its state as the playbook sees it, its queue, team and timeline."""
    account = get_account(request.user, account_id)
    context = detail_context(request, account, ActivityForm())
    return render(request, "web/account_detail.html", context)


@login_required
@post_only("account-detail", "timeline-card")
def account_log_activity(request: HtmxHttpRequest, account_id: int) -> HttpResponse:
    """Log an activity from the account page; htmx gets the refreshed timeline back, with
    what else the activity changed on the page (its queue, state and panels) out of band."""
    account = get_writable_account(request.user, account_id)
    form = ActivityForm(request.POST)
    today = timezone.localdate()
    address = reverse("account-detail", args=[account.pk])
    # The page's queue before the write, for the answer to redraw only what changed.
    before = (
        page_queue_at(request.user, address, today) if request.htmx and form.is_valid() else None
    )
    if form.is_valid():
        try:
            log_held(
                account=account,
                kind=form.cleaned_data["kind"],
                date=form.cleaned_data["date"],
                duration_minutes=form.cleaned_data["duration_minutes"],
                notes=form.cleaned_data["notes"],
                attendee_emails=form.attendee_emails(),
                logged_by=member_of(request.user),
            )
        except ValidationError as error:
            errors_from(form, error)
    else:  # every error at once: the service's on what the form took, with the form's
        merge_errors(form, _unlogged_errors(account, form))
    saved = form.is_valid()
    if not request.htmx:
        if saved:
            return redirect("account-detail", account_id=account.pk)
        page = detail_context(request, account, form)
        return render(request, "web/account_detail.html", page, status=400)
    context: dict[str, Any] = {
        "account": account,
        "timeline": timeline_page(request, account),
        "form": ActivityForm() if saved else form,
        "saved": saved,
        "can_write": True,
    }
    if saved and before is not None:  # the timeline is the answer itself
        context.update(page_follows(request, address, before, today, with_timeline=False))
        context.update(today=today, can_act=True, next_url=address)
    return render(request, "web/_logged_activity.html", context)


def _unlogged_errors(account: Account, form: ActivityForm) -> Mapping[str, list[str]]:
    """Return what `log_held` would refuse in the fields the form took, though the form
    refused others (no date): so one submission shows all its errors."""
    data = form.cleaned_data
    return check_held(
        account=account,
        kind=data.get("kind", ""),
        date=data.get("date"),
        duration_minutes=data.get("duration_minutes"),
        notes=data.get("notes", ""),
        attendee_emails=form.attendee_emails(),
    )


@login_required
def account_timeline(request: HtmxHttpRequest, account_id: int) -> HttpResponse:
    """Show a page of the account's timeline, newest first: htmx appends it to the account
    page's ("Show older"); without it, a page of its own with links to older and newer."""
    account = get_account(request.user, account_id)
    context = {"account": account, "timeline": timeline_page(request, account)}
    # Appended to the account page, its entries may be edited there as the others are.
    context["can_write"] = bool(request.htmx) and can_record_work(request.user)
    template = "web/_timeline_items.html" if request.htmx else "web/account_timeline.html"
    return render(request, template, context)


@login_required
@post_only("account-detail", "contacts")
def account_add_contact(request: HttpRequest, account_id: int) -> HttpResponse:
    """Add a customer contact from the account page; errors come back on the form."""
    account = get_writable_account(request.user, account_id)
    form = ContactForm(request.POST, contacts=list_contacts(request.user, account))

    def save() -> object:
        values = form.contact_values()
        return add_contact(account=account, name=values.pop("name"), **values)

    def check(data: dict[str, Any]) -> dict[str, list[str]]:
        return check_new_contact(account=account, name=data.get("name"), email=data.get("email"))

    return save_on_page(
        request, account, form, key="contact", section="contacts", save=save, check=check
    )


@login_required
@post_only("account-detail", "account-state")
def account_override_priority(request: HtmxHttpRequest, account_id: int) -> HttpResponse:
    """Override the account's priority with a reason (PRIO-2); the service decides who may."""
    account = get_account(request.user, account_id)
    member = member_of(request.user)
    if member is None:
        raise PermissionDenied("Only a CSM manager may override an account's priority.")
    form = PriorityOverrideForm(request.POST)
    if form.is_valid():
        try:
            override_priority(
                account=account,
                priority=form.cleaned_data["priority"],
                reason=form.cleaned_data["reason"],
                by=member,
            )
        except ValidationError as error:
            errors_from(form, error)
    saved = form.is_valid()
    if not request.htmx:
        if saved:
            return redirect("account-detail", account_id=account.pk)
        context = detail_context(request, account, ActivityForm(), override_form=form)
        return render(request, "web/account_detail.html", context, status=400)
    override_form = None if saved else form
    context = {**_state_context(request, account, override_form), "saved_override": saved}
    return render(request, "web/_account_state.html", context)


def _state_context(
    request: HttpRequest,
    account: Account,
    override_form: PriorityOverrideForm | None = None,
    work: WorkQueue | None = None,
) -> dict[str, Any]:
    """The account's state as the playbook sees it today (with its milestones, recorded or
    worked out), and its own queue (`work`, if already built)."""
    today = timezone.localdate()
    work = work or work_queue(request.user, Scope(account=account.name), today)
    state = next((s for s in work.accounts if s.account_id == account.pk), None)
    facts = next((a for a in work.book.accounts if a.account_id == account.pk), None)
    names = member_names(work.book.members)
    override = state.status.priority.override if state else None
    settings = work.account_settings(facts) if facts else work.settings
    return {
        "account": account,
        "state": state,
        "facts": facts,
        "account_settings": settings,  # its CSM's team's, its segment's
        "milestone_dates": milestone_dates(facts, settings, today) if facts else None,
        "override_by": names.get((override.by or "").casefold(), override.by) if override else "",
        "priority_history": list(priority_history(request.user, account)),  # PRIO-2, newest first
        "rows": work_rows(request.user, work),
        "today": today,
        "can_act": can_record_work(request.user),
        "can_override": is_csm_manager(member_of(request.user)),
        "override_form": override_form or _override_initial(account),
    }


def _override_initial(account: Account) -> PriorityOverrideForm:
    initial = {"priority": account.priority_override, "reason": account.priority_override_reason}
    return PriorityOverrideForm(initial=initial)


def detail_context(
    request: HttpRequest,
    account: Account,
    form: ActivityForm,
    override_form: PriorityOverrideForm | None = None,
    bound: Mapping[str, Any] | None = None,
    work: WorkQueue | None = None,
) -> dict[str, Any]:
    """Everything the account page shows; `bound` holds submitted forms to show again, and
    `work` is the account's queue of today, if already built.

    Its keys: "contact", "action" and "close_action" (the action items), a plan's kind,
    "objective:KIND" and "new" (`plan_section`),
    "use_case" and "milestone" (`adoption_section`), "ebr" and "check_in"
    (`meetings_section`), "renewal" (`renewal_section`).
    """
    bound = bound or {}
    state = _state_context(request, account, override_form, work)
    contacts = list(list_contacts(request.user, account))
    plans = plan_section(
        list(list_success_plans(request.user, account)),
        can_qualify=is_csm_manager(member_of(request.user)),
        contacts=contacts,
        members=team_members(account),
        bound=bound,
    )
    return {
        **state,
        "contacts": contacts,
        "contact_form": bound.get("contact")
        or ContactForm(contacts=contacts, auto_id=form_ids("contact")),
        "plans": plans,
        "actions": open_action_items(request.user, account),
        "action_form": bound.get("action") or ActionItemForm(auto_id=form_ids("action")),
        "close_action_form": bound.get("close_action"),
        "adoption": adoption_section(request.user, account, bound, state["milestone_dates"]),
        "meetings": meetings_section(request.user, account, bound),
        "renewal": renewal_section(
            request.user, account, bound, state["facts"], state["account_settings"]
        ),
        "timeline": timeline_page(request, account),
        "form": form,
        "can_write": can_record_work(request.user),
    }


def account_page_parts(
    request: HttpRequest, account: Account, work: WorkQueue, *, with_timeline: bool = True
) -> str:
    """Render what a write from the account page may change besides its queue (its figures,
    state, panels and, `with_timeline`, its timeline) for htmx to swap in out of band."""
    account.refresh_from_db()  # its figures as the write left them
    context = detail_context(request, account, ActivityForm(), work=work)
    context["with_timeline"] = with_timeline
    return render_to_string("web/_account_page_oob.html", context, request)


def page_follows(
    request: HttpRequest,
    address: str,
    before: PageQueue,
    today: dt.date,
    *,
    acted: str = "",
    known: WorkQueue | None = None,
    with_timeline: bool = True,
) -> dict[str, Any]:
    """Return what an htmx answer carries for the page at `address` to follow a write: its
    lists after it (`page`), the rows that left and joined (`changes`; `acted` is the row the
    answer itself replaces) and, on an account page, its other parts (`account_parts`).
    Nothing for a page without a queue. `known` is the account's queue already rebuilt."""
    after = page_queue_at(request.user, address, today, known=known)
    if after is None:
        return {}
    found: dict[str, Any] = {
        "page": after,
        "changes": row_changes(before.lists, after.lists, acted),
    }
    if after.account is not None and after.work is not None:
        parts = account_page_parts(request, after.account, after.work, with_timeline=with_timeline)
        found["account_parts"] = parts
    return found


def page_with_errors(
    request: HttpRequest, account: Account, bound: Mapping[str, Any]
) -> HttpResponse:
    """Show the account page again with the submitted forms and their errors."""
    context = detail_context(request, account, ActivityForm(), bound=bound)
    return render(request, "web/account_detail.html", context, status=400)


def save_on_page(
    request: HttpRequest,
    account: Account,
    form: Any,
    *,
    key: str,
    section: str,
    save: Callable[[], object],
    check: Callable[[dict[str, Any]], Mapping[str, list[str]]] | None = None,
) -> HttpResponse:
    """Validate a form of the account page, save it, and go back to its section.

    `save` runs only on a valid form and calls the one service; its ValidationError shows
    on the form, on the page shown again (status 400) with the form as `bound[key]`. A
    form refused on its own fields asks `check` (the service's checks, writing nothing)
    about the fields it took, so one submission shows all its errors at once.
    """
    if form.is_valid():
        try:
            save()
        except ValidationError as error:
            errors_from(form, error)
        else:
            return redirect(section_url(account, section))
    elif check is not None:
        merge_errors(form, check(form.cleaned_data))
    form.auto_id = form_ids(key)  # shown again among the page's other forms
    return page_with_errors(request, account, {key: form})


def section_url(account: Account, section: str) -> str:
    """Return the address of a part of the account page: its contacts, plans, adoption."""
    return f"{reverse('account-detail', args=[account.pk])}#{section}"


def team_members(account: Account) -> list[Any]:
    """Return the people on the account's team, who may own an objective on our side."""
    return [seat.member for seat in account.team.all()]
