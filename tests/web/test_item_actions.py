"""The in-place actions on My day: each records through its service and redraws the row.

Every action is tested as allowed, forbidden (leadership: 403) and invisible (an outsider:
404); the denied cases check that nothing changed.
"""

import datetime as dt
import re

import pytest

from rhythm.accounts.models import Account
from rhythm.adoption.models import Milestone, UseCaseStatus
from rhythm.health.models import HealthUpdate
from rhythm.meetings.models import Ebr, EbrStep, LeadershipCheckIn
from rhythm.plans.models import ActionItem, SuccessPlan
from rhythm.playbook.rules.dates import add_months
from rhythm.renewals.models import RenewalReview
from rhythm.surveys.models import SurveyResponse
from rhythm.timeline.models import Activity
from tests.factories import ContactFactory
from tests.web.pages import logged_in, shown_items, today, with_late_call

HTMX = {"HTTP_HX_REQUEST": "true"}


def log_call(on=None, **extra):
    return {"rule": "CAD-1", "date": (on or today()).isoformat(), "notes": "Went well", **extra}


ACTIONS = {
    "log": lambda: log_call(),
    "health": lambda: {"rule": "HEALTH-1", "overall": "yellow", "note": "Sponsor moved"},
    "review": lambda: {"rule": "PRIO-4"},
    "follow-up": lambda: {"rule": "HEALTH-2", "text": "Evaluate the renewal risk"},
    "survey": lambda: {"rule": "NPS-1", "date": today().isoformat(), "kind": "nps", "score": "9"},
    "plan-ebr": lambda: {"rule": "EBR-2", "date": (today() + dt.timedelta(days=30)).isoformat()},
    "hold-ebr": lambda: {"rule": "EBR-3", "date": today().isoformat()},
    "after-ebr": lambda: {"rule": "EBR-4", "date": today().isoformat()},
    "ebr-step": lambda: {"rule": "EBR-3", "step": "1", "date": today().isoformat()},
    "check-in": lambda: {"rule": "CHK-1", "date": today().isoformat()},
    "qualify": lambda: {"rule": "PLAN-1"},
    "plan-date": lambda: {"rule": "PLAN-2", "date": today().isoformat()},
    "use-case": lambda: {"rule": "ADOPT-2", "use_case": "ci", "status": "green"},
    "usage": lambda: {"rule": "TTV-2", "licenses": "60"},
    "milestone": lambda: {
        "rule": "TTV-2",
        "records": "onboarding_complete",
        "date": today().isoformat(),
    },
    "renewal-review": lambda: {
        "rule": "REN-1",
        "due": today().isoformat(),
        "date": today().isoformat(),
        "with_team": "on",
    },
}


def snapshot(account):
    """Everything the actions can change on an account."""
    account.refresh_from_db()
    return (
        Activity.objects.filter(account=account).count(),
        HealthUpdate.objects.filter(account=account).count(),
        ActionItem.objects.filter(account=account).count(),
        RenewalReview.objects.filter(renewal__account=account).count(),
        SurveyResponse.objects.filter(account=account).count(),
        list(Ebr.objects.filter(account=account).values()),
        EbrStep.objects.filter(ebr__account=account).count(),
        LeadershipCheckIn.objects.filter(account=account).count(),
        list(SuccessPlan.objects.filter(account=account).values()),
        UseCaseStatus.objects.filter(account=account).count(),
        Milestone.objects.filter(account=account).count(),
        account.priority_reviewed_on,
        account.licenses_activated,
    )


