"""Adoption on the account page and in place: use-case health (ADOPT-2) and milestones (TTV-2).

Each write goes through `rhythm.adoption.services`; the queue follows what is recorded.
"""

import datetime as dt
import re

from rhythm.adoption.models import Milestone, UseCaseStatus
from rhythm.adoption.services import record_milestone, record_usage
from rhythm.timeline.models import Activity
from tests.factories import ActivityFactory, ContactFactory, account_owned_by
from tests.web.pages import logged_in, shown_items, today, with_late_call

HTMX = {"HTTP_HX_REQUEST": "true"}


def rules_of(client, rule):
    return [i for i in shown_items(client.get("/")) if i.rule == rule]


def test_a_use_case_s_health_is_recorded_on_the_account_page(client, alice):
    account = with_late_call(alice, "Acme Corp")
    logged_in(client, alice)
    assert (
        "No use-case health recorded yet."
        in client.get(f"/accounts/{account.pk}/").content.decode()
    )
    assert len(rules_of(client, "ADOPT-2")) == 1
    body = {"use_case": "ci", "status": "green", "date": today().isoformat()}
    response = client.post(f"/accounts/{account.pk}/use-cases/", body)
    assert response["Location"] == f"/accounts/{account.pk}/#adoption"
    record = UseCaseStatus.objects.get(account=account)
    assert (record.use_case, record.status, record.date) == ("ci", "green", today())
    page = client.get(f"/accounts/{account.pk}/").content.decode()
    assert 'data-use-case="ci">CI' in page and "Green" in page
    assert rules_of(client, "ADOPT-2") == []


def test_a_bad_use_case_status_is_explained_and_nothing_is_kept(client, alice):
    account = with_late_call(alice, "Acme Corp")
    logged_in(client, alice)
    tomorrow = (today() + dt.timedelta(days=1)).isoformat()
    url = f"/accounts/{account.pk}/use-cases/"
    future = client.post(url, {"use_case": "ci", "status": "green", "date": tomorrow})
    assert future.status_code == 400
    assert "is in the future; record a status once it is assessed." in future.content.decode()
    # The page shown again opens at the refused form, and only that one.
    assert future.content.decode().count('id="refused"') == 1
    assert f'action="{url}#refused"' in future.content.decode()
    unknown = client.post(url, {"use_case": "telepathy", "status": "green", "date": tomorrow})
    assert "Select a valid choice" in unknown.content.decode()
    assert not UseCaseStatus.objects.exists()


def test_recording_a_use_case_in_place_clears_adopt_2(client, alice):
    account = with_late_call(alice, "Acme Corp")
    logged_in(client, alice)
    assert 'name="use_case" required><option value="source_code_management">' in (
        client.get("/").content.decode()
    )
    body = {"rule": "ADOPT-2", "use_case": "cd", "status": "yellow"}
    response = client.post(f"/accounts/{account.pk}/queue/use-case/", body, **HTMX)
    assert f"Done — recorded CD as yellow on {today().isoformat()}." in response.content.decode()
    record = UseCaseStatus.objects.get(account=account)
    assert (record.use_case, record.status, record.date) == ("cd", "yellow", today())
    assert rules_of(client, "ADOPT-2") == []


def onboarding(alice, days_in: int, with_call: bool):
    """An account whose initial transaction was `days_in` days ago."""
    start = today() - dt.timedelta(days=days_in)
    account = account_owned_by(alice, name="New Co", initial_transaction_date=start)
    if with_call:
        Activity.objects.create(account=account, kind="cadence_call", date=today())
    return account


def test_marking_onboarding_complete_in_place_clears_its_ttv_2_item(client, alice):
    account = onboarding(alice, 20, with_call=True)  # onboarding due in 25 days: coming
    logged_in(client, alice)
    [item] = [i for i in rules_of(client, "TTV-2") if "Onboarding complete" in i.why]
    assert item.state == "coming"
    body = {"rule": "TTV-2", "records": "onboarding_complete", "date": today().isoformat()}
    response = client.post(f"/accounts/{account.pk}/queue/milestone/", body, **HTMX)
    assert f"Done — onboarding recorded complete on {today().isoformat()}." in (
        response.content.decode()
    )
    assert Milestone.objects.get(account=account).milestone == "onboarding_complete"
    assert [i for i in rules_of(client, "TTV-2") if "Onboarding complete" in i.why] == []
    page = client.get(f"/accounts/{account.pk}/").content.decode()
    assert f"Onboarding complete: {today().isoformat()}" in page


