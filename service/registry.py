"""The source registry in Redis: one hash of id → record, and a version bumped on every change.

Any change makes every cached result scored at an older version stale. That is coarser than
tracking which results used which source, but it can never serve a stale score, and a rescore
costs milliseconds while registry edits are rare.
"""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Iterable
from pathlib import Path

import redis

from config.redis_keys import PREFIX, REGISTRY_VERSION, SOURCES
from workers.scoring.sources import normalise_name

log = logging.getLogger(__name__)

# Set when the seed file was applied; a Redis that lost its data has lost this too.
REGISTRY_SEEDED = f"{PREFIX}:registry:seeded"
# A write retried this often while concurrent writes keep changing the registry, then a 503.
_WRITE_ATTEMPTS = 20


class NameCollision(Exception):
    """A record's folded id or alias is another record's: sources would silently merge."""

    def __init__(self, record_id: str, other_id: str, name: str):
        super().__init__(f"{record_id!r} and {other_id!r} both go by {name!r}")
        self.record_id, self.other_id, self.name = record_id, other_id, name


def folded_names(record: dict) -> dict[str, str]:
    """Folded key → the name it came from, for every name a record goes by."""
    names = [record["id"], record.get("name") or record["id"], *(record.get("aliases") or ())]
    return {normalise_name(name): name for name in reversed(names)} if names else {}


class SourceRegistry:
    def __init__(self, connection: redis.Redis):
        self.connection = connection

    def get(self, source_id: str) -> dict | None:
        raw = self.connection.hget(SOURCES, source_id)
        return json.loads(raw) if raw else None

    def page(self, offset: int, limit: int) -> tuple[list[dict], int]:
        ids = sorted(self.connection.hkeys(SOURCES))
        chosen = ids[offset:offset + limit]
        raws = self.connection.hmget(SOURCES, chosen) if chosen else []
        return [json.loads(raw) for raw in raws if raw], len(ids)

    def put(self, record: dict) -> bool:
        """Store a record; True when it is new. NameCollision if it shares a folded name.

        The check and the write are one transaction under WATCH of the registry, so two
        concurrent writes cannot both claim the same name.
        """
        mine = folded_names(record)
        for _ in range(_WRITE_ATTEMPTS):
            with self.connection.pipeline() as pipe:
                try:
                    pipe.watch(SOURCES)
                    for other_id, raw in pipe.hgetall(SOURCES).items():
                        if other_id == record["id"]:
                            continue
                        shared = mine.keys() & folded_names(json.loads(raw)).keys()
                        if shared:
                            raise NameCollision(record["id"], other_id, mine[min(shared)])
                    pipe.multi()
                    pipe.hset(SOURCES, record["id"], json.dumps(record, sort_keys=True))
                    pipe.set(REGISTRY_VERSION, secrets.token_hex(8))
                    created, _ = pipe.execute()
                    return bool(created)
                except redis.WatchError:
                    continue
        raise redis.exceptions.TimeoutError("the registry kept changing during the write; try again")

    def delete(self, source_id: str) -> bool:
        with self.connection.pipeline() as pipe:
            pipe.hdel(SOURCES, source_id)
            pipe.set(REGISTRY_VERSION, secrets.token_hex(8))
            deleted, _ = pipe.execute()
        return bool(deleted)

    def seed(self, records: Iterable[dict]) -> int:
        """Add records that are not registered yet; edits made through the API win."""
        added = 0
        for record in records:
            added += self.connection.hsetnx(SOURCES, record["id"], json.dumps(record, sort_keys=True))
        if added:
            self.connection.set(REGISTRY_VERSION, secrets.token_hex(8))
        self.connection.set(REGISTRY_SEEDED, "1")
        return added

    def seeded(self) -> bool:
        """False after Redis lost its data (a restart without persistence, a flush)."""
        return bool(self.connection.exists(REGISTRY_SEEDED))

    def version(self) -> str:
        return self.connection.get(REGISTRY_VERSION) or ""


def read_registry_file(path: str | Path) -> list[dict]:
    """Records from a JSON file: a list of sources, or {"sources": [...]}."""
    document = json.loads(Path(path).read_text(encoding="utf-8"))
    return document["sources"] if isinstance(document, dict) else document
