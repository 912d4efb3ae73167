"""The in-place actions that clear a work item: each records what happened through a service.

htmx posts the small form of one row; the view records the fact, recomputes the account's
queue and answers with the row redrawn: "Done — ..." and the rule's new state, if any. Posted
from My day, the answer also carries the page's counts, worked out from the queue after the
write, which htmx swaps in out of band.
Without JavaScript the form posts normally and the view redirects back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from rhythm.accounts.models import Account
from rhythm.accounts.queries import get_writable_account, team_emails
from rhythm.accounts.scoping import member_of
from rhythm.accounts.services import review_priority
from rhythm.adoption.services import record_milestone, record_usage, record_use_case_status
from rhythm.contacts.queries import answering_contact
from rhythm.health.services import check_health, record_health
from rhythm.lib.choices import Rag
from rhythm.lib.codes import code_label
from rhythm.lib.htmx import HtmxHttpRequest
from rhythm.meetings.services import (
    check_held,
    log_held,
    plan_check_in,
    plan_ebr,
    record_after_ebr,
    record_ebr_step,
)
from rhythm.plans.models import ActionOrigin
from rhythm.plans.services import (
    check_action_item,
    qualify_green_plan,
    record_customer_plan_dates,
    upsert_action_item,
)
from rhythm.playbook.queue import Scope, WorkQueue, account_settings, work_queue
from rhythm.playbook.rules.derived import norm
from rhythm.playbook.rules.ebr import step_of
from rhythm.playbook.rules.labels import in_sentence
from rhythm.renewals.models import Renewal
from rhythm.renewals.queries import review_due_on
from rhythm.renewals.services import check_renewal_review, record_renewal_review
from rhythm.surveys.services import check_survey_response, record_survey_response
from rhythm.team.models import TeamMember
from rhythm.web.forms import (
    CheckInItemForm,
    DoneOnItemForm,
    EbrStepItemForm,
    FollowUpItemForm,
    HealthItemForm,
    HoldEbrItemForm,
    ItemActionForm,
    LogItemForm,
    PlanEbrItemForm,
    RenewalReviewItemForm,
    SurveyItemForm,
    UsageItemForm,
    UseCaseItemForm,
    errors_from,
    field_errors,
    merge_errors,
    named_errors,
    split_emails,
)
from rhythm.web.queue_rows import (
    AFTER_EBR,
    CHECK_IN,
    EBR_STEP,
    FOLLOW_UP,
    HEALTH,
    HOLD_EBR,
    LOG,
    MILESTONE,
    PLAN_DATE,
    PLAN_EBR,
    QUALIFY,
    RENEWAL_REVIEW,
    REVIEW,
    SURVEY,
    USAGE,
    USE_CASE,
    InlineAction,
    action_of,
    done_message,
    executive_emails,
    work_rows,
)
from rhythm.web.views.accounts import page_follows
from rhythm.web.views.errors import post_only
from rhythm.web.views.page_queue import page_queue_at


@dataclass(frozen=True)
class Recording:
    """What an in-place action records from: the account, the form's data, who, and when."""

    account: Account
    data: dict[str, Any]
    user: Any
    member: TeamMember | None
    today: dt.date
    action: InlineAction


# Records what an action asks for and returns the detail its done message names.
Recorder = Callable[[Recording], str]

# Says what an action's service would refuse, by field, writing nothing: asked of what a
# form refused on its own fields did take (a field it refused is not in `data`).
Check = Callable[[Recording], Mapping[str, list[str]]]


def _plan_ebr(r: Recording) -> str:
    """Plan the account's next EBR, or move the one being prepared (EBR-1, EBR-2)."""
    plan_ebr(account=r.account, planned_on=r.data["date"])
    return r.data["date"].isoformat()


def _hold_ebr(r: Recording) -> str:
    """Log the EBR being prepared as held, which clears EBR-3's delivery item."""
    emails = split_emails(r.data["attendees"])
    log_held(
        account=r.account,
        kind="ebr",
        date=r.data["date"],
        attendee_emails=emails,
        logged_by=r.member,
    )
    return r.data["date"].isoformat()


def _hold_ebr_errors(r: Recording) -> Mapping[str, list[str]]:
    """What logging the EBR held refuses in its date and attendees (`check_held`)."""
    emails = split_emails(r.data.get("attendees") or "")
    return check_held(
        account=r.account, kind="ebr", date=r.data.get("date"), attendee_emails=emails
    )


