"""Closing a renewal, renewed or churned, and opening the next (REN-6's history)."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from rhythm.playbook.queue import Scope, kpis_of, work_queue
from rhythm.renewals.models import Renewal
from rhythm.renewals.services import (
    record_closed_renewal,
    record_renewal_review,
    upsert_open_renewal,
)
from rhythm.timeline.services import log_activity
from tests.factories import account_owned_by
from tests.web.pages import logged_in, today

URL = "/accounts/{}/renewals/"


def due(days: int) -> dt.date:
    return today() + dt.timedelta(days=days)


def _ren_6(account):
    work = work_queue(None, Scope(account=account.name), today())
    return [item for item in work.items if item.rule == "REN-6"]


def test_a_csm_closes_the_renewal_on_the_account_page_and_the_next_one_opens(client, alice):
    account = account_owned_by(alice, name="Acme")  # ARR 120,000
    upsert_open_renewal(account=account, renewal_date=due(-3))
    logged_in(client, alice)
    page = client.get(f"/accounts/{account.pk}/").text
    overdue = '<span class="overdue">and is still open: close it with its outcome</span>'
    assert f"Was due on <strong>{due(-3).isoformat()}</strong> {overdue} · ARR 120,000" in page
    assert "Close the renewal" in page
    # Past its date and still open: REN-6 is late on My day, leading to this form.
    day = client.get("/?rule=REN-6").text
    assert f'href="/accounts/{account.pk}/#renewal">Close the renewal</a>' in day
    assert [i.state for i in _ren_6(account)] == ["late"]
    body = {
        "renewal_date": due(-3).isoformat(),
        "outcome": "renewed",
        "closed_on": today().isoformat(),
        "renewed_arr": "150000",
        "next_renewal_date": due(362).isoformat(),
    }
    response = client.post(URL.format(account.pk), body)
    assert response.status_code == 302 and response["Location"].endswith("#renewal")
    closed = Renewal.objects.get(account=account, renewal_date=due(-3))
    assert (closed.outcome, closed.renewed_arr, closed.closed_on) == (
        "renewed",
        Decimal(150000),
        today(),
    )
    assert Renewal.objects.get(account=account, outcome="open").renewal_date == due(362)
    assert _ren_6(account) == []  # closed: REN-6 has nothing left to ask
    page = client.get(f"/accounts/{account.pk}/").text
    assert (
        f"Renewal due {due(-3).isoformat()}: <strong>renewed</strong> on {today().isoformat()}"
        in page
    )
    assert "at 150,000 ARR, up 30,000 (25%) from 120,000" in page
    kpis = kpis_of(work_queue(None, Scope(csm=alice.email), today()))
    assert kpis.renewal_rate == 100.0  # all 120,000 up renewed
    assert kpis.renewals.net_revenue_retention == 125.0  # with 30,000 of growth


def test_a_closing_refused_is_explained_on_the_page_and_nothing_changes(client, alice):
    account = account_owned_by(alice, name="Acme")
    upsert_open_renewal(account=account, renewal_date=due(-3))
    logged_in(client, alice)
    body = {
        "renewal_date": due(-3).isoformat(),
        "outcome": "churned",
        "closed_on": due(1).isoformat(),
        "renewed_arr": "10",
        "next_renewal_date": due(-10).isoformat(),
    }
    response = client.post(URL.format(account.pk), body)
    assert response.status_code == 400
    page = response.text
    assert "is in the future; record a renewal once it has closed." in page
    assert "A churned renewal renews no ARR; leave it empty or 0." in page
    assert f"The next renewal comes after this one ({due(-3).isoformat()})." in page
    assert list(Renewal.objects.values_list("outcome", flat=True)) == ["open"]


def test_a_closing_without_its_date_says_the_services_errors_too(client, alice):
    account = account_owned_by(alice, name="Acme")
    upsert_open_renewal(account=account, renewal_date=due(-3))
    logged_in(client, alice)
    body = {
        "renewal_date": due(-3).isoformat(),
        "outcome": "churned",
        "closed_on": "",  # the form's own error
        "renewed_arr": "10",  # the service's
        "next_renewal_date": due(-10).isoformat(),  # the service's
    }
    response = client.post(URL.format(account.pk), body)
    assert response.status_code == 400
    page = response.text
    assert "This field is required." in page
    assert "A churned renewal renews no ARR; leave it empty or 0." in page
    assert f"The next renewal comes after this one ({due(-3).isoformat()})." in page
    assert list(Renewal.objects.values_list("outcome", flat=True)) == ["open"]


def test_the_panel_shows_each_review_the_rules_count(client, alice):
    """A review recorded, and one logged only on the timeline as a renewal review meeting."""
    account = account_owned_by(alice, name="Acme")
    renewal, _ = upsert_open_renewal(account=account, renewal_date=due(80))
    five_months_ago = due(80 - 150)
    record_renewal_review(renewal=renewal, stage="five_months", held_on=five_months_ago)
    log_activity(
        account=account, kind="renewal_review", date=today(), attendee_emails=[alice.email]
    )
    page = logged_in(client, alice).get(f"/accounts/{account.pk}/").text
    assert f"5 months before review held {five_months_ago.isoformat()}</li>" in page
    assert (
        f"3 months before review held {today().isoformat()} with the CSM "
        '<span class="muted">(a renewal review logged on the timeline)</span>'
    ) in page
    assert "No renewal review held yet." not in page


def test_the_panel_shows_a_stage_reviewed_again_as_logged_on_the_timeline(client, alice):
    """A second review near the recorded 5-month one is that stage's again, not the next's."""
    account = account_owned_by(alice, name="Acme")
    renewal, _ = upsert_open_renewal(account=account, renewal_date=due(150))
    record_renewal_review(renewal=renewal, stage="five_months", held_on=due(-3))
    log_activity(account=account, kind="renewal_review", date=today())
    page = logged_in(client, alice).get(f"/accounts/{account.pk}/").text
    assert f"5 months before review held {due(-3).isoformat()}</li>" in page
    assert (
        f"5 months before review held {today().isoformat()} "
        '<span class="muted">(a renewal review logged on the timeline)</span>'
    ) in page
    assert "3 months before review held" not in page


TEAM_REVIEWS = """
[[team."maria@rhythm.test".renewals.reviews]]
stage = "five_months"
before = "4 months"
[[team."maria@rhythm.test".renewals.reviews]]
stage = "three_months"
before = "6 weeks"
"""


@pytest.fixture
def team_reviews(use_playbook):
    """Run on a playbook whose team holds its renewal reviews 4 months and 6 weeks before."""
    use_playbook(TEAM_REVIEWS)


@pytest.mark.usefixtures("team_reviews")
def test_the_panel_names_each_review_as_the_team_s_playbook_times_it(client, alice):
    """The stages keep their codes; a team that holds them 4 months and 6 weeks before the
    renewal reads those, not the handbook's 5 and 3 months."""
    account = account_owned_by(alice, name="Acme")
    renewal, _ = upsert_open_renewal(account=account, renewal_date=due(100))
    record_renewal_review(renewal=renewal, stage="five_months", held_on=due(-20))
    record_renewal_review(renewal=renewal, stage="three_months", held_on=today())
    page = logged_in(client, alice).get(f"/accounts/{account.pk}/").text
    assert f"4 months before review held {due(-20).isoformat()}</li>" in page
    assert f"6 weeks before review held {today().isoformat()}</li>" in page
    assert "5 months before review" not in page and "3 months before review" not in page