def test_logging_a_call_clears_the_late_cadence_item(client, alice):
    account = with_late_call(alice, "Acme Corp")
    logged_in(client, alice)
    before = [i.state for i in shown_items(client.get("/")) if i.rule == "CAD-1"]
    assert before == ["late"]
    response = client.post(f"/accounts/{account.pk}/queue/log/", log_call(), **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Done — logged a cadence call on {today().isoformat()}." in html
    next_due = today() + dt.timedelta(days=14)
    assert f"Next for CAD-1: coming, due {next_due.isoformat()} (in 14 days): " in html
    call = Activity.objects.filter(account=account).latest("id")
    assert (call.kind, call.date, call.notes, call.logged_by) == (
        "cadence_call",
        today(),
        "Went well",
        alice,
    )
    after = [i.state for i in shown_items(client.get("/")) if i.rule == "CAD-1"]
    assert after == ["coming"]


@pytest.mark.parametrize(
    ("rule", "kind"),
    [("CAD-2", "cadence_call"), ("WS-1", "workshop"), ("TTV-2", "onboarding_kickoff")],
)
def test_the_rule_decides_the_kind_logged(client, alice, rule, kind):
    account = with_late_call(alice, "Acme Corp")
    logged_in(client, alice)
    response = client.post(f"/accounts/{account.pk}/queue/log/", log_call(rule=rule), **HTMX)
    assert response.status_code == 200
    assert Activity.objects.filter(account=account).latest("id").kind == kind


def test_a_manager_may_clear_a_report_s_item(client, manager, alice):
    account = with_late_call(alice, "Acme Corp")
    response = logged_in(client, manager).post(
        f"/accounts/{account.pk}/queue/log/", log_call(), **HTMX
    )
    assert response.status_code == 200
    assert Activity.objects.filter(account=account).latest("id").logged_by == manager


def test_a_future_date_is_refused_in_place_and_writes_nothing(client, alice):
    account = with_late_call(alice, "Acme Corp")
    before = snapshot(account)
    tomorrow = today() + dt.timedelta(days=1)
    response = logged_in(client, alice).post(
        f"/accounts/{account.pk}/queue/log/", log_call(on=tomorrow), **HTMX
    )
    assert response.status_code == 200  # htmx swaps only 2xx
    assert "is in the future; log what has happened." in response.content.decode()
    assert 'data-rule="CAD-1"' in response.content.decode()
    assert snapshot(account) == before


@pytest.mark.parametrize(("path", "rule"), [("log", "CAD-1"), ("check-in", "CHK-1")])
def test_a_day_before_the_account_was_a_customer_is_refused_in_place(client, alice, path, rule):
    """A call or check-in dated 1990 would clear nothing (the rules count from the sale):
    refused beside the date, rather than 'Done' over the same late item."""
    account = with_late_call(alice, "Acme Corp")  # a customer since 2025-06-01
    before = snapshot(account)
    body = log_call(rule=rule, on=dt.date(1990, 5, 5))
    html = (
        logged_in(client, alice)
        .post(f"/accounts/{account.pk}/queue/{path}/", body, **HTMX)
        .content.decode()
    )
    assert "1990-05-05 is before Acme Corp became a customer on 2025-06-01" in html
    assert "Done" not in html
    assert snapshot(account) == before


def test_a_refused_call_keeps_what_was_typed_and_says_why_beside_the_date(client, alice):
    """A CSM who typed minutes, attendees and notes and picked a wrong date finds them all
    still there, with the reason under the date, not a blank form."""
    account = with_late_call(alice, "Acme Corp")
    tomorrow = (today() + dt.timedelta(days=1)).isoformat()
    body = log_call(duration_minutes="45", attendees="ana@acme.test", notes="Went well")
    body["date"] = tomorrow
    html = (
        logged_in(client, alice)
        .post(f"/accounts/{account.pk}/queue/log/", body, **HTMX)
        .content.decode()
    )
    assert re.search(
        rf'name="date" value="{tomorrow}"[^>]*><span class="error">{tomorrow} is in the future;',
        html,
    )
    assert re.search(r'name="duration_minutes" value="45"', html)
    assert re.search(r'name="attendees" value="ana@acme.test"', html)
    assert 'name="notes" value="Went well"' in html
    assert '<p class="error" role="alert">' not in html  # said once, beside the field


def test_a_refused_health_update_keeps_the_colour_picked(client, alice):
    account = with_late_call(alice, "Acme Corp")
    too_long = "x" * 4001
    html = (
        logged_in(client, alice)
        .post(
            f"/accounts/{account.pk}/queue/health/",
            {"rule": "HEALTH-1", "overall": "red", "note": too_long},
            **HTMX,
        )
        .content.decode()
    )
    assert 'value="red" checked' in html
    assert f'name="note" value="{too_long}"' in html
    assert 'maxlength="4000"' in html  # the browser stops there; the service says why
    assert "The note is 4,001 characters; keep it to 4,000.</span>" in html
    assert not HealthUpdate.objects.filter(account=account).exists()


def page_row(client, rule):
    """The row of My day's first item of `rule`: its item and the id its form posts."""
    sections = client.get("/").context["sections"]
    return next(row for section in sections for row in section.rows if row.item.rule == rule)


@pytest.mark.parametrize("htmx", [True, False])
def test_a_stale_page_does_not_log_a_cleared_call_twice(client, alice, htmx):
    """A second tab, or the back button, still shows the late call once it is logged: its
    form posts for an item no longer open, and nothing is recorded again."""
    account = with_late_call(alice, "Acme Corp")
    logged_in(client, alice)
    row = page_row(client, "CAD-1")
    body = log_call(due=row.item.due.isoformat(), row=row.dom_id, next="/")
    first = client.post(f"/accounts/{account.pk}/queue/log/", body, **HTMX)
    assert "Done — logged a cadence call" in first.content.decode()
    calls = Activity.objects.filter(account=account).count()
    body["notes"] = "Typed in the other tab"  # not the same call logged again
    again = client.post(f"/accounts/{account.pk}/queue/log/", body, **(HTMX if htmx else {}))
    assert Activity.objects.filter(account=account).count() == calls
    if htmx:
        html = again.content.decode()
        assert "Already cleared since this page was shown" in html
        assert "nothing was recorded again" in html
        assert "Next for CAD-1: coming" in html  # where the rule stands now
    else:
        assert again.status_code == 302 and again["Location"] == "/"
        # the page it goes back to says why nothing happened, once
        notice = client.get("/").content.decode()
        assert "Acme Corp: Already cleared since this page was shown" in notice
        assert "Already cleared" not in client.get("/").content.decode()


def test_a_row_still_open_in_another_tab_is_recorded(client, alice):
    """Only an item already cleared is refused: a page drawn before another item's write
    still records its own."""
    account = with_late_call(alice, "Acme Corp")
    logged_in(client, alice)
    call, review = page_row(client, "CAD-1"), page_row(client, "PRIO-4")
    body = log_call(due=call.item.due.isoformat(), row=call.dom_id)
    client.post(f"/accounts/{account.pk}/queue/log/", body, **HTMX)
    due = review.item.due.isoformat() if review.item.due else ""
    answer = client.post(
        f"/accounts/{account.pk}/queue/review/",
        {"rule": "PRIO-4", "due": due, "row": review.dom_id},
        **HTMX,
    )
    assert "Done — priority marked reviewed" in answer.content.decode()
    account.refresh_from_db()
    assert account.priority_reviewed_on == today()


def test_an_action_posted_for_another_rule_is_refused(client, alice):
    account = with_late_call(alice, "Acme Corp")
    before = snapshot(account)
    data = log_call(rule="HEALTH-1")
    response = logged_in(client, alice).post(f"/accounts/{account.pk}/queue/log/", data, **HTMX)
    assert response.status_code == 200  # htmx swaps only 2xx
    assert "does not clear that rule" in response.content.decode()
    assert snapshot(account) == before


def test_recording_health_clears_the_health_item(client, alice):
    account = with_late_call(alice, "Acme Corp")
    logged_in(client, alice)
    assert [i.state for i in shown_items(client.get("/")) if i.rule == "HEALTH-1"] == ["due"]
    response = client.post(f"/accounts/{account.pk}/queue/health/", ACTIONS["health"](), **HTMX)
    assert response.status_code == 200
    assert "Done — health recorded as yellow" in response.content.decode()
    update = HealthUpdate.objects.get(account=account)
    assert (update.date, update.overall, update.note, update.updated_by) == (
        today(),
        "yellow",
        "Sponsor moved",
        alice,
    )
    # Cleared: the next update is due a month later, shown as coming only once it is within
    # the 30-day look-ahead (a month is 31 days from 1 December, say).
    next_due = add_months(today(), 1)
    after = [i for i in shown_items(client.get("/")) if i.rule == "HEALTH-1"]
    assert [(i.state, i.due) for i in after] in ([], [("coming", next_due)])
    later = shown_items(client.get(f"/?on={next_due.isoformat()}"))
    assert [(i.state, i.due) for i in later if i.rule == "HEALTH-1"] == [("due", next_due)]


def test_health_needs_an_overall_colour(client, alice):
    account = with_late_call(alice, "Acme Corp")
    data = {"rule": "HEALTH-1", "overall": "purple"}
    response = logged_in(client, alice).post(f"/accounts/{account.pk}/queue/health/", data, **HTMX)
    assert response.status_code == 200  # htmx swaps only 2xx
    assert not HealthUpdate.objects.exists()


def test_marking_priority_reviewed_clears_prio_4(client, alice):
    account = with_late_call(alice, "Acme Corp")
    logged_in(client, alice)
    response = client.post(f"/accounts/{account.pk}/queue/review/", ACTIONS["review"](), **HTMX)
    assert response.status_code == 200
    assert "Done — priority marked reviewed" in response.content.decode()
    account.refresh_from_db()
    assert account.priority_reviewed_on == today()
    assert "PRIO-4" not in {i.rule for i in shown_items(client.get("/")) if i.state != "coming"}


def test_opening_an_action_clears_the_triage_item(client, alice):
    account = with_late_call(alice, "Acme Corp", days_ago=90)  # non-engaged: in triage
    logged_in(client, alice)
    assert "HEALTH-2" in {i.rule for i in shown_items(client.get("/"))}
    data = {**ACTIONS["follow-up"](), "due_on": (today() + dt.timedelta(days=7)).isoformat()}
    response = client.post(f"/accounts/{account.pk}/queue/follow-up/", data, **HTMX)
    assert response.status_code == 200
    item = ActionItem.objects.get(account=account)
    assert (item.text, item.owner_member, item.origin, item.created_on) == (
        "Evaluate the renewal risk",
        alice,
        "triage",
        today(),
    )
    assert "HEALTH-2" not in {i.rule for i in shown_items(client.get("/"))}


def test_an_action_due_before_today_is_refused_in_place(client, alice):
    account = with_late_call(alice, "Acme Corp", days_ago=90)  # non-engaged: in triage
    yesterday = (today() - dt.timedelta(days=1)).isoformat()
    data = {**ACTIONS["follow-up"](), "due_on": yesterday}
    response = logged_in(client, alice).post(
        f"/accounts/{account.pk}/queue/follow-up/", data, **HTMX
    )
    assert response.status_code == 200  # htmx swaps only 2xx: the row shows the error
    assert f"{yesterday} is before the action item was opened, on {today().isoformat()}" in (
        response.content.decode()
    )
    assert not ActionItem.objects.exists()


def test_without_javascript_an_error_gets_a_page(client, alice):
    account = with_late_call(alice, "Acme Corp")
    tomorrow = today() + dt.timedelta(days=1)
    response = logged_in(client, alice).post(
        f"/accounts/{account.pk}/queue/log/", log_call(on=tomorrow, next="/")
    )
    assert response.status_code == 400
    assert "That could not be saved" in response.content.decode()
    assert not Activity.objects.filter(account=account, date=tomorrow).exists()


def test_without_javascript_the_action_redirects_back(client, alice):
    account = with_late_call(alice, "Acme Corp")
    data = log_call(next="/?rule=CAD-1")
    response = logged_in(client, alice).post(f"/accounts/{account.pk}/queue/log/", data)
    assert response.status_code == 302
    assert response["Location"] == "/?rule=CAD-1"
    unsafe = logged_in(client, alice).post(
        f"/accounts/{account.pk}/queue/log/", log_call(next="https://evil.example/")
    )
    assert unsafe["Location"] == "/"


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize(
    ("who", "status"),
    [("leader", 403), ("charlie", 404)],  # leadership reads only; an outsider sees nothing
)
def test_who_may_not_act_is_refused_and_nothing_changes(
    client, request, alice, action, who, status
):
    account = with_late_call(alice, "Acme Corp")
    before = snapshot(account)
    response = logged_in(client, request.getfixturevalue(who)).post(
        f"/accounts/{account.pk}/queue/{action}/", ACTIONS[action](), **HTMX
    )
    assert response.status_code == status
    assert snapshot(account) == before


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_actions_need_a_post_and_a_login(client, alice, action):
    account = with_late_call(alice, "Acme Corp")
    anonymous = client.post(f"/accounts/{account.pk}/queue/{action}/", ACTIONS[action]())
    assert anonymous.status_code == 302
    url = f"/accounts/{account.pk}/queue/{action}/"
    assert logged_in(client, alice).put(url).status_code == 405
    opened = client.get(url)  # a reload of a refused action's page goes back to the account
    assert (opened.status_code, opened["Location"]) == (
        302,
        f"/accounts/{account.pk}/#account-state",
    )
    assert Account.objects.get(pk=account.pk).priority_reviewed_on is None


def renewing_in(member, days: int):
    """An account renewing in `days` days, with a CSM, an AE and an SA on its team."""
    from rhythm.renewals.services import upsert_open_renewal
    from rhythm.team.models import Role
    from tests.factories import SeatFactory, TeamMemberFactory

    account = with_late_call(member, "Renewing Co")
    for role, name in (("ae", "Aiden Exec"), ("sa", "Sasha Architect")):
        person = TeamMemberFactory(name=name, email=f"{role}@rhythm.test", role=Role(role))
        SeatFactory(account=account, member=person, role=role)
    upsert_open_renewal(account=account, renewal_date=today() + dt.timedelta(days=days))
    return account


def review_body(item, **extra):
    return {"rule": "REN-1", "due": item.due.isoformat(), "date": today().isoformat(), **extra}


def ren_items(client):
    return [i for i in shown_items(client.get("/")) if i.rule in ("REN-1", "REN-2")]


REVIEW_URL = "/accounts/{}/queue/renewal-review/"


@pytest.mark.parametrize("with_team", [True, False])
def test_logging_a_renewal_review_clears_ren_1_with_the_review_team(client, alice, with_team):
    account = renewing_in(alice, 122)  # the 5-month review is late, the 3-month coming
    logged_in(client, alice)
    ren1 = [i for i in ren_items(client) if i.rule == "REN-1"]
    assert [i.state for i in ren1] == ["late", "coming"]
    body = review_body(
        ren1[0], notes="Renewal on track", **({"with_team": "on"} if with_team else {})
    )
    response = client.post(REVIEW_URL.format(account.pk), body, **HTMX)
    assert response.status_code == 200
    assert f"Done — logged a renewal review on {today().isoformat()}." in response.content.decode()
    review = Activity.objects.filter(account=account).latest("id")
    assert (review.kind, review.notes) == ("renewal_review", "Renewal on track")
    team = ["ae@rhythm.test", "alice@rhythm.test", "sa@rhythm.test"]
    assert sorted(review.members.values_list("email", flat=True)) == (team if with_team else [])
    assert review.renewal_review.stage == "five_months"
    after = ren_items(client)
    assert [(i.rule, i.state) for i in after if i.rule == "REN-1"] == [("REN-1", "coming")]
    missing = [i.why for i in after if i.rule == "REN-2" and "attendee" in i.why]
    assert bool(missing) is not with_team  # without them, REN-2 asks for the team


def test_a_late_review_is_recorded_for_the_stage_it_was_late_for(client, alice):
    account = renewing_in(alice, 20)  # both reviews are late
    logged_in(client, alice)
    five, three = [i for i in ren_items(client) if i.rule == "REN-1"]
    assert (five.state, three.state) == ("late", "late") and five.due < three.due
    response = client.post(REVIEW_URL.format(account.pk), review_body(five), **HTMX)
    assert response.status_code == 200
    assert "Next for REN-1: late, due" in response.content.decode()  # the 3-month review
    assert [i.due for i in ren_items(client) if i.rule == "REN-1"] == [three.due]
    # The same meeting cannot be the other stage's review too: said in place, nothing kept.
    again = client.post(REVIEW_URL.format(account.pk), review_body(three), **HTMX)
    assert again.status_code == 200
    assert "one meeting is one review" in again.content.decode()
    assert Activity.objects.filter(account=account, kind="renewal_review").count() == 1
    assert [i.due for i in ren_items(client) if i.rule == "REN-1"] == [three.due]


def test_a_review_no_longer_due_is_refused(client, alice):
    account = renewing_in(alice, 122)
    logged_in(client, alice)
    [late, _] = [i for i in ren_items(client) if i.rule == "REN-1"]
    body = review_body(late, due=(late.due - dt.timedelta(days=1)).isoformat())
    response = client.post(REVIEW_URL.format(account.pk), body, **HTMX)
    assert "No renewal review of this account is due then" in response.content.decode()
    assert not Activity.objects.filter(account=account, kind="renewal_review").exists()


def test_the_renewal_review_form_offers_the_review_team(client, alice):
    renewing_in(alice, 122)
    html = logged_in(client, alice).get("/").content.decode()
    assert "Log review" in html and "/queue/renewal-review/" in html
    assert 'name="with_team" value="on" checked' in html
    assert "With the CSM, AE and SA of the account" in html


def survey_body(item, **extra):
    return {
        "rule": "NPS-1",
        "due": item.due.isoformat() if item.due else "",
        "date": today().isoformat(),
        "kind": "nps",
        "score": "9",
        "contact": "",
        "comment": "",
        **extra,
    }


def test_recording_a_survey_response_clears_nps_1(client, alice):
    account = with_late_call(alice, "Acme Corp")
    ContactFactory(account=account, name="Ana Champion", email="ana@acme.test")
    logged_in(client, alice)
    [item] = [i for i in shown_items(client.get("/")) if i.rule == "NPS-1"]
    body = survey_body(item, contact="ANA@acme.test", comment="Loves the new runners")
    response = client.post(f"/accounts/{account.pk}/queue/survey/", body, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Done — recorded NPS 9 received on {today().isoformat()}." in html
    answer = SurveyResponse.objects.get(account=account)
    assert (answer.kind, answer.score, answer.date, answer.contact.email, answer.comment) == (
        "nps",
        9,
        today(),
        "ana@acme.test",
        "Loves the new runners",
    )
    assert [i.state for i in shown_items(client.get("/")) if i.rule == "NPS-1"] == []


@pytest.mark.parametrize(
    ("change", "field", "error"),
    [
        (
            {"contact": "ghost@nowhere.test"},
            "contact",
            "ghost@nowhere.test is not a contact of Acme Corp.",
        ),
        ({"kind": "csat", "score": "9"}, "score", "9 is outside the CSAT scale of 1 to 5."),
        ({"kind": "csat", "score": "0"}, "score", "0 is outside the CSAT scale of 1 to 5."),
        ({"score": "11"}, "score", "Ensure this value is less than or equal to 10"),
        ({"score": ""}, "score", "This field is required."),
        ({"date": "2999-01-01"}, "date", "2999-01-01 is in the future"),
    ],
)
def test_a_bad_survey_response_is_explained_and_nothing_is_kept(
    client, alice, change, field, error
):
    """The error shows next to the field it is about, in the row, with what was typed."""
    account = with_late_call(alice, "Acme Corp")
    logged_in(client, alice)
    [item] = [i for i in shown_items(client.get("/")) if i.rule == "NPS-1"]
    body = survey_body(item, comment="Said the runners are slow", **change)
    response = client.post(f"/accounts/{account.pk}/queue/survey/", body, **HTMX)
    assert response.status_code == 200  # htmx swaps only 2xx: the row shows the error
    html = response.content.decode()
    typed_then_said = rf'name="{field}" value="([^"]*)"[^>]*><span class="error">([^<]*)</span>'
    beside = re.search(typed_then_said, html)
    assert beside is not None, html
    assert beside.group(1) == body[field]
    assert beside.group(2).startswith(error)
    assert 'name="comment" value="Said the runners are slow"' in html
    if change.get("kind") == "csat":  # the survey picked stays picked, with its scale
        assert '<option value="csat" data-low="1" data-high="5" selected>' in html
        assert 'Score <span class="muted" data-scale>(1 to 5)</span>' in html
    assert not SurveyResponse.objects.exists()


def test_the_survey_form_takes_each_survey_s_scale_from_the_one_the_service_checks(client, alice):
    """NPS runs 0-10 and CSAT 1-5 (`SCORE_RANGES`): the options say so, the score input
    starts on the first one's bounds, and a CSAT 5 is recorded."""
    from rhythm.surveys.services import SCORE_RANGES

    account = with_late_call(alice, "Acme Corp")
    logged_in(client, alice)
    html = client.get("/").content.decode()
    assert SCORE_RANGES == {"nps": (0, 10), "csat": (1, 5)}
    assert '<option value="nps" data-low="0" data-high="10" selected>NPS (0–10)</option>' in html
    assert '<option value="csat" data-low="1" data-high="5">CSAT (1–5)</option>' in html
    assert (
        'Score <span class="muted" data-scale>(0 to 10)</span> '
        '<input type="number" name="score" value="" min="0" max="10" required>'
    ) in html
    [item] = [i for i in shown_items(client.get("/")) if i.rule == "NPS-1"]
    body = survey_body(item, kind="csat", score="5")
    response = client.post(f"/accounts/{account.pk}/queue/survey/", body, **HTMX)
    assert "Done — recorded CSAT 5 received on" in response.content.decode()
    assert SurveyResponse.objects.get(account=account).score == 5


def test_recording_a_review_without_the_team_keeps_the_day_s_attendees(client, alice):
    from rhythm.timeline.services import log_activity

    account = renewing_in(alice, 20)  # both reviews late; a review today is nearest the 3-month
    log_activity(
        account=account, kind="renewal_review", date=today(), attendee_emails=["ae@rhythm.test"]
    )
    logged_in(client, alice)
    [five] = [i for i in ren_items(client) if i.rule == "REN-1"]
    response = client.post(REVIEW_URL.format(account.pk), review_body(five), **HTMX)
    assert "Done — logged a renewal review" in response.content.decode()
    review = Activity.objects.get(account=account, kind="renewal_review")
    assert list(review.members.values_list("email", flat=True)) == ["ae@rhythm.test"]
    assert review.renewal_review.stage == "five_months"


def test_the_review_team_is_the_one_the_team_s_playbook_names(client, alice, use_playbook):
    use_playbook('[team."maria@rhythm.test".renewals]\nattendee_roles = ["csm", "ae"]\n')
    account = renewing_in(alice, 122)
    logged_in(client, alice)
    assert "With the CSM and AE of the account" in client.get("/").content.decode()
    [late, _] = [i for i in ren_items(client) if i.rule == "REN-1"]
    client.post(REVIEW_URL.format(account.pk), review_body(late, with_team="on"), **HTMX)
    review = Activity.objects.get(account=account, kind="renewal_review")
    assert sorted(review.members.values_list("email", flat=True)) == [
        "ae@rhythm.test",
        "alice@rhythm.test",
    ]


def test_every_inline_action_has_its_recorder_and_address(client, alice):
    from rhythm.web.queue_rows import ACTIONS as INLINE
    from rhythm.web.views.actions import RECORDERS

    kinds = {action.kind for actions in INLINE.values() for action in actions}
    assert kinds == set(RECORDERS)
    assert {kind.replace("_", "-") for kind in kinds} == set(ACTIONS)  # each tested above
    account = with_late_call(alice, "Acme Corp")
    response = logged_in(client, alice).post(f"/accounts/{account.pk}/queue/teleport/", {})
    assert response.status_code == 404


def test_the_activity_form_says_what_the_rules_need_and_logs_a_review_with_its_team(client, alice):
    """The account page's "Log an activity" names the team a renewal review needs (REN-2:
    the CSM logging it too), the notes a kick-off needs (MGR-1) and EXEC-1's executive; a
    review logged there with its minutes and that team leaves REN-2 nothing to ask."""
    account = renewing_in(alice, 122)
    logged_in(client, alice)
    page = client.get(f"/accounts/{account.pk}/").content.decode()
    assert (
        "A renewal review counts for REN-2 with the CSM, AE and SA among the attendees: "
        "alice@rhythm.test (CSM); ae@rhythm.test (AE); sa@rhythm.test (SA)."
    ) in page
    assert (
        "A welcome call or onboarding kick-off counts for the manager review (MGR-1) only "
        "with notes."
    ) in page
    assert "An executive contact among the attendees counts for EXEC-1" in page
    body = {
        "kind": "renewal_review",
        "date": today().isoformat(),
        "duration_minutes": "45",
        "attendees": "alice@rhythm.test; ae@rhythm.test; sa@rhythm.test",
        "notes": "Renewal on track",
    }
    response = client.post(f"/accounts/{account.pk}/activities/", body, **HTMX)
    assert response.status_code == 200 and "Logged." in response.content.decode()
    review = Activity.objects.filter(account=account).latest("id")
    assert (review.kind, review.duration_minutes) == ("renewal_review", 45)
    team = ["ae@rhythm.test", "alice@rhythm.test", "sa@rhythm.test"]
    assert sorted(review.members.values_list("email", flat=True)) == team
    assert [i.why for i in ren_items(client) if "attendee" in i.why] == []
    assert "45 min" in response.content.decode()  # on the timeline, with who was there
    assert "Aiden Exec" in response.content.decode()


def exec_row(client):
    """Return My day's EXEC-1 row."""
    rows = [r for s in client.get("/").context["sections"] for r in s.rows]
    return next(r for r in rows if r.item.rule == "EXEC-1")


@pytest.mark.parametrize(
    ("contacts", "action", "attendees", "link"),
    [
        pytest.param([], None, None, "Add a contact", id="no-executive-contact"),
        pytest.param(
            [("Ana Champion", "ana@acme.test", "champion")],
            None,
            None,
            "Add a contact",
            id="only-a-champion",
        ),
        pytest.param(
            [
                ("Wei Hale", "wei@acme.test", "cto"),
                ("Elena Fontaine", "elena@acme.test", "vp"),
                ("Ana Champion", "ana@acme.test", "champion"),
            ],
            "Log meeting",
            "elena@acme.test; wei@acme.test",
            None,
            id="executives-never-met",
        ),
    ],
)
def test_exec_1_offers_to_log_the_meeting_once_an_executive_is_a_contact(
    client, alice, contacts, action, attendees, link
):
    account = with_late_call(alice, "Acme Corp")
    for name, email, persona in contacts:
        ContactFactory(account=account, name=name, email=email, persona=persona)
    row = exec_row(logged_in(client, alice))
    assert (row.action.label if row.action else None) == action
    assert (row.link.label if row.link else None) == link
    if attendees:
        assert row.attendees == attendees
        page = client.get("/").content.decode()
        assert f'name="attendees" value="{attendees}"' in page


def test_logging_the_meeting_with_an_executive_clears_exec_1(client, alice):
    account = with_late_call(alice, "Acme Corp")
    vera = ContactFactory(account=account, name="Vera VP", email="vera@acme.test", persona="vp")
    logged_in(client, alice)
    data = {"rule": "EXEC-1", "date": today().isoformat(), "notes": "Roadmap"}
    before = snapshot(account)
    refused = client.post(f"/accounts/{account.pk}/queue/log/", data, **HTMX)
    assert "Name who attended: an executive contact&#x27;s email." in refused.content.decode()
    assert snapshot(account) == before
    # A meeting with only the champion, or only our own team, is not one with an executive:
    # refused under Attendees, saying whom, and nothing is logged.
    ContactFactory(account=account, name="Ana Champion", email="ana@acme.test", persona="champion")
    for others in ("ana@acme.test", "alice@rhythm.test"):
        refused = client.post(
            f"/accounts/{account.pk}/queue/log/", {**data, "attendees": others}, **HTMX
        )
        html = refused.content.decode()
        assert "None of these is an executive contact" in html and "vera@acme.test" in html
        assert "Done —" not in html
        assert snapshot(account) == before
    response = client.post(
        f"/accounts/{account.pk}/queue/log/", {**data, "attendees": "VERA@acme.test"}, **HTMX
    )
    assert response.status_code == 200
    assert (
        f"Done — logged a meeting with an executive on {today().isoformat()}."
        in response.content.decode()
    )
    meeting = Activity.objects.filter(account=account).latest("id")
    assert (meeting.kind, meeting.date, list(meeting.contacts.all())) == (
        "ad_hoc_call",
        today(),
        [vera],
    )
    assert "EXEC-1" not in {i.rule for i in shown_items(client.get("/"))}


@pytest.mark.parametrize("htmx", [True, False])
def test_a_page_from_before_logging_in_again_says_it_is_out_of_date(alice, htmx):
    """Logging in again (in another tab) renews the form token: an action sent from a page
    drawn before says the page is out of date, not that the person may not do it."""
    from django.test import Client

    account = with_late_call(alice, "Acme Corp")
    browser = Client(enforce_csrf_checks=True)
    logged_in(browser, alice)
    browser.get("/")  # the page, drawn with the token of the time
    body = {**log_call(), "csrfmiddlewaretoken": "x" * 64}  # a token since renewed
    calls = Activity.objects.filter(account=account).count()
    response = browser.post(f"/accounts/{account.pk}/queue/log/", body, **(HTMX if htmx else {}))
    assert response.status_code == 403
    said = "This page is out of date: you logged in again since it was shown"
    if htmx:  # the page's banner shows the header's sentence
        assert response["Rhythm-Refused"].startswith(said)
    else:
        assert said in response.content.decode()
        assert "<h1>Page out of date</h1>" in response.content.decode()
    assert Activity.objects.filter(account=account).count() == calls


def test_without_javascript_the_page_gone_back_to_says_what_was_recorded(client, alice):
    account = with_late_call(alice, "Acme Corp")
    logged_in(client, alice)
    row = page_row(client, "CAD-1")
    body = log_call(due=row.item.due.isoformat(), row=row.dom_id, next="/")

    answer = client.post(f"/accounts/{account.pk}/queue/log/", body, follow=True)

    assert answer.redirect_chain == [("/", 302)]
    page = answer.content.decode()
    done = f"Acme Corp: Done — logged a cadence call on {today().isoformat()}"
    assert f'<p class="done-message">{done}' in page


GHOST = "ghost@nowhere.test"
LONG_NOTES = "x" * 10_001
NOTES_SAID = "Notes are 10,001 characters; keep them to 10,000."
NOT_A_DATE = "Enter a valid date."


def both_errors_case(action, body, form_said, service_said, *, setup=None):
    return pytest.param(action, body, form_said, service_said, setup, id=action)


# One submission with an error the form finds and one only the service finds: a field the
# form could not read (a date) beside another the service refuses (a stranger attending).
BOTH_ERRORS = [
    both_errors_case(
        "log",
        lambda item: log_call(date="next tuesday", attendees=GHOST),
        NOT_A_DATE,
        f"Not a contact of this account or a team member: {GHOST}",
    ),
    both_errors_case(
        "survey",
        lambda item: survey_body(item, date="", contact=GHOST),
        "This field is required.",
        f"{GHOST} is not a contact of Acme Corp.",
    ),
    both_errors_case(
        "renewal-review",
        lambda item: review_body(item, date="13/45/2026", notes=LONG_NOTES, with_team="on"),
        NOT_A_DATE,
        NOTES_SAID,
        setup=lambda alice: renewing_in(alice, 122),
    ),
    both_errors_case(
        "health",
        lambda item: {"rule": "HEALTH-1", "overall": "", "note": "x" * 4001},
        "This field is required.",
        "The note is 4,001 characters; keep it to 4,000.",
    ),
    both_errors_case(
        "follow-up",
        lambda item: {
            "rule": "HEALTH-2",
            "text": "",
            "due_on": (today() - dt.timedelta(days=1)).isoformat(),
        },
        "This field is required.",
        # no date: this is read when the tests are collected, which may be the day before
        "is before the action item was opened, on ",
        setup=lambda alice: with_late_call(alice, "Acme Corp", days_ago=90),
    ),
    both_errors_case(
        "hold-ebr",
        lambda item: {"rule": "EBR-3", "date": "", "attendees": GHOST},
        "This field is required.",
        f"Not a contact of this account or a team member: {GHOST}",
    ),
    both_errors_case(
        "check-in",
        lambda item: {"rule": "CHK-1", "date": "soon", "notes": LONG_NOTES},
        NOT_A_DATE,
        NOTES_SAID,
    ),
]

RULES = {
    "log": "CAD-1",
    "survey": "NPS-1",
    "renewal-review": "REN-1",
    "health": "HEALTH-1",
    "follow-up": "HEALTH-2",
    "hold-ebr": "EBR-3",
    "check-in": "CHK-1",
}


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "page"])
@pytest.mark.parametrize(("action", "body", "form_said", "service_said", "setup"), BOTH_ERRORS)
def test_one_submission_shows_the_form_s_errors_and_the_service_s_at_once(
    client, alice, htmx, action, body, form_said, service_said, setup
):
    """A form refused on its own fields asks the service's checks about the fields it took:
    the row (or, without JavaScript, the page) says both, and nothing is recorded."""
    account = (setup or (lambda member: with_late_call(member, "Acme Corp")))(alice)
    logged_in(client, alice)
    items = [i for i in shown_items(client.get("/")) if i.rule == RULES[action]]
    before = snapshot(account)
    data = {**body(items[0] if items else None), "next": "/"}
    response = client.post(
        f"/accounts/{account.pk}/queue/{action}/", data, **(HTMX if htmx else {})
    )
    assert response.status_code == (200 if htmx else 400)
    html = response.content.decode()
    assert form_said in html, html
    assert service_said in html, html
    assert snapshot(account) == before


