"""Success plans on the account page: start and update a plan, qualify it, add objectives.

Each write goes through `rhythm.plans.services`; the queue's PLAN items follow what is
recorded. Only a CSM manager qualifies a plan (PLAN-1's "management-qualified").
"""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from rhythm.plans.models import Objective, SuccessPlan
from rhythm.plans.services import upsert_success_plan
from tests.factories import ContactFactory, account_owned_by
from tests.web.pages import logged_in, shown_items, today, with_late_call


def plan_items(client, account, rule):
    page = client.get(f"/accounts/{account.pk}/")
    return [row.item.why for row in page.context["rows"] if row.item.rule == rule]


def save_plan(client, account, **values):
    body = {"kind": "roi", "status": "active", "health": "", **values}
    return client.post(f"/accounts/{account.pk}/plans/", body)


def test_a_csm_starts_a_plan_and_the_manager_qualifies_it(client, alice, manager):
    account = with_late_call(alice, "Acme Corp")
    logged_in(client, alice)
    assert plan_items(client, account, "PLAN-1") == ["No success plan."]
    day = client.get("/").content.decode()  # PLAN-1 and EXEC-1 say where they are recorded
    assert f'href="/accounts/{account.pk}/#plans">Open the plans</a>' in day
    assert f'href="/accounts/{account.pk}/#contacts">Add a contact</a>' in day
    page = client.get(f"/accounts/{account.pk}/").content.decode()
    assert "Start a success plan" in page and 'name="qualified"' not in page

    response = save_plan(client, account, health="green", shared_on=today().isoformat())
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/{account.pk}/#plans"
    plan = SuccessPlan.objects.get(account=account)
    assert (plan.kind, plan.status, plan.health, plan.shared_on, plan.qualified_on) == (
        "roi",
        "active",
        "green",
        today(),
        None,
    )
    [why] = plan_items(client, account, "PLAN-1")
    assert why == "No management-qualified green success plan (ROI plan green, not qualified)."
    # A CSM's form has no qualification box: a forged one changes nothing.
    save_plan(client, account, health="green", qualified="on")
    assert SuccessPlan.objects.get(account=account).qualified_on is None

    logged_in(client, manager)
    assert 'name="qualified"' in client.get(f"/accounts/{account.pk}/").content.decode()
    save_plan(client, account, health="green", qualified="on", shared_on=today().isoformat())
    assert SuccessPlan.objects.get(account=account).qualified_on == today()
    assert plan_items(client, account, "PLAN-1") == []
    # The manager unticks it: the qualification is withdrawn.
    save_plan(client, account, health="green", shared_on=today().isoformat())
    assert SuccessPlan.objects.get(account=account).qualified_on is None


def test_saving_a_qualified_plan_again_keeps_the_day_it_was_qualified(client, alice, manager):
    account = with_late_call(alice, "Acme Corp")
    earlier = today() - dt.timedelta(days=40)
    upsert_success_plan(account=account, kind="roi", health="green", qualified_on=earlier)
    logged_in(client, manager)
    save_plan(client, account, health="yellow", qualified="on")
    plan = SuccessPlan.objects.get(account=account)
    assert (plan.health, plan.qualified_on) == ("yellow", earlier)


def test_a_future_date_is_refused_and_nothing_is_written(client, alice):
    account = with_late_call(alice, "Acme Corp")
    tomorrow = (today() + dt.timedelta(days=1)).isoformat()
    response = save_plan(logged_in(client, alice), account, shared_on=tomorrow)
    assert response.status_code == 400
    assert f"{tomorrow} is in the future; record the plan shared once it is." in (
        response.content.decode()
    )
    assert not SuccessPlan.objects.exists()


def test_only_a_manager_qualifies_a_plan(alice, manager):
    account = with_late_call(alice, "Acme Corp")
    with pytest.raises(PermissionDenied):
        upsert_success_plan(account=account, kind="roi", by=alice, qualified_on=today())
    plan, _ = upsert_success_plan(
        account=account, kind="roi", by=manager, health="green", qualified_on=today()
    )
    assert plan.qualified_on == today()


