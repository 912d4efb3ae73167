"""Small template helpers for the pages: relative due dates, the nav label, phases, use cases."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.forms import BoundField
from django.utils.html import format_html_join

from rhythm.accounts.models import Phase
from rhythm.accounts.scoping import member_of, sees_everything
from rhythm.health.models import HEALTH_NOTE
from rhythm.lib import codes
from rhythm.surveys.models import SURVEY_COMMENT
from rhythm.team.models import Role
from rhythm.timeline.models import ACTIVITY_NOTES
from rhythm.web.activity_hints import ActivityHints, activity_hints
from rhythm.web.forms import LogItemForm, SurveyScale, survey_scales

register = template.Library()


@register.filter
def relative_due(due: dt.date | None, on: dt.date) -> str:
    """Say when an item is due relative to the page's date: 'today', 'in 3 days', '5 days late'."""
    if due is None:
        return "now"
    days = (due - on).days
    if days == 0:
        return "today"
    plural = "s" if abs(days) != 1 else ""
    return f"in {days} day{plural}" if days > 0 else f"{-days} day{plural} late"


@register.simple_tag
def dashboard_label(user: Any) -> str:
    """Name the dashboard link for this person: 'Team', 'My book', or '' when they have none."""
    if sees_everything(user):
        return "Team"
    member = member_of(user)
    if member is None:
        return ""
    labels: dict[str, str] = {Role.MANAGER: "Team", Role.CSM: "My book"}
    return labels.get(member.role, "")


@register.simple_tag
def log_hints(account: Any) -> ActivityHints:
    """What the rules look for in an activity logged on the account (REN-2, MGR-1, EXEC-1)."""
    return activity_hints(account)


@register.simple_tag
def use_case_choices() -> list[tuple[str, str]]:
    """The playbook's use cases, code and words, for a form that records one."""
    return codes.labelled(codes.USE_CASES)


@register.simple_tag
def log_item_form(posted: Any = None) -> LogItemForm:
    """The form a queue row logs a call or kick-off with, for its minutes and attendees
    fields as the account page's activity form has them (with what was `posted`, when the
    row is shown again with its errors)."""
    return LogItemForm(posted or None)


@register.simple_tag(takes_context=True)
def field_error(context: template.Context, name: str) -> str:
    """Show a queue row's errors of one field next to it (`field_errors`, by field)."""
    errors = (context.get("field_errors") or {}).get(name) or []
    return format_html_join("", '<span class="error">{}</span>', ((error,) for error in errors))


@register.simple_tag
def survey_choices() -> list[SurveyScale]:
    """The survey kinds with their scales (NPS 0-10, CSAT 1-5), for a form that records one."""
    return survey_scales()


@register.simple_tag
def oob_widget(field: BoundField, target: str) -> str:
    """Draw a form field's widget to replace the page's (`target`, a CSS selector) out of
    band: My day's filter menus, their counts worked out again after an in-place action."""
    return field.as_widget(attrs={"hx-swap-oob": f"outerHTML:{target}"})


@register.simple_tag
def chosen_scale(scales: list[SurveyScale], kind: str | None) -> SurveyScale:
    """The survey picked (`kind`, as posted) among `scales`, or the first when none is."""
    return next((scale for scale in scales if scale.kind == kind), scales[0])


@register.filter
def code_label(code: str) -> str:
    """Name a playbook code in words: 'devsecops' as 'DevSecOps', 'smb' as 'SMB'."""
    return codes.code_label(code)


@register.filter
def reason_topics(reasons: tuple[str, ...]) -> str:
    """Name what a priority's reasons are about, each once, in their order: the words before
    each one's colon ('Low use-case adoption · At risk'), short enough to read in a list."""
    topics = dict.fromkeys(reason.split(": ", 1)[0].strip() for reason in reasons)
    return " · ".join(topic for topic in topics if topic)


@register.filter
def phase_label(phase: str) -> str:
    """Name a lifecycle phase code as the handbook does: 'onboard' -> 'Align and onboard'."""
    return dict(Phase.choices).get(phase, phase)


# The free-text inputs a queue row writes by hand, by name, with the bound each one's
# service checks (`lib.text`).
TEXT_BOUNDS = {"notes": ACTIVITY_NOTES, "note": HEALTH_NOTE, "comment": SURVEY_COMMENT}


@register.simple_tag
def text_limit(name: str) -> int:
    """Return how many characters a queue row's free-text input takes (its `maxlength`)."""
    return TEXT_BOUNDS[name].limit
