"""Bounds on free text: each field's length, said the same way wherever it is written."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from rhythm.accounts.models import OVERRIDE_REASON
from rhythm.accounts.services import override_priority
from rhythm.health.models import HEALTH_NOTE, HealthUpdate
from rhythm.health.services import record_health
from rhythm.lib.text import TextBound
from rhythm.meetings.models import MEETING_TEXTS, Ebr
from rhythm.meetings.services import record_ebr
from rhythm.plans.models import PURCHASE_REASON, Objective, SuccessPlan
from rhythm.plans.services import upsert_objective
from rhythm.surveys.models import SURVEY_COMMENT, SurveyResponse
from rhythm.surveys.services import record_survey_response
from rhythm.timeline.models import ACTIVITY_NOTES, Activity
from rhythm.timeline.services import edit_activity, log_activity

DAY = dt.date(2026, 11, 20)


@pytest.mark.parametrize(
    ("bound", "text", "errors"),
    [
        pytest.param(TextBound("Notes", 5, plural=True), "12345", [], id="at-the-bound"),
        pytest.param(
            TextBound("Notes", 5, plural=True),
            "123456",
            ["Notes are 6 characters; keep them to 5."],
            id="plural",
        ),
        pytest.param(
            TextBound("The comment", 4_000),
            "x" * 12_345,
            ["The comment is 12,345 characters; keep it to 4,000."],
            id="singular-with-thousands",
        ),
        pytest.param(TextBound("Notes", 5, plural=True), "  12345 \n", [], id="kept-stripped"),
        pytest.param(TextBound("Notes", 5, plural=True), "12\r\n45", [], id="crlf-is-one"),
        pytest.param(TextBound("Notes", 5, plural=True), None, [], id="none"),
    ],
)
def test_a_bound_says_how_long_the_text_is_and_how_long_it_may_be(bound, text, errors):
    assert bound.errors(text) == errors


def refused(write) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as error:
        write()
    return error.value.message_dict


def test_activity_notes_are_bounded_when_logged_and_when_corrected(account):
    too_long = "x" * (ACTIVITY_NOTES.limit + 1)
    expected = {"notes": ["Notes are 10,001 characters; keep them to 10,000."]}
    assert (
        refused(lambda: log_activity(account=account, kind="ad_hoc_call", date=DAY, notes=too_long))
        == expected
    )
    logged = log_activity(account=account, kind="ad_hoc_call", date=DAY, notes="x" * 10_000)
    assert refused(lambda: edit_activity(activity=logged, notes=too_long)) == expected
    assert Activity.objects.get().notes == "x" * 10_000


def test_each_other_free_text_field_is_bounded_by_its_service(account, manager):
    over = {bound: "x" * (bound.limit + 1) for bound in (HEALTH_NOTE, SURVEY_COMMENT)}
    assert refused(
        lambda: record_health(account=account, date=DAY, overall="green", note=over[HEALTH_NOTE])
    ) == {"note": ["The note is 4,001 characters; keep it to 4,000."]}
    assert refused(
        lambda: record_survey_response(
            account=account, kind="nps", date=DAY, score=9, comment=over[SURVEY_COMMENT]
        )
    ) == {"comment": ["The comment is 4,001 characters; keep it to 4,000."]}
    reason = "x" * (OVERRIDE_REASON.limit + 1)
    assert refused(
        lambda: override_priority(account=account, priority="P1", reason=reason, by=manager)
    ) == {"reason": ["The reason is 2,001 characters; keep it to 2,000."]}
    plan = SuccessPlan.objects.create(account=account, kind="roi")
    purchase = "x" * (PURCHASE_REASON.limit + 1)
    assert refused(
        lambda: upsert_objective(plan=plan, outcome="Faster close", reason_for_purchase=purchase)
    ) == {"reason_for_purchase": ["The reason for purchase is 4,001 characters; keep it to 4,000."]}
    agenda = "x" * (MEETING_TEXTS["agenda"].limit + 1)
    assert refused(lambda: record_ebr(account=account, planned_on=DAY, agenda=agenda)) == {
        "agenda": ["The agenda is 10,001 characters; keep it to 10,000."]
    }
    written = (HealthUpdate, SurveyResponse, Objective, Ebr)
    assert [model.objects.count() for model in written] == [0, 0, 0, 0]
    account.refresh_from_db()
    assert account.priority_override == ""
