"""The registry's index in Redis: kept by every write, built once for a registry without one, and
read by key so that a job scores as it would against the whole registry."""

from __future__ import annotations

import json
import threading
from datetime import datetime, timezone

import fakeredis
import pytest
import redis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import service.registry
from config.redis_keys import registry_index_key, registry_version_key, sources_key
from service.registry import NameCollision, SourceRegistry
from tests.workers.scoring.registries import FAMILIES, KINDS, worlds
from workers.scoring import score_statement
from workers.scoring.sources import RegistryIndex

COMPUTED_AT = datetime(2026, 1, 1, tzinfo=timezone.utc)
WORKSPACE = "ws"


@pytest.fixture
def connection():
    return fakeredis.FakeRedis(decode_responses=True)


def index_contents(connection: redis.Redis, workspace: str = WORKSPACE) -> tuple[dict, dict]:
    """(entry → ids, word count → names) of the workspace's current index generation."""
    generation = connection.get(registry_index_key(workspace)).partition(":")[2]
    prefix = f"corroborate:ws:{workspace}:registry:index:{generation}:"
    entries = {key.removeprefix(prefix): sorted(json.loads(connection.get(key)))
               for key in connection.scan_iter(match=prefix + "*") if not key.endswith(":word-counts")}
    counts = {int(k): int(v) for k, v in connection.hgetall(prefix + "word-counts").items() if int(v)}
    return entries, counts


def rebuilt_contents(records: list[dict]) -> tuple[dict, dict]:
    """What an index built from scratch over `records` holds."""
    connection = fakeredis.FakeRedis(decode_responses=True)
    for record in records:
        connection.hset(sources_key("scratch"), record["id"], json.dumps(record))
    SourceRegistry(connection, "scratch").build_index()
    return index_contents(connection, "scratch")


def registered(connection) -> list[dict]:
    return [json.loads(raw) for raw in connection.hvals(sources_key(WORKSPACE))]


names = st.sampled_from([name for family_names, _ in FAMILIES for name in family_names])
ids = st.sampled_from([id_ for _, family_ids in FAMILIES for id_ in family_ids])
records = st.builds(lambda id_, name, aliases, affiliations, kind: {
    "id": id_, "name": name or id_, "aliases": aliases, "affiliations": affiliations, "kind": kind,
    "reliability": None}, ids, st.one_of(st.none(), names), st.lists(names, max_size=3, unique=True),
    st.lists(names, max_size=2), st.sampled_from(KINDS))
operations = st.lists(st.one_of(st.tuples(st.just("put"), records), st.tuples(st.just("delete"), ids),
                                st.tuples(st.just("seed"), st.lists(records, max_size=4))), max_size=25)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=operations)
def test_every_write_keeps_the_index_as_a_rebuild_would_have_it(steps):
    connection = fakeredis.FakeRedis(decode_responses=True)
    registry = SourceRegistry(connection, WORKSPACE)
    registry.build_index()
    for operation, argument in steps:
        if operation == "put":
            try:
                registry.put(argument)
            except NameCollision:
                pass
        elif operation == "delete":
            registry.delete(argument)
        else:
            registry.seed(argument)
        assert index_contents(connection) == rebuilt_contents(registered(connection))


@settings(max_examples=150, deadline=None)
@given(world=worlds())
def test_a_job_reading_by_key_scores_as_the_whole_registry_does(world):
    registry, statement = world
    connection = fakeredis.FakeRedis()  # undecoded, as the workers' connection is
    # Written as code from before the index did, with its collisions: the index is built on first use.
    for record in {record["id"]: record for record in registry}.values():
        connection.hset(sources_key(WORKSPACE), record["id"], json.dumps(record))
    _, lookup = SourceRegistry(connection, WORKSPACE).lookup()
    whole = [json.loads(raw) for raw in connection.hvals(sources_key(WORKSPACE))]

    assert (score_statement(statement, registry=lookup, computed_at=COMPUTED_AT)
            == score_statement(statement, registry=whole, computed_at=COMPUTED_AT)
            == score_statement(statement, registry=RegistryIndex(whole), computed_at=COMPUTED_AT))


def test_a_registry_from_before_the_index_is_indexed_on_first_use(connection):
    connection.hset(sources_key(WORKSPACE), "north-korea", json.dumps(
        {"id": "north-korea", "name": "North Korea", "aliases": ["Pyongyang"], "kind": "government"}))
    connection.set(registry_version_key(WORKSPACE), "v-old")

    version, lookup = SourceRegistry(connection, WORKSPACE).lookup()

    assert version == "v-old"  # nothing was read through an index before: no result goes stale
    assert [r["id"] for r in lookup.find({"pyongyang"}, ())] == ["north-korea"]
    assert [r["id"] for r in lookup.find((), {"government:kp"})] == ["north-korea"]


