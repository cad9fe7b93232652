"""The cached POST's short path on a real Redis: a key remembered in-process (at most
LOCAL_KEY_SECONDS, and confirmed by its cache entry in the rate limit's round trip), the
workspace secret read back with the cache lookup, a plain statement's lookup read in that same
trip, and the answers that leaves unchanged."""

from __future__ import annotations

import pytest
from redis.connection import AbstractConnection

import service.keys
from config.settings import Settings
from service import create_app
from service.keys import LOCAL_KEY_SECONDS

pytestmark = pytest.mark.redis_server
STATEMENT = {"text": "The harbour reopened on Monday.", "evidence": [{"source": "wire", "stance": "confirms"}]}


def make_app(url: str, **values):
    return create_app(Settings.from_mapping({"redis_url": url, "retry_intervals": (0,), **values}))


def bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}


def round_trips(monkeypatch, call) -> int:
    sent = [0]
    original = AbstractConnection.send_packed_command

    def counting(self, *arguments, **options):
        sent[0] += 1
        return original(self, *arguments, **options)

    monkeypatch.setattr(AbstractConnection, "send_packed_command", counting)
    call()
    monkeypatch.setattr(AbstractConnection, "send_packed_command", original)
    return sent[0]


def scored_app(url: str, role: str = "analyst", **values):
    """An app, a key's headers, and STATEMENT scored, so that its next POST is a cache hit."""
    from workers.runner import build_worker
    import redis

    app = make_app(url, **values)
    keys = app.extensions["corroborate"].keys
    _, secret = keys.create("newsroom", "analyst")
    client = app.test_client()
    assert client.post("/v1/statements", json=STATEMENT, headers=bearer(secret)).status_code == 202
    build_worker(app.config["CORROBORATE"], redis.Redis.from_url(url)).work(burst=True)
    assert client.post("/v1/statements", json=STATEMENT, headers=bearer(secret)).get_json()["cached"] is True
    if role != "analyst":
        _, secret = keys.create("newsroom", role)
    return app, bearer(secret)


def test_a_cached_post_costs_one_round_trip(private_redis, monkeypatch):
    app, headers = scored_app(private_redis)
    client = app.test_client()

    answers = []
    trips = round_trips(monkeypatch, lambda: answers.append(client.post("/v1/statements", json=STATEMENT, headers=headers)))

    assert answers[0].status_code == 200 and answers[0].get_json()["cached"] is True
    assert trips == 1  # the rate limit, the key's cache entry, the secret and the cache entry at once


def test_a_statement_marshmallow_loads_is_answered_from_the_same_cache_entry(private_redis, monkeypatch):
    app, headers = scored_app(private_redis)
    client = app.test_client()
    plain = client.post("/v1/statements", json=STATEMENT, headers=headers).get_json()
    # The same statement, written as no plain statement is: a source object.
    unusual = {**STATEMENT, "evidence": [{"source": {"id": "wire"}, "stance": "confirms"}]}

    answers = []
    trips = round_trips(monkeypatch, lambda: answers.append(client.post("/v1/statements", json=unusual, headers=headers)))

    assert answers[0].status_code == 200 and answers[0].get_json() == plain
    assert trips == 2  # the rate limit with the key's cache entry; the cache with the secret


@pytest.mark.parametrize("body", [
    {"text": " ", "evidence": [{"source": "wire"}]},
    {"text": "The harbour reopened.", "evidence": [{"source": "wire", "stance": "maybe"}], "extra": 1},
    [1, 2],
])
def test_a_remembered_key_gets_the_same_problem_for_a_bad_body(private_redis, body):
    first, headers = scored_app(private_redis)
    fresh = make_app(private_redis).test_client()  # this app has not seen the key yet
    remembering = first.test_client()
    assert first.extensions["corroborate"].keys.remembered(headers["Authorization"][7:]) is not None

    answer, expected = (client.post("/v1/statements", json=body, headers=headers) for client in (remembering, fresh))

    assert answer.status_code == expected.status_code == 422
    assert answer.get_json() == expected.get_json() and answer.get_json()["errors"]


