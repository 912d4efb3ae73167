"""What a script records through the API clears the queue items it answers, as in the UI,
and each write keeps what a team would expect of it."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from django.utils import timezone

from rhythm.contacts.models import Contact
from rhythm.health.models import HealthUpdate
from rhythm.meetings.models import Ebr, EbrStep
from rhythm.plans.models import ActionItem, SuccessPlan
from rhythm.plans.services import upsert_success_plan
from rhythm.playbook.config import current_settings
from rhythm.renewals.models import Renewal
from rhythm.timeline.models import Activity
from tests.apiclient import bearer, post_json, the_error
from tests.factories import ContactFactory, SeatFactory, TeamMemberFactory, account_owned_by


def later(n: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=n)).isoformat()


def owed(client, member, account) -> list[dict]:
    """The items due or late on the account (coming ones are not owed yet)."""
    response = client.get(f"/api/v1/queue?account={account.name}", **bearer(member))
    items = json.loads(b"".join(response.streaming_content))
    return [item for item in items if item["state"] != "coming"]


def rules_of(client, member, account) -> list[str]:
    """The rules with an item due or late on the account (coming ones are not owed yet)."""
    return sorted(item["rule"] for item in owed(client, member, account))


def whys_of(client, member, account, rule: str) -> list[str]:
    """Why each of the rule's items owed on the account is raised."""
    return sorted(item["why"] for item in owed(client, member, account) if item["rule"] == rule)


def url(account, path: str) -> str:
    return f"/api/v1/accounts/{account.pk}/{path}"


@pytest.fixture
def renewing(account):
    """Acme Corp renews in 140 days, so REN-1's five-month review is late."""
    return Renewal.objects.create(
        account=account, renewal_date=timezone.localdate() + dt.timedelta(days=140)
    )


@pytest.mark.parametrize(
    ("rule", "path", "body"),
    [
        ("HEALTH-1", "health", {"overall": "yellow"}),
        ("ADOPT-2", "use-cases", {"use_case": "ci", "status": "green"}),
        ("NPS-1", "surveys", {"kind": "csat", "score": 4}),
        ("PRIO-4", "priority/review", {}),
        ("EBR-2", "ebrs", {"planned_on": later(60)}),
        ("HEALTH-2", "action-items", {"text": "Evaluate the renewal risk", "due_on": later(7)}),
    ],
)
def test_recording_clears_the_rules_item(client, alice, account, rule, path, body):
    assert rule in rules_of(client, alice, account)
    response = post_json(client, f"/api/v1/accounts/{account.pk}/{path}", body, alice)
    assert response.status_code in (200, 201), response.content
    assert rule not in rules_of(client, alice, account)


def test_a_renewal_review_clears_its_stage_and_is_logged_with_the_team(
    client, alice, account, renewing
):
    assert rules_of(client, alice, account).count("REN-1") == 1  # the 3-month one is coming
    body = {"stage": "five_months", "attendees": [alice.email], "notes": "No risk"}
    response = post_json(client, f"/api/v1/accounts/{account.pk}/renewals/reviews", body, alice)
    assert response.status_code == 201, response.content
    assert response.json()["reviews"] == [
        {"stage": "five_months", "held_on": timezone.localdate().isoformat()}
    ]
    assert rules_of(client, alice, account).count("REN-1") == 0
    activity = Activity.objects.get(account=account, kind="renewal_review")
    assert [m.email for m in activity.members.all()] == [alice.email]
    assert activity.notes == "No risk"


