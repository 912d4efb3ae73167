"""The EBR's in-place actions: plan it (EBR-1, EBR-2), log it held, follow it up (EBR-3, 4).

Each records through `rhythm.meetings.services`; permissions are tested with the other
actions in test_item_actions.py.
"""

import datetime as dt
import re

import pytest

from rhythm.meetings.models import Ebr
from rhythm.meetings.services import log_held, plan_ebr, record_ebr
from rhythm.playbook.rules.dates import Duration, shift
from rhythm.timeline.models import Activity
from tests.web.pages import logged_in, shown_items, today, with_late_call

HTMX = {"HTTP_HX_REQUEST": "true"}


def items_of(client, rule):
    return [i for i in shown_items(client.get("/")) if i.rule == rule]


def post(client, account, action, rule, on, **extra):
    body = {"rule": rule, "date": on.isoformat(), **extra}
    response = client.post(f"/accounts/{account.pk}/queue/{action}/", body, **HTMX)
    assert response.status_code == 200  # htmx swaps only 2xx: errors show in the row
    return response.content.decode()


def test_planning_the_ebr_clears_ebr_2_and_a_second_date_moves_it(client, alice):
    account = with_late_call(alice, "Acme Corp")  # no EBR since 2025-06-01: both late
    logged_in(client, alice)
    assert [i.state for i in items_of(client, "EBR-2")] == ["late"]
    planned = today() + dt.timedelta(days=30)
    html = post(client, account, "plan-ebr", "EBR-2", planned)
    assert f"Done — EBR planned for {planned.isoformat()}." in html
    ebr = Ebr.objects.get(account=account)
    assert (ebr.planned_on, ebr.status, ebr.held_on) == (planned, "planning", None)
    assert items_of(client, "EBR-2") == []
    # The EBR was due long ago: planning it does not make it on time.
    [late] = items_of(client, "EBR-1")
    assert late.state == "late"
    assert f"the one planned for {planned.isoformat()} is after the due date" in late.why
    moved = today() + dt.timedelta(days=20)
    post(client, account, "plan-ebr", "EBR-2", moved)
    assert list(Ebr.objects.filter(account=account).values_list("planned_on", flat=True)) == [moved]


def test_a_replay_of_a_day_before_the_ebr_was_planned_does_not_see_the_plan(client, alice):
    """Planned today, the EBR was not in planning yesterday: replaying yesterday still has
    EBR-2's 'none in planning', and EBR-1 names no plan."""
    account = with_late_call(alice, "Acme Corp")
    logged_in(client, alice)
    post(client, account, "plan-ebr", "EBR-2", today() + dt.timedelta(days=30))
    assert Ebr.objects.get(account=account).planned_at == today()
    yesterday = (today() - dt.timedelta(days=1)).isoformat()
    replayed = shown_items(client.get(f"/?on={yesterday}"))
    assert [i.state for i in replayed if i.rule == "EBR-2"] == ["late"]
    [ebr_1] = [i for i in replayed if i.rule == "EBR-1"]
    assert "planned" not in ebr_1.why
    assert items_of(client, "EBR-2") == []  # today, it is planned


def test_a_late_ebr_1_offers_to_log_the_ebr_held_which_clears_it(client, alice):
    account = with_late_call(alice, "Acme Corp")  # no EBR since 2025-06-01: EBR-1 late
    logged_in(client, alice)
    [late] = items_of(client, "EBR-1")
    assert late.state == "late" and late.action.startswith("Hold the EBR and log it")
    page = client.get("/").content.decode()
    assert f"/accounts/{account.pk}/queue/hold-ebr/" in page
    assert "Log EBR" in page
    html = post(client, account, "hold-ebr", "EBR-1", today(), attendees="alice@rhythm.test")
    assert f"Done — logged the EBR held on {today().isoformat()}." in html
    assert Ebr.objects.get(account=account).held_on == today()
    assert items_of(client, "EBR-1") == [] and items_of(client, "EBR-2") == []


