"""Statements/s end to end (submit through the API, then a burst worker drains the queue),
single POSTs against batches at several chunk sizes, in one run against a private redis-server.

    python -m benchmarks.throughput [--statements N] [--chunks 1,10,50,200] [--fork]

Single: N `POST /v1/statements`, one RQ job each. Batch: `POST /v1/statements/batch` of N
statements (1,000 per request), scored CORROBORATE_BATCH_CHUNK_SIZE statements per job. One
in-process HeartbeatingWorker (the default of `corroborate worker`, workers/runner.py; --fork for
RQ's forking Worker). The system of record is
a SQLite file in a temporary folder. Needs the redis-server binary; it starts its own server on
a unix socket and never touches another.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import redis

from benchmarks.servers import start_redis
from config.settings import Settings
from service import create_app
from workers.runner import build_worker


def statements(count: int, tag: str) -> list[dict]:
    return [{"text": f"{tag} statement {n}", "evidence": [
        {"source": f"s{n % 7}", "stance": "confirms"}, {"source": f"t{n % 5}", "stance": "denies"},
        {"source": "wire", "stance": "confirms", "cites": [f"s{n % 7}"]}]} for n in range(count)]


def run(url: str, count: int, chunk: int | None, forking: bool) -> tuple[float, float]:
    """(submit seconds, drain seconds); chunk None means single POSTs."""
    # Auth off: this measures the queue and the workers, not key checks or the rate limit.
    settings = Settings.from_mapping({"redis_url": url, "auth": "off", "batch_chunk_size": chunk or 1,
                                      "write_rate_limit": "1000000/minute"})
    client = create_app(settings).test_client()
    items = statements(count, f"chunk{chunk}")
    started = time.perf_counter()
    if chunk is None:
        for statement in items:
            assert client.post("/v1/statements", json=statement).status_code == 202
    else:
        locations = []
        for start in range(0, count, 1000):
            response = client.post("/v1/statements/batch", json={"statements": items[start:start + 1000]})
            assert response.status_code == 202, response.get_json()
            locations.append(response.headers["Location"])
    submitted = time.perf_counter()
    build_worker(settings, redis.Redis.from_url(url), forking=forking).work(burst=True, logging_level="WARNING")
    drained = time.perf_counter()
    if chunk is not None:
        done = sum(client.get(location).get_json()["succeeded"] for location in locations)
        assert done == count, f"{done} of {count} statements scored"
    redis.Redis.from_url(url).flushall()  # our private server: the next run starts empty
    return submitted - started, drained - submitted


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--statements", type=int, default=300)
    parser.add_argument("--chunks", default="1,10,50,200")
    parser.add_argument("--fork", action="store_true", help="RQ's forking Worker instead of the in-process default")
    arguments = parser.parse_args()
    count, forking = arguments.statements, arguments.fork
    with tempfile.TemporaryDirectory() as folder:
        os.environ["CORROBORATE_DATABASE_FILE"] = f"{folder}/bench.sqlite3"
        os.environ.pop("CORROBORATE_DATABASE_URL", None)
        process, url = start_redis(Path(folder))
        try:
            rows = [("single POSTs", *run(url, count, None, forking))]
            rows += [(f"batch, chunk {c}", *run(url, count, int(c), forking)) for c in arguments.chunks.split(",")]
        finally:
            process.terminate()
    worker = "forking Worker" if forking else "in-process HeartbeatingWorker"
    print(f"{count} statements, one {worker}, end to end (submit + drain):")
    single = count / sum(rows[0][1:])
    for name, submit, drain in rows:
        rate = count / (submit + drain)
        print(f"  {name:16s} submit {submit:6.2f} s  drain {drain:6.2f} s  {rate:7.1f} statements/s  "
              f"{rate / single:5.1f}x single")


if __name__ == "__main__":
    main()
