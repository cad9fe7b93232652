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

from config.redis_keys import documents_key, evidence_version_key, registry_version_key, result_key, sources_key
from config.settings import Settings
from workers.evidence_store import relevant_documents
from workers.extraction import split_sentences
from workers.scoring import score_statement


@cache
def worker_settings() -> Settings:
    """Read once per worker process; a bad value already stopped `corroborate worker` at start."""
    return Settings.from_env()


# Jobs queued before workspaces existed carry none: they belong to the open workspace.
DEFAULT_WORKSPACE = "default"
_registry_snapshots: dict[str, tuple[str, list[dict]]] = {}


def registry_snapshot(connection: redis.Redis, workspace: str) -> tuple[str, list[dict]]:
    """(version, records) of a workspace's source registry, re-read only when its version changed."""
    version = _text(connection.get(registry_version_key(workspace)))
    snapshot = _registry_snapshots.get(workspace)
    if snapshot is None or version != snapshot[0]:
        with connection.pipeline(transaction=True) as pipe:
            pipe.get(registry_version_key(workspace))
            pipe.hvals(sources_key(workspace))
            raw_version, raws = pipe.execute()
        snapshot = _registry_snapshots[workspace] = (_text(raw_version), [json.loads(raw) for raw in raws])
    return snapshot


def score_statement_job(payload: dict) -> dict:
    """Score one statement, cache the result under its statement_id, and return it.

    A statement with neither evidence nor documents is scored against the stored documents
    that are about it; its cached result then goes stale when a new document is stored.
    """
    settings = worker_settings()
    connection = get_current_job().connection
    workspace = payload.get("workspace", DEFAULT_WORKSPACE)
    version, registry = registry_snapshot(connection, workspace)
    statement = payload["statement"]
    document = {"statement": statement, "registry_version": version}
    if not statement.get("evidence") and not statement.get("documents"):
        with connection.pipeline(transaction=True) as pipe:
            pipe.get(evidence_version_key(workspace))
            pipe.hvals(documents_key(workspace))
            evidence_version, raws = pipe.execute()
        stored = [json.loads(raw) for raw in raws]
        statement = {**statement, "documents": relevant_documents(statement["text"], stored)}
        document["evidence_version"] = _text(evidence_version)
    result = score_statement(statement, settings.scoring, registry=registry, statement_id=payload["statement_id"])
    document["result"] = result
    connection.set(result_key(workspace, payload["statement_id"]), json.dumps(document), ex=settings.cache_ttl)
    return result


def store_document_job(payload: dict) -> dict:
    """Put an article in the workspace's evidence store; results read from the store go stale.

    The API refuses documents beyond the workspace's quota; this checks again at store time, so
    concurrent submissions cannot overshoot it either.
    """
    connection = get_current_job().connection
    workspace = payload.get("workspace", DEFAULT_WORKSPACE)
    store = documents_key(workspace)
    quota = worker_settings().workspace_document_quota
    if not connection.hexists(store, payload["document_id"]) and connection.hlen(store) >= quota:
        raise WorkspaceFull(f"the evidence store of {workspace!r} holds its quota of {quota} documents")
    document = payload["document"]
    stored = {
        "document_id": payload["document_id"],
        **document,
        "characters": len(document["text"]),
        "sentences": len(split_sentences(document["text"])),
        "stored_at": datetime.now(timezone.utc).isoformat(),
    }
    with connection.pipeline(transaction=True) as pipe:
        pipe.hset(store, payload["document_id"], json.dumps(stored))
        pipe.set(evidence_version_key(workspace), secrets.token_hex(8))
        pipe.execute()
    return {key: value for key, value in stored.items() if key != "text"}


class WorkspaceFull(RuntimeError):
    """The workspace's evidence store is full."""


def _text(raw: bytes | None) -> str:
    # RQ's connection does not decode responses.
    return raw.decode() if raw else ""
