"""The result cache: one JSON document per statement_id, apart from RQ's job records."""

from __future__ import annotations

import json

import redis

from config.redis_keys import result_key


class ResultCache:
    def __init__(self, connection: redis.Redis):
        self.connection = connection

    def get(self, statement_id: str) -> dict | None:
        raw = self.connection.get(result_key(statement_id))
        return json.loads(raw) if raw else None

    def get_many(self, statement_ids: list[str]) -> list[dict | None]:
        if not statement_ids:
            return []
        raws = self.connection.mget([result_key(s) for s in statement_ids])
        return [json.loads(raw) if raw else None for raw in raws]
