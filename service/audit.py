"""The audit log: who changed which source, document or key, when, and from what to what.

It lives in the system of record (workers/store, table audit_log), append-only: no route edits
or deletes an entry. An entry is written to the database as it is recorded. While the database
is unreachable the entry waits in a Redis stream (AUDIT_BUFFER) instead, and `drain_buffer`
moves it over later: the worker's sweeper does every heartbeat interval, and reading the log
does first. Each entry carries an id made when it was recorded, unique in the table, so a drain
that dies between inserting and deleting from the stream inserts nothing twice when it runs
again; and nothing is deleted from the stream before its insert has committed. The stream is
not trimmed (that would lose entries): past `max_entries` buffered entries, recording raises
AuditUnavailable and the entry goes to the process log instead.
"""

from __future__ import annotations

import json
import logging
import secrets
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import redis

from config.redis_keys import AUDIT_BUFFER

if TYPE_CHECKING:
    from workers.store import Store

log = logging.getLogger(__name__)


class AuditUnavailable(RuntimeError):
    """Neither the database nor the Redis buffer could take an audit entry."""


class AuditLog:
    def __init__(self, connection: redis.Redis | None, workspace: str, max_entries: int, store: "Store | None" = None):
        """`max_entries`: most entries the Redis buffer holds while the database is away.
        `store`: the system of record (by default the one CORROBORATE_DATABASE_URL names)."""
        self.connection, self.workspace, self.max_entries = connection, workspace, max_entries
        if store is None:
            from workers.store import open_store

            store = open_store()
        self.store = store

    def record(self, caller, action: str, target: str, before: dict | None, after: dict | None) -> str:
        """Append one entry; its entry id."""
        from sqlalchemy.exc import SQLAlchemyError

        entry = {"entry_id": secrets.token_hex(16), "workspace": self.workspace, "actor_key_id": caller.key_id,
                 "role": caller.role, "action": action, "target": target, "before": before, "after": after,
                 "at": datetime.now(UTC)}
        try:
            self.store.append_audit_entries([entry])
            return entry["entry_id"]
        except SQLAlchemyError as error:
            log.warning("audit: database unreachable (%s); entry %s buffered in Redis",
                        type(error).__name__, entry["entry_id"])
        buffered = {**entry, "at": entry["at"].isoformat()}
        try:
            if self.connection is None:
                raise AuditUnavailable("no Redis to buffer it in")
            if self.connection.xlen(AUDIT_BUFFER) >= self.max_entries:
                raise AuditUnavailable(f"the audit buffer holds its {self.max_entries} entries")
            self.connection.xadd(AUDIT_BUFFER, {"entry": json.dumps(buffered)})
        except (redis.exceptions.RedisError, AuditUnavailable) as error:
            log.error("audit: entry not recorded (%s): %s", error, json.dumps(buffered))
            raise AuditUnavailable(str(error)) from error
        return entry["entry_id"]

    def page(self, limit: int, before: str | None = None) -> tuple[list[dict], str | None]:
        """Newest first: up to `limit` entries older than the entry id `before`; and the id to page on."""
        if self.connection is not None:
            drain_buffer(self.connection, self.store)
        rows = self.store.read_audit(self.workspace, limit + 1, int(before) if before else None)
        entries = [_entry(row) for row in rows[:limit]]
        following = entries[-1]["id"] if len(rows) > limit else None
        return entries, following


def drain_buffer(connection: redis.Redis, store: "Store", batch_size: int = 500) -> int:
    """Move every buffered entry into the database, oldest first; how many were moved."""
    moved = 0
    while True:
        rows = connection.xrange(AUDIT_BUFFER, count=batch_size)
        if not rows:
            return moved
        entries = []
        for _, fields in rows:
            raw = fields.get("entry", fields.get(b"entry"))
            entry = json.loads(raw)
            entries.append({**entry, "at": datetime.fromisoformat(entry["at"])})
        store.append_audit_entries(entries)  # committed before anything leaves the stream
        connection.xdel(AUDIT_BUFFER, *[stream_id for stream_id, _ in rows])
        moved += len(rows)


def _entry(row: dict) -> dict:
    return {"id": str(row["id"]), "at": row["at"], "key_id": row["actor_key_id"], "role": row["role"],
            "action": row["action"], "target": row["target"], "before": row["before"], "after": row["after"]}
