"""Rate limits per key (per client address when auth is off): reads and writes apart, 429 with
Retry-After as a problem document."""

from __future__ import annotations

from dataclasses import replace

import pytest
import redis

from config.settings import Settings
from service import create_app


@pytest.fixture
def tight(secure_settings):
    return replace(secure_settings, read_rate_limit="3/minute", write_rate_limit="2/minute")


def make(settings, clients):
    app = create_app(settings, clients)
    keys = app.extensions["corroborate"].keys
    return app.test_client(), lambda role="analyst": {"Authorization": f"Bearer {keys.create('ws', role)[1]}"}


def test_reads_are_limited_per_key_with_retry_after(tight, clients):
    client, key = make(tight, clients)
    first, second = key("reader"), key("reader")

    assert [client.get("/v1/sources", headers=first).status_code for _ in range(3)] == [200] * 3
    refused = client.get("/v1/sources/x", headers=first)

    assert refused.status_code == 429
    assert refused.mimetype == "application/problem+json"
    assert refused.get_json()["type"] == "/problems/rate-limited"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert client.get("/v1/sources", headers=second).status_code == 200  # another key, its own budget


def test_writes_have_their_own_budget(tight, clients):
    client, key = make(tight, clients)
    analyst = key("analyst")
    statements = [{"text": f"Statement {n}.", "evidence": []} for n in range(3)]

    assert [client.post("/v1/statements", json=s, headers=analyst).status_code for s in statements] == [202, 202, 429]
    assert client.get("/v1/sources", headers=analyst).status_code == 200  # reads still allowed


def test_public_routes_are_not_limited(tight, clients):
    client, _ = make(tight, clients)

    assert {client.get("/healthz").status_code for _ in range(10)} == {200}


def test_without_auth_the_limit_is_per_client_address(clients):
    settings = Settings.from_mapping({"redis_url": "redis://fake", "auth": "off", "write_rate_limit": "1/minute"})
    client = create_app(settings, clients).test_client()

    def put(address):
        return client.put("/v1/sources/x", json={}, environ_base={"REMOTE_ADDR": address}).status_code

    assert [put("10.0.0.1"), put("10.0.0.1"), put("10.0.0.2")] == [201, 429, 200]


@pytest.mark.redis_server
def test_limits_are_kept_in_the_apps_redis(private_redis):
    settings = Settings.from_mapping({"redis_url": private_redis, "read_rate_limit": "2/minute"})
    app = create_app(settings)
    _, secret = app.extensions["corroborate"].keys.create("ws", "reader")
    headers = {"Authorization": f"Bearer {secret}"}
    # Two app instances (two gunicorn workers) share one budget.
    other = create_app(settings).test_client()

    assert app.test_client().get("/v1/sources", headers=headers).status_code == 200
    assert other.get("/v1/sources", headers=headers).status_code == 200
    assert other.get("/v1/sources", headers=headers).status_code == 429
    assert redis.Redis.from_url(private_redis).keys("corroborate:ratelimit*")
