"""The examples of docs/api.md, run: each body of its table of writes is posted as written,
in the table's order, on one account, and each answer shown with a status is the real one.

"Today" is the day the doc's examples are written on (2026-11-30), so that its dates stay
in the past, or ahead, as they are in the doc whatever day the suite runs."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from django.utils import timezone

from rhythm.accounts.models import AccountTeamMember
from rhythm.plans.models import ActionItem, SuccessPlan
from rhythm.team.models import Role
from rhythm.timeline.models import Activity
from tests.apiclient import bearer
from tests.factories import ContactFactory, TeamMemberFactory, account_owned_by

DOC = (Path(__file__).resolve().parents[2] / "docs" / "api.md").read_text()
TODAY = dt.date(2026, 11, 30)
ROW = re.compile(
    r"^\| (?P<rule>[^|]+) \| [^|]+ \| `(?P<method>POST|PATCH) (?P<path>/api/v1/[^`]+)` \| "
    r"(?P<cell>.*) \|$"
)
# The writes only a CSM manager makes (PRIO-2, PLAN-1): the doc's example is a manager's.
MANAGERS = {"/api/v1/accounts/{account_id}/priority", "/api/v1/accounts/{account_id}/plans/qualify"}


def _first_object(cell: str) -> dict:
    """Return the first `{...}` of a table cell, which must be JSON as written."""
    [first, *_] = re.findall(r"`(\{[^`]*\})`", cell) or [""]
    return json.loads(first)


# A write shown in the text rather than the table: "`POST /api/v1/...` with `{...}`".
TOLD = re.compile(r"`(POST|PATCH) (/api/v1/[^`]+)` (?:—|with) `(\{[^`]*\})`")


def examples() -> list[tuple[str, str, str, dict]]:
    """Return each documented write: its rule, method, path and example body, in order,
    the table's first, then those told in the text (closing an action item, time off)."""
    rows = (ROW.match(line) for line in DOC.splitlines())
    table = [(r["rule"], r["method"], r["path"], _first_object(r["cell"])) for r in rows if r]
    told = TOLD.findall(" ".join(DOC.split()))
    return table + [("", method, path, json.loads(body)) for method, path, body in told]


@pytest.fixture
def doc_world(db, monkeypatch):
    """The account and people the doc's examples name: its CSM, AE, SA and their manager,
    and the contacts ceo@, cto@ and ana@acme.com; in triage, with a green ROI plan."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    manager = TeamMemberFactory(email="manager@yourco.com", role=Role.MANAGER)
    csm = TeamMemberFactory(email="csm@yourco.com", manager=manager)
    account = account_owned_by(
        csm, name="Acme", initial_transaction_date=dt.date(2025, 1, 15), in_triage=True
    )
    for email, role in (("ae@yourco.com", Role.AE), ("sa@yourco.com", Role.SA)):
        member = TeamMemberFactory(email=email, role=role)
        AccountTeamMember.objects.create(account=account, member=member, role=role)
    for email in ("ceo@acme.com", "cto@acme.com", "ana@acme.com"):
        ContactFactory(account=account, email=email, name=email.split("@")[0].upper())
    SuccessPlan.objects.create(account=account, kind="roi", health="green")
    return account, csm, manager


def test_every_documented_write_has_an_example_body_written_as_json():
    documented = examples()
    assert len(documented) >= 20
    assert all(isinstance(body, dict) for _, _, _, body in documented)


def test_every_documented_body_is_accepted_as_written(client, doc_world):
    account, csm, manager = doc_world
    for rule, method, path, body in examples():
        caller = manager if path in MANAGERS else csm
        latest = Activity.objects.filter(account=account).order_by("pk").last()
        item = ActionItem.objects.filter(account=account).order_by("pk").last()
        url = path.format(
            account_id=account.pk,
            activity_id=latest.pk if latest else 0,
            item_id=item.pk if item else 0,
        )
        for attending in body.get("accounts", []):  # a session's, by the doc's account id
            attending["account_id"] = account.pk
        send = client.patch if method == "PATCH" else client.post
        response = send(url, json.dumps(body), content_type="application/json", **bearer(caller))
        assert response.status_code in (200, 201), (rule, path, body, response.content)


def test_every_write_the_api_serves_has_its_example():
    from rhythm.api import api

    served = {
        (method.upper(), path)
        for path, operations in api.get_openapi_schema()["paths"].items()
        for method in operations
        if method in ("post", "patch")
    }
    assert {(method, path) for _, method, path, _ in examples()} == served


def _documented_answer(status: int, containing: str) -> dict:
    """Return the answer docs/api.md shows for `status`, the one that mentions `containing`:
    a `{...}` in the Answers table's row, or after `# 400:` under a curl example."""
    starts = (f"| {status} |", f"# {status}:")
    lines = [line for line in DOC.splitlines() if line.startswith(starts)]
    spans = [s for line in lines for s in re.findall(r"(\{.*?\})(?:`|$)", line) if containing in s]
    return json.loads(spans[0])


@pytest.mark.parametrize(
    ("status", "containing", "method", "path", "body"),
    [
        (400, "blue", "post", "/api/v1/accounts/{id}/health", {"overall": "blue"}),
        (401, "Unauthorized", "get", "/api/v1/accounts", None),
        (404, "x@y.com", "get", "/api/v1/queue?csm=x@y.com", None),
        (404, "nope", "get", "/api/v1/nope", None),
        (422, "2026-02-30", "get", "/api/v1/queue?on=2026-02-30", None),
    ],
)
def test_the_documented_answers_are_the_real_ones(
    client, doc_world, status, containing, method, path, body
):
    account, csm, _ = doc_world
    headers = {} if status == 401 else bearer(csm)
    url = path.format(id=account.pk)
    if body is None:
        response = getattr(client, method)(url, **headers)
    else:
        response = client.post(url, json.dumps(body), content_type="application/json", **headers)
    assert response.status_code == status
    assert response.json() == _documented_answer(status, containing)
