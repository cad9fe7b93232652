"""Keys and the audit log in the system of record, with Redis in front: what a request sees when
the key cache is cold, stale or unreachable, and when the database is."""

from __future__ import annotations

import pytest

from config.settings import Settings
from service import create_app
from workers.store import create_store_engine, open_store

UNREACHABLE = "postgresql+psycopg://nobody@/none?host=/nonexistent"


@pytest.fixture
def store():
    store = open_store()
    yield store
    store.close()


@pytest.fixture
def make_app(clients, store):
    def make(**settings):
        values = {"redis_url": "redis://fake", "retry_intervals": (0,), "auth": "required", **settings}
        app = create_app(Settings.from_mapping(values), clients, store)
        app.config["TESTING"] = True
        return app

    return make


def bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def database_down(store):
    """Swap the store's engine for one that cannot connect; put it back after."""
    working = store.engine

    def down():
        store.engine = create_store_engine(UNREACHABLE)

    yield down
    store.engine.dispose()
    store.engine = working


def test_a_key_outlives_redis_losing_everything(make_app, clients, store):
    app = make_app()
    key, secret = app.extensions["corroborate"].keys.create("newsroom", "admin")
    client = app.test_client()
    assert client.get("/v1/keys", headers=bearer(secret)).status_code == 200

    clients.text.flushall()

    assert client.get("/v1/keys", headers=bearer(secret)).status_code == 200
    assert store.get_key(key.id)["workspace"] == "newsroom"


def test_a_key_revoked_where_the_cache_was_not_cleared_stops_within_the_ttl(make_app, store, monkeypatch):
    app = make_app(key_cache_ttl=60)
    key, secret = app.extensions["corroborate"].keys.create("newsroom", "reader")
    client = app.test_client()
    assert client.get("/v1/sources", headers=bearer(secret)).status_code == 200
    store.revoke_key(key.id)  # as a revocation whose Redis was unreachable leaves it

    assert client.get("/v1/sources", headers=bearer(secret)).status_code == 200
    import service.keys

    later = service.keys.time.time() + 61
    monkeypatch.setattr(service.keys.time, "time", lambda: later)
    assert client.get("/v1/sources", headers=bearer(secret)).status_code == 401


def test_a_key_revoked_through_the_api_stops_at_once_on_every_app_sharing_redis(make_app):
    first, second = make_app(key_cache_ttl=3600), make_app(key_cache_ttl=3600)
    admin = bearer(first.extensions["corroborate"].keys.create("newsroom", "admin")[1])
    made = first.test_client().post("/v1/keys", json={"role": "reader"}, headers=admin).get_json()
    assert second.test_client().get("/v1/sources", headers=bearer(made["secret"])).status_code == 200

    assert first.test_client().delete(f"/v1/keys/{made['id']}", headers=admin).status_code == 200

    assert second.test_client().get("/v1/sources", headers=bearer(made["secret"])).status_code == 401


def test_with_the_database_down_checked_keys_work_and_changes_are_audited_later(make_app, database_down):
    app = make_app(key_cache_ttl=0)  # every check would ask the database
    keys = app.extensions["corroborate"].keys
    editor = bearer(keys.create("newsroom", "editor")[1])
    admin = bearer(keys.create("newsroom", "admin")[1])
    unchecked = bearer(keys.create("newsroom", "reader")[1])
    client = app.test_client()
    assert client.get("/v1/sources", headers=editor).status_code == 200
    assert client.get("/v1/sources", headers=admin).status_code == 200

    database_down()
    assert client.put("/v1/sources/wire", json={"name": "Wire"}, headers=editor).status_code == 201
    refused = client.get("/v1/sources", headers=unchecked)
    assert refused.status_code == 503 and "database" in refused.get_json()["detail"]
    assert refused.headers["Retry-After"]
    assert client.get("/v1/audit", headers=admin).status_code == 503
    assert client.post("/v1/keys", json={"role": "reader"}, headers=admin).status_code == 503


def test_entries_buffered_while_the_database_was_down_are_read_in_their_place(make_app, store, database_down):
    app = make_app()
    keys = app.extensions["corroborate"].keys
    editor, admin = bearer(keys.create("newsroom", "editor")[1]), bearer(keys.create("newsroom", "admin")[1])
    client = app.test_client()
    client.put("/v1/sources/first", json={}, headers=editor)
    client.get("/v1/audit", headers=admin)  # both keys checked and cached

    working = store.engine
    database_down()
    client.put("/v1/sources/during", json={}, headers=editor)
    store.engine.dispose()
    store.engine = working
    client.put("/v1/sources/after", json={}, headers=editor)

    entries = client.get("/v1/audit", headers=admin).get_json()["items"]
    assert [e["target"] for e in entries] == ["sources/after", "sources/during", "sources/first"]
    assert entries[1]["key_id"] and entries[1]["before"] is None


def test_with_redis_unreachable_a_key_is_checked_against_the_database(make_app, fake_server):
    app = make_app()
    _, secret = app.extensions["corroborate"].keys.create("newsroom", "admin")
    fake_server.connected = False

    # Listing keys needs only the database; the rate limiter counts in memory here.
    assert app.test_client().get("/v1/keys", headers=bearer(secret)).status_code == 200
