"""Redis unreachable: 503 with Retry-After within seconds, never a 500 or a hang."""

from __future__ import annotations

import time

import pytest

from config.settings import Settings
from service import create_app
from tests.conftest import free_port


@pytest.fixture
def unreachable_client():
    # A port nothing listens on: every Redis call fails at once.
    settings = Settings.from_mapping({"redis_url": f"redis://127.0.0.1:{free_port()}/0", "redis_timeout": 1.0})
    client = create_app(settings).test_client()
    # A well-formed key: looking it up needs Redis too, and must fail as promptly.
    client.environ_base["HTTP_AUTHORIZATION"] = "Bearer cbk_" + "x" * 43
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
