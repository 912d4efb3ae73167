"""Time off through the API (CAP-2): a CSM records their own, a manager their team's,
leadership only reads; each sees the time off of the people in their view."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from rhythm.team.models import Role, TimeOff
from tests.apiclient import bearer, post_json, the_error
from tests.factories import TeamMemberFactory, account_owned_by

URL = "/api/v1/team/time-off"
TODAY = timezone.localdate()


def day(n: int) -> str:
    return (TODAY + dt.timedelta(days=n)).isoformat()


WEEK = {"starts_on": day(21), "ends_on": day(31), "note": "Winter break"}


def test_a_csm_records_their_own_and_again_updates_it(client, alice):
    created = post_json(client, URL, WEEK, alice)
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["member"], body["name"]) == ("alice@rhythm.test", "Alice Owner")
    assert (body["starts_on"], body["ends_on"], body["note"]) == (day(21), day(31), "Winter break")
    again = post_json(client, URL, {**WEEK, "ends_on": day(35)}, alice)
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    assert TimeOff.objects.get().ends_on.isoformat() == day(35)


def test_a_manager_records_a_reports_time_off(client, manager, alice):
    response = post_json(client, URL, {**WEEK, "member": "ALICE@rhythm.test"}, manager)
    assert response.status_code == 201
    assert TimeOff.objects.get().member == alice


@pytest.mark.parametrize(
    ("who", "status", "detail"),
    [
        ("bob", 404, "No CSM with email 'alice@rhythm.test' in your view."),
        ("charlie", 404, "No CSM with email 'alice@rhythm.test' in your view."),
        ("leader", 403, "Your role can read time off but not record it."),
    ],
)
def test_someone_elses_time_off_is_refused_and_nothing_written(
    client, alice, bob, charlie, leader, who, status, detail
):
    caller = {"bob": bob, "charlie": charlie, "leader": leader}[who]
    response = post_json(client, URL, {**WEEK, "member": "alice@rhythm.test"}, caller)
    assert (response.status_code, response.json()["detail"]) == (status, detail)
    assert not TimeOff.objects.exists()


def test_an_ae_has_no_book_to_record_time_off_for(client, db):
    ae = TeamMemberFactory(name="Ann Exec", email="ann@rhythm.test", role=Role.AE)
    response = post_json(client, URL, WEEK, ae)
    assert response.status_code == 404 and not TimeOff.objects.exists()


@pytest.mark.parametrize(
    ("body", "field", "reason"),
    [
        ({**WEEK, "ends_on": day(20)}, "ends_on", "must end on or after the day it starts"),
        ({**WEEK, "starts_on": day(30), "ends_on": day(33)}, "starts_on", "overlaps"),
    ],
)
def test_backwards_or_overlapping_periods_are_refused_with_the_field(
    client, alice, body, field, reason
):
    assert post_json(client, URL, WEEK, alice).status_code == 201
    response = post_json(client, URL, body, alice)
    assert response.status_code == 400
    [message] = response.json()["errors"][field]
    assert reason in message
    assert TimeOff.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "field", "reason"),
    [
        ({**WEEK, "starts_on": "0026-07-10"}, "starts_on", "0026-07-10 is before 1970"),
        ({**WEEK, "ends_on": "9999-12-31"}, "ends_on", "9999-12-31 is more than 10 years ahead"),
    ],
)
def test_a_day_before_1970_or_past_ten_years_ahead_is_refused_with_the_field(
    client, alice, body, field, reason
):
    response = post_json(client, URL, body, alice)
    assert response.status_code == 400, response.content
    [message] = response.json()["errors"][field]
    assert message.startswith(reason)
    assert not TimeOff.objects.exists()


def test_a_bad_date_or_no_token_is_refused(client, alice):
    bad = post_json(client, URL, {**WEEK, "starts_on": "21/12/2026"}, alice)
    assert bad.status_code == 422 and the_error(bad)[0] == "starts_on"
    assert post_json(client, URL, WEEK).status_code == 401
    assert client.get(URL).status_code == 401
    assert not TimeOff.objects.exists()


def test_each_caller_lists_the_time_off_in_their_view(client, manager, alice, bob, charlie, leader):
    soon, long_ago = TODAY + dt.timedelta(days=21), TODAY - dt.timedelta(days=500)
    for member in (alice, bob, charlie):
        TimeOff.objects.create(member=member, starts_on=soon, ends_on=soon)
    TimeOff.objects.create(member=alice, starts_on=long_ago, ends_on=long_ago)

    def listed(caller, query=""):
        response = client.get(f"{URL}{query}", **bearer(caller))
        assert response.status_code == 200
        return [(row["member"], row["starts_on"]) for row in response.json()]

    assert listed(alice) == [("alice@rhythm.test", day(21))]  # a year back by default
    assert listed(alice, f"?since={day(-600)}") == [
        ("alice@rhythm.test", day(-500)),
        ("alice@rhythm.test", day(21)),
    ]
    assert sorted(listed(manager)) == [
        ("alice@rhythm.test", day(21)),
        ("bob@rhythm.test", day(21)),
    ]
    assert listed(leader) == []  # leadership sees the CSMs with accounts: none yet
    account_owned_by(alice, name="Acme Corp")
    account_owned_by(charlie, name="Globex")
    assert sorted(listed(leader)) == [
        ("alice@rhythm.test", day(21)),
        ("charlie@rhythm.test", day(21)),
    ]


def test_time_off_is_withdrawn_by_whoever_may_record_it(client, manager, alice, bob, leader):
    created = post_json(client, URL, WEEK, alice).json()
    url = f"{URL}/{created['id']}"
    for caller, status in ((bob, 404), (leader, 403)):
        refused = client.delete(url, **bearer(caller))
        assert refused.status_code == status, refused.content
    assert the_error(client.delete(url, **bearer(bob))) == (
        "period_id",
        f"No time off {created['id']} in your view.",
    )
    assert TimeOff.objects.count() == 1
    done = client.delete(url, **bearer(manager))
    assert (done.status_code, done.content) == (204, b"")
    assert not TimeOff.objects.exists()
    assert client.delete(url, **bearer(manager)).status_code == 404
    assert client.get(URL, **bearer(alice)).json() == []