def test_the_documented_renewal_review_names_everyone_ren2_looks_for(client, manager):
    """docs/api.md's review body logs the renewal team REN-2 checks: the CSM, AE and SA."""
    doc = (Path(__file__).resolve().parents[2] / "docs" / "api.md").read_text()
    found = re.search(r"/renewals/reviews` \| `(\{[^`]*\})`", doc)
    assert found, "docs/api.md shows no renewal review body"
    body = json.loads(found[1])
    seats = {email.split("@")[0]: email for email in body["attendees"]}
    assert sorted(seats) == sorted(current_settings().renewals.attendee_roles)
    assert "REN-2 looks for the CSM, AE and SA" in " ".join(doc.split())
    csm = TeamMemberFactory(email=seats["csm"], manager=manager)
    account = account_owned_by(csm, name="Renewing Co")
    for role in ("ae", "sa"):
        SeatFactory(
            account=account, member=TeamMemberFactory(email=seats[role], role=role), role=role
        )
    Renewal.objects.create(
        account=account, renewal_date=timezone.localdate() + dt.timedelta(days=140)
    )
    reviews = url(account, "renewals/reviews")
    assert (
        post_json(
            client, reviews, {**body, "attendees": [seats["ae"], seats["sa"]]}, csm
        ).status_code
        == 201
    )
    assert whys_of(client, csm, account, "REN-2") == [
        f"The review 5 months before the renewal on {later(140)} (held {later(0)}) has no CSM "
        "logged as attendee."
    ]
    assert post_json(client, reviews, body, csm).status_code == 200
    assert whys_of(client, csm, account, "REN-2") == []


def test_a_stage_reviewed_again_with_the_sa_clears_ren_2_and_not_the_next_review(
    client, alice, account, renewing
):
    """Acme's five-month review is held without its SA; the account page's activity form
    (the API's activities) logs the stage's review again with the SA, which completes it."""
    ae, sa = (
        SeatFactory(account=account, member=TeamMemberFactory(role=role), role=role).member
        for role in ("ae", "sa")
    )
    first = {"stage": "five_months", "held_on": later(-2), "attendees": [alice.email, ae.email]}
    assert post_json(client, url(account, "renewals/reviews"), first, alice).status_code == 201
    [item] = [i for i in owed(client, alice, account) if i["rule"] == "REN-2"]
    assert item["action"].startswith(
        f"Add the SA to the review of {later(-2)} if they were there, "
    )
    again = {"kind": "renewal_review", "date": later(0), "attendees": [alice.email, sa.email]}
    assert post_json(client, url(account, "activities"), again, alice).status_code == 201
    assert whys_of(client, alice, account, "REN-2") == []
    response = client.get(f"/api/v1/queue?account={account.name}", **bearer(alice))
    items = json.loads(b"".join(response.streaming_content))
    [owed_still] = [i["why"] for i in items if i["rule"] == "REN-1"]
    assert "needs its review 3 months before" in owed_still


def test_a_stage_past_its_last_day_gets_its_sa_by_recording_its_review_again(
    client, alice, account
):
    """Renewing in 70 days, the five-month review's days are over: reviewing again now would
    be the three-month review, so the item asks to record the five-month one again."""
    Renewal.objects.create(account=account, renewal_date=timezone.localdate() + dt.timedelta(70))
    ae, sa = (
        SeatFactory(account=account, member=TeamMemberFactory(role=role), role=role).member
        for role in ("ae", "sa")
    )
    team = [alice.email, ae.email, sa.email]
    reviews = url(account, "renewals/reviews")
    first = {"stage": "five_months", "held_on": later(-85), "attendees": team[:2]}
    assert post_json(client, reviews, first, alice).status_code == 201
    second = {"stage": "three_months", "held_on": later(-22), "attendees": team}
    assert post_json(client, reviews, second, alice).status_code == 201
    [item] = [i for i in owed(client, alice, account) if i["rule"] == "REN-2"]
    assert item["action"] == f"Add the SA to the review of {later(-85)}."
    assert post_json(client, reviews, {**first, "attendees": team}, alice).status_code == 200
    assert whys_of(client, alice, account, "REN-2") == []


def test_closing_the_next_renewal_opens_the_one_after(client, alice, account, renewing):
    body = {"outcome": "churned", "next_renewal_date": later(505)}
    response = post_json(client, f"/api/v1/accounts/{account.pk}/renewals/close", body, alice)
    assert response.status_code == 200, response.content
    closed = response.json()
    assert (closed["outcome"], closed["renewed_arr"], closed["closed_on"]) == (
        "churned",
        "0.00",
        timezone.localdate().isoformat(),
    )
    listed = client.get(f"/api/v1/accounts/{account.pk}/renewals", **bearer(alice)).json()
    assert [(r["renewal_date"], r["outcome"]) for r in listed] == [
        (later(505), "open"),
        (renewing.renewal_date.isoformat(), "churned"),
    ]