def test_a_remembered_reader_may_not_post(private_redis):
    app, headers = scored_app(private_redis, role="reader")
    client = app.test_client()
    assert client.get("/v1/sources", headers=headers).status_code == 200  # remembered now

    answer = client.post("/v1/statements", json=STATEMENT, headers=headers)

    assert answer.status_code == 403 and answer.get_json()["type"] == "/problems/forbidden"


def test_a_remembered_key_past_its_limit_is_refused_before_its_body_is_judged(private_redis):
    app, headers = scored_app(private_redis, write_rate_limit="3/minute")  # two POSTs made already
    client = app.test_client()

    answers = [client.post("/v1/statements", json=body, headers=headers) for body in (STATEMENT, {"text": " "})]

    assert [a.status_code for a in answers] == [200, 429]
    assert answers[1].get_json()["type"] == "/problems/rate-limited" and "Retry-After" in answers[1].headers


def test_a_remembered_key_revoked_through_another_app_stops_at_once(private_redis):
    first, second = make_app(private_redis), make_app(private_redis)
    admin = bearer(first.extensions["corroborate"].keys.create("newsroom", "admin")[1])
    made = first.test_client().post("/v1/keys", json={"role": "reader"}, headers=admin).get_json()
    reader = second.test_client()
    assert [reader.get("/v1/sources", headers=bearer(made["secret"])).status_code for _ in range(2)] == [200, 200]
    assert second.extensions["corroborate"].keys.remembered(made["secret"]) is not None

    assert first.test_client().delete(f"/v1/keys/{made['id']}", headers=admin).status_code == 200

    assert reader.get("/v1/sources", headers=bearer(made["secret"])).status_code == 401


def test_a_key_is_remembered_for_at_most_a_second(private_redis, monkeypatch):
    app = make_app(private_redis)
    keys = app.extensions["corroborate"].keys
    key, secret = keys.create("newsroom", "reader")
    assert app.test_client().get("/v1/sources", headers=bearer(secret)).status_code == 200
    assert keys.remembered(secret)[0].id == key.id

    later = service.keys.time.time() + LOCAL_KEY_SECONDS + 0.01
    monkeypatch.setattr(service.keys.time, "time", lambda: later)

    assert keys.remembered(secret) is None


def test_a_revocation_that_left_the_cache_stops_within_the_cache_ttl_all_the_same(private_redis, monkeypatch):
    app = make_app(private_redis, key_cache_ttl=5)
    keys = app.extensions["corroborate"].keys
    key, secret = keys.create("newsroom", "reader")
    client = app.test_client()
    assert client.get("/v1/sources", headers=bearer(secret)).status_code == 200
    keys.store.revoke_key(key.id)  # as a revocation whose Redis was unreachable leaves it

    assert client.get("/v1/sources", headers=bearer(secret)).status_code == 200  # within the TTL
    later = service.keys.time.time() + 5.01
    monkeypatch.setattr(service.keys.time, "time", lambda: later)
    assert client.get("/v1/sources", headers=bearer(secret)).status_code == 401


def test_with_no_key_cache_ttl_nothing_is_remembered(private_redis):
    app = make_app(private_redis, key_cache_ttl=0)
    keys = app.extensions["corroborate"].keys
    _, secret = keys.create("newsroom", "reader")
    assert app.test_client().get("/v1/sources", headers=bearer(secret)).status_code == 200

    assert keys.remembered(secret) is None


def test_limits_are_counted_in_the_same_round_trip_and_refuse_with_retry_after(private_redis):
    app = make_app(private_redis, read_rate_limit="3/minute")
    _, secret = app.extensions["corroborate"].keys.create("newsroom", "reader")
    client = app.test_client()

    codes = [client.get("/v1/sources", headers=bearer(secret)) for _ in range(4)]

    assert [c.status_code for c in codes] == [200, 200, 200, 429]
    assert codes[-1].get_json()["type"] == "/problems/rate-limited"
    assert 1 <= int(codes[-1].headers["Retry-After"]) <= 60