def _usage(r: Recording) -> str:
    """Record the licenses activated today, which marks first value once enough are (TTV-2)."""
    count = r.data["licenses"]
    record_usage(account=r.account, date=r.today, licenses_activated=count)
    return f"{count} license{'s' if count != 1 else ''} activated"


def _use_case(r: Recording) -> str:
    """Record a use case's health today, which clears ADOPT-2."""
    use_case, status = r.data["use_case"], r.data["status"]
    record_use_case_status(account=r.account, use_case=use_case, date=r.today, status=status)
    return f"{code_label(use_case)} as {str(Rag(status).label).lower()}"


def _milestone(r: Recording) -> str:
    """Record onboarding complete on a date, which clears TTV-2's onboarding item."""
    record_milestone(account=r.account, milestone=r.action.records, reached_on=r.data["date"])
    return ""


def _qualify(r: Recording) -> str:
    """Qualify the account's green success plan as its manager (PLAN-1)."""
    plan, _ = qualify_green_plan(account=r.account, by=r.member, qualified_on=r.today)
    return f"the {plan.get_kind_display()} plan"


def _check_in(r: Recording) -> str:
    """Log the leadership check-in held on the date, or plan it for a later one (CHK-1)."""
    day = r.data["date"]
    if day > r.today:
        plan_check_in(account=r.account, planned_on=day)
        return "leadership check-in planned for"
    log_held(
        account=r.account,
        kind="leadership_check_in",
        date=day,
        notes=r.data["notes"],
        logged_by=r.member,
    )
    return f"logged {r.action.activity_label} on"


def _check_in_errors(r: Recording) -> Mapping[str, list[str]]:
    """What logging the check-in held refuses in its notes (`check_held`); a check-in planned
    for a later day keeps no notes, which the form says itself."""
    day = r.data.get("date")
    if day is not None and day > r.today:
        return {}
    notes = r.data.get("notes", "")
    return check_held(account=r.account, kind="leadership_check_in", date=day, notes=notes)


def _ebr_step(r: Recording) -> str:
    """Record a preparation step of the EBR being prepared as done (EBR-3)."""
    step, _ = record_ebr_step(account=r.account, number=r.data["step"], done_on=r.data["date"])
    return f"step {step.number}, {in_sentence(step.name)},"


def _after_ebr(r: Recording) -> str:
    """Record the EBR's follow-up email sent (EBR-3) or its success plan updated (EBR-4)."""
    record_after_ebr(account=r.account, field=r.action.records, on=r.data["date"])
    return ""


def _plan_date(r: Recording) -> str:
    """Record the ROI plan shared with the customer, or reviewed with them (PLAN-2)."""
    dates = {r.action.records: r.data["date"]}
    record_customer_plan_dates(account=r.account, by=r.member, **dates)
    return ""


def _log(r: Recording) -> str:
    """Log the call, workshop, kick-off or meeting the item's rule asks for (CAD-1, CAD-2,
    WS-1, TTV-2, EXEC-1), with its minutes and attendees if given; a meeting with an
    executive has them as its attendees, and needs them."""
    emails = split_emails(r.data.get("attendees") or "")
    if needed := _attendees_needed(r, emails):
        raise ValidationError(needed)
    log_held(
        account=r.account,
        kind=r.action.activity_kind,
        date=r.data["date"],
        duration_minutes=r.data.get("duration_minutes"),
        attendee_emails=emails,
        notes=r.data["notes"],
        logged_by=r.member,
    )
    return r.data["date"].isoformat()


def _attendees_needed(r: Recording, emails: list[str]) -> dict[str, list[str]]:
    """Ask who attended where they are what clears the item (EXEC-1: an executive met):
    at least one of the account's executive contacts, by the email on record."""
    if not r.action.with_attendees:
        return {}
    if not emails:
        return {"attendees": ["Name who attended: an executive contact's email."]}
    work = work_queue(r.user, Scope(account=r.account.name), r.today)
    facts = next((f for f in work.book.accounts if f.account_id == r.account.pk), None)
    executives = executive_emails(work, facts) if facts else ()
    if {email.casefold() for email in emails} & {email.casefold() for email in executives}:
        return {}
    if not executives:
        why = (
            f"No executive contact of {r.account.name} has an email on record: add it on the "
            "account page, then log the meeting with them."
        )
    else:
        why = (
            "None of these is an executive contact (director, VP, C-level or decision-maker): "
            f"name one who attended, {' or '.join(executives)}."
        )
    return {"attendees": [why]}


