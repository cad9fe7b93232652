"""Statements/s end to end over real HTTP, beside stock RQ's no-op ceiling, in one run.

    python -m benchmarks.end_to_end [--statements 400] [--batch 4000] [--workers 2] [--web-workers 2]

The deployment of issue 9's measurements, on loopback: a private redis-server on a unix socket,
the API under gunicorn (config/gunicorn.py, `--web-workers` processes), `--workers`
`corroborate worker` processes (in-process and heartbeating, the default), a SQLite system of record in a temporary
folder, auth required with a real analyst key, and a load client that speaks plain HTTP from
threads (it imports nothing from the service).

Three rates, measured one after the other on the same servers:
- **no-op ceiling**: `--statements` jobs that do nothing, drained by as many stock `rq worker --burst`
  processes: what RQ's per-job bookkeeping allows at best;
- **single**: `--statements` distinct `POST /v1/statements`, from the first request until every
  result answers `GET /v1/statements/<id>`;
- **batch**: `--batch` distinct statements in `POST /v1/statements/batch` requests, until
  `GET /v1/batches/<id>` has nothing pending.

Needs the redis-server binary; never touches a server it did not start.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path

import redis
from rq import Queue

from benchmarks.servers import free_port, start_redis, stop

REPOSITORY = Path(__file__).resolve().parents[1]
CLIENT_THREADS = 8
BATCH_REQUEST_SIZE = 1000


def statements(count: int, tag: str) -> list[dict]:
    """Distinct statements with a little evidence each, so nothing is answered from the cache."""
    return [{"text": f"{tag} statement number {n} about the harbour", "evidence": [
        {"source": f"outlet-{n % 7}", "stance": "confirms"}, {"source": f"agency-{n % 5}", "stance": "denies"},
        {"source": "wire", "stance": "confirms", "cites": [f"outlet-{n % 7}"]}]} for n in range(count)]


class Client:
    """Keep-alive HTTP/1.1 connections, one per thread, as a load generator holds them."""

    def __init__(self, port: int, key: str):
        self.port, self.headers = port, {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
        self._connections: dict[int, http.client.HTTPConnection] = {}

    def call(self, method: str, path: str, body=None) -> tuple[int, dict]:
        ident = threading.get_ident()
        for attempt in range(2):
            connection = self._connections.get(ident)
            if connection is None:
                connection = self._connections[ident] = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                connection.connect()
                # http.client writes headers and body in two sends: without NODELAY, Nagle's
                # algorithm holds the body for the server's delayed ACK, 40 ms per request.
                connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            try:
                connection.request(method, path, body=None if body is None else json.dumps(body), headers=self.headers)
                response = connection.getresponse()
                payload = response.read()
                return response.status, json.loads(payload) if payload else {}
            except (http.client.HTTPException, ConnectionError):
                # gunicorn closes idle keep-alive connections after 5 s: reconnect once.
                connection.close()
                self._connections.pop(ident, None)
                if attempt:
                    raise
        raise AssertionError("unreachable")


def noop_ceiling(url: str, count: int, workers: int, folder: Path) -> float:
    """Jobs/s of `count` no-op jobs drained by `workers` stock `rq worker --burst` processes."""
    connection = redis.Redis.from_url(url)
    queue = Queue("noop-ceiling", connection=connection)
    queue.enqueue_many([Queue.prepare_data("benchmarks.noop.nothing", result_ttl=60) for _ in range(count)])
    rq = shutil.which("rq", path=str(Path(sys.executable).parent)) or "rq"
    started = time.perf_counter()
    processes = [subprocess.Popen([rq, "worker", "--burst", "--url", url, "--quiet", "noop-ceiling"],
                                  cwd=REPOSITORY, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                 for _ in range(workers)]
    for process in processes:
        process.wait(timeout=600)
    elapsed = time.perf_counter() - started
    assert queue.finished_job_registry.count == count, f"{queue.finished_job_registry.count} of {count} no-ops ran"
    return count / elapsed


def create_key(environment: dict) -> str:
    completed = subprocess.run(
        [sys.executable, "-m", "corroborate", "keys", "create", "--workspace", "bench", "--role", "analyst"],
        cwd=REPOSITORY, env=environment, capture_output=True, text=True, check=True)
    return completed.stdout.strip().splitlines()[-1]


@contextmanager
def serving(environment: dict, port: int, web_workers: int, workers: int, folder: Path):
    """gunicorn and the scoring workers, stopped on exit."""
    env = {**environment, "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(web_workers)}
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    log = open(folder / "serving.log", "w")
    processes = [subprocess.Popen([gunicorn, "-c", "python:config.gunicorn", "--access-logfile", "/dev/null",
                                   "service:create_app()"], cwd=REPOSITORY, env=env, stdout=log, stderr=log)]
    processes += [subprocess.Popen([sys.executable, "-m", "corroborate", "worker"], cwd=REPOSITORY, env=env,
                                   stdout=log, stderr=log) for _ in range(workers)]
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or processes[0].poll() is not None:
                    raise RuntimeError(f"gunicorn did not start; see {folder / 'serving.log'}")
                time.sleep(0.1)
        yield
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        log.close()


def single_rate(client: Client, count: int) -> float:
    items = statements(count, "single")
    started = time.perf_counter()
    with ThreadPoolExecutor(CLIENT_THREADS) as pool:
        answers = list(pool.map(lambda item: client.call("POST", "/v1/statements", item), items))
    assert all(status == 202 for status, _ in answers), {status for status, _ in answers}
    pending = [body["statement_id"] for _, body in answers]
    while pending:
        with ThreadPoolExecutor(CLIENT_THREADS) as pool:
            statuses = list(pool.map(lambda sid: client.call("GET", f"/v1/statements/{sid}")[0], pending))
        assert all(status in (200, 404) for status in statuses), set(statuses)
        pending = [sid for sid, status in zip(pending, statuses) if status != 200]
        if pending:
            time.sleep(0.05)
    return count / (time.perf_counter() - started)


def batch_rate(client: Client, count: int) -> float:
    items = statements(count, "batch")
    started = time.perf_counter()
    locations = []
    for start in range(0, count, BATCH_REQUEST_SIZE):
        status, body = client.call("POST", "/v1/statements/batch", {"statements": items[start:start + BATCH_REQUEST_SIZE]})
        assert status == 202, body
        locations.append(f"/v1/batches/{body['batch_id']}?per_page=1")
    while locations:
        progress = [client.call("GET", location)[1] for location in locations]
        assert all(p.get("failed", 0) == 0 for p in progress), progress
        locations = [location for location, p in zip(locations, progress) if p["pending"]]
        if locations:
            time.sleep(0.05)
    return count / (time.perf_counter() - started)


def measure(statement_count: int = 400, batch_count: int = 4000, workers: int = 2, web_workers: int = 2) -> dict:
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        process, url = start_redis(folder)
        stack.callback(stop, [process])  # waited for, so its folder can be removed
        environment = {**os.environ, "REDIS_URL": url, "CORROBORATE_AUTH": "required",
                       "CORROBORATE_DATABASE_FILE": str(folder / "bench.sqlite3"), "CORROBORATE_REGISTRY_FILE": "",
                       "CORROBORATE_WRITE_RATE_LIMIT": "10000000/minute", "CORROBORATE_READ_RATE_LIMIT": "10000000/minute",
                       "CORROBORATE_MAX_BATCH": str(BATCH_REQUEST_SIZE), "PYTHONPATH": str(REPOSITORY)}
        environment.pop("CORROBORATE_DATABASE_URL", None)
        ceiling = noop_ceiling(url, statement_count, workers, folder)
        key = create_key(environment)
        port = free_port()
        with serving(environment, port, web_workers, workers, folder):
            client = Client(port, key)
            single = single_rate(client, statement_count)
            batch = batch_rate(client, batch_count)
    return {"noop_jobs_per_s": ceiling, "single_statements_per_s": single, "batch_statements_per_s": batch,
            "single_vs_noop": single / ceiling, "batch_vs_single": batch / single,
            "workers": workers, "web_workers": web_workers, "statements": statement_count, "batch": batch_count}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=400)
    parser.add_argument("--batch", type=int, default=4000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--web-workers", type=int, default=2)
    arguments = parser.parse_args(argv)
    numbers = measure(arguments.statements, arguments.batch, arguments.workers, arguments.web_workers)
    print(f"{numbers['workers']} scoring workers, {numbers['web_workers']} gunicorn workers, auth required:")
    print(f"  stock rq no-op ceiling  {numbers['noop_jobs_per_s']:8.1f} jobs/s")
    print(f"  single POSTs            {numbers['single_statements_per_s']:8.1f} statements/s  "
          f"{numbers['single_vs_noop']:5.2f}x the no-op ceiling")
    print(f"  batches                 {numbers['batch_statements_per_s']:8.1f} statements/s  "
          f"{numbers['batch_vs_single']:5.1f}x single")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
