"""The account page's timeline: the newest activities first, older ones a page at a time."""

import datetime as dt

from rhythm.timeline.models import Activity
from tests.web.pages import logged_in


def with_calls(account, count):
    """Log `count` calls, one a day, the newest on 2026-11-20."""
    newest = dt.date(2026, 11, 20)
    Activity.objects.bulk_create(
        Activity(account=account, kind="cadence_call", date=newest - dt.timedelta(days=n))
        for n in range(count)
    )


def dates_in(html):
    """The dates of the timeline's entries (on the account page, those after its heading)."""
    timeline = html.split("<h2>Timeline", 1)[-1]
    return [part.split('"', 1)[0] for part in timeline.split('<time datetime="')[1:]]


def test_the_page_shows_the_newest_fifty_and_offers_the_older_ones(client, alice, account):
    with_calls(account, 120)
    html = logged_in(client, alice).get(f"/accounts/{account.pk}/").content.decode()
    shown = dates_in(html)
    assert len(shown) == 50 and shown[0] == "2026-11-20" and shown == sorted(shown, reverse=True)
    assert "120 activities" in html and "50 of 120 shown" in html
    last = Activity.objects.get(date="2026-10-02")  # the 50th shown
    assert f'hx-get="/accounts/{account.pk}/timeline/?after={last.pk}"' in html
    assert f'href="/accounts/{account.pk}/timeline/?page=2"' in html  # without JavaScript


def show_older(client, account, html):
    """Follow the "Show older activities" link as htmx does."""
    after = f'hx-get="/accounts/{account.pk}/timeline/?after='
    link = after[len('hx-get="') :] + html.split(after, 1)[1].split('"', 1)[0]
    return client.get(link, HTTP_HX_REQUEST="true").content.decode()


def test_show_older_appends_the_next_page_until_the_first_call(client, alice, account):
    with_calls(account, 120)
    logged_in(client, alice)
    first = client.get(f"/accounts/{account.pk}/").content.decode()
    second = show_older(client, account, first)
    assert "<html" not in second  # a fragment for the list
    assert dates_in(second)[0] == "2026-10-01" and len(dates_in(second)) == 50
    assert "100 of 120 shown" in second
    third = show_older(client, account, second)
    assert len(dates_in(third)) == 20 and dates_in(third)[-1] == "2026-07-24"
    assert "Show older" not in third


def test_an_activity_logged_meanwhile_neither_repeats_one_nor_hides_one(client, alice, account):
    with_calls(account, 60)
    logged_in(client, alice)
    first = client.get(f"/accounts/{account.pk}/").content.decode()
    Activity.objects.create(account=account, kind="cadence_call", date=dt.date(2026, 11, 21))
    older = show_older(client, account, first)
    shown = dates_in(first) + dates_in(older)
    assert len(shown) == len(set(shown)) == 60  # every call of the page's time, once
    assert "Show older" not in older


def test_without_javascript_older_activities_have_a_page_of_their_own(client, alice, account):
    with_calls(account, 60)
    html = logged_in(client, alice).get(f"/accounts/{account.pk}/timeline/?page=2").content
    html = html.decode()
    assert "Activities 51 to 60 of 60, newest first." in html and "?page=1" in html
    assert len(dates_in(html)) == 10 and account.name in html


def test_an_account_outside_the_view_has_no_timeline(client, charlie, account):
    with_calls(account, 3)
    response = logged_in(client, charlie).get(f"/accounts/{account.pk}/timeline/")
    assert response.status_code == 404


def test_logging_a_call_in_place_returns_the_first_page(client, alice, account):
    with_calls(account, 55)
    call = {"kind": "cadence_call", "date": "2026-11-21", "duration_minutes": "30", "notes": ""}
    html = (
        logged_in(client, alice)
        .post(f"/accounts/{account.pk}/activities/", call, HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert dates_in(html)[0] == "2026-11-21" and "50 of 56 shown" in html