@pytest.mark.usefixtures("team_reviews")
def test_a_meeting_recorded_for_one_stage_is_refused_for_the_other_in_the_team_s_words(alice):
    renewal, _ = upsert_open_renewal(account=account_owned_by(alice), renewal_date=due(100))
    record_renewal_review(renewal=renewal, stage="five_months", held_on=today())
    with pytest.raises(ValidationError) as refused:
        record_renewal_review(renewal=renewal, stage="three_months", held_on=today())
    assert refused.value.message_dict["held_on"] == [
        f"The renewal review of {today().isoformat()} is already recorded as another review "
        f"(the 4 months before review of the renewal on {due(100).isoformat()}); "
        "one meeting is one review."
    ]


@pytest.mark.parametrize(
    ("sent", "reason"),
    [
        ("0001-01-01", "has no renewal on 0001-01-01."),  # once broke the dashboard
        ("2020-01-01", "has no renewal on 2020-01-01."),  # would have been a renewal made up
    ],
)
def test_the_form_closes_only_the_renewal_the_page_showed(client, alice, sent, reason):
    account = account_owned_by(alice, name="Acme")
    upsert_open_renewal(account=account, renewal_date=due(-3))
    body = {"renewal_date": sent, "outcome": "renewed", "closed_on": today().isoformat()}
    response = logged_in(client, alice).post(URL.format(account.pk), body)
    assert response.status_code == 400
    assert reason in response.text
    assert list(Renewal.objects.values_list("renewal_date", "outcome")) == [(due(-3), "open")]
    assert client.get("/").status_code == 200


