"""The workshops and roundtables page: what was held with the person's accounts, and a form
to record one with one or several accounts (WS-1, WS-2, RT-1)."""

import datetime as dt

from rhythm.meetings.models import Session
from rhythm.meetings.services import record_session
from rhythm.timeline.models import Activity
from tests.factories import account_owned_by
from tests.web.pages import logged_in, shown_items, today

URL = "/sessions/"


def body(**values):
    data = {
        "kind": "workshop",
        "topic": "CI pipelines",
        "date": today().isoformat(),
        "lead": "alice@rhythm.test",
        "consented_on": "",
        "duration_minutes": "",
        "attendees": "",
        "notes": "",
    }
    data.update(values)
    return data


def test_a_csm_records_a_workshop_with_two_of_her_accounts(client, alice):
    acme, globex = account_owned_by(alice, name="Acme"), account_owned_by(alice, name="Globex")
    logged_in(client, alice)
    [ws2] = [i for i in shown_items(client.get("/")) if i.rule == "WS-2"]
    assert ws2.why.endswith("none led yet.")
    page = client.get(URL)
    assert page.status_code == 200
    assert "No workshop or roundtable with your accounts in the last year." in page.text
    consent = today() - dt.timedelta(days=10)
    response = client.post(
        URL, body(accounts=[acme.pk, globex.pk], consented_on=consent.isoformat())
    )
    session = Session.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?recorded={session.pk}"
    shown = client.get(response["Location"]).text
    assert f"Recorded: workshop “CI pipelines” on {today().isoformat()} with 2 accounts." in shown
    assert f'href="/accounts/{acme.pk}/">Acme</a>, <a href="/accounts/{globex.pk}/">Globex' in shown
    assert session.lead == alice
    assert [a.consented_on for a in session.attendance.all()] == [consent, consent]
    assert Activity.objects.filter(kind="workshop", session=session).count() == 2
    [ws2] = [i for i in shown_items(client.get("/")) if i.rule == "WS-2"]
    assert ws2.state == "coming" and f"last led {today().isoformat()}, today" in ws2.why


def test_the_form_says_how_many_roundtables_rt_1_asks_of_the_team(client, alice, use_playbook):
    account_owned_by(alice, name="Acme")
    page = logged_in(client, alice).get(URL).text
    assert "RT-1 asks for 1 per industry each quarter." in page
    use_playbook('[team."maria@rhythm.test".workshops]\nroundtables_per_industry_per_quarter = 2\n')
    assert "RT-1 asks for 2 per industry each quarter." in client.get(URL).text


def test_a_session_refused_shows_why_on_the_form_and_keeps_nothing(client, alice):
    acme, globex = account_owned_by(alice, name="Acme"), account_owned_by(alice, name="Globex")
    logged_in(client, alice)
    response = client.post(URL, body(kind="roundtable", accounts=[acme.pk, globex.pk]))
    assert response.status_code == 400
    page = response.text
    assert "A roundtable is for one or more industries (RT-1); name at least one industry." in page
    assert "No consent to a multi-customer session: Acme, Globex." in page
    assert 'value="CI pipelines"' in page  # what was typed stays
    tomorrow = (today() + dt.timedelta(days=1)).isoformat()
    response = client.post(URL, body(accounts=[acme.pk], date=tomorrow))
    assert "is in the future; record a session once it is held." in response.text
    # Each error beside its field: the consent date typed, the accounts without consent.
    response = client.post(URL, body(accounts=[acme.pk, globex.pk], consented_on=tomorrow))
    form = response.context["form"]
    assert form.errors["consented_on"] == [
        f"{tomorrow} is in the future; record consent once it is given."
    ]
    assert not Session.objects.exists() and not Activity.objects.exists()