def test_closing_without_an_open_renewal_asks_for_its_date(client, alice, account):
    body = {"outcome": "renewed"}
    response = post_json(client, f"/api/v1/accounts/{account.pk}/renewals/close", body, alice)
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "renewal_date": ["Acme Corp has no open renewal; send the renewal's date."]
    }
    assert not Renewal.objects.exists()


def test_health_again_the_same_day_updates_it_and_keeps_what_is_not_sent(client, alice, account):
    target = f"/api/v1/accounts/{account.pk}/health"
    first = post_json(client, target, {"overall": "green", "sentiment": "yellow"}, alice)
    assert first.status_code == 201
    again = post_json(client, target, {"overall": "red", "note": "Champion left"}, alice)
    assert again.status_code == 200, again.content
    body = again.json()
    assert (body["overall"], body["sentiment"], body["note"], body["updated_by"]) == (
        "red",
        "yellow",
        "Champion left",
        alice.email,
    )
    assert HealthUpdate.objects.count() == 1
    history = client.get(target, **bearer(alice)).json()
    assert [item["overall"] for item in history["items"]] == ["red"]


def test_a_survey_names_a_contact_of_the_account(client, alice, account):
    ContactFactory(account=account, name="Dana", email="dana@acme.test")
    target = f"/api/v1/accounts/{account.pk}/surveys"
    known = post_json(
        client, target, {"kind": "nps", "score": 10, "contact": "DANA@acme.test"}, alice
    )
    assert known.status_code == 201, known.content
    assert known.json()["contact"] == "dana@acme.test"
    stranger = post_json(client, target, {"kind": "nps", "score": 3, "contact": "x@y.test"}, alice)
    assert stranger.status_code == 400
    assert stranger.json()["errors"] == {"contact": ["x@y.test is not a contact of Acme Corp."]}


def test_a_score_off_its_survey_s_scale_is_refused_in_a_sentence(client, alice, account):
    """Said as every other refusal is, a sentence with its full stop, for either scale."""
    from rhythm.surveys.services import score_error

    target = f"/api/v1/accounts/{account.pk}/surveys"
    refused = post_json(client, target, {"kind": "csat", "score": 0}, alice)
    assert refused.status_code == 400
    assert refused.json()["errors"] == {"score": ["0 is outside the CSAT scale of 1 to 5."]}
    assert score_error("nps", 11) == "11 is outside the NPS scale of 0 to 10."
    assert score_error("nps", 10) is None


def test_each_anonymous_answer_is_kept_and_one_sent_again_is_not_counted_twice(
    client, alice, account
):
    from rhythm.surveys.models import SurveyResponse

    target = f"/api/v1/accounts/{account.pk}/surveys"
    first = post_json(client, target, {"kind": "nps", "score": 9}, alice)
    other = {"kind": "nps", "score": 3, "comment": "other person"}
    second = post_json(client, target, other, alice)
    assert (first.status_code, second.status_code) == (201, 201), second.content
    assert first.json()["id"] != second.json()["id"]
    again = post_json(client, target, {"kind": "nps", "score": 9}, alice)
    assert (again.status_code, again.json()["id"]) == (200, first.json()["id"])
    kept = SurveyResponse.objects.order_by("id").values_list("score", "comment")
    assert list(kept) == [(9, ""), (3, "other person")]
    # A contact's answer is still theirs for the day: sent with another score, it is updated.
    ContactFactory(account=account, name="Dana", email="dana@acme.test")
    dana = {"kind": "nps", "score": 6, "contact": "dana@acme.test"}
    assert post_json(client, target, dana, alice).status_code == 201
    assert post_json(client, target, {**dana, "score": 7}, alice).status_code == 200
    assert SurveyResponse.objects.count() == 3


def test_a_second_ebr_date_moves_the_one_being_prepared(client, alice, account):
    target = f"/api/v1/accounts/{account.pk}/ebrs"
    first = post_json(client, target, {"planned_on": later(90)}, alice)
    moved = post_json(client, target, {"planned_on": later(100)}, alice)
    assert (first.status_code, moved.status_code) == (201, 200)
    assert moved.json()["id"] == first.json()["id"]
    assert moved.json()["planned_on"] == later(100)