def test_objectives_are_added_and_what_they_lack_is_shown(client, alice):
    account = with_late_call(alice, "Acme Corp")
    ana = ContactFactory(account=account, name="Ana Champion")
    upsert_success_plan(account=account, kind="roi", health="green")
    logged_in(client, alice)
    url = f"/accounts/{account.pk}/plans/roi/objectives/"
    response = client.post(url, {"outcome": "Ship faster", "metric": "Deploys a week"})
    assert response.status_code == 302
    page = client.get(f"/accounts/{account.pk}/").content.decode()
    assert "Lacks a target, a target date, a customer owner and a vendor owner." in page
    assert plan_items(client, account, "PLAN-3") == [
        "Objective 'Ship faster' lacks a target, a target date, a customer owner and a "
        "vendor owner."
    ]
    complete = {
        "outcome": "Ship faster",
        "metric": "Deploys a week",
        "unit": "deploys",
        "baseline": "4",
        "target": "20",
        "target_date": (today() + dt.timedelta(days=180)).isoformat(),
        "customer_owner": str(ana.pk),
        "vendor_owner": str(alice.pk),
    }
    client.post(url, complete)  # the same outcome: the objective is completed
    objective = Objective.objects.get(plan__account=account)
    assert (objective.target, objective.customer_owner, objective.vendor_owner) == (20, ana, alice)
    assert plan_items(client, account, "PLAN-3") == []
    assert "4 → 20 deploys" in client.get(f"/accounts/{account.pk}/").content.decode()


def test_completing_an_objective_keeps_what_was_recorded(client, alice):
    account = with_late_call(alice, "Acme Corp")
    upsert_success_plan(account=account, kind="roi")
    url = f"/accounts/{account.pk}/plans/roi/objectives/"
    later = (today() + dt.timedelta(days=90)).isoformat()
    full = {"outcome": "Ship faster", "metric": "Lead time", "target": "20", "target_date": later}
    logged_in(client, alice).post(url, full)
    client.post(url, {"outcome": "Ship faster", "unit": "days"})
    objective = Objective.objects.get(plan__account=account)
    assert (objective.metric, objective.target, objective.unit) == ("Lead time", 20, "days")
    assert objective.target_date.isoformat() == later


@pytest.mark.parametrize("year", [1, 9999])
def test_an_objectives_target_date_is_a_real_one(client, alice, year):
    account = with_late_call(alice, "Acme Corp")
    upsert_success_plan(account=account, kind="roi")
    url = f"/accounts/{account.pk}/plans/roi/objectives/"
    body = {"outcome": "Ship faster", "target_date": dt.date(year, 12, 31).isoformat()}
    response = logged_in(client, alice).post(url, body)
    assert response.status_code == 400
    assert "check the year." in response.text
    assert not Objective.objects.exists()


def test_a_red_plan_is_not_qualified_through_the_plan_form(client, alice, manager):
    account = with_late_call(alice, "Acme Corp")
    upsert_success_plan(account=account, kind="roi", health="green")
    logged_in(client, manager)
    response = save_plan(client, account, health="red", qualified="on")
    assert response.status_code == 400
    assert "A plan is qualified once it is green: bring it to green first." in response.text
    plan = SuccessPlan.objects.get(account=account)
    assert (plan.health, plan.qualified_on) == ("green", None)