def test_a_roundtable_for_several_industries_is_recorded_and_listed_with_them_all(
    client, alice, bob
):
    grid = account_owned_by(alice, name="Grid Co", industry="Energy")
    water = account_owned_by(alice, name="Water Co", industry="Utilities")
    account_owned_by(bob, name="Bobs Bank", industry="Banking")  # not in Alice's view
    logged_in(client, alice)
    form = client.get(URL).context["form"]
    assert [value for value, _ in form.fields["industries"].choices] == ["Energy", "Utilities"]
    page = client.get(URL).text
    assert '<fieldset class="account-picks industry-picks"' in page
    assert '<label class="check"><input type="checkbox" name="industries" value="Energy"' in page
    consent = today().isoformat()
    sent = body(
        kind="roundtable",
        topic="Grid and water",
        accounts=[grid.pk, water.pk],
        consented_on=consent,
        industries=["Energy", "Utilities"],
    )
    response = client.post(URL, sent)
    assert response.status_code == 302, response.context["form"].errors
    assert Session.objects.get().industries == ["Energy", "Utilities"]
    listed = client.get(URL).text
    assert "<td>Energy, Utilities</td>" in listed
    # Only the industries offered may be ticked: another book's is refused, named.
    response = client.post(URL, {**sent, "industries": ["Banking"]})
    assert response.status_code == 400
    assert response.context["form"].errors["industries"] == [
        "Banking is not an industry of your accounts."
    ]


def test_rt_1_s_link_ticks_the_industry_it_names_whatever_its_case(client, alice):
    account_owned_by(alice, name="Grid Co", industry="Energy")
    logged_in(client, alice)
    form = client.get(f"{URL}?kind=roundtable&industry=ENERGY").context["form"]
    assert form["industries"].value() == ["Energy"]
    form = client.get(f"{URL}?kind=roundtable&industry=Mining").context["form"]
    assert not form["industries"].value()


def test_only_the_persons_accounts_and_sessions_are_offered_and_shown(client, alice, bob):
    acme, bobs = account_owned_by(alice, name="Acme"), account_owned_by(bob, name="Bobcorp")
    held = today() - dt.timedelta(days=5)
    record_session(
        kind="workshop",
        topic="Shared clinic",
        date=held,
        accounts=[(acme, held), (bobs, held)],
        lead=bob,
    )
    record_session(kind="workshop", topic="Bob only", date=held, accounts=[(bobs, None)])
    logged_in(client, alice)
    page = client.get(URL).text
    assert "Acme" in page and "Bobcorp" not in page and "Bob only" not in page
    assert "Shared clinic" in page and "and 1 other account" in page
    assert 'value="alice@rhythm.test"' in page and 'value="bob@rhythm.test"' not in page
    response = client.post(URL, body(accounts=[bobs.pk]))
    assert response.status_code == 400
    assert f"No account in your view has the id {bobs.pk}." in response.text
    assert Session.objects.count() == 2


def test_leadership_reads_the_sessions_but_cannot_record_one(client, alice, leader):
    acme = account_owned_by(alice, name="Acme")
    logged_in(client, leader)
    page = client.get(URL)
    assert page.status_code == 200 and "Record a workshop or roundtable" not in page.text
    assert client.post(URL, body(accounts=[acme.pk])).status_code == 403
    assert not Session.objects.exists()


def test_a_managers_rt_1_item_links_to_the_roundtable_form_filled_in(client, alice, manager):
    account_owned_by(alice, name="Acme")  # industry Finance
    logged_in(client, manager)
    my_day = client.get("/")
    [row] = [r for s in my_day.context["sections"] for r in s.rows if r.item.rule == "RT-1"]
    assert row.item.action == "Organise a customer roundtable for Finance this quarter."
    assert row.link.url == f"{URL}?kind=roundtable&industry=Finance#record"
    assert 'href="/sessions/?kind=roundtable&amp;industry=Finance#record"' in my_day.text
    form = client.get(row.link.url).context["form"]
    assert (form["kind"].value(), form["industries"].value()) == ("roundtable", ["Finance"])
    assert 'value="Finance" id="id_industries_0" checked' in client.get(row.link.url).text
    assert form["lead"].value() == "maria@rhythm.test"


def test_each_account_to_tick_says_its_industry_and_whether_a_workshop_is_owed(client, alice):
    acme = account_owned_by(alice, name="Acme")  # P1, no workshop since 2025: WS-1 late
    quiet = account_owned_by(alice, name="Quiet", industry="")
    record_session(kind="workshop", topic="Solo", date=today(), accounts=[(quiet, None)])
    logged_in(client, alice)
    picks = {p.box.choice_label: p.note for p in client.get(URL).context["picks"]}
    assert picks == {acme.name: "Finance · workshop late", "Quiet": ""}


