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

from config.redis_keys import registry_version_key, sources_key

log = logging.getLogger(__name__)


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
        """Store a record; True when it is new."""
        with self.connection.pipeline() as pipe:
            pipe.hset(self.sources, record["id"], json.dumps(record, sort_keys=True))
            pipe.set(self.version_key, secrets.token_hex(8))
            created, _ = pipe.execute()
        return bool(created)

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
        return added

    def version(self) -> str:
        return self.connection.get(self.version_key) or ""


def read_registry_file(path: str | Path) -> list[dict]:
    """Records from a JSON file: a list of sources, or {"sources": [...]}."""
    document = json.loads(Path(path).read_text(encoding="utf-8"))
    return document["sources"] if isinstance(document, dict) else document
