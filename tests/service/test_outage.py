"""Redis unreachable: 503 with Retry-After within seconds, never a 500 or a hang."""

from __future__ import annotations

import time

import pytest

from config.settings import Settings
from service import create_app
from service.keys import secret_hash
from tests.conftest import free_port


@pytest.fixture
def unreachable_client():
    # A port nothing listens on: every Redis call fails at once.
    settings = Settings.from_mapping({"redis_url": f"redis://127.0.0.1:{free_port()}/0", "redis_timeout": 1.0})
    app = create_app(settings)
    # A live key, in the database: its check gets past the unreachable key cache (service/keys.py),
    # and the route's own Redis calls must then fail promptly.
    secret = "cbk_" + "x" * 43
    app.extensions["corroborate"].store.create_key("key_outage", "default", "admin", "", secret_hash(secret))
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    return client


@pytest.mark.parametrize(
    "method, path, payload",
    [
        ("post", "/v1/statements", {"text": "x", "evidence": []}),
        ("post", "/v1/statements/batch", {"statements": [{"text": "x"}]}),
        ("get", "/v1/jobs/abc", None),
        ("delete", "/v1/jobs/abc", None),
        ("get", "/v1/statements/st_abc", None),
        ("get", "/readyz", None),
    ],
)
def test_outage_is_a_prompt_503(unreachable_client, method, path, payload):
    started = time.monotonic()
    response = getattr(unreachable_client, method)(path, json=payload)

    assert response.status_code == 503
    assert response.mimetype == "application/problem+json"
    assert int(response.headers["Retry-After"]) > 0
    assert time.monotonic() - started < 5


def test_liveness_does_not_need_redis(unreachable_client):
    assert unreachable_client.get("/healthz").status_code == 200


def test_an_unknown_key_is_refused_from_the_database_while_redis_is_away(unreachable_client):
    response = unreachable_client.get("/v1/jobs/abc", headers={"Authorization": "Bearer cbk_" + "y" * 43})

    assert response.status_code == 401


# ---- a real redis-server that hangs (SIGSTOP), dies, or comes back empty ------------------------

import json  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
from contextlib import contextmanager  # noqa: E402

import redis  # noqa: E402

from config.redis_keys import PREFIX  # noqa: E402
from tests.conftest import wait_for  # noqa: E402

OUTAGE_DEADLINE = 3.0
STATEMENT = {"text": "The dam was opened.", "evidence": [{"source": "water-board", "stance": "confirms"}]}
# One request per route; routes added later still get one (GET, no body) from the URL map.
REQUESTS = {
    ("POST", "/v1/statements"): STATEMENT,
    ("POST", "/v1/statements/batch"): {"statements": [STATEMENT]},
    ("POST", "/v1/documents"): {"source": "daily", "text": "The dam was opened, the board said."},
    ("PUT", "/v1/sources/<source_id>"): {"aliases": ["Water Board"]},
}
NO_REDIS = {"/healthz", "/openapi.json", "/static/<path:filename>", "/docs", "/sign-in"}  # the last two: pages


