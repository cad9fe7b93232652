"""Worker throughput, measured side by side in one run against a private redis-server.

    python -m benchmarks.throughput [--statements N]

Submits N statements through the API's batch endpoint and times a burst worker draining them,
once with RQ's forking Worker and once with SimpleWorker, and prints the ratio. Needs the
redis-server binary; it starts its own server on a unix socket and never touches another.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import redis
from rq.registry import FinishedJobRegistry

from config.settings import Settings
from service import create_app
from workers.runner import build_worker


def start_redis(folder: Path) -> tuple[subprocess.Popen, str]:
    sock = folder / "redis.sock"
    process = subprocess.Popen(
        [shutil.which("redis-server"), "--port", "0", "--unixsocket", str(sock), "--dir", str(folder),
         "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL)
    url = f"unix://{sock}"
    for _ in range(200):
        try:
            redis.Redis.from_url(url).ping()
            return process, url
        except redis.exceptions.ConnectionError:
            time.sleep(0.05)
    raise RuntimeError("redis-server did not start")


def drain(url: str, count: int, forking: bool, tag: str) -> float:
    # Auth off: this measures the workers, not key checks or the rate limit.
    settings = Settings.from_mapping({"redis_url": url, "auth": "off"})
    client = create_app(settings).test_client()
    statements = [
        {"text": f"{tag} statement {n}", "evidence": [
            {"source": f"s{n % 7}", "stance": "confirms"}, {"source": f"t{n % 5}", "stance": "denies"},
            {"source": "wire", "stance": "confirms", "cites": [f"s{n % 7}"]}]}
        for n in range(count)
    ]
    for start in range(0, count, 1000):
        response = client.post("/v1/statements/batch", json={"statements": statements[start:start + 1000]})
        assert response.status_code == 202, response.get_json()
    worker = build_worker(settings, redis.Redis.from_url(url), forking=forking)
    started = time.perf_counter()
    worker.work(burst=True, logging_level="WARNING")
    elapsed = time.perf_counter() - started
    finished = FinishedJobRegistry(settings.queue_name, connection=worker.connection).count
    assert finished == count, f"{finished} of {count} jobs finished"
    redis.Redis.from_url(url).flushall()  # our private server: the next run starts empty
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--statements", type=int, default=500)
    count = parser.parse_args().statements
    with tempfile.TemporaryDirectory() as folder:
        process, url = start_redis(Path(folder))
        try:
            forked = drain(url, count, forking=True, tag="forked")
            simple = drain(url, count, forking=False, tag="simple")
        finally:
            process.terminate()
    print(f"{count} statements, one job each, one worker:")
    print(f"  forking Worker : {forked:6.2f} s  {count / forked:7.1f} statements/s")
    print(f"  SimpleWorker   : {simple:6.2f} s  {count / simple:7.1f} statements/s")
    print(f"  ratio          : SimpleWorker is {forked / simple:.1f}x the forking Worker's throughput")


if __name__ == "__main__":
    main()
