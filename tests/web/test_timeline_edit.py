"""Correcting a timeline entry in place on the account page: the review logged without its SA
gets them, and REN-2's item leaves the account's queue with it."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from rhythm.renewals.models import Renewal
from rhythm.renewals.services import record_renewal_review
from rhythm.timeline.models import Activity
from tests.factories import ContactFactory, SeatFactory, TeamMemberFactory, account_owned_by
from tests.web.pages import logged_in, today

HTMX = {"HTTP_HX_REQUEST": "true"}


def later(days: int) -> dt.date:
    return today() + dt.timedelta(days=days)


@pytest.fixture
def team(account, alice):
    """Alice's account renews in 70 days: both reviews held, the five-month one without the SA,
    and its days are over, so REN-2 asks to add the SA to it."""
    ae, sa = (
        SeatFactory(
            account=account,
            member=TeamMemberFactory(name=f"{role.upper()} Person", role=role),
            role=role,
        ).member
        for role in ("ae", "sa")
    )
    ContactFactory(account=account, name="Ana Champion", email="ana@acme.test", title="CTO")
    renewal = Renewal.objects.create(account=account, renewal_date=later(70))
    emails = [alice.email, ae.email, sa.email]
    record_renewal_review(
        renewal=renewal, stage="five_months", held_on=later(-85), attendee_emails=emails[:2]
    )
    record_renewal_review(
        renewal=renewal, stage="three_months", held_on=later(-22), attendee_emails=emails
    )
    return {"ae": ae, "sa": sa, "emails": emails}


@pytest.fixture
def review(account, team):
    return Activity.objects.get(account=account, kind="renewal_review", date=later(-85))


def entry_url(account, activity, edit=False):
    return f"/accounts/{account.pk}/activities/{activity.pk}/{'edit/' if edit else ''}"


def ren_2_rows(client, account):
    rows = client.get(f"/accounts/{account.pk}/").context["rows"]
    return [row for row in rows if row.item.rule == "REN-2"]


def test_ren_2_links_to_the_review_to_correct(client, alice, account, review):
    [row] = ren_2_rows(logged_in(client, alice), account)
    assert row.item.action == f"Add the SA to the review of {later(-85).isoformat()}."
    assert row.link.url == f"/accounts/{account.pk}/?entry={review.pk}#activity-{review.pk}"
    assert row.link.label == "Edit the review"


def test_the_entry_linked_to_is_on_the_page_however_many_were_logged_since(
    client, alice, account, review
):
    Activity.objects.bulk_create(
        Activity(account=account, kind="ad_hoc_call", date=later(-n)) for n in range(60)
    )
    logged_in(client, alice)
    html = client.get(f"/accounts/{account.pk}/").content.decode()
    assert f'id="activity-{review.pk}"' not in html  # past the first 50
    html = client.get(f"/accounts/{account.pk}/?entry={review.pk}").content.decode()
    assert f'id="activity-{review.pk}"' in html


def test_the_form_picks_from_the_account_s_contacts_and_team(client, alice, account, review):
    html = logged_in(client, alice).get(entry_url(account, review, edit=True), **HTMX)
    html = html.content.decode()
    assert "<html" not in html and f'<li id="activity-{review.pk}" class="editing">' in html
    for label in ("Ana Champion (CTO)", "Alice Owner (CSM)", "AE Person (AE)", "SA Person (SA)"):
        assert label in html
    boxes = re.findall(r'<input type="checkbox" name="attendees"[^>]*>', html)
    checked = [re.search(r'value="([^"]+)"', box)[1] for box in boxes if " checked" in box]
    assert len(boxes) == 4
    assert sorted(checked) == sorted([alice.email, account.team.get(role="ae").member.email])


def test_adding_the_sa_saves_the_entry_and_clears_ren_2_in_place(
    client, alice, account, review, team
):
    logged_in(client, alice)
    [row] = ren_2_rows(client, account)
    body = {"attendees": [alice.email, team["ae"].email, team["sa"].email], "notes": "Renewal OK"}
    response = client.post(entry_url(account, review), body, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<li id="activity-{review.pk}">')  # the entry, swapped
    assert "Saved." in html and "SA Person" in html and "Renewal OK" in html
    assert f'<li id="{row.dom_id}" hx-swap-oob="delete"></li>' in html  # the item leaves
    assert 'id="account-queue-count" hx-swap-oob="true"' in html
    assert sorted(m.email for m in review.members.all()) == sorted(team["emails"])
    assert ren_2_rows(client, account) == []


def test_an_unknown_email_is_explained_next_to_its_field_and_nothing_changes(
    client, alice, account, review, team
):
    body = {"attendees": [alice.email], "others": "ghost@nowhere.test", "notes": "Changed"}
    response = logged_in(client, alice).post(entry_url(account, review), body, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and 'class="editing"' in html
    others = html.split('name="others"', 1)[1].split("</label>", 1)[0]
    assert "Not a contact of this account or a team member: ghost@nowhere.test" in others
    review.refresh_from_db()
    assert review.notes == "" and review.members.count() == 2


def test_without_javascript_the_form_has_a_page_and_saving_goes_back_to_the_entry(
    client, alice, account, review, team
):
    logged_in(client, alice)
    page = client.get(entry_url(account, review, edit=True))
    assert page.status_code == 200 and "<html" in page.content.decode()
    body = {"attendees": team["emails"], "duration_minutes": "45"}
    response = client.post(entry_url(account, review), body)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/{account.pk}/?entry={review.pk}#activity-{review.pk}"
    refused = client.post(entry_url(account, review), {"duration_minutes": "0"})
    assert refused.status_code == 400
    review.refresh_from_db()
    assert review.duration_minutes == 45


def test_cancel_shows_the_entry_again(client, alice, account, review):
    html = logged_in(client, alice).get(entry_url(account, review), **HTMX).content.decode()
    assert f'<li id="activity-{review.pk}">' in html and ">Edit</a>" in html


def test_leadership_sees_no_edit_and_may_not_edit(client, leader, account, review):
    logged_in(client, leader)
    html = client.get(f"/accounts/{account.pk}/").content.decode()
    assert f'id="activity-{review.pk}"' in html and ">Edit</a>" not in html
    assert client.get(entry_url(account, review, edit=True), **HTMX).status_code == 403
    response = client.post(entry_url(account, review), {"notes": "Read only"}, **HTMX)
    assert response.status_code == 403
    review.refresh_from_db()
    assert review.notes == ""


def test_an_outsider_and_another_account_s_entry_are_not_found(
    client, alice, charlie, account, review
):
    other = account_owned_by(alice, name="Other Co")
    logged_in(client, alice)
    assert client.get(entry_url(other, review, edit=True), **HTMX).status_code == 404
    assert client.post(entry_url(other, review), {"notes": "x"}, **HTMX).status_code == 404
    logged_in(client, charlie)
    assert client.post(entry_url(account, review), {"notes": "x"}, **HTMX).status_code == 404
    review.refresh_from_db()
    assert review.notes == ""


def test_an_edit_opened_before_someone_else_saved_is_refused_with_both_shown(
    client, alice, account, review, team
):
    logged_in(client, alice)
    form = client.get(entry_url(account, review, edit=True), **HTMX).content.decode()
    version = re.search(r'name="version" value="(\w+)"', form).group(1)
    ours = {"attendees": team["emails"], "notes": "Budget approved.", "version": version}
    assert client.post(entry_url(account, review), ours, **HTMX).status_code == 200
    theirs = {"attendees": [alice.email], "duration_minutes": "50", "notes": "Risk: budget cut."}
    response = client.post(entry_url(account, review), {**theirs, "version": version})
    assert response.status_code == 400  # without JavaScript: the form page again
    html = response.content.decode()
    assert "Someone saved a change to this entry after you opened it" in html
    saved_now = html.split('class="saved-now"', 1)[1].split("</div>", 1)[0]
    assert "SA Person" in saved_now and "Budget approved." in saved_now
    assert "Risk: budget cut.</textarea>" in html and 'value="50"' in html  # typed, kept
    review.refresh_from_db()
    assert review.notes == "Budget approved." and review.members.count() == 3
    newer = re.search(r'name="version" value="(\w+)"', html).group(1)
    again = client.post(entry_url(account, review), {**theirs, "version": newer})
    assert again.status_code == 302  # seen what was saved, saved again on purpose
    review.refresh_from_db()
    assert review.notes == "Risk: budget cut." and review.duration_minutes == 50


def test_the_attendees_boxes_are_described_by_their_error(client, alice, account, review):
    logged_in(client, alice)
    refused = client.post(entry_url(account, review), {"attendees": ["ghost@nowhere.test"]})
    html = refused.content.decode()
    error_id = f"activity-{review.pk}-attendees_error"
    assert f'<fieldset class="picks attendee-picks" aria-describedby="{error_id}">' in html
    assert f'<span class="error" id="{error_id}">Select a valid choice.' in html


def test_the_edit_page_s_heading_keeps_the_date_on_one_line(client, alice, account, review):
    page = logged_in(client, alice).get(entry_url(account, review, edit=True)).content.decode()
    day = review.date.isoformat()
    assert f'<h1>Edit renewal review of <time datetime="{day}">{day}</time></h1>' in page
    css = client.get("/static/web/rhythm.css")
    assert b"h1 time { white-space:nowrap; }" in b"".join(css.streaming_content)
