"""Job functions, enqueued by dotted path (workers.tasks.<name>) with RQ's JSON serializer.

This is the only place that reads Redis for the scoring engine and writes its result back.
"""

from __future__ import annotations

import json
import secrets
from datetime import datetime, timezone
from functools import cache

import redis
from rq import get_current_job

from config.redis_keys import DOCUMENTS, EVIDENCE_VERSION, REGISTRY_VERSION, SOURCES, result_key
from config.settings import Settings
from workers.evidence_store import relevant_documents
from workers.extraction import split_sentences
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


def score_statement_job(payload: dict) -> dict:
    """Score one statement, cache the result under its statement_id, and return it.

    A statement with neither evidence nor documents is scored against the stored documents
    that are about it; its cached result then goes stale when a new document is stored.
    """
    settings = worker_settings()
    connection = get_current_job().connection
    version, registry = registry_snapshot(connection)
    statement = payload["statement"]
    document = {"statement": statement, "registry_version": version}
    if not statement.get("evidence") and not statement.get("documents"):
        with connection.pipeline(transaction=True) as pipe:
            pipe.get(EVIDENCE_VERSION)
            pipe.hvals(DOCUMENTS)
            evidence_version, raws = pipe.execute()
        stored = [json.loads(raw) for raw in raws]
        statement = {**statement, "documents": relevant_documents(statement["text"], stored)}
        document["evidence_version"] = _text(evidence_version)
    result = score_statement(statement, settings.scoring, registry=registry, statement_id=payload["statement_id"])
    document["result"] = result
    connection.set(result_key(payload["statement_id"]), json.dumps(document), ex=settings.cache_ttl)
    return result


def store_document_job(payload: dict) -> dict:
    """Put an article in the evidence store; cached results read from the store go stale."""
    connection = get_current_job().connection
    document = payload["document"]
    stored = {
        "document_id": payload["document_id"],
        **document,
        "characters": len(document["text"]),
        "sentences": len(split_sentences(document["text"])),
        "stored_at": datetime.now(timezone.utc).isoformat(),
    }
    with connection.pipeline(transaction=True) as pipe:
        pipe.hset(DOCUMENTS, payload["document_id"], json.dumps(stored))
        pipe.set(EVIDENCE_VERSION, secrets.token_hex(8))
        pipe.execute()
    return {key: value for key, value in stored.items() if key != "text"}


def _text(raw: bytes | None) -> str:
    # RQ's connection does not decode responses.
    return raw.decode() if raw else ""