def test_an_ebr_due_ahead_is_offered_its_due_date_and_planning_it_then_clears_ebr_1(client, alice):
    account = with_late_call(alice, "Acme Corp")
    due = today() + dt.timedelta(days=20)
    held = due - dt.timedelta(days=183)  # high ARR: two EBRs a year, six months apart
    done = {"follow_up_sent_on": held, "success_plan_updated_on": held}
    record_ebr(account=account, planned_on=held, held_on=held, **done)
    logged_in(client, alice)
    [item] = items_of(client, "EBR-1")
    assert item.state == "coming"
    page = client.get("/").content.decode()
    assert f'name="date" min="{today().isoformat()}" value="{item.due.isoformat()}"' in page
    post(client, account, "plan-ebr", "EBR-1", item.due)
    assert items_of(client, "EBR-1") == []
    assert items_of(client, "EBR-2") == []


def test_a_past_date_is_refused_and_nothing_is_planned(client, alice):
    account = with_late_call(alice, "Acme Corp")
    logged_in(client, alice)
    yesterday = today() - dt.timedelta(days=1)
    html = post(client, account, "plan-ebr", "EBR-2", yesterday)
    assert f"{yesterday.isoformat()} has passed; plan the EBR for today or later" in html
    assert not Ebr.objects.exists()


def test_holding_the_ebr_then_following_it_up_clears_ebr_3_and_ebr_4(client, alice):
    account = with_late_call(alice, "Acme Corp")
    plan_ebr(account=account, planned_on=today())
    logged_in(client, alice)
    delivery = [i for i in items_of(client, "EBR-3") if "not logged as held" in i.why]
    assert [i.due for i in delivery] == [today()]
    # The preparation steps are EBR-3 items too, without an in-place form.
    page = client.get("/?rule=EBR-3").content.decode()
    assert page.count("queue/hold-ebr/") == 2  # the form's action and its hx-post
    html = post(client, account, "hold-ebr", "EBR-3", today(), attendees="alice@rhythm.test")
    assert f"Done — logged the EBR held on {today().isoformat()}." in html
    assert "Next for EBR-3:" in html and "the follow-up email is due within" in html
    ebr = Ebr.objects.get(account=account)
    assert (ebr.status, ebr.held_on) == ("held", today())
    logged = Activity.objects.get(account=account, kind="ebr")
    assert (logged.date, list(logged.members.values_list("email", flat=True))) == (
        today(),
        ["alice@rhythm.test"],
    )
    assert [i.rule for i in shown_items(client.get("/")) if i.rule in ("EBR-1", "EBR-2")] == []

    html = post(client, account, "after-ebr", "EBR-3", today())
    assert f"Done — recorded that the follow-up email was sent on {today().isoformat()}." in html
    html = post(client, account, "after-ebr", "EBR-4", today())
    assert "Done — recorded that the success plan was updated" in html
    ebr.refresh_from_db()
    assert (ebr.follow_up_sent_on, ebr.success_plan_updated_on) == (today(), today())
    assert items_of(client, "EBR-3") == items_of(client, "EBR-4") == []

    again = post(client, account, "after-ebr", "EBR-4", today())  # sent twice: as recorded
    assert "Done — recorded that the success plan was updated" in again
    yesterday = today() - dt.timedelta(days=1)
    other = post(client, account, "after-ebr", "EBR-4", yesterday)
    assert f"Already recorded: the success plan was updated on {today().isoformat()}" in other


@pytest.mark.parametrize(
    ("attendees", "on", "error"),
    [
        ("ghost@nowhere.test", None, "Not a contact of this account or a team member"),
        ("", dt.timedelta(days=1), "is in the future; log an EBR once it is held."),
    ],
)
def test_a_bad_ebr_held_is_explained_and_nothing_is_kept(client, alice, attendees, on, error):
    account = with_late_call(alice, "Acme Corp")
    plan_ebr(account=account, planned_on=today())
    logged_in(client, alice)
    day = today() + (on or dt.timedelta())
    html = post(client, account, "hold-ebr", "EBR-3", day, attendees=attendees)
    assert error in html
    ebr = Ebr.objects.get(account=account)
    assert (ebr.status, ebr.held_on) == ("planning", None)
    assert not Activity.objects.filter(account=account, kind="ebr").exists()


def test_a_follow_up_dated_before_the_ebr_is_refused(client, alice):
    account = with_late_call(alice, "Acme Corp")
    plan_ebr(account=account, planned_on=today())
    log_held(account=account, kind="ebr", date=today())
    logged_in(client, alice)
    yesterday = today() - dt.timedelta(days=1)
    html = post(client, account, "after-ebr", "EBR-3", yesterday)
    assert f"{yesterday.isoformat()} is before the EBR, held {today().isoformat()}." in html
    assert Ebr.objects.get(account=account).follow_up_sent_on is None