def test_logging_the_kick_off_in_place_clears_the_first_engagement_item(client, alice):
    account = onboarding(alice, 20, with_call=False)  # first engagement was due in 14 days
    logged_in(client, alice)
    [late] = [i for i in rules_of(client, "TTV-2") if "First engagement" in i.why]
    assert late.state == "late"
    body = {"rule": "TTV-2", "date": today().isoformat(), "notes": "Kick-off with the team"}
    response = client.post(f"/accounts/{account.pk}/queue/log/", body, **HTMX)
    assert "Done — logged an onboarding kick-off" in response.content.decode()
    assert Activity.objects.get(account=account).kind == "onboarding_kickoff"
    assert [i for i in rules_of(client, "TTV-2") if "First engagement" in i.why] == []


KICK_OFF_HINT = "An onboarding kick-off counts for the manager review (MGR-1) only with notes."


def test_the_kick_off_form_takes_minutes_and_attendees_and_says_notes_are_needed(client, alice):
    """The in-place kick-off has the account page's minutes and attendees (emails split on
    ';' or ','), and says what the manager review needs of it; a cadence call, which MGR-1
    does not look at, says nothing of notes."""
    account = onboarding(alice, 20, with_call=False)
    contact = ContactFactory(account=account, name="Ana Champion", email="ana@newco.test")
    with_late_call(alice, "Acme Corp")
    logged_in(client, alice)
    for url in ("/", f"/accounts/{account.pk}/"):
        html = client.get(url).content.decode()
        rows = re.findall(r'<li class="item[^"]*"[^>]*data-rule="TTV-2">.*?</li>', html, re.S)
        [kick_off] = [row for row in rows if "Log kick-off" in row]
        assert KICK_OFF_HINT in kick_off
        assert [row for row in rows if "MGR-1" in row] == [kick_off]
        assert '<input type="number" name="duration_minutes" min="1" max="1440">' in kick_off
        assert 'name="attendees" placeholder="ana@customer.com; sam@ourteam.com"' in kick_off
    [call] = re.findall(r'<li class="item[^"]*"[^>]*data-rule="CAD-1">.*?</li>', html, re.S)
    assert "Log call" in call and 'name="duration_minutes"' in call
    assert "MGR-1" not in call
    body = {
        "rule": "TTV-2",
        "date": today().isoformat(),
        "duration_minutes": "45",
        "attendees": "ANA@newco.test, alice@rhythm.test",
        "notes": "Kick-off with the team",
    }
    response = client.post(f"/accounts/{account.pk}/queue/log/", body, **HTMX)
    assert "Done — logged an onboarding kick-off" in response.content.decode()
    kick = Activity.objects.get(account=account)
    assert (kick.kind, kick.duration_minutes, kick.notes) == (
        "onboarding_kickoff",
        45,
        "Kick-off with the team",
    )
    assert list(kick.contacts.all()) == [contact]
    assert list(kick.members.values_list("email", flat=True)) == [alice.email]


def test_a_stranger_among_the_kick_off_s_attendees_is_refused_in_place(client, alice):
    account = onboarding(alice, 20, with_call=False)
    logged_in(client, alice)
    body = {
        "rule": "TTV-2",
        "date": today().isoformat(),
        "duration_minutes": "0",
        "attendees": "ghost@nowhere.test",
    }
    html = client.post(f"/accounts/{account.pk}/queue/log/", body, **HTMX).content.decode()
    assert 'value="0"' in html  # what was typed, and why, beside it
    assert "Ensure this value is greater than or equal to 1.</span>" in html
    body["duration_minutes"] = "30"
    html = client.post(f"/accounts/{account.pk}/queue/log/", body, **HTMX).content.decode()
    refused = "Not a contact of this account or a team member: ghost@nowhere.test</span>"
    assert refused in html and KICK_OFF_HINT in html
    assert 'value="ghost@nowhere.test"' in html
    assert not Activity.objects.filter(account=account).exists()


def test_a_milestone_is_recorded_on_the_account_page_and_a_future_one_refused(client, alice):
    account = with_late_call(alice, "Acme Corp")
    logged_in(client, alice)
    url = f"/accounts/{account.pk}/milestones/"
    tomorrow = (today() + dt.timedelta(days=1)).isoformat()
    refused = client.post(url, {"milestone": "first_value", "reached_on": tomorrow})
    assert "is in the future; record a milestone once it is reached." in refused.content.decode()
    bought = account.initial_transaction_date
    early = {"milestone": "first_value", "reached_on": (bought - dt.timedelta(days=1)).isoformat()}
    refused = client.post(url, early)
    assert refused.status_code == 400
    assert f"initial transaction, {bought.isoformat()}; a milestone is reached after it." in (
        refused.content.decode()
    )
    assert not Milestone.objects.exists()
    day = today() - dt.timedelta(days=3)
    client.post(url, {"milestone": "first_value", "reached_on": day.isoformat()})
    assert Milestone.objects.get(account=account).reached_on == day


