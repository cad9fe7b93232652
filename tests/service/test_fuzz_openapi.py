"""Generated requests from /openapi.json never get a 500 (schemathesis over the WSGI app), once
with a valid admin key and once with none."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import fakeredis
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from config.settings import DatabaseSettings, Settings
from service import create_app
from service.connections import connect
from workers.store import open_store

# One app for the whole module: schemathesis loads the schema once, at import. Rate limits high
# enough that the fuzzer explores the routes rather than the 429.
_SETTINGS = Settings.from_mapping({"redis_url": "redis://fake", "retry_intervals": (0,), "auth": "required",
                                   "read_rate_limit": "100000/minute", "write_rate_limit": "100000/minute"})
# Keys live in the database: the module's own SQLite file, made at import like the app (the
# per-test database fixture does not exist yet).
_FOLDER = tempfile.mkdtemp(prefix="fuzz-openapi-")
atexit.register(shutil.rmtree, _FOLDER, ignore_errors=True)
_DATABASE = DatabaseSettings(sqlite_file=str(Path(_FOLDER) / "store.sqlite3"))
app = create_app(_SETTINGS, connect(_SETTINGS, fake_server=fakeredis.FakeServer()), open_store(_DATABASE))
_, ADMIN_KEY = app.extensions["corroborate"].keys.create("fuzz", "admin", "schemathesis")
schema = schemathesis.openapi.from_wsgi("/openapi.json", app)
AUTHENTICATED: set[tuple[str, str]] = set()


@pytest.mark.parametrize("authorization", [f"Bearer {ADMIN_KEY}", None], ids=["admin-key", "no-key"])
@schema.parametrize()
@settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_generated_request_gets_a_server_error(case, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    response = case.call(headers=headers)
    case.validate_response(response, checks=[not_a_server_error])
    # Some generated cases drop the Authorization header on purpose (missing-auth tests); the
    # rest must have got past the key check.
    sent = response.request.headers.get("Authorization")
    if authorization and sent == authorization:
        assert response.status_code not in (401, 403), (case.method, case.path, response.text[:200])
        AUTHENTICATED.add((case.method, case.path))


def test_the_admin_run_reached_every_operation_with_its_key():
    # Runs after the fuzzing above (pytest keeps file order).
    operations = {(method.upper(), path) for path, item in schema.raw_schema["paths"].items() for method in item}
    assert operations - AUTHENTICATED <= {("GET", "/healthz"), ("GET", "/readyz"), ("GET", "/openapi.json")}
