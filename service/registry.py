"""The source registry in Redis: one hash of id → record, an index to find records by name or by
the state they stand for, and a version bumped on every change.

Any change makes every cached result scored at an older version stale. That is coarser than
tracking which results used which source, but it can never serve a stale score, and a rescore
costs milliseconds while registry edits are rare.

The index files every record under its folded names and the states its names speak for
(workers.scoring.sources.index_entries), one key per entry, so a scoring job fetches only the
records its statement can name, and a write watches only the entries it touches. It is built by
the code that reads it: a registry without one (from before it existed), one built by other
code (another fingerprint), or one a write left behind (code that did not keep it) is rebuilt
on first use, into a fresh generation of keys, before anything reads it.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import logging
import secrets
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping
from functools import cache
from pathlib import Path

import icu
import redis

import workers.knowledge
import workers.scoring.sources
from config.redis_keys import (
    registry_entry_key,
    registry_index_key,
    registry_index_pattern,
    registry_indexed_version_key,
    registry_seeded_key,
    registry_version_key,
    registry_word_counts_key,
    sources_key,
)
from workers.scoring.sources import index_entries, normalise_name

log = logging.getLogger(__name__)

# A write retried this often while concurrent writes keep changing what it touches, then a 503.
_WRITE_ATTEMPTS = 20
# Records seeded per transaction: each watches the index entries of its records.
_SEED_BATCH = 500
# Bumped when the index's layout changes.
_INDEX_FORMAT = "1"


class NameCollision(Exception):
    """A record's folded id or alias is another record's: sources would silently merge."""

    def __init__(self, record_id: str, other_id: str, name: str):
        super().__init__(f"{record_id!r} and {other_id!r} both go by {name!r}")
        self.record_id, self.other_id, self.name = record_id, other_id, name


def folded_names(record: dict) -> dict[str, str]:
    """Folded key → the name it came from, for every name a record goes by."""
    names = [record["id"], record.get("name") or record["id"], *(record.get("aliases") or ())]
    return {normalise_name(name): name for name in reversed(names)} if names else {}


@cache
def index_fingerprint() -> str:
    """What an index depends on: the code and data that fold names and tell which state a name
    speaks for. Another fingerprint means another index."""
    digest = hashlib.sha256(f"{_INDEX_FORMAT}|{icu.ICU_VERSION}|{unicodedata.unidata_version}|"
                            f"{importlib.metadata.version('pycountry')}".encode())
    knowledge = Path(workers.knowledge.__file__).parent
    for path in [*sorted(knowledge.glob("*.py")), *sorted(knowledge.glob("*.json")),
                 Path(workers.scoring.sources.__file__)]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _entries(record: Mapping | None) -> tuple[set[str], Counter]:
    """The index entries a record is filed under, and its names' word counts."""
    if record is None:
        return set(), Counter()
    names, states, word_counts = index_entries(record)
    return {*(f"name:{name}" for name in names), *(f"state:{state}" for state in states)}, Counter(word_counts)


