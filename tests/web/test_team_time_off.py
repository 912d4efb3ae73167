"""Time off on the dashboard (CAP-2): a CSM records their own, a manager their team's; each
refused case says why and writes nothing."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from rhythm.team.models import Role, TimeOff
from tests.factories import TeamMemberFactory
from tests.web.pages import logged_in, with_late_call


def days(n: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=n)).isoformat()


def period(member, start: int, end: int, note: str = "") -> dict[str, str]:
    return {"member": member.email, "starts_on": days(start), "ends_on": days(end), "note": note}


def test_a_manager_records_a_reports_time_off_and_sees_it_counted(client, manager, alice):
    with_late_call(alice, "Acme Corp")
    browser = logged_in(client, manager)
    response = browser.post("/team/time-off/", period(alice, -30, -17, "Summer holiday"))
    recorded = TimeOff.objects.get(member=alice)
    assert response.status_code == 302
    assert response["Location"] == f"/team/?time_off={recorded.pk}#time-off"
    page = browser.get(response["Location"])
    html = page.content.decode()
    assert "Time off recorded: Alice Owner" in html and "Summer holiday" in html
    (panel,) = page.context["booked"]
    assert panel.time_off_days == 10  # two weeks, weekdays only


def test_a_csm_records_their_own_time_off_but_no_one_elses(client, alice, bob):
    with_late_call(alice, "Acme Corp")
    browser = logged_in(client, alice)
    form = browser.get("/team/").context["time_off"]
    assert form.fields["member"].choices == [(alice.email, alice.name)]
    assert browser.post("/team/time-off/", period(alice, 5, 9)).status_code == 302
    refused = browser.post("/team/time-off/", period(bob, 5, 9))
    assert refused.status_code == 400
    assert refused.context["time_off"].errors["member"] == [
        f"{bob.email} is not someone whose time off you record: a CSM records their own, a "
        "manager their team's."
    ]
    assert list(TimeOff.objects.values_list("member__email", flat=True)) == [alice.email]


def test_overlapping_or_backwards_periods_are_refused_with_the_reason(client, manager, alice):
    with_late_call(alice, "Acme Corp")
    browser = logged_in(client, manager)
    browser.post("/team/time-off/", period(alice, 10, 14))
    overlapping = browser.post("/team/time-off/", period(alice, 12, 20))
    assert overlapping.status_code == 400
    assert "It overlaps Alice Owner&#x27;s time off" in overlapping.content.decode()
    backwards = browser.post("/team/time-off/", period(alice, 30, 25))
    assert backwards.status_code == 400
    assert "Time off must end on or after the day it starts." in backwards.content.decode()
    endless = browser.post("/team/time-off/", {**period(alice, 30, 35), "ends_on": "9999-12-31"})
    assert endless.status_code == 400
    assert endless.context["time_off"].errors["ends_on"] == [
        "9999-12-31 is more than 10 years ahead; check the year."
    ]
    assert TimeOff.objects.count() == 1


HTMX = {"HTTP_HX_REQUEST": "true"}


def test_the_dashboard_sends_time_off_in_place_so_a_refusal_keeps_its_address(
    client, manager, alice
):
    """Refused, the form comes back alone, swapped for the one sent: the address stays
    the dashboard's, which a reload shows again without posting anything."""
    with_late_call(alice, "Acme Corp")
    browser = logged_in(client, manager)
    page = browser.get("/team/").content.decode()
    assert 'hx-post="/team/time-off/" hx-target="closest details" hx-swap="outerHTML"' in page
    refused = browser.post("/team/time-off/", period(alice, 30, 25, "Backwards"), **HTMX)
    assert refused.status_code == 200  # htmx swaps only 2xx answers
    html = refused.content.decode()
    assert html.lstrip().startswith('<details class="page-form" id="refused" open>')
    assert "Time off must end on or after the day it starts." in html
    assert 'name="note" value="Backwards"' in html and "<h1>" not in html
    recorded = browser.post("/team/time-off/", period(alice, 25, 30), **HTMX)
    period_id = TimeOff.objects.get(member=alice).pk
    assert recorded["HX-Redirect"] == f"/team/?time_off={period_id}#time-off"