def _log_errors(r: Recording) -> Mapping[str, list[str]]:
    """What logging the item's activity refuses (`check_held`), and attendees it needs."""
    emails = split_emails(r.data.get("attendees") or "")
    errors = check_held(
        account=r.account,
        kind=r.action.activity_kind,
        date=r.data.get("date"),
        duration_minutes=r.data.get("duration_minutes"),
        attendee_emails=emails,
        notes=r.data.get("notes", ""),
    )
    return {**errors, **_attendees_needed(r, emails)}


def _renewal_review(r: Recording) -> str:
    """Record the renewal review an REN-1 item asks for, at that item's stage.

    The item's due date names the renewal and the stage (5 or 3 months before), so a late
    review is recorded for the stage it was late for. With its box ticked, the account team
    that must attend (REN-2's attendee roles: the CSM, AE and SA by default) is logged on it.
    """
    renewal, stage = _review_due(r)
    record_renewal_review(
        renewal=renewal,
        stage=stage,
        held_on=r.data["date"],
        notes=r.data["notes"],
        attendee_emails=_review_team(r),
        logged_by=r.member,
    )
    return r.data["date"].isoformat()


def _review_due(r: Recording) -> tuple[Renewal, str]:
    """Return the renewal and stage whose review the item's due date names, or refuse."""
    renewals = account_settings(r.account).renewals
    due = r.data.get("due")
    found = review_due_on(r.user, r.account, due, renewals.reviews) if due else None
    if found is None:
        raise ValidationError("No renewal review of this account is due then; reload the page.")
    return found


def _review_team(r: Recording) -> list[str] | None:
    """The emails of the team a renewal review is logged with, its box ticked (REN-2's
    attendee roles), else None: the day's entry keeps its attendees."""
    if not r.data.get("with_team"):
        return None
    roles = tuple(norm(role) for role in account_settings(r.account).renewals.attendee_roles)
    return team_emails(r.user, r.account, roles)


def _renewal_review_errors(r: Recording) -> Mapping[str, list[str]]:
    """What recording the review refuses (`check_renewal_review`): its day, its notes."""
    try:
        renewal, stage = _review_due(r)
    except ValidationError as error:
        return {NON_FIELD_ERRORS: error.messages}
    return check_renewal_review(
        renewal=renewal,
        stage=stage,
        held_on=r.data.get("date"),
        notes=r.data.get("notes", ""),
        attendee_emails=_review_team(r),
    )


def _survey(r: Recording) -> str:
    """Record the NPS or CSAT response that clears an NPS-1 item."""
    contact = answering_contact(r.user, r.account, r.data["contact"])
    record_survey_response(
        account=r.account,
        kind=r.data["kind"],
        date=r.data["date"],
        score=r.data["score"],
        contact=contact,
        comment=r.data["comment"].strip(),
    )
    return f"{r.data['kind'].upper()} {r.data['score']}"


def _survey_errors(r: Recording) -> Mapping[str, list[str]]:
    """What recording the answer refuses: a contact not the account's, and what
    `check_survey_response` says of its date, score and comment."""
    try:
        contact = answering_contact(r.user, r.account, r.data.get("contact", ""))
    except ValidationError as error:
        contact, unknown = None, error.message_dict
    else:
        unknown = {}
    errors = check_survey_response(
        account=r.account,
        kind=r.data.get("kind", ""),
        date=r.data.get("date"),
        score=r.data.get("score"),
        contact=contact,
        comment=r.data.get("comment", "").strip(),
    )
    return {**errors, **unknown}


def _health(r: Recording) -> str:
    """Record today's health, which clears HEALTH-1 and REN-2's health items."""
    overall = r.data["overall"]
    record_health(
        account=r.account, date=r.today, overall=overall, note=r.data["note"], updated_by=r.member
    )
    return str(Rag(overall).label).lower()


def _health_errors(r: Recording) -> Mapping[str, list[str]]:
    """What recording today's health refuses in its note (`check_health`)."""
    return check_health(date=r.today, note=r.data.get("note"))


def _review(r: Recording) -> str:
    """Mark the account's priority reviewed today, which clears PRIO-4."""
    review_priority(account=r.account, reviewed_on=r.today, by=r.member)
    return ""


