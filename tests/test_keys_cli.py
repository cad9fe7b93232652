"""`corroborate keys create | list | revoke` on the database (and the server's Redis, for its key
cache and workspace secrets), and the server honours them."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from config.settings import Settings
from service import create_app


def keys(*arguments: str, redis_url: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "CORROBORATE_AUTH")}
    if redis_url:
        env["REDIS_URL"] = redis_url
    return subprocess.run([sys.executable, "-m", "corroborate", "keys", *arguments], env=env,
                          capture_output=True, text=True, timeout=60)


@pytest.mark.redis_server
def test_create_list_revoke(private_redis):
    created = keys("create", "--workspace", "newsroom", "--role", "admin", "--label", "first admin",
                   redis_url=private_redis)
    assert created.returncode == 0, created.stderr
    secret = created.stdout.splitlines()[-1]
    assert secret.startswith("cbk_") and " " not in secret

    client = create_app(Settings.from_mapping({"redis_url": private_redis})).test_client()
    headers = {"Authorization": f"Bearer {secret}"}
    listed = client.get("/v1/keys", headers=headers).get_json()["items"]
    assert [(k["workspace"], k["role"], k["label"]) for k in listed] == [("newsroom", "admin", "first admin")]

    listing = keys("list", redis_url=private_redis)
    assert listing.returncode == 0 and listed[0]["id"] in listing.stdout and secret not in listing.stdout

    revoked = keys("revoke", listed[0]["id"], redis_url=private_redis)
    assert revoked.returncode == 0, revoked.stderr
    assert client.get("/v1/keys", headers=headers).status_code == 401
    assert keys("revoke", "key_unknown", redis_url=private_redis).returncode == 1


@pytest.mark.redis_server
def test_bad_workspace_names_are_refused(private_redis):
    refused = keys("create", "--workspace", "News Room:*", "--role", "admin", redis_url=private_redis)

    assert refused.returncode == 2 and "workspace" in refused.stderr


def test_an_unreachable_redis_is_one_line_not_a_traceback():
    from tests.conftest import free_port

    unreachable = f"redis://127.0.0.1:{free_port()}/0"
    refused = keys("create", "--workspace", "newsroom", "--role", "admin", redis_url=unreachable)

    assert refused.returncode == 1 and "cannot reach Redis" in refused.stderr and "Traceback" not in refused.stderr
    # Listing reads the database alone.
    assert keys("list", redis_url=unreachable).stdout.splitlines() == ["id\tworkspace\trole\tcreated_at\trevoked_at\tlabel"]


def test_an_unreachable_database_is_one_line_not_a_traceback(monkeypatch):
    monkeypatch.setenv("CORROBORATE_DATABASE_URL", "postgresql+psycopg://nobody@/none?host=/nonexistent")
    refused = keys("list", redis_url=None)

    assert refused.returncode == 1 and "cannot reach the database" in refused.stderr
    assert "Traceback" not in refused.stderr


@pytest.mark.parametrize("cache_ttl, accepted_after_revoke", [(60, True), (0, False)])
def test_without_redis_url_keys_are_made_in_the_embedded_database(fake_server, cache_ttl, accepted_after_revoke):
    """An embedded server keeps its Redis (and so its key cache) in its own process: a key made
    from the command line works there at once, and a revoked one stops within the cache TTL."""
    from service.connections import connect

    created = keys("create", "--workspace", "default", "--role", "admin", redis_url=None)
    assert created.returncode == 0, created.stderr
    secret = created.stdout.splitlines()[-1]
    settings = Settings.from_mapping({"redis_url": "redis://fake", "auth": "required", "key_cache_ttl": cache_ttl})
    client = create_app(settings, connect(settings, fake_server=fake_server)).test_client()
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/v1/audit", headers=headers).get_json()["items"][0]["action"] == "key.create"

    key_id = keys("list", redis_url=None).stdout.splitlines()[1].split("\t")[0]
    revoked = keys("revoke", key_id, redis_url=None)
    assert revoked.returncode == 0 and "CORROBORATE_KEY_CACHE_TTL" in revoked.stderr
    assert (client.get("/v1/audit", headers=headers).status_code == 200) is accepted_after_revoke


def test_embedded_mode_with_auth_required_prints_a_bootstrap_key(tmp_path):
    from tests.conftest import free_port, wait_for
    from tests.e2e.test_processes import http

    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"} | {"CORROBORATE_AUTH": "required"}
    child = subprocess.Popen([sys.executable, "-m", "corroborate", "serve", "--port", str(port)], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        secret = child.stdout.readline().strip()
        assert secret.startswith("cbk_")
        base = f"http://127.0.0.1:{port}"

        def up():
            try:
                return http("GET", base + "/healthz")[0] == 200
            except OSError:
                return False

        wait_for(up, timeout=30)
        assert http("GET", base + "/v1/sources")[0] == 401
        assert http("GET", base + "/v1/audit", key=secret)[0] == 200
    finally:
        child.terminate()
        child.wait(timeout=15)
