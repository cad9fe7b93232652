"""Job functions, enqueued by dotted path (workers.tasks.<name>) with RQ's JSON serializer.

This is the only place that reads Redis for the scoring engine and writes its result back.
"""

from __future__ import annotations

import json
from functools import cache

from rq import get_current_job

from config.redis_keys import result_key
from config.settings import Settings
from workers.scoring import score_statement


@cache
def worker_settings() -> Settings:
    """Read once per worker process; a bad value already stopped `corroborate worker` at start."""
    return Settings.from_env()


def score_statement_job(payload: dict) -> dict:
    """Score one statement, cache the result under its statement_id, and return it."""
    settings = worker_settings()
    connection = get_current_job().connection
    result = score_statement(
        payload["statement"],
        settings.scoring,
        statement_id=payload["statement_id"],
    )
    connection.set(result_key(payload["statement_id"]), json.dumps(result), ex=settings.cache_ttl)
    return result
