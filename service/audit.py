"""The audit log: who changed which source, document or key, when, and from what to what.

One Redis stream per workspace, written only with XADD (append-only: no route edits or deletes
an entry). XADD trims it to about CORROBORATE_AUDIT_MAX_ENTRIES entries (approximate MAXLEN, so
trimming costs O(1) amortised); at a few hundred bytes an entry, the default 100,000 is tens of
megabytes per workspace. A later issue moves the log to PostgreSQL.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

import redis

from config.redis_keys import audit_key


class AuditLog:
    def __init__(self, connection: redis.Redis, workspace: str, max_entries: int):
        self.connection, self.key, self.max_entries = connection, audit_key(workspace), max_entries

    def record(self, caller, action: str, target: str, before: dict | None, after: dict | None) -> str:
        """Append one entry; its stream id (time-ordered)."""
        entry = {
            "at": datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
            "key_id": caller.key_id or "",
            "role": caller.role,
            "action": action,
            "target": target,
            "before": json.dumps(before, sort_keys=True),
            "after": json.dumps(after, sort_keys=True),
        }
        return self.connection.xadd(self.key, entry, maxlen=self.max_entries, approximate=True)

    def page(self, limit: int, before: str | None = None) -> tuple[list[dict], str | None]:
        """Newest first: up to `limit` entries older than the id `before`; and the id to page on."""
        # "(" makes the bound exclusive (Redis 6.2+).
        upper = f"({before}" if before else "+"
        rows = self.connection.xrevrange(self.key, max=upper, min="-", count=limit + 1)
        entries = [_entry(entry_id, fields) for entry_id, fields in rows[:limit]]
        following = entries[-1]["id"] if len(rows) > limit else None
        return entries, following


def _entry(entry_id: str, fields: dict) -> dict:
    return {
        "id": entry_id,
        "at": fields["at"],
        "key_id": fields["key_id"] or None,
        "role": fields["role"],
        "action": fields["action"],
        "target": fields["target"],
        "before": json.loads(fields["before"]),
        "after": json.loads(fields["after"]),
    }
