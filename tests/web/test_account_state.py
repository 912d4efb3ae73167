"""The account page: priority with its reasons and override, engagement, triage, phase, queue."""

import datetime as dt

from django.utils import timezone

from rhythm.accounts.services import override_priority, review_priority
from rhythm.team.models import Role
from tests.factories import TeamMemberFactory
from tests.web.pages import logged_in, today, with_late_call

HTMX = {"HTTP_HX_REQUEST": "true"}


def day(date: dt.date) -> str:
    """Write a date as the priority card does, and the Accounts list: "4 Dec 2026"."""
    return f"{date.day} {date:%b %Y}"


def at_nine(days_ago: int) -> dt.datetime:
    """Return 9:00 on the day `days_ago` days before today, in the current time zone."""
    return timezone.make_aware(dt.datetime.combine(today() - dt.timedelta(days_ago), dt.time(9)))


def test_account_page_shows_priority_reasons_engagement_triage_phase_and_queue(client, alice):
    account = with_late_call(alice, "Acme Corp")
    response = logged_in(client, alice).get(f"/accounts/{account.pk}/")
    html = response.content.decode()
    state = response.context["state"]
    assert state.priority == "P1"
    for reason in state.status.priority.reasons:
        assert reason in html
    assert "Low use-case adoption: Premium tier with no green use case" in html
    assert "Engaged</span>" in html and state.status.engagement.reason in html
    assert "Not in triage" in html
    assert "Align and onboard" in html and "Onboarding not complete yet." in html
    rules = {row.item.rule for row in response.context["rows"]}
    assert "CAD-1" in rules
    assert f'hx-post="/accounts/{account.pk}/queue/log/"' in html


def test_a_non_engaged_account_shows_triage_reasons(client, alice):
    account = with_late_call(alice, "Acme Corp", days_ago=90)
    html = logged_in(client, alice).get(f"/accounts/{account.pk}/").content.decode()
    assert "Non-engaged</span>" in html
    assert "In triage" in html
    assert "Non-engaged, with no call or meeting since" in html


def test_an_override_shows_who_when_why_beside_the_computed_priority(client, manager, alice):
    account = with_late_call(alice, "Acme Corp")
    at = timezone.make_aware(dt.datetime.combine(today(), dt.time(9)))
    override_priority(account=account, priority="P2", reason="Renewal secured", by=manager, at=at)
    html = logged_in(client, alice).get(f"/accounts/{account.pk}/").content.decode()
    assert '<span class="prio p2">P2</span>' in html
    assert "overridden · computed P1" in html
    assert f"Set to P2 by Maria Manager on {day(today())}: “Renewal secured”" in html
    assert "Computed P1 because:" in html


def test_manager_overrides_priority_with_a_reason(client, manager, alice):
    account = with_late_call(alice, "Acme Corp")
    logged_in(client, manager)
    assert "Override priority" in client.get(f"/accounts/{account.pk}/").content.decode()
    data = {"priority": "P2", "reason": "Expansion paused by the customer"}
    response = client.post(f"/accounts/{account.pk}/priority/", data, **HTMX)
    assert response.status_code == 200
    assert "Priority saved." in response.content.decode()
    assert "overridden · computed P1" in response.content.decode()
    assert "Change or remove the override" in response.content.decode()
    account.refresh_from_db()
    assert (account.priority_override, account.priority_override_by) == ("P2", manager)
    assert account.priority_override_reason == "Expansion paused by the customer"
    assert account.priority_reviewed_on == today()


def test_manager_removes_an_override(client, manager, alice):
    account = with_late_call(alice, "Acme Corp")
    override_priority(account=account, priority="P2", reason="Paused", by=manager)
    response = logged_in(client, manager).post(
        f"/accounts/{account.pk}/priority/", {"priority": "", "reason": ""}, **HTMX
    )
    assert response.status_code == 200
    account.refresh_from_db()
    assert (account.priority_override, account.priority_override_by) == ("", None)


def test_an_override_without_a_reason_is_refused_in_place(client, manager, alice):
    account = with_late_call(alice, "Acme Corp")
    response = logged_in(client, manager).post(
        f"/accounts/{account.pk}/priority/", {"priority": "P2", "reason": " "}, **HTMX
    )
    assert "Say why the priority is overridden." in response.content.decode()
    account.refresh_from_db()
    assert account.priority_override == ""


def test_a_csm_may_not_override_and_nothing_changes(client, alice):
    account = with_late_call(alice, "Acme Corp")
    logged_in(client, alice)
    assert "Override priority" not in client.get(f"/accounts/{account.pk}/").content.decode()
    data = {"priority": "P2", "reason": "I think so"}
    response = client.post(f"/accounts/{account.pk}/priority/", data, **HTMX)
    assert response.status_code == 403
    account.refresh_from_db()
    assert (account.priority_override, account.priority_override_reason) == ("", "")