def test_the_account_page_logs_the_ebr_being_prepared_as_held(client, alice):
    account = with_late_call(alice, "Acme Corp")
    plan_ebr(account=account, planned_on=today() + dt.timedelta(days=10))
    body = {"kind": "ebr", "date": today().isoformat(), "duration_minutes": "75", "notes": "Q&A"}
    response = logged_in(client, alice).post(f"/accounts/{account.pk}/activities/", body)
    assert response.status_code == 302
    ebr = Ebr.objects.get(account=account)
    assert (ebr.status, ebr.held_on, ebr.length_minutes) == ("held", today(), 75)
    assert (ebr.activity.date, ebr.activity.notes, ebr.activity.duration_minutes) == (
        today(),
        "Q&A",
        75,
    )
    assert [i.rule for i in shown_items(client.get("/")) if i.rule.startswith("EBR-3")] == [
        "EBR-3"  # only the follow-up email is left
    ]


def test_an_ebr_logged_with_none_planned_asks_for_its_follow_ups_on_the_page(client, alice):
    account = with_late_call(alice, "Acme Corp")
    held = today() - dt.timedelta(days=1)
    body = {"kind": "ebr", "date": held.isoformat(), "notes": "Unplanned"}
    response = logged_in(client, alice).post(f"/accounts/{account.pk}/activities/", body)
    assert response.status_code == 302
    ebr = Ebr.objects.get(account=account)
    assert (ebr.planned_on, ebr.held_on, ebr.status) == (held, held, "held")
    assert len(items_of(client, "EBR-3")) == len(items_of(client, "EBR-4")) == 1
    page = client.get(f"/accounts/{account.pk}/").content.decode()
    assert f"Last held {held.isoformat()}" in page and "no follow-up recorded" in page
    post(client, account, "after-ebr", "EBR-3", held)
    post(client, account, "after-ebr", "EBR-4", today())
    assert items_of(client, "EBR-3") == items_of(client, "EBR-4") == []


def test_an_older_ebr_logged_for_the_record_leaves_the_next_one_in_preparation(client, alice):
    account = with_late_call(alice, "Acme Corp")
    planned = today() + dt.timedelta(days=30)
    plan_ebr(account=account, planned_on=planned)
    old = today() - dt.timedelta(days=200)  # before the 4-month planning lead
    body = {"kind": "ebr", "date": old.isoformat(), "notes": "From the old tracker"}
    logged_in(client, alice).post(f"/accounts/{account.pk}/activities/", body)
    ebr = Ebr.objects.get(account=account)
    assert (ebr.planned_on, ebr.status, ebr.held_on) == (planned, "planning", None)
    logged = Activity.objects.get(account=account, kind="ebr")
    assert (logged.date, logged.notes) == (old, "From the old tracker")


def steps_due(client):
    return sorted(i.why.split(": ")[1].split(",")[0] for i in items_of(client, "EBR-3"))


def test_a_preparation_step_is_recorded_done_in_place(client, alice):
    from rhythm.meetings.models import EbrStep

    account = with_late_call(alice, "Acme Corp")
    planned = today() + dt.timedelta(days=100)  # steps 1 and 2 are open: 4 to 3 months before
    plan_ebr(account=account, planned_on=planned)
    logged_in(client, alice)
    assert steps_due(client)[:2] == ["step 1", "step 2"]
    page = client.get("/?rule=EBR-3").content.decode()
    assert '<input type="hidden" name="step" value="1">' in page
    body = {"step": "1", "records": ""}
    html = post(client, account, "ebr-step", "EBR-3", today(), **body)
    assert f"Done — step 1, internal alignment, recorded done on {today().isoformat()}." in html
    step = EbrStep.objects.get(ebr__account=account)
    assert (step.number, step.name, step.owner_role, step.done_on) == (
        1,
        "Internal alignment",
        "csm",
        today(),
    )
    months = (Duration(4, "months"), Duration(3, "months"))
    assert (step.opens_on, step.closes_on) == tuple(shift(planned, m, before=True) for m in months)
    assert "step 1" not in steps_due(client) and "step 2" in steps_due(client)


