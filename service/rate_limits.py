"""Fixed-window rate limits per caller, counted in one Redis round trip.

One pipeline per request: INCR and EXPIRE of each limit's window counter, plus any keys the
caller wants read in the same trip (service/auth.py reads its key's cache entry back, which is
how a key remembered in-process is checked for revocation at no extra cost). Counters live under
`corroborate:ratelimit:`, shared by every API process on that Redis. For in-process fakeredis
(embedded mode: a single process) they are counted in this process's memory instead, so that a
fake Redis that is away does not refuse requests that need none.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass

from limits import RateLimitItem, parse_many

PREFIX = "corroborate:ratelimit"


@dataclass(frozen=True)
class Refusal:
    limit: RateLimitItem
    retry_after: int


class RateLimits:
    def __init__(self, connection, budgets: dict[str, str]):
        """`budgets`: scope name -> limits in the limits notation ("600/minute;10/second")."""
        self.connection = None if type(connection).__module__.startswith("fakeredis") else connection
        self.budgets = {scope: parse_many(text) for scope, text in budgets.items()}
        self._counts: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()

    @property
    def shares_round_trips(self) -> bool:
        """Whether `hit` can read other keys in its round trip (a real Redis, not memory)."""
        return self.connection is not None

    def hit(self, scope: str, caller: str, read: list[str] = ()) -> tuple[Refusal | None, list]:
        """Count one request of `caller` against every limit of `scope`: the first limit it
        exceeds (None if none), and the values of `read`, from the same round trip."""
        now = time.time()
        windows = []
        for item in self.budgets[scope]:
            length = item.get_expiry()
            start = int(now // length) * length
            windows.append((item, f"{PREFIX}:{scope}:{caller}:{item}:{start}", start + length))
        if self.connection is None:
            if read:
                raise ValueError("reads ride along only with a real Redis (see shares_round_trips)")
            counts, values = [self._count(key, end) for _, key, end in windows], []
        else:
            with self.connection.pipeline(transaction=False) as pipe:
                for item, key, _ in windows:
                    pipe.incr(key)
                    pipe.expire(key, item.get_expiry())
                for key in read:
                    pipe.get(key)
                replies = pipe.execute()
            counts, values = replies[:2 * len(windows):2], replies[2 * len(windows):]
        for (item, _, end), count in zip(windows, counts):
            if count > item.amount:
                return Refusal(item, min(max(1, math.ceil(end - now)), item.get_expiry())), values
        return None, values

    def _count(self, key: str, end: float) -> int:
        with self._lock:
            count, _ = self._counts.get(key, (0, end))
            self._counts[key] = (count + 1, end)
            if len(self._counts) > 10_000:  # drop windows that have ended
                now = time.time()
                self._counts = {k: v for k, v in self._counts.items() if v[1] > now}
            return count + 1