class TestPriorityOverride:
    def url(self, account):
        return f"/api/v1/accounts/{account.pk}/priority"

    def test_a_manager_overrides_with_a_reason_and_can_remove_it(self, client, manager, account):
        body = {"priority": "P2", "reason": "Strategic, but self-sufficient"}
        response = post_json(client, self.url(account), body, manager)
        assert response.status_code == 200, response.content
        decided = response.json()
        assert (decided["priority_override"], decided["priority_override_by"]) == (
            "P2",
            manager.email,
        )
        assert decided["priority_reviewed_on"] == timezone.localdate().isoformat()
        states = client.get("/api/v1/queue/accounts", **bearer(manager)).json()
        assert states[0]["priority"] == "P2"
        removed = post_json(client, self.url(account), {"priority": ""}, manager).json()
        assert (removed["priority_override"], removed["priority_override_by"]) == ("", None)

    def test_a_csm_may_not_override_and_nothing_changes(self, client, alice, account):
        body = {"priority": "P2", "reason": "I think so"}
        response = post_json(client, self.url(account), body, alice)
        assert response.status_code == 403
        assert "Only a CSM manager" in response.json()["detail"]
        account.refresh_from_db()
        assert account.priority_override == ""

    def test_an_override_needs_a_reason(self, client, manager, account):
        response = post_json(client, self.url(account), {"priority": "P1"}, manager)
        assert response.status_code == 400
        assert "reason" in response.json()["errors"]
        account.refresh_from_db()
        assert account.priority_override == ""


def test_an_action_item_is_the_caller_s_unless_it_names_a_member_or_contact(
    client, alice, bob, account
):
    ContactFactory(account=account, name="Dana", email="dana@acme.test")
    target = url(account, "action-items")
    opened = post_json(client, target, {"text": "Evaluate the renewal risk"}, alice)
    assert opened.status_code == 201, opened.content
    body = opened.json()
    assert (body["owner"], body["origin"], body["created_on"], body["due_on"]) == (
        alice.email,
        "triage",
        timezone.localdate().isoformat(),
        None,
    )
    again = {"text": "Evaluate the renewal risk", "owner": "DANA@acme.test", "due_on": later(7)}
    moved = post_json(client, target, again, alice)
    assert moved.status_code == 200, moved.content  # the same text the same day: one item
    assert (moved.json()["id"], moved.json()["owner"]) == (body["id"], "dana@acme.test")
    to_bob = post_json(client, target, {"text": "Ask bob", "owner": bob.email}, alice)
    assert to_bob.json()["owner"] == bob.email
    stranger = post_json(client, target, {"text": "Someone", "owner": "x@y.test"}, alice)
    assert stranger.status_code == 400
    assert stranger.json()["errors"] == {
        "owner": ["x@y.test is neither a team member nor a contact of Acme Corp."]
    }
    item = ActionItem.objects.get(pk=body["id"])
    assert (item.owner_member, item.owner_contact.email) == (None, "dana@acme.test")
    assert ActionItem.objects.count() == 2


@pytest.mark.parametrize(
    ("records", "body", "field", "why"),
    [
        (
            "milestones",
            {"milestone": "first_value"},
            "reached_on",
            "a milestone is reached after it.",
        ),
        ("usage", {"licenses_activated": 50}, "date", "licenses are activated once bought."),
    ],
)
def test_a_record_before_the_initial_transaction_is_refused_with_its_date(
    client, alice, account, records, body, field, why
):
    """Time to first value is counted from the initial transaction: a milestone or a usage
    record dated before it made the KPI negative (TTV-1, TTV-3)."""
    refused = post_json(client, url(account, records), {**body, field: "2024-08-11"}, alice)
    assert refused.status_code == 400, refused.content
    assert refused.json()["errors"] == {
        field: [f"2024-08-11 is before Acme Corp's initial transaction, 2025-06-01; {why}"]
    }
    assert not getattr(account, records).exists()
    on_the_day = {**body, field: "2025-06-01"}
    assert post_json(client, url(account, records), on_the_day, alice).status_code == 201