def test_a_step_named_with_an_acronym_keeps_it_in_the_row_s_sentences(client, alice):
    """Step 4 is "EBR planning": read in a sentence as such, not as "ebr planning"."""
    account = with_late_call(alice, "Acme Corp")
    plan_ebr(account=account, planned_on=today() + dt.timedelta(days=25))  # step 4 is open
    logged_in(client, alice)
    [item] = [i for i in items_of(client, "EBR-3") if "step 4" in i.why]
    assert ": step 4, EBR planning (" in item.why
    assert item.action == "Do step 4 (EBR planning) and record it done."
    page = client.get("/?rule=EBR-3").content.decode()
    assert "step 4, EBR planning (" in page and "ebr planning" not in page
    html = post(client, account, "ebr-step", "EBR-3", today(), step="4", records="")
    assert f"Done — step 4, EBR planning, recorded done on {today().isoformat()}." in html


def test_a_step_posted_again_from_the_same_row_is_not_recorded_again(client, alice):
    """Steps 1 and 2 fall due the same day: the second post of step 1's form (a second tab,
    a double click) finds step 1 cleared, though an EBR-3 item is still due that day."""
    from rhythm.meetings.models import EbrStep

    account = with_late_call(alice, "Acme Corp")
    plan_ebr(account=account, planned_on=today() + dt.timedelta(days=100))
    logged_in(client, alice)
    rows = [
        row
        for section in client.get("/").context["sections"]
        for row in section.rows
        if row.item.rule == "EBR-3"
    ]
    first, second = rows[:2]
    assert (first.step, second.step) == (1, 2) and first.item.due == second.item.due
    yesterday = today() - dt.timedelta(days=1)
    body = {"step": "1", "records": "", "due": first.item.due.isoformat(), "row": first.dom_id}
    post(client, account, "ebr-step", "EBR-3", yesterday, **body)
    html = post(client, account, "ebr-step", "EBR-3", today(), **body)
    assert "Already cleared since this page was shown" in html
    assert EbrStep.objects.get(ebr__account=account, number=1).done_on == yesterday
    assert steps_due(client)[0] == "step 2"


@pytest.mark.parametrize(
    ("step", "on", "error"),
    [
        ("42", dt.timedelta(), "The playbook has no EBR preparation step 42."),
        ("2", dt.timedelta(days=1), "is in the future; record a step once it is done."),
    ],
)
def test_a_bad_step_is_explained_and_nothing_is_kept(client, alice, step, on, error):
    from rhythm.meetings.models import EbrStep

    account = with_late_call(alice, "Acme Corp")
    plan_ebr(account=account, planned_on=today() + dt.timedelta(days=100))
    logged_in(client, alice)
    html = post(client, account, "ebr-step", "EBR-3", today() + on, step=step)
    assert error in html
    assert not EbrStep.objects.exists()


def test_a_step_s_action_sentence_names_its_step():
    from rhythm.playbook.rules.ebr import HOLD_EBR, step_action, step_of

    assert step_action(3, "Scheduling") == "Do step 3 (scheduling) and record it done."
    assert step_of(step_action(12, "Anything")) == 12
    assert step_of(HOLD_EBR) is None


def with_ebr_held(alice, days_ago: int):
    """An account whose EBR was held `days_ago` days ago: CHK-1 asks for a check-in after it."""
    account = with_late_call(alice, "Acme Corp")
    held = today() - dt.timedelta(days=days_ago)
    done = {"follow_up_sent_on": held, "success_plan_updated_on": held}
    record_ebr(account=account, planned_on=held, held_on=held, **done)
    return account


def test_a_check_in_planned_in_place_clears_chk_1_and_is_held_when_logged(client, alice):
    from rhythm.meetings.models import LeadershipCheckIn

    account = with_ebr_held(alice, 100)  # a check-in was due 3 months after it: late
    logged_in(client, alice)
    assert [i.state for i in items_of(client, "CHK-1")] == ["late"]
    planned = today() + dt.timedelta(days=12)
    html = post(client, account, "check-in", "CHK-1", planned, notes="")
    assert f"Done — leadership check-in planned for {planned.isoformat()}." in html
    assert items_of(client, "CHK-1") == []
    # Held early, and logged from the account page: the planned check-in is the one held.
    body = {"kind": "leadership_check_in", "date": today().isoformat(), "notes": "Goals"}
    client.post(f"/accounts/{account.pk}/activities/", body)
    check_in = LeadershipCheckIn.objects.get(account=account)
    assert (check_in.planned_on, check_in.held_on, check_in.activity.notes) == (
        planned,
        today(),
        "Goals",
    )
    assert items_of(client, "CHK-1") == []
    later = today() + dt.timedelta(days=75)  # the next check-in is due a quarter after this one
    [next_one] = [i for i in shown_items(client.get(f"/?on={later}")) if i.rule == "CHK-1"]
    assert next_one.due == shift(today(), Duration(3, "months"))