def test_an_outsider_gets_404_and_nothing_changes(client, alice):
    other_manager = TeamMemberFactory(name="Other Manager", role=Role.MANAGER)
    account = with_late_call(alice, "Acme Corp")
    data = {"priority": "P2", "reason": "Not mine"}
    response = logged_in(client, other_manager).post(
        f"/accounts/{account.pk}/priority/", data, **HTMX
    )
    assert response.status_code == 404
    account.refresh_from_db()
    assert account.priority_override == ""


def test_leadership_reads_but_may_not_override(client, leader, alice):
    account = with_late_call(alice, "Acme Corp")
    logged_in(client, leader)
    page = client.get(f"/accounts/{account.pk}/").content.decode()
    assert "Override priority" not in page and "/queue/log/" not in page
    data = {"priority": "P2", "reason": "Board decision"}
    assert client.post(f"/accounts/{account.pk}/priority/", data, **HTMX).status_code == 403
    account.refresh_from_db()
    assert account.priority_override == ""


def test_override_without_javascript_redirects_back(client, manager, alice):
    account = with_late_call(alice, "Acme Corp")
    data = {"priority": "P2", "reason": "Paused"}
    response = logged_in(client, manager).post(f"/accounts/{account.pk}/priority/", data)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/{account.pk}/"


def test_an_account_not_yet_a_customer_says_so(client, alice):
    account = with_late_call(alice, "Acme Corp")
    account.initial_transaction_date = today() + dt.timedelta(days=30)
    account.save()
    html = logged_in(client, alice).get(f"/accounts/{account.pk}/").content.decode()
    assert "Not a customer yet" in html
    assert "Nothing late, due or coming for this account." in html


def test_an_override_of_a_computed_p2_says_the_computed_priority_has_no_p1_reason(
    client, manager, alice
):
    account = with_late_call(alice, "Acme Corp")
    account.tier = ""  # no premium tier without a green use case: computed P2
    account.save()
    override_priority(account=account, priority="P1", reason="Board attention", by=manager)
    html = logged_in(client, alice).get(f"/accounts/{account.pk}/").content.decode()
    assert '<span class="prio p1">P1</span>' in html
    assert "overridden · computed P2" in html
    assert "Computed P2: no P1 reason (adoption, health, engagement and renewal are fine" in html
    assert "No P1 reason:" not in html


def test_the_priority_history_lists_every_decision_newest_first_with_who_when_and_why(
    client, manager, alice
):
    """A replaced override and a removed one stay on the page, as does the removal's reason."""
    other = TeamMemberFactory(name="Omar Admin", email="omar@rhythm.test", role=Role.ADMIN)
    account = with_late_call(alice, "Acme Corp")
    override_priority(
        account=account, priority="P2", reason="Renewal secured", by=manager, at=at_nine(4)
    )
    override_priority(
        account=account, priority="P1", reason="Exec escalation", by=other, at=at_nine(3)
    )
    override_priority(
        account=account, priority="", reason="Escalation closed", by=manager, at=at_nine(2)
    )
    review_priority(account=account, reviewed_on=today() - dt.timedelta(1), by=alice)
    response = logged_in(client, alice).get(f"/accounts/{account.pk}/")
    html = response.content.decode()
    shown = [
        f"<strong>Reviewed</strong> by Alice Owner on {day(today() - dt.timedelta(1))}</li>",
        f"<strong>Override removed</strong> by Maria Manager on {day(today() - dt.timedelta(2))}"
        ": “Escalation closed”",
        f"<strong>Set to P1</strong> by Omar Admin on {day(today() - dt.timedelta(3))}"
        ": “Exec escalation”",
        f"<strong>Set to P2</strong> by Maria Manager on {day(today() - dt.timedelta(4))}"
        ": “Renewal secured”",
    ]
    assert "Priority history (4)" in html
    positions = [html.find(entry) for entry in shown]
    assert -1 not in positions, [entry for entry in shown if entry not in html]
    assert positions == sorted(positions)  # newest first
    assert "overridden" not in html  # none in force: the history keeps them


def test_an_override_saved_in_place_joins_the_history(client, manager, alice):
    account = with_late_call(alice, "Acme Corp")
    override_priority(account=account, priority="P2", reason="Paused", by=manager, at=at_nine(1))
    data = {"priority": "", "reason": "Expansion resumed"}
    response = logged_in(client, manager).post(f"/accounts/{account.pk}/priority/", data, **HTMX)
    html = response.content.decode()
    assert "Priority history (2)" in html
    removed = f"<strong>Override removed</strong> by Maria Manager on {day(today())}"
    assert f"{removed}: “Expansion resumed”" in html
    assert f"by Maria Manager on {day(today() - dt.timedelta(1))}: “Paused”" in html


def test_an_account_without_priority_decisions_shows_no_history(client, alice):
    account = with_late_call(alice, "Acme Corp")
    html = logged_in(client, alice).get(f"/accounts/{account.pk}/").content.decode()
    assert "Priority history" not in html
