"""The result cache: one document per statement_id, apart from RQ's job records.

A document holds the statement, its result, and the registry version it was scored at (and the
evidence-store version, when it was scored against stored documents); a document from another
version of either is stale and is never served.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import redis

from config.redis_keys import evidence_version_key, registry_version_key, result_key


@dataclass(frozen=True)
class CacheEntry:
    statement: dict
    result: dict
    fresh: bool


class ResultCache:
    """The cached results of one workspace."""

    def __init__(self, connection: redis.Redis, workspace: str):
        self.connection, self.workspace = connection, workspace

    def get(self, statement_id: str) -> CacheEntry | None:
        return self.get_many([statement_id])[0]

    def get_many(self, statement_ids: list[str]) -> list[CacheEntry | None]:
        if not statement_ids:
            return []
        *raws, registry, evidence = self.connection.mget(
            [result_key(self.workspace, s) for s in statement_ids]
            + [registry_version_key(self.workspace), evidence_version_key(self.workspace)]
        )
        entries = []
        for raw in raws:
            if raw is None:
                entries.append(None)
                continue
            document = json.loads(raw)
            entries.append(CacheEntry(
                statement=document["statement"],
                result=document["result"],
                fresh=document["registry_version"] == (registry or "")
                and document.get("evidence_version", evidence or "") == (evidence or ""),
            ))
        return entries