def test_a_view_too_large_to_list_takes_the_accounts_by_name(client, alice, bob, monkeypatch):
    monkeypatch.setattr("rhythm.web.views.sessions.PICKER_MAX", 1)
    for owner, name in ((alice, "Acme"), (alice, "Globex"), (bob, "Bobcorp")):
        account_owned_by(owner, name=name)
    logged_in(client, alice)
    page = client.get(URL)
    assert page.context["form"].by_name and page.context["picks"] == []
    assert 'name="accounts"' in page.text and "one a line" in page.text
    refused = client.post(URL, body(accounts="Acme\nBobcorp\nNope", consented_on="2026-11-01"))
    assert refused.status_code == 400
    assert "No account in your view is named: Bobcorp, Nope." in refused.text
    assert not Session.objects.exists()
    client.post(URL, body(accounts="acme; GLOBEX", consented_on=today().isoformat()))
    session = Session.objects.get()
    names = [a.account.name for a in session.attendance.order_by("account__name")]
    assert names == ["Acme", "Globex"]


def test_sessions_are_listed_a_page_at_a_time_and_the_one_recorded_is_named(
    client, alice, monkeypatch
):
    monkeypatch.setattr("rhythm.web.views.sessions.SESSIONS_PER_PAGE", 1)
    acme = account_owned_by(alice, name="Acme")
    old, _ = record_session(
        kind="workshop", topic="Old", date=today() - dt.timedelta(days=30), accounts=[(acme, None)]
    )
    record_session(kind="workshop", topic="New", date=today(), accounts=[(acme, None)])
    logged_in(client, alice)
    first = client.get(URL)
    assert [r.session.topic for r in first.context["sessions"]] == ["New"]
    assert 'href="?page=2#held" rel="next">Older →' in first.text
    second = client.get(f"{URL}?page=2")
    assert [r.session.topic for r in second.context["sessions"]] == ["Old"]
    saved = client.get(f"{URL}?recorded={old.pk}").text
    assert "Recorded: workshop “Old”" in saved


def test_the_timeline_names_a_sessions_topic_unless_it_was_logged_on_the_account_alone(
    client, alice
):
    from rhythm.meetings.services import log_held

    acme, globex = account_owned_by(alice, name="Acme"), account_owned_by(alice, name="Globex")
    held = today() - dt.timedelta(days=1)
    record_session(
        kind="workshop", topic="CI pipelines", date=held, accounts=[(acme, held), (globex, held)]
    )
    log_held(account=acme, kind="workshop", date=today(), logged_by=alice)
    logged_in(client, alice)
    page = client.get(f"/accounts/{acme.pk}/").text
    assert "<strong>Workshop</strong> · CI pipelines" in page
    assert "Workshop with Acme" not in page


def test_a_workshop_owed_by_a_csm_is_filled_in_with_that_csm_as_lead(client, alice, manager):
    from rhythm.web.queue_rows import page_link

    account_owned_by(alice, name="Acme")
    logged_in(client, manager)
    [ws2] = [i for i in shown_items(client.get("/")) if i.rule == "WS-2"]
    link = page_link(ws2)
    assert link is not None and f"lead={alice.email.replace('@', '%40')}" in link.url
    form = client.get(link.url.split("#")[0]).context["form"]
    assert form.initial["lead"] == alice.email  # not the manager following the link


