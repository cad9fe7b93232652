"""Job functions, enqueued by dotted path (workers.tasks.<name>) with RQ's JSON serializer.

This is the only place that reads Redis for the scoring engine and writes its result back.
"""

from __future__ import annotations

import json
from functools import cache

import redis
from rq import get_current_job

from config.redis_keys import REGISTRY_VERSION, SOURCES, result_key
from config.settings import Settings
from workers.scoring import score_statement


@cache
def worker_settings() -> Settings:
    """Read once per worker process; a bad value already stopped `corroborate worker` at start."""
    return Settings.from_env()


_registry_snapshot: tuple[str | None, list[dict]] = (None, [])


def registry_snapshot(connection: redis.Redis) -> tuple[str, list[dict]]:
    """(version, records) of the source registry, re-read only when its version changed."""
    global _registry_snapshot
    version = _text(connection.get(REGISTRY_VERSION))
    if version != _registry_snapshot[0]:
        with connection.pipeline(transaction=True) as pipe:
            pipe.get(REGISTRY_VERSION)
            pipe.hvals(SOURCES)
            raw_version, raws = pipe.execute()
        _registry_snapshot = (_text(raw_version), [json.loads(raw) for raw in raws])
    return _registry_snapshot


def _text(raw: bytes | None) -> str:
    # RQ's connection does not decode responses.
    return raw.decode() if raw else ""


def score_statement_job(payload: dict) -> dict:
    """Score one statement, cache the result under its statement_id, and return it."""
    settings = worker_settings()
    connection = get_current_job().connection
    version, registry = registry_snapshot(connection)
    result = score_statement(
        payload["statement"],
        settings.scoring,
        registry=registry,
        statement_id=payload["statement_id"],
    )
    document = {"statement": payload["statement"], "registry_version": version, "result": result}
    connection.set(result_key(payload["statement_id"]), json.dumps(document), ex=settings.cache_ttl)
    return result
