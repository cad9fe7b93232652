"""Fixed-window rate limits per caller, counted in one Redis round trip.

One Lua script call per request: INCR and EXPIRE of each limit's window counter, then a GET of
any keys the caller wants read in the same trip (service/auth.py reads its key's cache entry
back, which is how a key remembered in-process is checked for revocation at no extra cost, and
the cached POST reads its cache entry). One command rather than a pipeline of several: redis-py
packs and parses each command in Python, which cost more than the round trip saved. Counters live under
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
# KEYS: the window counters, then the keys to read; ARGV: each counter's expiry in seconds.
# A missing key reads as false, which reaches the client as nil (None).
COUNT_AND_READ = """
local counters = #ARGV
local replies = {}
for i = 1, counters do
  replies[i] = redis.call('INCR', KEYS[i])
  redis.call('EXPIRE', KEYS[i], ARGV[i])
end
for i = counters + 1, #KEYS do
  replies[i] = redis.call('GET', KEYS[i])
end
return replies
"""


@dataclass(frozen=True)
class Refusal:
    limit: RateLimitItem
    retry_after: int


class RateLimits:
    def __init__(self, connection, budgets: dict[str, str]):
        """`budgets`: scope name -> limits in the limits notation ("600/minute;10/second")."""
        self.connection = None if type(connection).__module__.startswith("fakeredis") else connection
        self.budgets = {scope: parse_many(text) for scope, text in budgets.items()}
        # Sent by its SHA1 (EVALSHA); redis-py loads it again when a restarted Redis lost it.
        self._count_and_read = connection.register_script(COUNT_AND_READ) if self.connection is not None else None
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
            replies = self._count_and_read(keys=[key for _, key, _ in windows] + list(read),
                                           args=[item.get_expiry() for item, _, _ in windows])
            counts, values = replies[:len(windows)], replies[len(windows):]
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