class SourceRegistry:
    """The source registry of one workspace."""

    def __init__(self, connection: redis.Redis, workspace: str):
        self.connection, self.workspace = connection, workspace
        self.sources, self.version_key = sources_key(workspace), registry_version_key(workspace)
        self.index_key = registry_index_key(workspace)
        self.indexed_version_key = registry_indexed_version_key(workspace)
        self.fingerprint = index_fingerprint()

    def get(self, source_id: str) -> dict | None:
        raw = self.connection.hget(self.sources, source_id)
        return json.loads(raw) if raw else None

    def page(self, offset: int, limit: int) -> tuple[list[dict], int]:
        ids = sorted(self.connection.hkeys(self.sources))
        chosen = ids[offset:offset + limit]
        raws = self.connection.hmget(self.sources, chosen) if chosen else []
        return [json.loads(raw) for raw in raws if raw], len(ids)

    def put(self, record: dict) -> bool:
        """Store a record; True when it is new. NameCollision if it shares a folded name.

        The check and the write are one transaction under WATCH of the index entries of the
        record's names, old and new, so two concurrent writes cannot both claim the same name.
        """
        return bool(self._write({record["id"]: record}, refuse_collisions=True))

    def delete(self, source_id: str) -> bool:
        return bool(self._write({source_id: None}))

    def seed(self, records: Iterable[dict]) -> int:
        """Add records that are not registered yet; edits made through the API win."""
        added, batch = 0, {}
        for record in records:
            batch.setdefault(record["id"], record)
            if len(batch) == _SEED_BATCH:
                added += self._write(batch, only_new=True)
                batch = {}
        if batch:
            added += self._write(batch, only_new=True)
        self.connection.set(registry_seeded_key(self.workspace), "1")
        return added

    def seeded(self) -> bool:
        """False after Redis lost its data (a restart without persistence, a flush)."""
        return bool(self.connection.exists(registry_seeded_key(self.workspace)))

    def version(self) -> str:
        return _text(self.connection.get(self.version_key))

    def lookup(self) -> tuple[str, IndexedRegistry]:
        """(version, a lookup of the registry by key). Read after the version: a write meanwhile
        leaves the version stale, so a result read through the lookup is never served as fresh."""
        for _ in range(_WRITE_ATTEMPTS):
            with self.connection.pipeline(transaction=True) as pipe:
                pipe.get(self.version_key)
                pipe.get(self.index_key)
                pipe.get(self.indexed_version_key)
                version, marker, indexed = map(_text, pipe.execute())
            generation = self._generation(marker)
            if generation and indexed == f"{generation}:{version}":
                counts = self.connection.hgetall(registry_word_counts_key(self.workspace, generation))
                word_counts = {int(count) for count, names in counts.items() if int(names) > 0}
                return version, IndexedRegistry(self.connection, self.workspace, generation, word_counts)
            self.build_index()
        raise redis.exceptions.TimeoutError("the registry kept changing while its index was read; try again")

    def build_index(self) -> str:
        """The current index generation, built first when the registry has no current index."""
        for _ in range(_WRITE_ATTEMPTS):
            generation = None
            with self.connection.pipeline() as pipe:
                try:
                    pipe.watch(self.sources, self.version_key, self.index_key, self.indexed_version_key)
                    marker, version = _text(pipe.get(self.index_key)), _text(pipe.get(self.version_key))
                    current = self._generation(marker)
                    if current and _text(pipe.get(self.indexed_version_key)) == f"{current}:{version}":
                        return current
                    old = marker.partition(":")[2]
                    records = [json.loads(raw) for raw in pipe.hvals(self.sources)]
                    generation = secrets.token_hex(6)
                    filed: dict[str, set[str]] = defaultdict(set)
                    word_counts: Counter = Counter()
                    for record in records:
                        entries, counts = _entries(record)
                        for entry in entries:
                            filed[entry].add(record["id"])
                        word_counts += counts
                    # Written apart, in batches, so no one transaction holds the server for long;
                    # nothing reads the new generation until the marker below names it.
                    self._write_generation(generation, filed, word_counts)
                    pipe.multi()
                    if old:
                        # Results read through the old index may have missed what it missed.
                        version = secrets.token_hex(8)
                        pipe.set(self.version_key, version)
                    pipe.set(self.index_key, f"{self.fingerprint}:{generation}")
                    pipe.set(self.indexed_version_key, f"{generation}:{version}")
                    pipe.execute()
                except redis.WatchError:
                    if generation:
                        self._drop_generation(generation)
                    continue
            log.info("registry of workspace %r indexed: %d sources", self.workspace, len(records))
            if old:
                self._drop_generation(old)
            return generation
        raise redis.exceptions.TimeoutError("the registry kept changing while it was indexed; try again")

    def _write_generation(self, generation: str, filed: Mapping[str, set[str]], word_counts: Counter) -> None:
        with self.connection.pipeline(transaction=False) as pipe:
            for n, (entry, ids) in enumerate(filed.items(), 1):
                pipe.set(registry_entry_key(self.workspace, generation, entry), json.dumps(sorted(ids)))
                if n % 5000 == 0:
                    pipe.execute()
            if word_counts:
                pipe.hset(registry_word_counts_key(self.workspace, generation), mapping=word_counts)
            pipe.execute()

    def _generation(self, marker: str) -> str | None:
        fingerprint, _, generation = marker.partition(":")
        return generation if fingerprint == self.fingerprint and generation else None

    def _drop_generation(self, generation: str) -> None:
        # No write reaches a replaced generation (each watches the marker), so this is garbage.
        pattern = registry_index_pattern(self.workspace, generation)
        batch = []
        for key in self.connection.scan_iter(match=pattern, count=1000):
            batch.append(key)
            if len(batch) == 1000:
                self.connection.delete(*batch)
                batch = []
        if batch:
            self.connection.delete(*batch)

    def _write(self, changes: Mapping[str, dict | None], refuse_collisions: bool = False,
               only_new: bool = False) -> int:
        """Store (a record) or delete (None) each id of `changes` with its index entries, in one
        transaction; how many records were added or deleted. `only_new` skips registered ids."""
        ids = list(changes)
        for _ in range(_WRITE_ATTEMPTS):
            generation = self.build_index()

            def entry_key(entry: str, generation: str = generation) -> str:
                return registry_entry_key(self.workspace, generation, entry)

            with self.connection.pipeline() as pipe:
                try:
                    # Every write of an id rewrites the entry of its folded id, so watching that
                    # entry makes two writes of one id conflict.
                    pipe.watch(self.index_key, *{entry_key(f"name:{normalise_name(i)}") for i in ids})
                    if self._generation(_text(pipe.get(self.index_key))) != generation:
                        continue
                    olds = {i: json.loads(raw) if raw else None for i, raw in zip(ids, pipe.hmget(self.sources, ids))}
                    wanted = {i: record for i, record in changes.items()
                              if not (only_new and olds[i] is not None) and (record is not None or olds[i] is not None)}
                    if not wanted:
                        pipe.unwatch()
                        return 0
                    before = {i: _entries(olds[i]) for i in wanted}
                    after = {i: _entries(record) for i, record in wanted.items()}
                    entries = sorted({e for filed, _ in [*before.values(), *after.values()] for e in filed})
                    pipe.watch(*(entry_key(entry) for entry in entries))
                    filed = {entry: set(json.loads(raw)) if raw else set()
                             for entry, raw in zip(entries, pipe.mget([entry_key(e) for e in entries]))}
                    if refuse_collisions:
                        for i, record in wanted.items():
                            if record is not None:
                                _refuse_collisions(record, after[i][0], filed)
                    word_counts: Counter = Counter()
                    for i in wanted:
                        for entry in before[i][0]:
                            filed[entry].discard(i)
                        for entry in after[i][0]:
                            filed[entry].add(i)
                        word_counts.update(after[i][1])
                        word_counts.subtract(before[i][1])
                    version = secrets.token_hex(8)
                    pipe.multi()
                    for i, record in wanted.items():
                        if record is None:
                            pipe.hdel(self.sources, i)
                        else:
                            pipe.hset(self.sources, i, json.dumps(record, sort_keys=True))
                    for entry in entries:
                        if filed[entry]:
                            pipe.set(entry_key(entry), json.dumps(sorted(filed[entry])))
                        else:
                            pipe.delete(entry_key(entry))
                    for count, change in word_counts.items():
                        if change:
                            pipe.hincrby(registry_word_counts_key(self.workspace, generation), count, change)
                    pipe.set(self.version_key, version)
                    pipe.set(self.indexed_version_key, f"{generation}:{version}")
                    pipe.execute()
                    return sum((record is None) == (olds[i] is not None) for i, record in wanted.items())
                except redis.WatchError:
                    continue
        raise redis.exceptions.TimeoutError("the registry kept changing during the write; try again")


