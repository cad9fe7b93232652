"""The result cache: one record per statement_id, apart from RQ's job records.

A record holds the statement, its result, and the registry version it was scored at (and the
evidence-store version, when it was scored against stored documents); a record from another
version of either is stale and is never served. Every record is also saved in the system of
record (workers/store), so a result outlives its cache TTL; the same freshness rule applies there.

The evidence version names what changed it ("<random>:a document was stored"), so a stale
result can say why it is stale.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass

import orjson
import redis

from config.redis_keys import evidence_version_key, registry_version_key, result_key

REGISTRY_CHANGED = "the source registry changed"
DOCUMENT_STORED = "a document was stored"
DOCUMENT_DELETED = "a document was deleted"
DOCUMENTS_EXPIRED = "documents past the retention period were deleted"


def new_evidence_version(cause: str) -> str:
    """A fresh evidence-store version token, naming the change that made it."""
    return f"{secrets.token_hex(8)}:{cause}"


def _evidence_change(version: str) -> str:
    return version.partition(":")[2] or "the evidence store changed"


@dataclass(frozen=True)
class CacheEntry:
    statement: dict
    result: dict
    # Why the result may no longer be served (None when it is fresh).
    stale_because: str | None

    @property
    def fresh(self) -> bool:
        return self.stale_because is None


class ResultCache:
    """The cached results of one workspace."""

    def __init__(self, connection: redis.Redis, workspace: str):
        self.connection, self.workspace = connection, workspace

    def get(self, statement_id: str) -> CacheEntry | None:
        return self.get_many([statement_id])[0]

    def get_many(self, statement_ids: list[str]) -> list[CacheEntry | None]:
        if not statement_ids:
            return []
        return self.get_many_with(statement_ids, [])[0]

    def lookup_keys(self, statement_ids: list[str], keys: list[str]) -> list[str]:
        """What `get_many_with` reads, in one MGET: the records, other `keys`, and the versions."""
        return ([result_key(self.workspace, s) for s in statement_ids] + list(keys)
                + [registry_version_key(self.workspace), evidence_version_key(self.workspace)])

    def get_many_with(self, statement_ids: list[str], keys: list[str],
                      values: list | None = None) -> tuple[list[CacheEntry | None], list]:
        """The entries, and the values of other `keys` read in the same MGET (one round trip).
        `values`: those of `lookup_keys` when they were read already, in another round trip."""
        if values is None:
            values = self.connection.mget(self.lookup_keys(statement_ids, keys))
        *values, registry, evidence = values
        raws, others = values[:len(statement_ids)], values[len(statement_ids):]
        return [None if raw is None else judge(orjson.loads(raw), registry, evidence) for raw in raws], others

    def judge(self, record: dict) -> CacheEntry:
        """A record read elsewhere (the system of record), judged by the current versions."""
        registry, evidence = self.connection.mget(
            [registry_version_key(self.workspace), evidence_version_key(self.workspace)])
        return judge(record, registry, evidence)

    def put(self, statement_id: str, record: dict, ttl: int) -> None:
        self.connection.set(result_key(self.workspace, statement_id), json.dumps(record), ex=ttl)


def judge(record: dict, registry: str | None, evidence: str | None) -> CacheEntry:
    stale_because = None
    if record["registry_version"] != (registry or ""):
        stale_because = REGISTRY_CHANGED
    elif record.get("evidence_version", evidence or "") != (evidence or ""):
        stale_because = _evidence_change(evidence or "")
    return CacheEntry(statement=record["statement"], result=record["result"], stale_because=stale_because)