def _follow_up(r: Recording) -> str:
    """Open the action item that evaluates a triaged account's risk (HEALTH-2)."""
    upsert_action_item(
        account=r.account,
        text=r.data["text"],
        created_on=r.today,
        due_on=r.data["due_on"],
        owner_member=r.member,
        origin=ActionOrigin.TRIAGE,
    )
    return r.data["text"]


def _follow_up_errors(r: Recording) -> Mapping[str, list[str]]:
    """What opening the action item refuses in its due date (`check_action_item`)."""
    return check_action_item(created_on=r.today, due_on=r.data.get("due_on"))


# Each kind of in-place action: the form it posts, and what records it.
RECORDERS: dict[str, tuple[type[ItemActionForm], Recorder]] = {
    LOG: (LogItemForm, _log),
    RENEWAL_REVIEW: (RenewalReviewItemForm, _renewal_review),
    SURVEY: (SurveyItemForm, _survey),
    HEALTH: (HealthItemForm, _health),
    REVIEW: (ItemActionForm, _review),
    FOLLOW_UP: (FollowUpItemForm, _follow_up),
    PLAN_EBR: (PlanEbrItemForm, _plan_ebr),
    HOLD_EBR: (HoldEbrItemForm, _hold_ebr),
    AFTER_EBR: (DoneOnItemForm, _after_ebr),
    EBR_STEP: (EbrStepItemForm, _ebr_step),
    CHECK_IN: (CheckInItemForm, _check_in),
    QUALIFY: (ItemActionForm, _qualify),
    PLAN_DATE: (DoneOnItemForm, _plan_date),
    USE_CASE: (UseCaseItemForm, _use_case),
    USAGE: (UsageItemForm, _usage),
    MILESTONE: (DoneOnItemForm, _milestone),
}


# The kinds whose form may take some fields its service refuses while refusing others
# itself: a form refused asks the service's checks about the fields it took, so one
# submission shows all its errors. The others' fields are all the form's to refuse (a date
# alone), or offered only as the service takes them (a use case picked from its list).
CHECKS: dict[str, Check] = {
    LOG: _log_errors,
    RENEWAL_REVIEW: _renewal_review_errors,
    SURVEY: _survey_errors,
    HEALTH: _health_errors,
    FOLLOW_UP: _follow_up_errors,
    HOLD_EBR: _hold_ebr_errors,
    CHECK_IN: _check_in_errors,
}


# What a row says when its item was cleared since its page was drawn.
STALE = (
    "Already cleared since this page was shown (in another tab, or by a teammate): nothing "
    "was recorded again."
)


@login_required
@post_only("account-detail", "account-state")
def item_action(request: HtmxHttpRequest, account_id: int, slug: str) -> HttpResponse:
    """Record what clears an item in place, by kind of action (`queue/log/`, `queue/health/`...).

    Authorize, validate, record through the service, and answer with the row redrawn.
    """
    kind = slug.replace("-", "_")
    if kind not in RECORDERS:
        raise Http404("No such action.")
    form_class, record = RECORDERS[kind]
    account = get_writable_account(request.user, account_id)
    form = form_class(request.POST)
    today = timezone.localdate()
    message = ""
    # The page's rows before the write, for the answer to redraw only what changed.
    valid = request.htmx and form.is_valid()
    before = page_queue_at(request.user, _next(request), today) if valid else None
    stale: WorkQueue | None = None  # the account's queue, when the item was cleared since
    if form.is_valid():
        action = action_of(form.cleaned_data["rule"], kind, form.cleaned_data["records"])
        if action is None:
            form.add_error("rule", "This action does not clear that rule's items.")
        elif early := _before_customer(account, form.cleaned_data):
            form.add_error("date", early)
        elif (
            request.POST.get("row")
            and (stale := _cleared_since(request, account, form, today)) is not None
        ):
            pass  # cleared since the page was drawn: record nothing twice
        else:
            try:
                detail = record(
                    Recording(
                        account,
                        form.cleaned_data,
                        request.user,
                        member_of(request.user),
                        today,
                        action,
                    )
                )
                message = done_message(action, detail, form.cleaned_data.get("date") or today)
            except ValidationError as error:
                errors_from(form, error)
    else:  # every error at once: the service's on what the form took, with the form's
        merge_errors(form, _unrecorded_errors(request, account, form, kind, today))
    if not request.htmx and (message or stale is not None):  # the page gone back to says it
        messages.info(request, f"{account.name}: {STALE if stale is not None else message}")
        return redirect(_next(request))
    context = _result_context(request, account, form, message, today, kind, work=stale)
    context["stale"] = stale is not None
    context["stale_message"] = STALE
    if request.htmx:  # htmx swaps only 2xx answers: the row shows the errors in place
        if message and before is not None:  # recorded: the page follows the queue rebuilt
            acted, known = request.POST.get("row", ""), context["work"]
            context.update(
                page_follows(request, _next(request), before, today, acted=acted, known=known)
            )
        return render(request, "web/_queue_result.html", context)
    return render(request, "web/queue_action.html", context, status=400)


