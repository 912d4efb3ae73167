"""The queue, accounts and KPIs through the API: each caller sees only their view."""

import datetime as dt
import json

import pytest

from rhythm.team.models import Role
from rhythm.timeline.models import Activity
from tests.apiclient import asking, bearer, the_error
from tests.factories import SeatFactory, TeamMemberFactory, account_owned_by


def items_of(response):
    """Read the streamed queue: a JSON list, written as it was produced."""
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    return json.loads(b"".join(response.streaming_content))


def book(alice, charlie):
    mine = account_owned_by(alice, name="Mine Co", initial_transaction_date=dt.date(2025, 1, 1))
    Activity.objects.create(account=mine, kind="cadence_call", date=dt.date(2026, 8, 1))
    account_owned_by(charlie, name="Theirs Co", initial_transaction_date=dt.date(2025, 1, 1))
    return mine


def test_queue_shows_only_my_accounts_items(client, alice, charlie):
    book(alice, charlie)
    items = items_of(client.get("/api/v1/queue?on=2026-11-22", **bearer(alice)))
    assert items and {i["account"] for i in items} - {None} == {"Mine Co"}
    cad2 = next(i for i in items if i["rule"] == "CAD-2")
    assert cad2["state"] == "late" and "2026-08-01" in cad2["why"]


def test_queue_filters_by_rule_and_state(client, alice, charlie):
    book(alice, charlie)
    items = items_of(client.get("/api/v1/queue?on=2026-11-22&rule=cad-2", **bearer(alice)))
    assert [i["rule"] for i in items] == ["CAD-2"]
    late = items_of(client.get("/api/v1/queue?on=2026-11-22&state=late", **bearer(alice)))
    assert late and {i["state"] for i in late} == {"late"}


def test_another_books_account_is_not_found(client, alice, charlie):
    book(alice, charlie)
    response = client.get("/api/v1/queue?account=Theirs Co", **bearer(alice))
    assert response.status_code == 404
    assert response.json()["detail"] == "No account named 'Theirs Co' in your view."


def test_manager_sees_the_team_and_leadership_sees_everything(
    client, alice, charlie, manager, leader
):
    book(alice, charlie)
    team = client.get("/api/v1/queue/accounts?on=2026-11-22", **bearer(manager)).json()
    assert [a["name"] for a in team] == ["Mine Co"]
    assert team[0]["engagement"] == "non-engaged" and team[0]["priority"] == "P1"
    assert team[0]["priority_reasons"]
    everyone = client.get("/api/v1/queue/accounts?on=2026-11-22", **bearer(leader)).json()
    assert [a["name"] for a in everyone] == ["Mine Co", "Theirs Co"]


def test_kpis_have_the_documented_keys(client, alice, charlie):
    book(alice, charlie)
    kpis = client.get("/api/v1/kpis?on=2026-11-22", **bearer(alice)).json()
    for key in [
        "time_to_first_engage_days",
        "time_to_first_value_days",
        "time_to_onboard_days",
        "ebr_coverage",
        "green_success_plans",
        "p1_share",
        "non_engaged",
        "health_freshness",
        "renewal_reviews_on_time",
        "cadence_adherence",
        "nps",
        "renewal_rate",
    ]:
        assert key in kpis
    assert kpis["cadence_adherence"] == kpis["details"]["cadence_adherence"]["percent"]
    assert kpis["accounts"] == 1 and kpis["non_engaged"] == 1 and kpis["p1_share"] == 100.0
    series = client.get("/api/v1/kpis/series?on=2026-11-22", **bearer(alice)).json()
    assert len(series) == 12 and series[-1]["on"] == "2026-11-22"


def _groups(client, member, query):
    response = client.get(f"/api/v1/kpis/groups?on=2026-11-22&{query}", **bearer(member))
    assert response.status_code == 200, response.content
    return [(row["group"], row["accounts"]) for row in response.json()]


def test_kpis_per_group_split_the_kpis_of_the_view(client, alice, bob, charlie, manager, leader):
    book(alice, charlie)  # Mine Co: enterprise, signed 2025-01-01
    account_owned_by(
        alice, name="Small Co", segment="smb", initial_transaction_date=dt.date(2025, 3, 31)
    )
    account_owned_by(
        alice, name="Later Co", segment="smb", initial_transaction_date=dt.date(2025, 4, 1)
    )
    account_owned_by(
        bob, name="Bobs Co", segment="strategic", initial_transaction_date=dt.date(2025, 1, 1)
    )
    # A CSM sees only the groups of their own accounts, which add up to their KPIs.
    assert _groups(client, alice, "by=segment") == [("enterprise", 1), ("smb", 2)]
    assert _groups(client, alice, "by=Cohort") == [("2025-Q1", 2), ("2025-Q2", 1)]
    whole = client.get("/api/v1/kpis?on=2026-11-22", **bearer(alice)).json()
    rows = client.get("/api/v1/kpis/groups?on=2026-11-22&by=csm", **bearer(alice)).json()
    assert [row["group"] for row in rows] == ["alice@rhythm.test"]
    assert {key: value for key, value in rows[0].items() if key != "group"} == whole
    # A manager sees the team's, or one CSM's; leadership everyone's.
    assert _groups(client, manager, "by=csm") == [("alice@rhythm.test", 3), ("bob@rhythm.test", 1)]
    assert _groups(client, manager, f"by=segment&csm={bob.email}") == [("strategic", 1)]
    assert _groups(client, leader, "by=region") == [("EMEA", 5)]


