"""docs/api.md names every endpoint the API serves, and only those."""

from __future__ import annotations

import re
from pathlib import Path

from rhythm.api import api
from rhythm.team.models import Role
from tests.apiclient import bearer, post_json
from tests.factories import TeamMemberFactory

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def test_the_api_doc_names_every_endpoint_and_no_other():
    served = {
        (method.upper(), path)
        for path, operations in api.get_openapi_schema()["paths"].items()
        for method in operations
    }
    documented = set(re.findall(r"`(GET|POST|PATCH|DELETE) (/api/v1/[^`?\s]*)", DOC.read_text()))
    assert served - documented == set(), "served but not in docs/api.md"
    assert documented - served == set(), "in docs/api.md but not served"


def test_every_endpoint_has_a_written_summary():
    """The interactive docs list each endpoint by its summary, not its function's name."""
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method, operation in operations.items():
            function = operation["operationId"].rsplit("_api_", 1)[-1]
            assert operation["summary"] != function.title().replace("_", " "), (method, path)


def _documented(method: str, path: str) -> set[int]:
    operation = api.get_openapi_schema()["paths"][path][method]
    return {int(status) for status in operation["responses"]}


def test_the_errors_an_operation_answers_are_in_its_openapi_responses(client, alice, account):
    """Each answer below is a real one; the OpenAPI document lists its status for that
    operation, so a generated client knows the errors it must handle."""
    ae = TeamMemberFactory(email="ae@rhythm.test", role=Role.AE)
    health = "/api/v1/accounts/{account_id}/health"
    answers = [
        ("get", "/api/v1/queue", client.get("/api/v1/queue")),
        (
            "get",
            "/api/v1/accounts/{account_id}",
            client.get("/api/v1/accounts/99", **bearer(alice)),
        ),
        ("get", "/api/v1/kpis", client.get("/api/v1/kpis?on=someday", **bearer(alice))),
        ("get", "/api/v1/queue", client.get("/api/v1/queue?csm=no@one.test", **bearer(alice))),
        ("get", "/api/v1/review", client.get("/api/v1/review", **bearer(ae))),
        (
            "post",
            health,
            post_json(client, f"/api/v1/accounts/{account.pk}/health", {"overall": "blue"}, alice),
        ),
        (
            "post",
            health,
            post_json(
                client, f"/api/v1/accounts/{account.pk}/health", {"overall": ["green"]}, alice
            ),
        ),
        (
            "post",
            health,
            post_json(client, "/api/v1/accounts/99/health", {"overall": "green"}, alice),
        ),
        (
            "post",
            "/api/v1/accounts/{account_id}/priority",
            post_json(
                client,
                f"/api/v1/accounts/{account.pk}/priority",
                {"priority": "P1", "reason": "Exec ask"},
                alice,
            ),
        ),
    ]
    statuses = {response.status_code for _, _, response in answers}
    assert statuses == {400, 401, 403, 404, 422}, [r.content for _, _, r in answers]
    for method, path, response in answers:
        assert response.status_code in _documented(method, path), (method, path, response.content)


def test_the_api_doc_names_the_lists_that_come_in_pages_and_no_other():
    """docs/api.md says which lists answer `{"items": [...], "count": N}` with `limit` and
    `offset`: a client reading the others as pages would find no `items`."""
    paged = set()
    for path, operations in api.get_openapi_schema()["paths"].items():
        answer = operations.get("get", {}).get("responses", {}).get(200, {})
        schema = answer.get("content", {}).get("application/json", {}).get("schema", {})
        if schema.get("$ref", "").startswith("#/components/schemas/Paged"):
            paged.add(path.rsplit("/", 1)[-1].replace("-", " "))
    [names] = re.findall(r"Lists of ([^:]*) come in pages", " ".join(DOC.read_text().split()))
    documented = set(re.split(r", (?:and )?| and ", names))
    assert paged == documented


def test_the_openapi_document_writes_bounds_as_json_schema_does():
    """A bound written `ge` or `le` (pydantic's names) is one no generated client reads:
    an optional number's bounds must come out as `minimum` and `maximum`."""
    names = {"ge", "gt", "le", "lt"}
    found = []

    def walk(node, where):
        if isinstance(node, dict):
            found.extend(f"{where}.{key}" for key in names & node.keys())
            for key, value in node.items():
                walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}[{index}]")

    schema = api.get_openapi_schema()
    walk(schema, "")
    assert found == []
    duration = schema["components"]["schemas"]["ActivityIn"]["properties"]["duration_minutes"]
    assert {"type": "integer", "minimum": 1, "maximum": 1440} in duration["anyOf"]


def test_every_parameter_says_what_it_is():
    """The interactive docs show each parameter's description beside its box: an id or a
    filter without one leaves an integrator guessing what to send."""
    undescribed = {
        (method, path, parameter["name"])
        for path, operations in api.get_openapi_schema()["paths"].items()
        for method, operation in operations.items()
        for parameter in operation.get("parameters", [])
        if not (parameter.get("description") or parameter["schema"].get("description"))
    }
    assert undescribed == set()
