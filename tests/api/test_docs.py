"""docs/api.md names every endpoint the API serves, and only those."""

from __future__ import annotations

import re
from pathlib import Path

from rhythm.api import api

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def test_the_api_doc_names_every_endpoint_and_no_other():
    served = {
        (method.upper(), path)
        for path, operations in api.get_openapi_schema()["paths"].items()
        for method in operations
    }
    documented = set(re.findall(r"`(GET|POST) (/api/v1/[^`?\s]*)", DOC.read_text()))
    assert served - documented == set(), "served but not in docs/api.md"
    assert documented - served == set(), "in docs/api.md but not served"


def test_every_endpoint_has_a_written_summary():
    """The interactive docs list each endpoint by its summary, not its function's name."""
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method, operation in operations.items():
            function = operation["operationId"].rsplit("_api_", 1)[-1]
            assert operation["summary"] != function.title().replace("_", " "), (method, path)