def test_a_write_by_code_that_does_not_keep_the_index_makes_it_rebuilt(connection):
    registry = SourceRegistry(connection, WORKSPACE)
    registry.put({"id": "reuters", "name": "Reuters"})
    version, _ = registry.lookup()
    # What the code before the index did on a PUT: the record and a new version, no index.
    connection.hset(sources_key(WORKSPACE), "kcna", json.dumps({"id": "kcna", "name": "KCNA", "kind": "agency"}))
    connection.set(registry_version_key(WORKSPACE), "v-by-old-code")

    version, lookup = registry.lookup()

    assert [r["id"] for r in lookup.find({"kcna"}, ())] == ["kcna"]
    assert version != "v-by-old-code"  # results read through the old index are stale


def test_other_code_builds_its_own_index_and_drops_the_old_one(connection, monkeypatch):
    registry = SourceRegistry(connection, WORKSPACE)
    registry.put({"id": "reuters", "name": "Reuters", "aliases": ["Wire Service"]})
    old_generation = connection.get(registry_index_key(WORKSPACE)).partition(":")[2]
    monkeypatch.setattr(service.registry, "index_fingerprint", lambda: "0" * 16)

    version, lookup = SourceRegistry(connection, WORKSPACE).lookup()

    assert connection.get(registry_index_key(WORKSPACE)).startswith("0" * 16 + ":")
    assert [r["id"] for r in lookup.find({"wire service"}, ())] == ["reuters"]
    assert not list(connection.scan_iter(match=f"*:registry:index:{old_generation}:*"))


def test_a_renamed_alias_is_free_for_another_source(connection):
    registry = SourceRegistry(connection, WORKSPACE)
    registry.put({"id": "a", "name": "Harbour Press", "aliases": ["HP"]})
    with pytest.raises(NameCollision) as collision:
        registry.put({"id": "b", "name": "Port Authority", "aliases": ["hp"]})
    assert (collision.value.other_id, collision.value.name) == ("a", "hp")

    registry.put({"id": "a", "name": "Harbour Press"})
    assert registry.put({"id": "b", "name": "Port Authority", "aliases": ["hp"]})
    _, lookup = registry.lookup()
    assert [r["id"] for r in lookup.find({"hp"}, ())] == ["b"]


def test_deleting_a_source_takes_it_out_of_the_index(connection):
    registry = SourceRegistry(connection, WORKSPACE)
    registry.put({"id": "russia", "name": "Russia", "kind": "government"})
    assert registry.delete("russia") and not registry.delete("russia")
    _, lookup = registry.lookup()

    assert lookup.find({"russia"}, {"government:ru"}) == []
    assert index_contents(connection) == ({}, {})


def test_seeding_keeps_edits_made_through_the_api(connection):
    registry = SourceRegistry(connection, WORKSPACE)
    registry.put({"id": "reuters", "name": "Reuters", "reliability": 0.9})

    added = registry.seed([{"id": "reuters", "name": "Reuters", "reliability": 0.1},
                           *({"id": f"outlet-{n}", "name": f"Outlet {n}"} for n in range(1200))])

    assert added == 1200 and registry.get("reuters")["reliability"] == 0.9
    assert index_contents(connection) == rebuilt_contents(registered(connection))


def test_concurrent_writes_claim_a_name_once(private_redis):
    connection = redis.Redis.from_url(private_redis, decode_responses=True)
    SourceRegistry(connection, WORKSPACE).build_index()
    outcomes: list[str] = []
    start = threading.Barrier(8)

    def claim(n: int) -> None:
        registry = SourceRegistry(redis.Redis.from_url(private_redis, decode_responses=True), WORKSPACE)
        start.wait()
        try:
            registry.put({"id": f"outlet-{n}", "name": f"Outlet {n}", "aliases": ["The Wire"]})
            outcomes.append("stored")
        except NameCollision:
            outcomes.append("refused")

    threads = [threading.Thread(target=claim, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["refused"] * 7 + ["stored"]
    assert index_contents(connection) == rebuilt_contents(registered(connection))


def test_a_build_that_a_write_overtook_starts_again_and_leaves_nothing_behind(connection, monkeypatch):
    connection.hset(sources_key(WORKSPACE), "reuters", json.dumps({"id": "reuters", "name": "Reuters"}))
    write_generation = SourceRegistry._write_generation
    overtaken = []

    def overtaken_once(self, generation, filed, word_counts):
        write_generation(self, generation, filed, word_counts)
        if not overtaken:
            overtaken.append(generation)
            connection.hset(sources_key(WORKSPACE), "kcna", json.dumps({"id": "kcna", "name": "KCNA"}))

    monkeypatch.setattr(SourceRegistry, "_write_generation", overtaken_once)
    _, lookup = SourceRegistry(connection, WORKSPACE).lookup()

    assert [r["id"] for r in lookup.find({"kcna", "reuters"}, ())] == ["kcna", "reuters"]
    assert overtaken and not list(connection.scan_iter(match=f"*:registry:index:{overtaken[0]}:*"))