@pytest.mark.parametrize(
    ("due_on", "reason"),
    [
        ("9999-12-31", "9999-12-31 is more than 10 years ahead; check the year."),
        ("0026-01-01", "0026-01-01 is before 1970; check the year."),
    ],
)
def test_an_action_item_due_before_1970_or_past_ten_years_ahead_is_refused(
    client, alice, account, due_on, reason
):
    body = {"text": "Evaluate the renewal risk", "due_on": due_on}
    refused = post_json(client, url(account, "action-items"), body, alice)
    assert refused.status_code == 400, refused.content
    assert refused.json()["errors"] == {"due_on": [reason]}
    assert not ActionItem.objects.exists()


def test_contacts_added_clear_exec_2_and_meeting_the_executive_clears_exec_1(
    client, alice, account
):
    ContactFactory(account=account, name="Ana Champion", email="ana@acme.test")
    assert {"EXEC-1", "EXEC-2"} <= set(rules_of(client, alice, account))
    body = {
        "name": "Vera VP",
        "email": "Vera@Acme.test",
        "title": "VP Engineering",
        "persona": "vp",
        "function": "engineering",
        "decision_maker": True,
        "introduced_by": "ANA@acme.test",
    }
    response = post_json(client, url(account, "contacts"), body, alice)
    assert response.status_code == 201, response.content
    added = response.json()
    assert (added["email"], added["decision_maker"], added["introduced_by"]) == (
        "vera@acme.test",
        True,
        "Ana Champion",
    )
    assert "EXEC-2" not in rules_of(client, alice, account)  # a decision-maker is reached
    assert whys_of(client, alice, account, "EXEC-1") == [
        "No meeting logged with an executive contact (Vera VP) since the initial transaction "
        "on 2025-06-01; meet one every 12 months."
    ]
    call = {"kind": "cadence_call", "date": later(0), "attendees": ["vera@acme.test"]}
    assert post_json(client, url(account, "activities"), call, alice).status_code == 201
    assert "EXEC-1" not in rules_of(client, alice, account)


def test_a_contact_is_added_once_and_introduced_by_one_of_the_account(client, alice, account):
    ContactFactory(account=account, name="Ana Champion", email="ana@acme.test")
    target = url(account, "contacts")
    again = post_json(client, target, {"name": "Ana Again", "email": "ANA@acme.test"}, alice)
    assert again.status_code == 400
    assert again.json()["errors"] == {"email": ["Ana Champion is already a contact of Acme Corp."]}
    stranger = post_json(client, target, {"name": "Vera", "introduced_by": "x@y.test"}, alice)
    assert stranger.status_code == 400
    assert stranger.json()["errors"] == {
        "introduced_by": ["x@y.test is not a contact of Acme Corp."]
    }
    assert Contact.objects.count() == 1


def test_the_ebr_held_then_followed_up_clears_ebr_3_and_ebr_4(client, alice, account):
    assert post_json(client, url(account, "ebrs"), {"planned_on": later(0)}, alice).status_code
    held = {"kind": "ebr", "date": later(0), "attendees": [alice.email]}
    assert post_json(client, url(account, "activities"), held, alice).status_code == 201
    assert {"EBR-3", "EBR-4"} <= set(rules_of(client, alice, account))
    sent = post_json(client, url(account, "ebrs/follow-up"), {}, alice)
    assert sent.status_code == 200, sent.content
    assert (sent.json()["held_on"], sent.json()["follow_up_sent_on"]) == (later(0), later(0))
    assert "EBR-3" not in rules_of(client, alice, account)
    updated = post_json(client, url(account, "ebrs/plan-updated"), {}, alice)
    assert updated.status_code == 200, updated.content
    assert "EBR-4" not in rules_of(client, alice, account)
    # Sent again as it was, each is as recorded (200); another date is refused under it.
    for path in ("ebrs/follow-up", "ebrs/plan-updated"):
        assert post_json(client, url(account, path), {}, alice).status_code == 200
    again = post_json(client, url(account, "ebrs/plan-updated"), {"updated_on": later(-1)}, alice)
    assert again.status_code == 400
    held = timezone.localdate().isoformat()
    assert again.json()["errors"] == {
        "updated_on": [f"Already recorded: the success plan was updated on {held} (EBR of {held})."]
    }
    ebr = Ebr.objects.get(account=account)
    assert (ebr.follow_up_sent_on, ebr.success_plan_updated_on) == (
        timezone.localdate(),
        timezone.localdate(),
    )