def test_recording_usage_in_place_marks_first_value(client, alice):
    start = today() - dt.timedelta(days=40)  # first value was due 10 days ago
    account = account_owned_by(
        alice, name="New Co", initial_transaction_date=start, licenses_activated=0
    )
    logged_in(client, alice)
    [late] = [i for i in rules_of(client, "TTV-2") if "First value" in i.why]
    assert late.state == "late"
    body = {"rule": "TTV-2", "licenses": "60"}  # of 500: 12%, past the 10% of first value
    response = client.post(f"/accounts/{account.pk}/queue/usage/", body, **HTMX)
    assert f"Done — recorded 60 licenses activated on {today().isoformat()}." in (
        response.content.decode()
    )
    account.refresh_from_db()
    assert account.licenses_activated == 60
    assert [i for i in rules_of(client, "TTV-2") if "First value" in i.why] == []


def test_the_account_page_records_only_what_it_knows(client, alice):
    account = with_late_call(alice, "Acme Corp")
    logged_in(client, alice)
    assert client.post(f"/accounts/{account.pk}/teleport/", {}).status_code == 404
    assert client.put(f"/accounts/{account.pk}/use-cases/").status_code == 405
    opened = client.get(f"/accounts/{account.pk}/use-cases/")  # a reload: back to the page
    assert (opened.status_code, opened["Location"]) == (302, f"/accounts/{account.pk}/")
    assert client.post(f"/accounts/{account.pk}/priority/", {}).status_code != 404


def test_licenses_active_beyond_those_purchased_are_kept_and_said(client, alice):
    start = today() - dt.timedelta(days=40)
    account = account_owned_by(alice, name="Big Co", initial_transaction_date=start)
    logged_in(client, alice)
    page = client.get(f"/accounts/{account.pk}/").content.decode()
    assert "0 / 500 licenses active</span>" in page
    body = {"rule": "TTV-2", "licenses": "530"}  # a true-up to discuss, not a mistake
    response = client.post(f"/accounts/{account.pk}/queue/usage/", body, **HTMX)
    assert f"Done — recorded 530 licenses activated on {today().isoformat()}." in (
        response.content.decode()
    )
    page = client.get(f"/accounts/{account.pk}/").content.decode()
    assert "530 / 500 licenses active, 30 over the licenses purchased</span>" in page


def milestones_shown(client, account) -> dict[str, str]:
    """Return the account page's onboarding milestones: label -> what it says of it."""
    page = client.get(f"/accounts/{account.pk}/").content.decode()
    panel = page[page.index("<h3>Onboarding milestones</h3>") :]
    panel = panel[: panel.index("</ul>")]
    rows = [re.sub(r"<[^>]+>", "", li).split("</li>")[0] for li in panel.split("<li>")[1:]]
    return dict(" ".join(row.split()).split(": ", 1) for row in rows)


def test_the_milestones_panel_shows_the_dates_the_rules_work_out(client, alice):
    """First value from the usage records (TTV-3), first engagement from the first call
    after the sale: the dates the time-to-value KPIs count, marked as worked out."""
    start = today() - dt.timedelta(days=60)
    account = account_owned_by(
        alice, name="New Co", initial_transaction_date=start, licenses_activated=0
    )
    logged_in(client, alice)
    shown = milestones_shown(client, account)
    assert shown["First value"] == "not reached yet"
    assert shown["Engagement (first CSM meeting)"] == "not reached yet"
    assert shown["Outcome achieved"] == "not recorded"  # nothing works it out
    ActivityFactory(account=account, kind="discovery_call", date=start - dt.timedelta(days=5))
    first_call = start + dt.timedelta(days=9)
    ActivityFactory(account=account, kind="cadence_call", date=first_call)
    ActivityFactory(account=account, kind="cadence_call", date=first_call + dt.timedelta(30))
    crossed = start + dt.timedelta(days=20)
    record_usage(account=account, date=start + dt.timedelta(days=10), licenses_activated=20)
    record_usage(account=account, date=crossed, licenses_activated=50)  # 10% of 500
    record_usage(account=account, date=crossed + dt.timedelta(5), licenses_activated=80)
    shown = milestones_shown(client, account)
    assert shown["First value"] == f"{crossed.isoformat()}, worked out from the licenses activated"
    assert shown["Engagement (first CSM meeting)"] == (
        f"{first_call.isoformat()}, worked out from the first call or meeting logged"
    )
    recorded = start + dt.timedelta(days=15)
    record_milestone(account=account, milestone="first_value", reached_on=recorded)
    assert milestones_shown(client, account)["First value"] == recorded.isoformat()


def test_first_value_shown_only_by_today_s_license_count_is_reached_without_a_date(client, alice):
    account = account_owned_by(alice, name="Old Co")  # 200 of 500 active, no usage record
    logged_in(client, alice)
    assert milestones_shown(client, account)["First value"] == (
        "reached, worked out from the licenses activated today (no usage record dates it)"
    )
