"""Generated requests from /openapi.json never get a 500 (schemathesis over the WSGI app), once
with a valid admin key and once with none."""

from __future__ import annotations

import fakeredis
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from config.settings import Settings
from service import create_app
from service.connections import connect

# One app for the whole module: schemathesis loads the schema once, at import. Rate limits high
# enough that the fuzzer explores the routes rather than the 429.
_SETTINGS = Settings.from_mapping({"redis_url": "redis://fake", "retry_intervals": (0,), "auth": "required",
                                   "read_rate_limit": "100000/minute", "write_rate_limit": "100000/minute"})
app = create_app(_SETTINGS, connect(_SETTINGS, fake_server=fakeredis.FakeServer()))
_, ADMIN_KEY = app.extensions["corroborate"].keys.create("fuzz", "admin", "schemathesis")
schema = schemathesis.openapi.from_wsgi("/openapi.json", app)


@pytest.mark.parametrize("authorization", [f"Bearer {ADMIN_KEY}", None], ids=["admin-key", "no-key"])
@schema.parametrize()
@settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_generated_request_gets_a_server_error(case, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    case.call_and_validate(headers=headers, checks=[not_a_server_error])