def test_the_list_is_found_by_kind_topic_or_account_and_its_pages_keep_the_filters(
    client, alice, bob, monkeypatch
):
    monkeypatch.setattr("rhythm.web.views.sessions.SESSIONS_PER_PAGE", 1)
    acme, globex = account_owned_by(alice, name="Acme"), account_owned_by(alice, name="Globex")
    bobs = account_owned_by(bob, name="Bobcorp")
    days = [today() - dt.timedelta(days=n) for n in (1, 2, 3, 400)]
    for kind, topic, day, accounts in (
        ("workshop", "CI pipelines", days[0], [(acme, None)]),
        ("roundtable", "Finance roundtable", days[1], [(acme, days[1]), (globex, days[1])]),
        ("workshop", "GitOps", days[2], [(globex, days[2]), (bobs, days[2])]),
        ("workshop", "Runners at scale", days[3], [(acme, None)]),
    ):
        industries = ["Finance"] if kind == "roundtable" else []
        record_session(kind=kind, topic=topic, date=day, accounts=accounts, industries=industries)
    logged_in(client, alice)

    def topics(query: str) -> list[str]:
        pages = client.get(f"{URL}?{query}").context["page"].paginator.object_list
        return [session.topic for session in pages]

    assert topics("") == ["CI pipelines", "Finance roundtable", "GitOps"]
    assert topics("of_kind=roundtable") == ["Finance roundtable"]
    assert topics("q=globex") == ["Finance roundtable", "GitOps"]  # an account's name
    assert topics("q=PIPE") == ["CI pipelines"]  # a topic's, case aside
    assert topics("q=bobcorp") == []  # another book's account is not found by its name
    assert topics("of_kind=workshop&q=acme") == ["CI pipelines"]
    assert topics("q=acme&held=any") == ["CI pipelines", "Finance roundtable", "Runners at scale"]
    page = client.get(f"{URL}?of_kind=workshop&q=acme&held=any").text
    assert "(2 matching)" in page
    assert 'href="?of_kind=workshop&amp;q=acme&amp;held=any&amp;page=2#held" rel="next">' in page
    assert "held at any time" in page
    nothing = client.get(f"{URL}?q=nothing").text
    assert "No workshop or roundtable of the last year matches these filters." in nothing
    assert 'href="?q=nothing&amp;held=any#held">Look at any time</a>' in nothing


def test_a_new_team_sees_no_filters_and_the_form_open(client, alice):
    account_owned_by(alice, name="Acme")
    page = logged_in(client, alice).get(URL).text
    assert "No workshop or roundtable with your accounts in the last year." in page
    assert 'name="of_kind"' not in page and 'role="search"' not in page
    assert '<details class="page-form first" open>' in page


def test_a_session_recorded_from_longer_ago_than_the_list_is_confirmed(client, alice):
    acme = account_owned_by(alice, name="Acme")
    long_ago = today() - dt.timedelta(days=500)
    logged_in(client, alice)
    response = client.post(URL, body(accounts=[acme.pk], date=long_ago.isoformat()))
    assert response.status_code == 302
    page = client.get(response["Location"]).text
    assert f"Recorded: workshop “CI pipelines” on {long_ago.isoformat()} with 1 account." in page
    assert "No workshop or roundtable with your accounts in the last year." in page


def test_the_lead_s_name_stays_on_one_line(client, alice):
    acme = account_owned_by(alice, name="Acme")
    record_session(kind="workshop", topic="CI", date=today(), accounts=[(acme, None)], lead=alice)
    page = logged_in(client, alice).get(URL).text
    assert f'<td class="who">{alice.name}</td>' in page


def test_the_accounts_boxes_are_described_by_their_hint_and_their_error(client, alice):
    account_owned_by(alice, name="Acme")
    logged_in(client, alice)
    fresh = client.get(URL).text
    assert '<fieldset class="account-picks" aria-describedby="id_accounts_helptext">' in fresh
    assert '<small class="muted" id="id_accounts_helptext">Every account that attended.' in fresh
    refused = client.post(URL, body(topic="", date="")).text  # no account ticked
    described = 'aria-describedby="id_accounts_helptext id_accounts_error"'
    assert f'<fieldset class="account-picks" {described}>' in refused
    error = '<span class="error" id="id_accounts_error">Choose at least one account that attended.'
    assert error in refused
    assert '<span class="error" id="id_topic_error">Give the session a topic.</span>' in refused
    assert '<span class="error" id="id_date_error">Give the date the session was held.' in refused


def test_a_session_sent_again_as_it_was_is_said_to_be_recorded_already(client, alice):
    acme = account_owned_by(alice, name="Acme")
    logged_in(client, alice)
    first = client.post(URL, body(accounts=[acme.pk], notes="Pipelines 101"))
    assert "unchanged" not in first["Location"]
    again = client.post(URL, body(accounts=[acme.pk], notes="Pipelines 101"))
    assert again.status_code == 302 and again["Location"].endswith("&unchanged=1")
    page = client.get(again["Location"]).text
    said = f"Already recorded, as sent: workshop “CI pipelines” on {today().isoformat()}"
    assert said in page and "Nothing was changed or recorded twice." in page
    assert Session.objects.count() == 1 and Activity.objects.count() == 1
    changed = client.post(URL, body(accounts=[acme.pk], notes="Pipelines 102"))
    assert "unchanged" not in changed["Location"]
    assert "Recorded: workshop “CI pipelines”" in client.get(changed["Location"]).text


