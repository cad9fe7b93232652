"""What one request's key check costs now that keys live in the database: the Redis cache hit
(the steady state) against asking the database every time (CORROBORATE_KEY_CACHE_TTL=0), on
SQLite and on PostgreSQL, in one run against a private redis-server and a private PostgreSQL.

    python -m benchmarks.key_check [--checks 2000]

Prints the median and 95th percentile microseconds per `KeyStore.authenticate` call; and the
audit append (direct to the database) beside it. Needs redis-server and PostgreSQL binaries.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

import redis

from benchmarks.servers import start_redis, stop
from service.audit import AuditLog
from service.auth import Principal
from service.keys import KeyStore
from workers.store import create_store_engine, migrate, Store
from workers.store.private_postgresql import private_postgresql


def timed(call, count: int) -> tuple[float, float]:
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1e6)
    samples.sort()
    return statistics.median(samples), samples[int(0.95 * len(samples))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checks", type=int, default=2000)
    arguments = parser.parse_args(argv)
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        process, url = start_redis(folder)
        stack.callback(stop, [process])  # waited for, so its folder can be removed
        connection = redis.Redis.from_url(url, decode_responses=True)
        databases = {"sqlite": f"sqlite:///{folder / 'keys.sqlite3'}",
                     "postgresql": stack.enter_context(private_postgresql())}
        print(f"{'backend':<11} {'check':<28} {'median µs':>10} {'p95 µs':>8}")
        for name, database_url in databases.items():
            engine = create_store_engine(database_url)
            migrate.upgrade(engine)
            store = Store(engine)
            stack.callback(store.close)
            cached, uncached = KeyStore(connection, store, 60), KeyStore(connection, store, 0)
            _, secret = cached.create("bench", "reader", "benchmark")
            for label, keys in (("Redis cache hit", cached), ("database every time (TTL 0)", uncached)):
                keys.authenticate(secret)  # warm the pool and the cache
                median, p95 = timed(lambda: keys.authenticate(secret), arguments.checks)
                print(f"{name:<11} {label:<28} {median:>10.0f} {p95:>8.0f}")
            audit = AuditLog(connection, "bench", 1000, store)
            caller = Principal("key_bench", "bench", "editor")
            median, p95 = timed(lambda: audit.record(caller, "source.put", "sources/s", None, {"n": 1}),
                                arguments.checks // 4)
            print(f"{name:<11} {'audit append':<28} {median:>10.0f} {p95:>8.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
