"""schemathesis against the OpenAPI schema, on a live server: no input makes a 5xx.

Driven through its Python API with hypothesis (its pytest plugin does not yet know pytest 9).
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

pytestmark = pytest.mark.slow

_EXAMPLES = int(os.environ.get("PRESSLENS_SCHEMA_EXAMPLES", "15"))


def test_no_request_makes_a_server_error(server: str) -> None:
    schema = schemathesis.openapi.from_url(f"{server}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8
    for operation in operations:

        @settings(
            max_examples=_EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def check(case: schemathesis.Case) -> None:
            response = case.call(timeout=60)
            where = f"{case.method} {case.formatted_path}"
            assert response.status_code < 500, f"{where}: {response.text[:300]}"
            if response.status_code >= 400:
                assert "error" in response.json(), where  # errors are JSON with a message

        check()