def _before_customer(account: Account, data: Mapping[str, Any]) -> str:
    """Refuse a day before the account became a customer: the rules count nothing from
    then (a call before the sale is not a cadence call), so it would clear no item. Such
    history is logged on the account page's timeline."""
    day, start = data.get("date"), account.initial_transaction_date
    if day is None or start is None or day >= start:
        return ""
    return (
        f"{day.isoformat()} is before {account.name} became a customer on "
        f"{start.isoformat()}: work done then clears no item. Log such history on the "
        "account page."
    )


def _unrecorded_errors(
    request: HtmxHttpRequest, account: Account, form: ItemActionForm, kind: str, today: dt.date
) -> Mapping[str, list[str]]:
    """Return what the action's service would refuse in the fields the form took, though
    the form refused others (a date it could not read): nothing for a kind with no such
    check (`CHECKS`), or a form that did not say which rule's item it clears."""
    data = form.cleaned_data
    check = CHECKS.get(kind)
    action = action_of(data["rule"], kind, data.get("records", "")) if "rule" in data else None
    if check is None or action is None:
        return {}
    return check(Recording(account, data, request.user, member_of(request.user), today, action))


def _cleared_since(
    request: HtmxHttpRequest, account: Account, form: ItemActionForm, today: dt.date
) -> WorkQueue | None:
    """Return the account's queue when the item a page's row posted for (its rule and due
    date, and for an EBR preparation step its step) is no longer in it, else None: a second
    tab, the back button or a second click may post for an item already cleared, which
    must not log the call twice. The answer redraws the row from that queue, nothing having
    changed since. Two steps of one EBR can fall due the same day: the step tells them apart."""
    rule, due = form.cleaned_data["rule"], form.cleaned_data.get("due")
    step = form.cleaned_data.get("step")
    dated = "due" in request.POST  # a page's row always says (empty for a standing flag)
    work = work_queue(request.user, Scope(account=account.name), today)
    still_open = any(
        item.rule == rule
        and (item.due == due or not dated)
        and (step is None or step_of(item.action) == step)
        for item in work.items
    )
    return None if still_open else work


def _result_context(
    request: HtmxHttpRequest,
    account: Account,
    form: ItemActionForm,
    message: str,
    today: dt.date,
    kind: str,
    *,
    work: WorkQueue | None = None,
) -> dict[str, Any]:
    """Recompute the account's queue (unless given, as it stands) and pick the rows of the
    item's rule."""
    if work is None:
        work = work_queue(request.user, Scope(account=account.name), today)
    rule = request.POST.get("rule", "")
    rows = work_rows(request.user, work, [item for item in work.items if item.rule == rule])
    due = form.cleaned_data.get("due") if hasattr(form, "cleaned_data") else None
    posted_row = request.POST.get("row", "")
    row = next(
        (r for r in rows if r.dom_id == posted_row),
        next((r for r in rows if r.item.due == due), rows[0] if rows else None),
    )
    # A row redrawn with errors keeps what was typed and shows each field's errors beside
    # it, when it is the form posted (another row of the rule has other fields).
    same_form = row is not None and row.action is not None and row.action.kind == kind
    beside = field_errors(form) if same_form else {}
    return {
        "work": work,
        "account": account,
        "rule": rule,
        "message": message,
        "remaining": rows,
        "row": row,
        "errors": named_errors(form, beside=beside),
        "field_errors": beside,
        "posted": request.POST if form.errors else None,
        "today": today,
        "can_act": True,
        "open": True,
        "next_url": _next(request),
    }


def _next(request: HtmxHttpRequest) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "/"
