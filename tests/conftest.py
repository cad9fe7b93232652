"""Fixtures shared by every test package.

API tests run over one fakeredis server shared by the app and a real RQ SimpleWorker in burst
mode; integration tests start their own redis-server on a private unix socket and never touch
any other Redis.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import fakeredis
import pytest
import redis
from rq import SimpleWorker
from rq.serializers import JSONSerializer

from benchmarks.servers import free_port, start_redis  # noqa: F401 (free_port: for the tests)
from config.settings import Settings
from service import create_app
from service.connections import connect

REPOSITORY = Path(__file__).resolve().parents[1]
SHARED = REPOSITORY.parent / "shared"


@pytest.fixture(autouse=True)
def database_file(tmp_path, monkeypatch):
    """Every test's system of record is its own SQLite file (inherited by the processes it starts),
    never the embedded default under var/ nor a database it did not create."""
    path = tmp_path / "corroborate.sqlite3"
    monkeypatch.delenv("CORROBORATE_DATABASE_URL", raising=False)
    monkeypatch.setenv("CORROBORATE_DATABASE_FILE", str(path))
    return path


@pytest.fixture
def settings() -> Settings:
    # Retries go straight back on the queue: a burst worker runs no scheduler. Auth off, as in
    # embedded mode: tests/service/test_auth.py and its neighbours turn it on.
    return Settings.from_mapping({"redis_url": "redis://fake", "retry_intervals": (0,), "auth": "off"})


@pytest.fixture
def fake_server():
    return fakeredis.FakeServer()


@pytest.fixture
def clients(settings, fake_server):
    return connect(settings, fake_server=fake_server)


@pytest.fixture
def app(settings, clients):
    app = create_app(settings, clients)
    app.config["TESTING"] = True
    return app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def run_jobs(clients, settings):
    """Run every queued job to the end with a real RQ worker, then return."""

    def run() -> None:
        worker = SimpleWorker([settings.queue_name], connection=clients.raw, serializer=JSONSerializer)
        worker.work(burst=True)

    return run


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """A private redis-server on a unix socket in a temporary folder; its URL."""
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed; .ci/run installs it")
    try:
        process, url = start_redis(tmp_path_factory.mktemp("redis"))
    except RuntimeError as error:
        pytest.fail(f"the private redis-server did not start: {error}")
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def private_redis(redis_server):
    """A clean database on the private server (it is ours, so flushing it is allowed)."""
    connection = redis.Redis.from_url(redis_server)
    connection.flushall()
    yield redis_server
    connection.flushall()


def wait_for(predicate, timeout: float = 15.0, interval: float = 0.05):
    """Poll `predicate` until it returns something truthy, or fail at the deadline."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"gave up after {timeout}s waiting for {predicate.__name__}")