def test_an_owner_from_another_account_is_refused(client, alice, bob):
    account = with_late_call(alice, "Acme Corp")
    stranger = ContactFactory(account=account_owned_by(bob, name="Bob Corp"), name="Stranger")
    upsert_success_plan(account=account, kind="roi")
    url = f"/accounts/{account.pk}/plans/roi/objectives/"
    body = {"outcome": "Ship faster", "customer_owner": str(stranger.pk)}
    response = logged_in(client, alice).post(url, body)
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Objective.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"), [("leader", 403), ("charlie", 404)], ids=["read-only", "outsider"]
)
def test_plans_are_written_only_by_those_who_record_work(client, alice, request, who, status):
    account = with_late_call(alice, "Acme Corp")
    upsert_success_plan(account=account, kind="roi")
    logged_in(client, request.getfixturevalue(who))
    assert save_plan(client, account, health="green").status_code == status
    url = f"/accounts/{account.pk}/plans/roi/objectives/"
    assert client.post(url, {"outcome": "Ship faster"}).status_code == status
    plan = SuccessPlan.objects.get(account=account)
    assert (plan.health, plan.objectives.count()) == ("", 0)


HTMX = {"HTTP_HX_REQUEST": "true"}


def plan_2(client):
    return [i for i in shown_items(client.get("/")) if i.rule == "PLAN-2"]


def test_sharing_then_reviewing_the_plan_clears_plan_2_in_place(client, alice):
    account = with_late_call(alice, "Acme Corp")
    upsert_success_plan(account=account, kind="roi", health="green")
    logged_in(client, alice)
    [never] = plan_2(client)
    assert never.why == "The ROI success plan was never shared with the customer."
    url = f"/accounts/{account.pk}/queue/plan-date/"
    shared = today() - dt.timedelta(days=100)
    response = client.post(url, {"rule": "PLAN-2", "date": shared.isoformat()}, **HTMX)
    assert (
        f"Done — recorded that the ROI plan was shared with the customer on {shared.isoformat()}."
    ) in response.content.decode()
    [review] = plan_2(client)  # shared 100 days ago: its quarterly review is late
    assert review.state == "late"
    assert 'data-rule="PLAN-2"' in client.get("/").content.decode()
    body = {"rule": "PLAN-2", "records": "reviewed_on", "date": today().isoformat()}
    assert 'name="records" value="reviewed_on"' in client.get("/").content.decode()
    response = client.post(url, body, **HTMX)
    assert "the ROI plan was reviewed with the customer" in response.content.decode()
    plan = SuccessPlan.objects.get(account=account)
    assert (plan.shared_on, plan.reviewed_on) == (shared, today())
    assert plan_2(client) == []


def test_a_review_before_the_plan_was_shared_is_refused_on_the_form(client, alice):
    account = with_late_call(alice, "Acme Corp")
    shared, reviewed = today() - dt.timedelta(days=10), today() - dt.timedelta(days=30)
    logged_in(client, alice)
    response = save_plan(
        client, account, shared_on=shared.isoformat(), reviewed_on=reviewed.isoformat()
    )
    assert response.status_code == 400
    assert response.context["plans"].new_form.errors["reviewed_on"] == [
        f"{reviewed.isoformat()} is before the plan was shared with the customer, on "
        f"{shared.isoformat()}; it is reviewed with them once shared."
    ]
    assert "is before the plan was shared with the customer" in response.content.decode()
    assert not SuccessPlan.objects.exists()


def test_a_review_on_the_form_without_a_shared_date_records_it_shared(client, alice):
    account = with_late_call(alice, "Acme Corp")
    reviewed = today() - dt.timedelta(days=5)
    response = save_plan(logged_in(client, alice), account, reviewed_on=reviewed.isoformat())
    assert response.status_code == 302
    plan = SuccessPlan.objects.get(account=account)
    assert (plan.shared_on, plan.reviewed_on) == (reviewed, reviewed)
    assert plan_items(client, account, "PLAN-2") == []


def test_a_review_before_the_plan_was_shared_is_refused_in_place(client, alice):
    account = with_late_call(alice, "Acme Corp")
    shared = today() - dt.timedelta(days=100)
    upsert_success_plan(account=account, kind="roi", shared_on=shared)
    early = shared - dt.timedelta(days=1)
    body = {"rule": "PLAN-2", "records": "reviewed_on", "date": early.isoformat()}
    response = logged_in(client, alice).post(
        f"/accounts/{account.pk}/queue/plan-date/", body, **HTMX
    )
    assert response.status_code == 200  # htmx swaps only 2xx: the row shows the error
    assert (
        f"{early.isoformat()} is before the plan was shared with the customer, on "
        f"{shared.isoformat()}"
    ) in response.content.decode()
    assert SuccessPlan.objects.get(account=account).reviewed_on is None