@contextmanager
def own_redis(folder):
    """A redis-server of this test alone (it may be stopped and killed), on a unix socket."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed; .ci/run installs it")
    sock = folder / "redis.sock"
    argv = [binary, "--port", "0", "--unixsocket", str(sock), "--unixsocketperm", "700",
            "--dir", str(folder), "--save", "", "--appendonly", "no"]
    state = {"process": None}

    def start():
        state["process"] = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        probe = redis.Redis(unix_socket_path=str(sock), socket_timeout=1)

        def up():
            try:
                return probe.ping()
            except redis.exceptions.RedisError:
                return False

        wait_for(up, timeout=10)
        return state["process"]

    start()
    try:
        yield f"unix://{sock}", state, start
    finally:
        process = state["process"]
        if process.poll() is None:
            os.kill(process.pid, signal.SIGCONT)
            process.kill()
        process.wait()


def every_route(app):
    for rule in app.url_map.iter_rules():
        if rule.rule in NO_REDIS:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            path = rule.rule.replace("<", "").replace(">", "").replace("path:", "")
            path = path.replace("statement_id", "st_abc").replace("job_id", "abc")
            yield method, rule.rule, path, REQUESTS.get((method, rule.rule))


def assert_prompt_503s(app):
    client = app.test_client()
    for method, rule, path, body in every_route(app):
        started = time.monotonic()
        response = client.open(path, method=method, json=body)
        elapsed = time.monotonic() - started
        assert elapsed < OUTAGE_DEADLINE, (method, rule, elapsed)
        if (method, rule) in REQUESTS or method in ("GET", "DELETE"):
            assert response.status_code == 503, (method, rule, response.get_json())
        if response.status_code == 503:
            assert int(response.headers["Retry-After"]) > 0
            assert response.mimetype == "application/problem+json"


@pytest.mark.redis_server
@pytest.mark.parametrize("fault", ["sigstop", "sigkill"])
def test_a_hung_or_dead_redis_is_a_503_within_3_s_on_every_route(tmp_path, fault):
    with own_redis(tmp_path) as (url, state, _):
        app = create_app(Settings.from_mapping({"redis_url": url, "auth": "off"}))
        assert app.test_client().get("/readyz").status_code == 200  # pooled connections exist
        os.kill(state["process"].pid, signal.SIGSTOP if fault == "sigstop" else signal.SIGKILL)
        assert_prompt_503s(app)
        # A burst while Redis hangs queues for the bounded pool, then 503s: never a 500.
        from concurrent.futures import ThreadPoolExecutor

        def post(_):
            started = time.monotonic()
            status = app.test_client().post("/v1/statements", json=STATEMENT).status_code
            return status, time.monotonic() - started

        with ThreadPoolExecutor(max_workers=100) as pool:
            results = list(pool.map(post, range(100)))
        assert {status for status, _ in results} == {503}
        assert max(elapsed for _, elapsed in results) < OUTAGE_DEADLINE + 1.5


def test_a_batch_cut_by_an_outage_hands_out_no_id_that_answers_404(client, clients, monkeypatch):
    """Redis goes away at the MULTI/EXEC that writes the batch and its jobs."""
    batch = {"statements": [{**STATEMENT, "text": f"Statement {i}."} for i in range(5)]}
    execute = redis.client.Pipeline.execute

    def outage(pipe, *args, **kwargs):
        if pipe.explicit_transaction or pipe.transaction:
            raise redis.exceptions.ConnectionError("Connection reset by peer")
        return execute(pipe, *args, **kwargs)

    monkeypatch.setattr(redis.client.Pipeline, "execute", outage)
    response = client.post("/v1/statements/batch", json=batch)
    assert response.status_code == 503 and int(response.headers["Retry-After"]) > 0
    monkeypatch.setattr(redis.client.Pipeline, "execute", execute)

    # Nothing half-written: no batch record without its jobs, nor jobs without their batch.
    assert list(clients.text.scan_iter(f"{PREFIX}:ws:*:batch:*")) == []
    assert list(clients.text.scan_iter("rq:job:*")) == []
    response = client.post("/v1/statements/batch", json=batch)
    assert response.status_code == 202
    assert client.get(response.headers["Location"]).get_json()["pending"] == 5


@pytest.mark.redis_server
def test_the_registry_seed_is_reapplied_when_redis_restarts_empty(tmp_path):
    seed = tmp_path / "registry.json"
    seed.write_text(json.dumps([{"id": "water-board", "aliases": ["Water Board"], "reliability": 0.9}]))
    with own_redis(tmp_path) as (url, state, start):
        app = create_app(Settings.from_mapping({"redis_url": url, "auth": "off", "registry_file": str(seed)}))
        client = app.test_client()
        assert client.get("/v1/sources/water-board").status_code == 200
        state["process"].kill()
        state["process"].wait()
        start()  # no persistence: it comes back empty

        def reseeded():
            try:
                return client.get("/v1/sources/water-board").status_code == 200
            except Exception:
                return False

        wait_for(reseeded, timeout=10)
        assert client.get("/v1/sources/water-board").get_json()["reliability"] == 0.9