def _refuse_collisions(record: dict, entries: set[str], filed: Mapping[str, set[str]]) -> None:
    mine = folded_names(record)
    others = sorted({other for entry in entries if entry.startswith("name:")
                     for other in filed[entry] if other != record["id"]})
    if others:
        shared = {entry.removeprefix("name:") for entry in entries
                  if entry.startswith("name:") and others[0] in filed[entry]}
        raise NameCollision(record["id"], others[0], mine[min(shared)])


class IndexedRegistry:
    """One workspace's registry read by key through one generation of its index: the
    Redis-backed workers.scoring.sources.RegistryLookup."""

    def __init__(self, connection: redis.Redis, workspace: str, generation: str, word_counts: Collection[int]):
        self.connection, self.workspace, self.generation = connection, workspace, generation
        self.word_counts = frozenset(word_counts)

    def find(self, keys: Collection[str], states: Collection[str]) -> list[dict]:
        entries = [*(f"name:{key}" for key in keys), *(f"state:{state}" for state in states)]
        if not entries:
            return []
        raws = self.connection.mget([registry_entry_key(self.workspace, self.generation, e) for e in entries])
        ids = sorted({record_id for raw in raws if raw for record_id in json.loads(raw)})
        if not ids:
            return []
        # A record deleted since the entries were read is gone from the version the job reads too.
        return [json.loads(raw) for raw in self.connection.hmget(sources_key(self.workspace), ids) if raw]

    def name_word_counts(self) -> Collection[int]:
        return self.word_counts


def _text(raw: bytes | str | None) -> str:
    # The workers' connection does not decode responses; the API's does.
    if raw is None:
        return ""
    return raw.decode() if isinstance(raw, bytes) else raw


def read_registry_file(path: str | Path) -> list[dict]:
    """Records from a JSON file: a list of sources, or {"sources": [...]}."""
    document = json.loads(Path(path).read_text(encoding="utf-8"))
    return document["sources"] if isinstance(document, dict) else document
