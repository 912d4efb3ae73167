"""The in-place actions on My day: each records through its service and redraws the row.

Every action is tested as allowed, forbidden (leadership: 403) and invisible (an outsider:
404); the denied cases check that nothing changed.
"""

import datetime as dt

import pytest

from rhythm.accounts.models import Account
from rhythm.health.models import HealthUpdate
from rhythm.plans.models import ActionItem
from rhythm.timeline.models import Activity
from tests.web.pages import logged_in, shown_items, today, with_late_call

HTMX = {"HTTP_HX_REQUEST": "true"}


def log_call(on=None, **extra):
    return {"rule": "CAD-1", "date": (on or today()).isoformat(), "notes": "Went well", **extra}


ACTIONS = {
    "log": lambda: log_call(),
    "health": lambda: {"rule": "HEALTH-1", "overall": "yellow", "note": "Sponsor moved"},
    "review": lambda: {"rule": "PRIO-4"},
    "follow-up": lambda: {"rule": "HEALTH-2", "text": "Evaluate the renewal risk"},
}


def snapshot(account):
    """Everything the actions can change on an account."""
    account.refresh_from_db()
    return (
        Activity.objects.filter(account=account).count(),
        HealthUpdate.objects.filter(account=account).count(),
        ActionItem.objects.filter(account=account).count(),
        account.priority_reviewed_on,
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
    assert f"Now coming, due {next_due.day} " in html
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
    [("CAD-2", "cadence_call"), ("WS-1", "workshop"), ("CHK-1", "leadership_check_in")],
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
    assert [i.state for i in shown_items(client.get("/")) if i.rule == "HEALTH-1"] == ["coming"]


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
def test_leadership_may_not_act_and_nothing_changes(client, leader, alice, action):
    account = with_late_call(alice, "Acme Corp")
    before = snapshot(account)
    response = logged_in(client, leader).post(
        f"/accounts/{account.pk}/queue/{action}/", ACTIONS[action](), **HTMX
    )
    assert response.status_code == 403
    assert snapshot(account) == before


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_an_outsider_gets_404_and_nothing_changes(client, charlie, alice, action):
    account = with_late_call(alice, "Acme Corp")
    before = snapshot(account)
    response = logged_in(client, charlie).post(
        f"/accounts/{account.pk}/queue/{action}/", ACTIONS[action](), **HTMX
    )
    assert response.status_code == 404
    assert snapshot(account) == before


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_actions_need_a_post_and_a_login(client, alice, action):
    account = with_late_call(alice, "Acme Corp")
    anonymous = client.post(f"/accounts/{account.pk}/queue/{action}/", ACTIONS[action]())
    assert anonymous.status_code == 302
    url = f"/accounts/{account.pk}/queue/{action}/"
    assert logged_in(client, alice).get(url).status_code == 405
    assert Account.objects.get(pk=account.pk).priority_reviewed_on is None