def test_notes_typed_for_a_check_in_planned_are_not_dropped_without_a_word(client, alice):
    """A check-in planned keeps only its date: notes typed with a later date are refused,
    beside the notes, rather than lost while the row says Done."""
    from rhythm.meetings.models import LeadershipCheckIn

    account = with_ebr_held(alice, 100)
    logged_in(client, alice)
    planned = today() + dt.timedelta(days=12)
    html = post(client, account, "check-in", "CHK-1", planned, notes="Agenda: roadmap")
    assert (
        'value="Agenda: roadmap" maxlength="10000" placeholder="What did you cover?">'
        '<span class="error">'
        f"A check-in planned for {planned.isoformat()} keeps no notes: clear them to plan it,"
    ) in html
    assert not LeadershipCheckIn.objects.filter(account=account).exists()
    assert [i.state for i in items_of(client, "CHK-1")] == ["late"]


def test_a_check_in_held_today_is_logged_in_place(client, alice):
    account = with_ebr_held(alice, 100)
    logged_in(client, alice)
    html = post(client, account, "check-in", "CHK-1", today(), notes="Roadmap and goals")
    assert f"Done — logged a leadership check-in on {today().isoformat()}." in html
    logged = Activity.objects.get(account=account, kind="leadership_check_in")
    assert (logged.date, logged.notes, logged.logged_by) == (today(), "Roadmap and goals", alice)
    assert items_of(client, "CHK-1") == []


def test_the_account_page_shows_and_plans_the_next_ebr_and_check_in(client, alice):
    from rhythm.meetings.models import LeadershipCheckIn

    account = with_ebr_held(alice, 100)
    logged_in(client, alice)
    page = " ".join(client.get(f"/accounts/{account.pk}/").content.decode().split())
    assert "No EBR in preparation." in page and "No check-in planned." in page
    held = (today() - dt.timedelta(days=100)).isoformat()
    assert f"Last held {held}: follow-up sent {held}" in page
    planned = today() + dt.timedelta(days=100)
    response = client.post(f"/accounts/{account.pk}/ebrs/", {"date": planned.isoformat()})
    assert response["Location"] == f"/accounts/{account.pk}/#meetings"
    check_in = today() + dt.timedelta(days=5)
    client.post(f"/accounts/{account.pk}/check-ins/", {"date": check_in.isoformat()})
    assert LeadershipCheckIn.objects.get(account=account).planned_on == check_in
    page = " ".join(client.get(f"/accounts/{account.pk}/").content.decode().split())
    assert f"Being prepared for <strong>{planned.isoformat()}</strong>" in page
    assert "Internal alignment" in page and "Move the EBR" in page
    assert f"Planned for <strong>{check_in.isoformat()}</strong>" in page
    past = (today() - dt.timedelta(days=1)).isoformat()
    refused = client.post(f"/accounts/{account.pk}/check-ins/", {"date": past})
    assert refused.status_code == 400
    said = refused.content.decode()
    # Next to the date typed, not above the form: the service calls it `planned_on`.
    # Its id is the one the field's aria-describedby names, so a screen reader reads it too.
    said_by = re.search(r'aria-describedby="([\w-]+_error)"', said)
    assert said_by is not None
    assert (
        f'<span class="error" id="{said_by.group(1)}">{past} has passed; plan the check-in for '
        "today or later, or log it as held.</span>" in said
    )
    assert LeadershipCheckIn.objects.get(account=account).planned_on == check_in


@pytest.mark.parametrize("path", ["ebrs", "check-ins"])
def test_only_those_who_record_work_plan_meetings(client, alice, leader, charlie, path):
    account = with_late_call(alice, "Acme Corp")
    body = {"date": (today() + dt.timedelta(days=10)).isoformat()}
    assert (
        logged_in(client, leader).post(f"/accounts/{account.pk}/{path}/", body).status_code == 403
    )
    assert (
        logged_in(client, charlie).post(f"/accounts/{account.pk}/{path}/", body).status_code == 404
    )
    assert not Ebr.objects.exists()
