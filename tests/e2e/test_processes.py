"""End to end over HTTP: `corroborate serve` and `corroborate worker` as real processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from contextlib import contextmanager

import pytest

from tests.conftest import free_port, wait_for

STATEMENT = {
    "text": "The dam was opened on Tuesday.",
    "evidence": [
        {"source": "water-authority", "stance": "confirms"},
        {"source": {"id": "local-paper", "name": "Local Paper"}, "stance": "confirms"},
        {"source": "wire", "stance": "confirms", "cites": ["water-authority"]},
        {"source": "river-gauge-network", "stance": "confirms"},
    ],
}


def http(method: str, url: str, body=None, key: str | None = None) -> tuple[int, dict, dict]:
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json"} if data else {}
    if key:
        headers["Authorization"] = f"Bearer {key}"
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.loads(error.read() or b"null")


@contextmanager
def process(*arguments: str, environment: dict):
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"} | environment
    child = subprocess.Popen([sys.executable, "-m", "corroborate", *arguments], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        yield child
    finally:
        child.terminate()
        try:
            child.wait(timeout=15)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


@contextmanager
def api(environment: dict):
    port = free_port()
    with process("serve", "--host", "127.0.0.1", "--port", str(port), environment=environment) as child:
        base = f"http://127.0.0.1:{port}"

        def up():
            if child.poll() is not None:
                pytest.fail(f"serve exited: {child.stdout.read().decode()[-2000:]}")
            try:
                return http("GET", base + "/healthz")[0] == 200
            except OSError:
                return False

        wait_for(up, timeout=30)
        yield base


def create_key(environment: dict, role: str = "analyst") -> str:
    """`corroborate keys create` against the same Redis as the server: the key on its last line."""
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"} | environment
    finished = subprocess.run([sys.executable, "-m", "corroborate", "keys", "create", "--workspace", "e2e",
                               "--role", role], env=env, capture_output=True, text=True, timeout=60)
    assert finished.returncode == 0, finished.stderr
    return finished.stdout.splitlines()[-1]


def post_and_poll(base: str, key: str | None = None) -> dict:
    status, headers, submitted = http("POST", base + "/v1/statements", STATEMENT, key)
    assert status == 202, submitted
    location = base + headers["Location"]

    def finished():
        job = http("GET", location, key=key)[2]
        return job if job["status"] in ("succeeded", "failed", "canceled") else None

    job = wait_for(finished, timeout=30)
    assert job["status"] == "succeeded", job
    status, _, cached = http("GET", f"{base}/v1/statements/{submitted['statement_id']}", key=key)
    assert status == 200 and cached["statement_id"] == submitted["statement_id"]
    return job["result"]


def test_embedded_mode_needs_nothing_else():
    with api({}) as base:
        result = post_and_poll(base)
        assert http("GET", base + "/readyz")[0] == 200

    assert result["counts"]["confirming"] == 3  # the wire cites the authority: one source
    assert result["verdict"] == "corroborated"


@pytest.mark.redis_server
def test_api_and_worker_processes_against_a_private_redis(private_redis):
    environment = {"REDIS_URL": private_redis}
    key = create_key(environment)
    with api(environment) as base, process("worker", environment=environment):
        assert http("POST", base + "/v1/statements", STATEMENT)[0] == 401
        result = post_and_poll(base, key)
        status, _, batch = http("POST", base + "/v1/statements/batch",
                                {"statements": [STATEMENT, {"text": "Another one.", "evidence": []}]}, key)
        assert status == 202
        assert batch["items"][0]["cached"] is True

        def second_done():
            return http("GET", f"{base}/v1/batches/{batch['batch_id']}", key=key)[2]["succeeded"] == 2

        wait_for(second_done, timeout=30)

    assert result["counts"] == {"confirming": 3, "denying": 0, "neutral": 0, "unattributed": 0, "independent": 3,
                               "reports": 4}


@pytest.mark.redis_server
def test_burst_worker_drains_the_queue_and_exits(private_redis):
    environment = {"REDIS_URL": private_redis}
    key = create_key(environment)
    with api(environment) as base:
        submitted = http("POST", base + "/v1/statements", STATEMENT, key)[2]
        finished = subprocess.run([sys.executable, "-m", "corroborate", "worker", "--burst"],
                                  env=os.environ | environment, capture_output=True, timeout=60)
        assert finished.returncode == 0, finished.stdout + finished.stderr
        assert http("GET", f"{base}/v1/jobs/{submitted['job_id']}", key=key)[2]["status"] == "succeeded"


@pytest.mark.redis_server
def test_gunicorn_serves_the_wsgi_factory(private_redis):
    port = free_port()
    environment = {"REDIS_URL": private_redis}
    gunicorn = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "2",
                "service:create_app()"]
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"} | environment
    server = subprocess.Popen(gunicorn, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        def ready():
            try:
                return http("GET", base + "/readyz")[0] == 200
            except OSError:
                return False

        wait_for(ready, timeout=30)
        with process("worker", environment=environment):
            assert post_and_poll(base, create_key(environment))["verdict"] == "corroborated"
    finally:
        server.terminate()
        server.wait(timeout=15)


def test_worker_without_redis_url_says_what_to_do():
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    finished = subprocess.run([sys.executable, "-m", "corroborate", "worker"], env=env,
                              capture_output=True, text=True, timeout=30)
    assert finished.returncode == 2
    assert "REDIS_URL" in finished.stderr
