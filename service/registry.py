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

from config.redis_keys import registry_seeded_key, registry_version_key, sources_key
from workers.scoring.sources import normalise_name

log = logging.getLogger(__name__)

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
    """The source registry of one workspace."""

    def __init__(self, connection: redis.Redis, workspace: str):
        self.connection, self.workspace = connection, workspace
        self.sources, self.version_key = sources_key(workspace), registry_version_key(workspace)

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

        The check and the write are one transaction under WATCH of the registry, so two
        concurrent writes cannot both claim the same name.
        """
        mine = folded_names(record)
        for _ in range(_WRITE_ATTEMPTS):
            with self.connection.pipeline() as pipe:
                try:
                    pipe.watch(self.sources)
                    for other_id, raw in pipe.hgetall(self.sources).items():
                        if other_id == record["id"]:
                            continue
                        shared = mine.keys() & folded_names(json.loads(raw)).keys()
                        if shared:
                            raise NameCollision(record["id"], other_id, mine[min(shared)])
                    pipe.multi()
                    pipe.hset(self.sources, record["id"], json.dumps(record, sort_keys=True))
                    pipe.set(self.version_key, secrets.token_hex(8))
                    created, _ = pipe.execute()
                    return bool(created)
                except redis.WatchError:
                    continue
        raise redis.exceptions.TimeoutError("the registry kept changing during the write; try again")

    def delete(self, source_id: str) -> bool:
        with self.connection.pipeline() as pipe:
            pipe.hdel(self.sources, source_id)
            pipe.set(self.version_key, secrets.token_hex(8))
            deleted, _ = pipe.execute()
        return bool(deleted)

    def seed(self, records: Iterable[dict]) -> int:
        """Add records that are not registered yet; edits made through the API win."""
        added = 0
        for record in records:
            added += self.connection.hsetnx(self.sources, record["id"], json.dumps(record, sort_keys=True))
        if added:
            self.connection.set(self.version_key, secrets.token_hex(8))
        self.connection.set(registry_seeded_key(self.workspace), "1")
        return added

    def seeded(self) -> bool:
        """False after Redis lost its data (a restart without persistence, a flush)."""
        return bool(self.connection.exists(registry_seeded_key(self.workspace)))

    def version(self) -> str:
        return self.connection.get(self.version_key) or ""


def read_registry_file(path: str | Path) -> list[dict]:
    """Records from a JSON file: a list of sources, or {"sources": [...]}."""
    document = json.loads(Path(path).read_text(encoding="utf-8"))
    return document["sources"] if isinstance(document, dict) else document
