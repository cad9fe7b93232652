"""Generated requests from /openapi.json never get a 500 (schemathesis over the WSGI app)."""

from __future__ import annotations

import fakeredis
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from config.settings import Settings
from service import create_app
from service.connections import connect

# One app for the whole module: schemathesis loads the schema once, at import.
_SETTINGS = Settings.from_mapping({"redis_url": "redis://fake", "retry_intervals": (0,)})
app = create_app(_SETTINGS, connect(_SETTINGS, fake_server=fakeredis.FakeServer()))
schema = schemathesis.openapi.from_wsgi("/openapi.json", app)


@schema.parametrize()
@settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_generated_request_gets_a_server_error(case):
    case.call_and_validate(checks=[not_a_server_error])