def steps_not_done(client, member, account) -> list[str]:
    """The EBR preparation steps EBR-3 asks for: "EBR on ...: step 1, internal alignment..."."""
    whys = whys_of(client, member, account, "EBR-3")
    return [why.split(": ")[1].split(",")[0] for why in whys]


def test_a_preparation_step_done_clears_its_ebr_3_item(client, alice, account):
    target = url(account, "ebrs/steps")
    refused = post_json(client, target, {"step": 1}, alice)
    assert refused.status_code == 400
    assert "Acme Corp has no EBR in preparation: plan it first." in str(refused.json())
    post_json(client, url(account, "ebrs"), {"planned_on": later(95)}, alice)
    assert steps_not_done(client, alice, account) == ["step 1", "step 2"]  # 3 to 4 months before
    done = post_json(client, target, {"step": 1}, alice)
    assert done.status_code == 201, done.content
    step = done.json()
    assert (step["number"], step["name"], step["owner_role"], step["done_on"]) == (
        1,
        "Internal alignment",
        "csm",
        later(0),
    )
    assert steps_not_done(client, alice, account) == ["step 2"]
    again = post_json(client, target, {"step": 1, "done_on": later(-1)}, alice)
    assert again.status_code == 200, again.content
    assert list(EbrStep.objects.values_list("number", "done_on")) == [
        (1, timezone.localdate() - dt.timedelta(days=1))
    ]


def test_sharing_the_roi_plan_clears_plan_2(client, alice, account):
    target = url(account, "plans/roi")
    missing = post_json(client, target, {"shared_on": later(0)}, alice)
    assert missing.status_code == 400
    assert missing.json()["errors"] == {
        "__all__": ["Acme Corp has no ROI success plan: start it on the account page."]
    }
    upsert_success_plan(account=account, kind="roi", health="green")
    assert whys_of(client, alice, account, "PLAN-2") == [
        "The ROI success plan was never shared with the customer."
    ]
    nothing = post_json(client, target, {}, alice)
    assert nothing.status_code == 400
    assert "shared_on" in nothing.json()["errors"]
    shared = post_json(client, target, {"shared_on": later(-10)}, alice)
    assert shared.status_code == 200, shared.content
    assert (shared.json()["kind"], shared.json()["shared_on"]) == ("roi", later(-10))
    assert "PLAN-2" not in rules_of(client, alice, account)  # reviewed in a quarter


def test_a_review_before_the_plan_was_shared_is_refused_with_both_dates(client, alice, account):
    target = url(account, "plans/roi")
    upsert_success_plan(account=account, kind="roi", health="green")
    assert post_json(client, target, {"shared_on": later(-10)}, alice).status_code == 200
    early = post_json(client, target, {"reviewed_on": later(-11)}, alice)
    assert early.status_code == 400, early.content
    assert early.json()["errors"] == {
        "reviewed_on": [
            f"{later(-11)} is before the plan was shared with the customer, on {later(-10)}; "
            "it is reviewed with them once shared."
        ]
    }
    both = post_json(client, target, {"shared_on": later(-5), "reviewed_on": later(-6)}, alice)
    assert both.status_code == 400
    assert list(both.json()["errors"]) == ["reviewed_on"]
    assert later(-5) in both.json()["errors"]["reviewed_on"][0]
    plan = SuccessPlan.objects.get(account=account)
    assert (plan.shared_on, plan.reviewed_on) == (timezone.localdate() - dt.timedelta(10), None)
    on_the_day = post_json(client, target, {"reviewed_on": later(-10)}, alice)
    assert on_the_day.status_code == 200, on_the_day.content


def test_a_review_of_a_plan_never_shared_records_it_shared(client, alice, account):
    upsert_success_plan(account=account, kind="roi", health="green")
    reviewed = post_json(client, url(account, "plans/roi"), {"reviewed_on": later(-3)}, alice)
    assert reviewed.status_code == 200, reviewed.content
    assert (reviewed.json()["shared_on"], reviewed.json()["reviewed_on"]) == (later(-3), later(-3))
    assert "PLAN-2" not in rules_of(client, alice, account)