def test_an_account_team_role_s_groups_hold_only_the_accounts_they_are_on(client, alice, charlie):
    mine = book(alice, charlie)
    account_owned_by(alice, name="Other Co", segment="smb")
    seller = TeamMemberFactory(name="Ada Exec", email="ada@rhythm.test", role=Role.AE)
    SeatFactory(account=mine, member=seller, role="ae")
    assert _groups(client, seller, "by=segment") == [("enterprise", 1)]
    assert _groups(client, seller, "by=csm") == [("alice@rhythm.test", 1)]


def test_anonymous_is_refused(client):
    assert client.get("/api/v1/queue").status_code == 401


def test_each_streamed_item_is_exactly_the_documented_schema(client, alice, charlie):
    from rhythm.playbook.schemas import WorkItemOut

    book(alice, charlie)
    items = items_of(client.get("/api/v1/queue?on=2026-11-22", **bearer(alice)))
    for item in items:
        assert WorkItemOut.model_validate(item).model_dump(mode="json") == item


@pytest.mark.parametrize(
    ("path", "query", "message"),
    [
        ("queue", "rule=XYZ-9", "'XYZ-9' is not a rule of the playbook"),
        ("queue", "state=overdue", "'overdue' is not a state; use one of: late, due, coming"),
        ("queue", "on=2026-13-01", "'2026-13-01' is not a day of the calendar"),
        ("queue", "on=0", "'0' is not a date; write it YYYY-MM-DD"),
        ("kpis", "on=1764547200", "'1764547200' is not a date; write it YYYY-MM-DD"),
        ("queue/accounts", "on=2026-06-15T00:00:00Z", "is not a date; write it YYYY-MM-DD"),
        (
            "kpis/groups",
            "by=tier",
            "'tier' is not a grouping; use one of: csm, region, segment, industry, cohort",
        ),
        ("kpis/groups", "", "Field required"),
    ],
)
def test_a_bad_filter_is_refused_with_the_reason(client, alice, charlie, path, query, message):
    book(alice, charlie)
    response = client.get(f"/api/v1/{path}?{query}", **bearer(alice))
    assert response.status_code == 422
    field, reason = the_error(response)
    assert field == (query.split("=")[0] or "by")
    assert message in reason


def test_an_unknown_person_is_named_in_the_404(client, alice, charlie):
    book(alice, charlie)
    response = client.get("/api/v1/queue?csm=nobody@x.test", **bearer(alice))
    assert response.status_code == 404
    unknown = "No CSM with email 'nobody@x.test'."
    assert response.json() == {"detail": unknown, "errors": {"csm": [unknown]}}
    series = client.get("/api/v1/kpis/series?manager=nobody@x.test", **bearer(alice))
    unknown = "No manager with email 'nobody@x.test'."
    assert series.json() == {"detail": unknown, "errors": {"manager": [unknown]}}
    account = client.get("/api/v1/kpis?account=Nowhere%20Inc", **bearer(alice))
    assert (account.status_code, the_error(account)[0]) == (404, "account")


def _books(client, member, query="on=2026-11-22"):
    response = client.get(f"/api/v1/review?{query}", **bearer(member))
    assert response.status_code == 200, response.content
    return {book["csm"]: book for book in response.json()}


def test_review_lists_the_books_in_view_with_checklist_and_capacity(
    client, alice, bob, charlie, manager, leader
):
    book(alice, charlie)
    account_owned_by(bob, name="Bobs Co", initial_transaction_date=dt.date(2025, 1, 1))
    mine = _books(client, alice)
    assert list(mine) == ["alice@rhythm.test"]  # a CSM: their own book only
    assert set(_books(client, manager)) == {"alice@rhythm.test", "bob@rhythm.test"}
    assert set(_books(client, leader)) == {
        "alice@rhythm.test",
        "bob@rhythm.test",
        "charlie@rhythm.test",
    }
    assert list(_books(client, manager, "csm=bob@rhythm.test")) == ["bob@rhythm.test"]
    alice_book = mine["alice@rhythm.test"]
    assert alice_book["accounts"] == 1 and alice_book["p1_share"] == 100.0
    health = next(c for c in alice_book["checks"] if c["key"] == "triage_health")
    assert health == {
        "key": "triage_health",
        "title": health["title"],
        "passed": False,
        "failing": ["Mine Co"],
    }
    assert alice_book["default_week_hours"] == 33.25 and alice_book["tasks"]