def test_a_closed_renewal_is_dated_from_1970_to_ten_years_ahead(alice):
    """Closed renewals are history (an import, the API) but no typo of a year."""
    account = account_owned_by(alice, name="Acme")
    with pytest.raises(ValidationError, match="0001-01-01 is before 1970; check the year."):
        record_closed_renewal(
            account=account, renewal_date=dt.date(1, 1, 1), outcome="churned", closed_on=due(-1)
        )
    assert not Renewal.objects.exists()


def test_a_churned_renewal_renews_nothing_and_an_open_outcome_is_refused(alice):
    account = account_owned_by(alice, name="Acme")
    renewal, outcome = record_closed_renewal(
        account=account, renewal_date=due(-30), outcome="churned", closed_on=due(-30)
    )
    assert (outcome, renewal.arr, renewal.renewed_arr) == ("created", Decimal(120000), 0)
    with pytest.raises(ValidationError, match="'open' is not a closed outcome"):
        record_closed_renewal(
            account=account, renewal_date=due(-60), outcome="open", closed_on=due(-60)
        )


def test_others_cannot_close_a_renewal(client, alice, bob, leader):
    account = account_owned_by(alice, name="Acme")
    upsert_open_renewal(account=account, renewal_date=due(-3))
    body = {"renewal_date": due(-3).isoformat(), "outcome": "renewed", "closed_on": "2026-01-01"}
    assert logged_in(client, bob).post(URL.format(account.pk), body).status_code == 404
    assert logged_in(client, leader).post(URL.format(account.pk), body).status_code == 403
    assert Renewal.objects.get().outcome == "open"


def test_a_renewal_at_the_calendars_end_still_shows_the_page(client, alice):
    """Recorded before dates were bounded: the closing form leaves the next date to the CSM."""
    account = account_owned_by(alice, name="Acme Corp")
    Renewal.objects.create(account=account, renewal_date=dt.date(9999, 12, 31))
    response = logged_in(client, alice).get(f"/accounts/{account.pk}/")
    assert response.status_code == 200
    assert "9999-12-31" in response.content.decode()


def test_closed_renewals_say_how_the_arr_moved(client, alice):
    account = account_owned_by(alice, name="Acme")  # ARR 120,000
    closings = [
        (due(-700), "renewed", Decimal(120000)),
        (due(-400), "renewed", Decimal(90000)),
        (due(-40), "churned", None),
    ]
    for renewal_date, outcome, renewed_arr in closings:
        record_closed_renewal(
            account=account,
            renewal_date=renewal_date,
            outcome=outcome,
            closed_on=renewal_date,
            arr=Decimal(120000),
            renewed_arr=renewed_arr,
        )
    page = logged_in(client, alice).get(f"/accounts/{account.pk}/").text
    closed = page[page.index("<h3>Closed</h3>") :]
    closed = closed[: closed.index("</ul>")]
    lines = [" ".join(re.sub(r"<[^>]+>", "", li).split()) for li in closed.split("<li>")[1:]]
    assert lines == [
        f"Renewal due {due(-40).isoformat()}: churned on {due(-40).isoformat()}, 120,000 ARR lost",
        f"Renewal due {due(-400).isoformat()}: renewed on {due(-400).isoformat()} at 90,000 ARR,"
        " down 30,000 (25%) from 120,000",
        f"Renewal due {due(-700).isoformat()}: renewed on {due(-700).isoformat()} at 120,000 ARR,"
        " flat",
    ]


@pytest.mark.parametrize("days, said", [(-1, "Was due on"), (0, "Renews on"), (1, "Renews on")])
def test_the_panel_says_when_the_open_renewal_s_date_has_passed(client, alice, days, said):
    account = account_owned_by(alice, name="Acme")
    upsert_open_renewal(account=account, renewal_date=due(days))
    logged_in(client, alice)
    page = client.get(f"/accounts/{account.pk}/").text
    assert f"{said} <strong>{due(days).isoformat()}</strong>" in page
    assert ('<span class="overdue">and is still open' in page) is (days < 0)
