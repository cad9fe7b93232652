"""Job functions, enqueued by dotted path (workers.tasks.<name>) with RQ's JSON serializer.

This is the only place that reads Redis for the scoring engine and writes its result back.
"""

from __future__ import annotations

import json
from functools import cache

import redis
from rq import get_current_job

from config.redis_keys import batch_key, evidence_version_key, result_key
from config.settings import SCORER_VERSION, DatabaseSettings, Settings
from service.cache import DOCUMENT_STORED, new_evidence_version
from service.registry import IndexedRegistry, SourceRegistry
from workers.evidence_store import document_summary, relevant_documents
from workers.scoring import score_statement
from workers.store import Store, open_store


@cache
def worker_settings() -> Settings:
    """Read once per worker process; a bad value already stopped `corroborate worker` at start."""
    return Settings.from_env()


_store: dict[DatabaseSettings, Store] = {}


def worker_store() -> Store:
    """The worker process's one Store, for the database the environment names (reopened only if
    that changes, as it does between tests)."""
    database = DatabaseSettings.from_env()
    if database not in _store:
        for old in _store.values():
            old.close()
        _store.clear()
        _store[database] = open_store(database)
    return _store[database]


# Jobs queued before workspaces existed carry none: they belong to the open workspace.
DEFAULT_WORKSPACE = "default"


def registry_lookup(connection: redis.Redis, workspace: str) -> tuple[str, IndexedRegistry]:
    """(version, lookup) of a workspace's source registry: a job fetches only the records its
    statement can name, whatever the registry's size (indexing it first if it has no index)."""
    return SourceRegistry(connection, workspace).lookup()


def score_statement_job(payload: dict) -> dict:
    """Score one statement, cache the result under its statement_id, and return it.

    A statement with neither evidence nor documents is scored against the stored documents
    that are about it: the full-text search's top candidates, then the relevance check. Its
    result then goes stale when a document is stored or deleted. Every result is also saved,
    with why it was scored, in the system of record.
    """
    settings = worker_settings()
    connection = get_current_job().connection
    workspace = payload.get("workspace", DEFAULT_WORKSPACE)
    record = scored_record(connection, workspace, payload["statement_id"], payload["statement"])
    worker_store().save_result(workspace, payload["statement_id"], record, SCORER_VERSION,
                               payload.get("cause", "submitted"))
    connection.set(result_key(workspace, payload["statement_id"]), json.dumps(record), ex=settings.cache_ttl)
    return record["result"]


def scored_record(connection: redis.Redis, workspace: str, statement_id: str, statement: dict) -> dict:
    """The cache record of one scoring: the statement, its result, and the versions it was scored at."""
    version, registry = registry_lookup(connection, workspace)
    record = {"statement": statement, "registry_version": version}
    if not statement.get("evidence") and not statement.get("documents"):
        # Read before the search: a document stored meanwhile makes this result stale, not lost.
        record["evidence_version"] = _text(connection.get(evidence_version_key(workspace)))
        found = worker_store().search_documents(workspace, statement["text"],
                                                DatabaseSettings.from_env().search_candidates)
        statement = {**statement, "documents": relevant_documents(statement["text"], [d for d, _ in found])}
    record["result"] = score_statement(statement, worker_settings().scoring, registry=registry,
                                       statement_id=statement_id)
    return record


def score_batch_job(payload: dict) -> dict:
    """Score one chunk of a batch. A statement that fails is marked failed on its own; the rest
    of the chunk goes on. Results and statuses are written in one pipelined transaction."""
    settings = worker_settings()
    connection = get_current_job().connection
    workspace = payload.get("workspace", DEFAULT_WORKSPACE)
    store = worker_store()
    records, statuses = {}, {}
    for item in payload["items"]:
        statement_id = item["statement_id"]
        try:
            records[statement_id] = scored_record(connection, workspace, statement_id, item["statement"])
            store.save_result(workspace, statement_id, records[statement_id], SCORER_VERSION, item["cause"])
            statuses[statement_id] = json.dumps({"status": "succeeded"})
        except Exception as error:  # noqa: BLE001 — one statement's failure must not fail its chunk
            records.pop(statement_id, None)
            statuses[statement_id] = json.dumps({"status": "failed", "error": f"{type(error).__name__}: {error}"})
    with connection.pipeline(transaction=True) as pipe:
        for statement_id, record in records.items():
            pipe.set(result_key(workspace, statement_id), json.dumps(record), ex=settings.cache_ttl)
        pipe.hset(batch_key(workspace, payload["batch_id"]), mapping=statuses)
        pipe.execute()
    return {"succeeded": len(records), "failed": len(statuses) - len(records)}


def store_document_job(payload: dict) -> dict:
    """Put an article in the workspace's evidence store; results read from the store go stale.

    The API refuses documents beyond the workspace's quota; this checks again at store time, so
    concurrent submissions cannot overshoot it either.
    """
    connection = get_current_job().connection
    workspace = payload.get("workspace", DEFAULT_WORKSPACE)
    store = worker_store()
    quota = worker_settings().workspace_document_quota
    document_id = payload["document_id"]
    if store.get_document(workspace, document_id) is None and store.count_documents(workspace) >= quota:
        raise WorkspaceFull(f"the evidence store of {workspace!r} holds its quota of {quota} documents")
    store.add_document(workspace, document_id, payload["document"])
    connection.set(evidence_version_key(workspace), new_evidence_version(DOCUMENT_STORED))
    return document_summary(store.get_document(workspace, document_id))


class WorkspaceFull(RuntimeError):
    """The workspace's evidence store is full."""


def _text(raw: bytes | None) -> str:
    # RQ's connection does not decode responses.
    return raw.decode() if raw else ""