def test_review_items_agree_with_the_queue(client, alice, charlie):
    book(alice, charlie)
    [alice_book] = _books(client, alice).values()
    items = items_of(client.get("/api/v1/queue?on=2026-11-22&rule=MGR-1", **bearer(alice)))
    assert len(items) == len(alice_book["failing"]) > 0
    cap2 = items_of(client.get("/api/v1/queue?on=2026-11-22&rule=CAP-2", **bearer(alice)))
    assert len(cap2) == len(alice_book["flags"])


def test_review_is_refused_to_roles_without_a_book_and_to_strangers(client, alice, charlie):
    from rhythm.team.models import Role
    from tests.factories import TeamMemberFactory

    mine = book(alice, charlie)
    ae = TeamMemberFactory(name="Ann Exec", email="ann@rhythm.test", role=Role.AE)
    mine.team.create(member=ae, role="ae")
    response = client.get("/api/v1/review", **bearer(ae))
    assert response.status_code == 403
    assert response.json() == {
        "detail": "The manager review covers whole CSM books; your role has none."
    }
    assert client.get("/api/v1/review").status_code == 401
    unknown = client.get("/api/v1/review?manager=nobody@x.test", **bearer(alice))
    assert unknown.status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/queue",
        "/api/v1/queue/accounts",
        "/api/v1/kpis",
        "/api/v1/kpis/series",
        "/api/v1/kpis/groups?by=cohort",
        "/api/v1/review",
    ],
)
@pytest.mark.parametrize("on", ["0001-01-02", "2500-01-01"])
def test_a_day_too_far_back_or_ahead_is_refused_with_the_range(client, alice, charlie, path, on):
    book(alice, charlie)
    response = client.get(asking(path, f"on={on}"), **bearer(alice))
    assert response.status_code == 422
    field, reason = the_error(response)
    assert field == "on" and "choose a day from 1970-01-01" in reason


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("queue", "csm=alice@rhythm.test&account=Mine Co"),
        ("queue", "manager=maria@rhythm.test&csm=alice@rhythm.test"),
        ("queue/accounts", "csm=alice@rhythm.test&account=Mine Co"),
        ("kpis", "csm=alice@rhythm.test&account=Mine Co"),
        ("kpis/series", "manager=maria@rhythm.test&account=Mine Co"),
        ("kpis/groups", "by=csm&csm=alice@rhythm.test&account=Mine Co"),
        ("review", "manager=maria@rhythm.test&csm=alice@rhythm.test"),
    ],
)
def test_two_scopes_at_once_are_refused_not_one_chosen(client, alice, charlie, path, query):
    book(alice, charlie)
    response = client.get(f"/api/v1/{path}?{query}", **bearer(alice))
    assert response.status_code == 422
    field, reason = the_error(response)
    assert field == "__all__" and reason.startswith("Give one of csm, manager, account, not ")


def test_an_account_is_found_by_its_name_as_typed_on_every_endpoint(client, alice, charlie):
    mine = book(alice, charlie)
    account_owned_by(alice, name="Ölwerk AG", initial_transaction_date=dt.date(2025, 1, 1))
    headers = bearer(alice)
    for typed, wanted in [("  mine co ", mine.name), ("ölwerk ag", "Ölwerk AG")]:
        query = f"on=2026-11-22&account={typed}"
        items = items_of(client.get(f"/api/v1/queue?{query}", **headers))
        assert items and {i["account"] for i in items} == {wanted}
        listed = client.get(f"/api/v1/queue/accounts?{query}", **headers).json()
        assert [a["name"] for a in listed] == [wanted]
        assert client.get(f"/api/v1/kpis?{query}", **headers).json()["accounts"] == 1
        series = client.get(f"/api/v1/kpis/series?{query}", **headers).json()
        assert series[-1]["accounts"] == 1  # the account's, not its CSM's whole book
        groups = client.get(f"/api/v1/kpis/groups?by=csm&{query}", **headers).json()
        assert [g["accounts"] for g in groups] == [1]


def test_the_filters_an_endpoint_lists_are_those_it_applies(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    def names(path):
        return {p["name"] for p in paths[path]["get"]["parameters"]}

    window = {"limit", "offset"}
    assert names("/api/v1/queue") == {"csm", "manager", "account", "on", "rule", "state"} | window
    assert names("/api/v1/queue/accounts") == {"csm", "manager", "account", "on"} | window
    for path in ["/api/v1/kpis", "/api/v1/kpis/series"]:
        assert names(path) == {"csm", "manager", "account", "on"}
    assert names("/api/v1/kpis/groups") == {"csm", "manager", "account", "on", "by"}
    assert names("/api/v1/review") == {"csm", "manager", "on"}


def test_the_series_asked_in_1970_starts_in_1970(client, alice, charlie):
    book(alice, charlie)
    series = client.get("/api/v1/kpis/series?on=1970-03-15", **bearer(alice)).json()
    assert [point["on"] for point in series] == ["1970-01-31", "1970-02-28", "1970-03-15"]