class TestQualifyPlan:
    def url(self, account):
        return url(account, "plans/qualify")

    def test_a_manager_qualifies_the_green_plan(self, client, manager, alice, account):
        upsert_success_plan(account=account, kind="roi", health="green")
        assert "PLAN-1" in rules_of(client, alice, account)
        response = post_json(client, self.url(account), {}, manager)
        assert response.status_code == 200, response.content
        plan = response.json()
        assert (plan["kind"], plan["health"], plan["qualified_on"]) == (
            "roi",
            "green",
            later(0),
        )
        assert "PLAN-1" not in rules_of(client, alice, account)
        again = post_json(client, self.url(account), {}, manager)
        assert again.status_code == 200, again.content  # sent twice: qualified once
        assert again.json()["qualified_on"] == later(0)
        other_day = post_json(client, self.url(account), {"qualified_on": later(-3)}, manager)
        assert other_day.status_code == 400
        assert other_day.json()["errors"] == {
            "qualified_on": [f"The ROI (customer-facing) plan is already qualified, on {later(0)}."]
        }
        assert SuccessPlan.objects.get(account=account).qualified_on == timezone.localdate()

    def test_a_csm_may_not_qualify_and_nothing_changes(self, client, alice, account):
        refused = post_json(client, self.url(account), {}, alice)  # no green plan either
        assert refused.status_code == 403
        assert refused.json()["detail"] == "Only a CSM manager may qualify a success plan."
        upsert_success_plan(account=account, kind="roi", health="green")
        response = post_json(client, self.url(account), {}, alice)
        assert response.status_code == 403
        assert "Only a CSM manager" in response.json()["detail"]
        assert SuccessPlan.objects.get(account=account).qualified_on is None

    def test_others_are_refused_and_nothing_changes(
        self, client, manager, leader, charlie, account
    ):
        upsert_success_plan(account=account, kind="roi", health="green")
        assert post_json(client, self.url(account), {}, charlie).status_code == 404
        denied = post_json(client, self.url(account), {}, leader)
        assert denied.status_code == 403
        assert "read accounts but not record" in denied.json()["detail"]
        assert post_json(client, self.url(account), {}).status_code == 401
        future = post_json(client, self.url(account), {"qualified_on": later(1)}, manager)
        assert future.status_code == 400
        assert "is in the future" in str(future.json()["errors"]["qualified_on"])
        assert SuccessPlan.objects.get(account=account).qualified_on is None

    def test_a_plan_not_green_is_not_qualified(self, client, manager, account):
        upsert_success_plan(account=account, kind="roi", health="yellow")
        response = post_json(client, self.url(account), {}, manager)
        assert response.status_code == 400
        assert response.json()["errors"] == {
            "__all__": ["No success plan is green and unqualified: bring a plan to green."]
        }
        assert SuccessPlan.objects.get(account=account).qualified_on is None


def test_a_maturity_score_is_from_0_to_100(client, alice, account):
    """40000 was stored on SQLite and failed on PostgreSQL's small integer."""
    from django.core.exceptions import ValidationError

    from rhythm.adoption.models import UseCaseStatus
    from rhythm.adoption.services import record_use_case_status

    target = url(account, "use-cases")
    body = {"use_case": "ci", "status": "green", "maturity_score": 40000}
    refused = post_json(client, target, body, alice)
    assert refused.status_code == 422
    assert the_error(refused)[0] == "maturity_score"
    with pytest.raises(ValidationError) as raised:
        record_use_case_status(
            account=account,
            use_case="ci",
            date=timezone.localdate(),
            status="green",
            maturity_score=40000,
        )
    assert raised.value.message_dict == {
        "maturity_score": ["40000 is outside the maturity score's scale of 0 to 100."]
    }
    assert not UseCaseStatus.objects.exists()
    kept = post_json(client, target, {**body, "maturity_score": 100}, alice)
    assert (kept.status_code, kept.json()["maturity_score"]) == (201, 100)


def test_every_write_is_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in [
        "health",
        "use-cases",
        "milestones",
        "usage",
        "surveys",
        "renewals",
        "renewals/reviews",
        "renewals/close",
        "ebrs",
        "check-ins",
        "priority",
        "priority/review",
        "action-items",
        "plans/qualify",
        "plans/roi",
        "ebrs/steps",
        "ebrs/follow-up",
        "ebrs/plan-updated",
        "contacts",
    ]:
        assert "post" in paths[f"/api/v1/accounts/{{account_id}}/{path}"], path