def test_a_log_refused_for_its_date_says_the_stranger_attending_beside_the_attendees(client, alice):
    """Each error is said beside its field, with what was typed kept there."""
    account = with_late_call(alice, "Acme Corp")
    body = log_call(date="next tuesday", attendees=GHOST)
    html = (
        logged_in(client, alice)
        .post(f"/accounts/{account.pk}/queue/log/", body, **HTMX)
        .content.decode()
    )
    assert re.search(
        r'name="date" value="next tuesday"[^>]*><span class="error">Enter a valid date.', html
    )
    assert re.search(
        rf'name="attendees" value="{GHOST}"[^>]*><span class="error">Not a contact of this '
        rf"account or a team member: {GHOST}",
        html,
    )
    assert '<p class="error" role="alert">' not in html  # each said once, beside its field


def test_a_survey_refused_for_its_date_says_the_unknown_contact_beside_it(client, alice):
    account = with_late_call(alice, "Acme Corp")
    logged_in(client, alice)
    [item] = [i for i in shown_items(client.get("/")) if i.rule == "NPS-1"]
    body = survey_body(item, date="31/02/2026", contact=GHOST)
    html = client.post(f"/accounts/{account.pk}/queue/survey/", body, **HTMX).content.decode()
    assert re.search(r'name="date" value="31/02/2026"[^>]*><span class="error">Enter a', html)
    assert re.search(
        rf'name="contact" value="{GHOST}"[^>]*><span class="error">{GHOST} is not a contact',
        html,
    )
    assert not SurveyResponse.objects.exists()