def test_a_plan_date_in_the_future_is_refused_in_place(client, alice):
    account = with_late_call(alice, "Acme Corp")
    upsert_success_plan(account=account, kind="roi")
    tomorrow = (today() + dt.timedelta(days=1)).isoformat()
    response = logged_in(client, alice).post(
        f"/accounts/{account.pk}/queue/plan-date/", {"rule": "PLAN-2", "date": tomorrow}, **HTMX
    )
    assert "is in the future; record the plan shared once it is." in response.content.decode()
    assert SuccessPlan.objects.get(account=account).shared_on is None


def test_book_items_link_to_their_part_of_the_dashboard(client, manager, alice, leader):
    account = with_late_call(alice, "Acme Corp")
    review = '/team/?csm=alice%40rhythm.test#review">Open the review</a>'
    assert review in logged_in(client, manager).get("/").content.decode()
    as_leader = logged_in(client, leader).get("/").content.decode()
    assert review in as_leader  # reading the dashboard is not recording anything
    assert f"/accounts/{account.pk}/#plans" not in as_leader  # the plans' forms are not theirs


def test_no_two_fields_of_the_account_page_share_an_id(client, alice, manager):
    import re
    from collections import Counter

    account = with_late_call(alice, "Acme Corp")
    upsert_success_plan(account=account, kind="roi", health="green")
    for who in (alice, manager):
        page = logged_in(client, who).get(f"/accounts/{account.pk}/").content.decode()
        ids = Counter(re.findall(r'\sid="([^"]+)"', page))
        assert [name for name, count in ids.items() if count > 1] == []
        assert 'id="use-case-date"' in page and 'id="check-in-date"' in page
    # A form shown again with its errors keeps its own ids.
    tomorrow = (today() + dt.timedelta(days=1)).isoformat()
    body = {"use_case": "ci", "status": "green", "date": tomorrow}
    page = client.post(f"/accounts/{account.pk}/use-cases/", body).content.decode()
    ids = Counter(re.findall(r'\sid="([^"]+)"', page))
    assert [name for name, count in ids.items() if count > 1] == []


def test_no_two_fields_of_my_day_or_the_dashboard_share_an_id(client, alice, manager):
    import re
    from collections import Counter

    with_late_call(alice, "Acme Corp")
    for who, path in ((alice, "/"), (manager, "/"), (manager, "/team/")):
        page = logged_in(client, who).get(path).content.decode()
        ids = Counter(re.findall(r'\sid="([^"]+)"', page))
        assert [name for name, count in ids.items() if count > 1] == [], path


def test_a_manager_qualifies_a_green_plan_in_place(client, alice, manager):
    account = with_late_call(alice, "Acme Corp")
    upsert_success_plan(account=account, kind="roi", health="green")
    assert "Qualify plan" not in logged_in(client, alice).get("/").content.decode()
    forged = client.post(f"/accounts/{account.pk}/queue/qualify/", {"rule": "PLAN-1"}, **HTMX)
    assert forged.status_code == 403  # only a CSM manager qualifies
    logged_in(client, manager)
    assert "Qualify plan" in client.get("/").content.decode()
    response = client.post(f"/accounts/{account.pk}/queue/qualify/", {"rule": "PLAN-1"}, **HTMX)
    assert (
        f"Done — the ROI (customer-facing) plan qualified on {today().isoformat()}."
        in response.content.decode()
    )
    assert SuccessPlan.objects.get(account=account).qualified_on == today()
    assert [i for i in shown_items(client.get("/")) if i.rule == "PLAN-1"] == []