def test_one_submission_shows_the_forms_errors_and_the_services_at_once(client, alice):
    acme, globex = account_owned_by(alice, name="Acme"), account_owned_by(alice, name="Globex")
    logged_in(client, alice)
    sent = body(
        kind="roundtable",
        topic="",  # the form's own error
        accounts=[acme.pk, globex.pk],  # the service's: no consent for two accounts
        attendees="stranger@elsewhere.test",  # the service's: no contact, no team member
    )
    response = client.post(URL, sent)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["topic"] == ["Give the session a topic."]  # once, not the service's again
    assert errors["industries"] == [
        "A roundtable is for one or more industries (RT-1); name at least one industry."
    ]
    assert errors["accounts"] == ["No consent to a multi-customer session: Acme, Globex."]
    assert errors["attendees"] == [
        "Not a contact of an attending account or a team member: stranger@elsewhere.test"
    ]
    page = response.text
    assert "Give the session a topic." in page and "name at least one industry." in page
    assert "No consent to a multi-customer session: Acme, Globex." in page
    assert not Session.objects.exists() and not Activity.objects.exists()


def test_a_field_the_form_refused_is_not_checked_again_by_the_service(client, alice):
    acme, globex = account_owned_by(alice, name="Acme"), account_owned_by(alice, name="Globex")
    logged_in(client, alice)
    # A date that does not parse: the service's date check is left out, its others are not.
    response = client.post(URL, body(date="someday", accounts=[acme.pk, globex.pk]))
    errors = response.context["form"].errors
    assert errors["date"] == ["Enter a valid date."]
    assert errors["accounts"] == ["No consent to a multi-customer session: Acme, Globex."]
    # A consent date that does not parse: the accounts' consent is not known, so not refused.
    response = client.post(URL, body(topic="", consented_on="soon", accounts=[acme.pk, globex.pk]))
    errors = response.context["form"].errors
    assert set(errors) == {"topic", "consented_on"}
    # No account chosen: the form says so once; the service's other checks still run.
    tomorrow = (today() + dt.timedelta(days=1)).isoformat()
    response = client.post(URL, body(date=tomorrow))
    errors = response.context["form"].errors
    assert errors["accounts"] == ["Choose at least one account that attended."]
    assert errors["date"] == [f"{tomorrow} is in the future; record a session once it is held."]
    assert not Session.objects.exists()


def test_accounts_named_wrongly_and_others_without_consent_are_both_said(
    client, alice, monkeypatch
):
    monkeypatch.setattr("rhythm.web.views.sessions.PICKER_MAX", 1)
    for name in ("Acme", "Globex"):
        account_owned_by(alice, name=name)
    logged_in(client, alice)
    response = client.post(URL, body(accounts="Acme\nGlobex\nNope"))
    assert response.status_code == 400
    assert response.context["form"].errors["accounts"] == [
        "No consent to a multi-customer session: Acme, Globex.",
        "No account in your view is named: Nope.",
    ]
    assert not Session.objects.exists()


def test_notes_too_long_are_said_with_the_forms_own_errors(client, alice):
    acme = account_owned_by(alice, name="Acme")
    logged_in(client, alice)
    page = client.get(URL).text
    assert 'maxlength="10000"' in page
    response = client.post(URL, body(topic="", accounts=[acme.pk], notes="x" * 10_001))
    errors = response.context["form"].errors
    assert errors["topic"] == ["Give the session a topic."]
    assert errors["notes"] == ["Notes are 10,001 characters; keep them to 10,000."]
    response = client.post(URL, body(accounts=[acme.pk], notes="x" * 10_001))  # the form takes it
    assert response.context["form"].errors == {
        "notes": ["Notes are 10,001 characters; keep them to 10,000."]
    }
    assert not Session.objects.exists() and not Activity.objects.exists()