def test_a_review_s_future_day_and_long_notes_are_said_at_once(client, alice):
    """The renewal review's service checks its day with its notes before writing
    (`check_renewal_review`), so both show though the form took both."""
    account = renewing_in(alice, 122)
    logged_in(client, alice)
    [late, _] = [i for i in ren_items(client) if i.rule == "REN-1"]
    tomorrow = (today() + dt.timedelta(days=1)).isoformat()
    body = review_body(late, date=tomorrow, notes=LONG_NOTES)
    html = client.post(REVIEW_URL.format(account.pk), body, **HTMX).content.decode()
    assert f"{tomorrow} is in the future; record a review once it is held." in html
    assert NOTES_SAID in html
    assert not Activity.objects.filter(account=account, kind="renewal_review").exists()


def test_a_review_no_longer_due_is_said_with_an_unreadable_date(client, alice):
    account = renewing_in(alice, 122)
    logged_in(client, alice)
    [late, _] = [i for i in ren_items(client) if i.rule == "REN-1"]
    body = review_body(late, due=(late.due - dt.timedelta(days=1)).isoformat(), date="")
    html = client.post(REVIEW_URL.format(account.pk), body, **HTMX).content.decode()
    assert "No renewal review of this account is due then" in html
    assert "This field is required." in html


def test_an_executive_without_an_email_is_asked_for_on_the_account_page(client, alice):
    account = with_late_call(alice, "Acme Corp")
    ContactFactory(account=account, name="Vera VP", email="", persona="vp")
    logged_in(client, alice)
    data = {"rule": "EXEC-1", "date": today().isoformat(), "notes": "Roadmap"}
    before = snapshot(account)
    refused = client.post(
        f"/accounts/{account.pk}/queue/log/", {**data, "attendees": "alice@rhythm.test"}, **HTMX
    )
    assert (
        "No executive contact of Acme Corp has an email on record: add it on the account page"
        in refused.content.decode()
    )
    assert snapshot(account) == before