def test_a_plan_not_green_is_not_qualified_in_place(client, alice, manager):
    account = with_late_call(alice, "Acme Corp")
    upsert_success_plan(account=account, kind="roi", health="yellow")
    response = logged_in(client, manager).post(
        f"/accounts/{account.pk}/queue/qualify/", {"rule": "PLAN-1"}, **HTMX
    )
    assert "No success plan is green and unqualified: bring a plan to green." in (
        response.content.decode()
    )
    assert SuccessPlan.objects.get(account=account).qualified_on is None


def test_a_plan_not_green_is_brought_to_green_before_it_is_qualified(client, alice, manager):
    account = with_late_call(alice, "Acme Corp")
    upsert_success_plan(account=account, kind="roi", health="yellow")
    [item] = [i for i in shown_items(logged_in(client, manager).get("/")) if i.rule == "PLAN-1"]
    assert item.action == "Bring the plan to green and have your manager qualify it."
    assert "Qualify plan" not in client.get("/").content.decode()  # the plans' link instead
    upsert_success_plan(account=account, kind="roi", health="green")
    [item] = [i for i in shown_items(client.get("/")) if i.rule == "PLAN-1"]
    assert item.action == "Have your manager qualify the green plan."


def test_one_submission_shows_the_forms_errors_and_the_services_at_once(client, alice):
    account = with_late_call(alice, "Acme Corp")
    tomorrow = (today() + dt.timedelta(days=1)).isoformat()
    logged_in(client, alice)
    # A shared date that does not parse and a health not offered (the form's errors), and a
    # review in the future (the service's).
    response = save_plan(
        client, account, shared_on="2026-02-30", health="purple", reviewed_on=tomorrow
    )
    assert response.status_code == 400
    errors = response.context["plans"].new_form.errors
    assert errors == {
        "shared_on": ["Enter a valid date."],
        "health": ["Select a valid choice. purple is not one of the available choices."],
        "reviewed_on": [f"{tomorrow} is in the future; record a review once it is done."],
    }
    html = response.content.decode()
    assert '<span class="error" id="new-shared_on_error">Enter a valid date.</span>' in html
    assert (
        f'<span class="error" id="new-reviewed_on_error">{tomorrow} is in the future; '
        "record a review once it is done.</span>"
    ) in html
    assert not SuccessPlan.objects.exists()


def test_a_date_the_plan_form_refused_is_not_put_in_order_as_the_one_stored(client, alice, manager):
    account = with_late_call(alice, "Acme Corp")
    shared = today() - dt.timedelta(days=10)
    upsert_success_plan(account=account, kind="roi", health="yellow", shared_on=shared)
    reviewed = (today() - dt.timedelta(days=20)).isoformat()
    logged_in(client, manager)
    # The shared date typed did not parse: the review is not refused for being before the
    # one stored, which it was meant to replace; nor is the plan refused qualification for
    # its stored health when the health sent did not parse.
    response = save_plan(
        client, account, shared_on="someday", reviewed_on=reviewed, health="?", qualified="on"
    )
    assert response.status_code == 400
    assert response.context["plans"].panels[0].form.errors == {
        "shared_on": ["Enter a valid date."],
        "health": ["Select a valid choice. ? is not one of the available choices."],
    }
    # Sent as it parses, the same review is refused before the stored shared date, and the
    # yellow plan is not qualified.
    sent = {"shared_on": shared.isoformat(), "reviewed_on": reviewed, "health": "yellow"}
    response = save_plan(client, account, **sent, status="nope", qualified="on")
    assert response.context["plans"].panels[0].form.errors == {
        "status": ["Select a valid choice. nope is not one of the available choices."],
        "reviewed_on": [
            f"{reviewed} is before the plan was shared with the customer, on "
            f"{shared.isoformat()}; it is reviewed with them once shared."
        ],
        "qualified": ["A plan is qualified once it is green: bring it to green first."],
    }
    plan = SuccessPlan.objects.get()
    assert (plan.status, plan.health, plan.shared_on, plan.reviewed_on, plan.qualified_on) == (
        "draft",
        "yellow",
        shared,
        None,
        None,
    )