def test_leadership_reads_time_off_but_may_not_record_it(client, leader, alice):
    with_late_call(alice, "Acme Corp")
    TimeOff.objects.create(member=alice, starts_on=dt.date(2026, 8, 3), ends_on=dt.date(2026, 8, 7))
    browser = logged_in(client, leader)
    page = browser.get("/team/").content.decode()
    assert "Alice Owner" in page and "Record time off" not in page
    assert browser.post("/team/time-off/", period(alice, 1, 2)).status_code == 403
    assert TimeOff.objects.count() == 1


def test_a_manager_cannot_record_time_off_outside_the_team(client, manager, charlie):
    refused = logged_in(client, manager).post("/team/time-off/", period(charlie, 1, 2))
    assert refused.status_code == 400
    assert not TimeOff.objects.exists()


def test_roles_without_a_book_get_404(client, db):
    ae = TeamMemberFactory(email="ae@rhythm.test", role=Role.AE)
    assert logged_in(client, ae).post("/team/time-off/", {}).status_code == 404


def test_a_replayed_day_lists_the_time_off_its_capacity_counts(client, manager, alice):
    """Replaying a day, the time off table is that day's year and what came after it, the
    days the capacity row counts: not today's."""
    with_late_call(alice, "Acme Corp")
    TimeOff.objects.create(
        member=alice,
        starts_on=timezone.localdate() - dt.timedelta(days=30),
        ends_on=timezone.localdate() - dt.timedelta(days=17),
        note="Summer holiday",
    )
    browser = logged_in(client, manager)
    before = browser.get(f"/team/?on={days(-60)}")
    html = before.content.decode()
    (panel,) = before.context["booked"]
    assert panel.time_off_days == 0  # not taken yet on that day
    assert 'Summer holiday <small class="muted">after ' in html  # listed as still to come
    long_after = browser.get(f"/team/?on={days(400)}")
    assert long_after.context["time_off_periods"] == []
    (panel,) = long_after.context["booked"]
    assert panel.time_off_days == 0
    since = timezone.localdate() + dt.timedelta(days=400 - 365 + 1)
    assert f"No time off recorded since {since:%-d %b %Y}." in long_after.content.decode()
    today = browser.get("/team/")
    assert [p.note for p in today.context["time_off_periods"]] == ["Summer holiday"]
    assert today.context["booked"][0].time_off_days == 10


def test_a_manager_withdraws_a_reports_time_off_and_capacity_no_longer_counts_it(
    client, manager, alice
):
    with_late_call(alice, "Acme Corp")
    browser = logged_in(client, manager)
    browser.post("/team/time-off/", period(alice, -30, -17, "Summer holiday"))
    recorded = TimeOff.objects.get()
    page = browser.get("/team/")
    assert page.context["booked"][0].time_off_days == 10
    assert f'action="/team/time-off/{recorded.pk}/withdraw/"' in page.content.decode()
    response = browser.post(f"/team/time-off/{recorded.pk}/withdraw/")
    assert (response.status_code, response["Location"]) == (302, "/team/#time-off")
    assert not TimeOff.objects.exists()
    after = browser.get("/team/")
    start = timezone.localdate() - dt.timedelta(days=30)
    end = timezone.localdate() - dt.timedelta(days=17)
    said = (
        f"Time off withdrawn: Alice Owner, {start:%-d %b %Y} to {end:%-d %b %Y} (Summer holiday)."
    )
    assert said in after.content.decode()
    assert after.context["booked"][0].time_off_days == 0
    # Sent twice (a second tab): nothing left to withdraw, said so.
    again = browser.post(f"/team/time-off/{recorded.pk}/withdraw/", follow=True)
    assert "That time off is not recorded: it was withdrawn already." in again.content.decode()


def test_only_who_may_record_a_period_may_withdraw_it(client, leader, alice, bob):
    with_late_call(alice, "Acme Corp")
    held = TimeOff.objects.create(
        member=alice, starts_on=dt.date(2026, 8, 3), ends_on=dt.date(2026, 8, 7)
    )
    url = f"/team/time-off/{held.pk}/withdraw/"
    assert logged_in(client, bob).post(url).status_code == 404  # a teammate's: not in view
    reader = logged_in(client, leader)
    assert reader.post(url).status_code == 403
    assert "/withdraw/" not in reader.get("/team/").content.decode()
    assert TimeOff.objects.count() == 1
    assert logged_in(client, alice).post(url).status_code == 302  # her own
    assert not TimeOff.objects.exists()
