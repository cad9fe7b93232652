"""A cached POST /v1/statements against a bare Flask view that parses the same JSON and does one
Redis GET, both under gunicorn, driven by wrk, in one run (issue 9: at least 0.8x).

    python -m benchmarks.cached_path [--quick] [--rounds 5] [--seconds 5] [--connections 4]
    python -m benchmarks.cached_path --profile [--requests 3000]

The deployment of issue 9's measurement, on loopback: a private redis-server on a unix socket, a
SQLite system of record in a temporary folder, and two gunicorn servers of 2 sync workers each,
started side by side: (a) the real app (`service:create_app()`) with default settings apart from
the private URLs and a write limit no run can reach (the limiter still counts every request),
auth required, called with a real analyst key made by `corroborate keys create`; (b) `bare_app()`
below. The statement is POSTed once and scored by `corroborate worker --burst` (the product's own
path), so every later POST of it is answered from the cache, 200 with "cached": true, without
enqueueing. Then wrk (Debian's `wrk`, outside the project: `apt-get install wrk`) POSTs it to
each server in turn, A/B alternating for --rounds rounds of --seconds seconds, the same
connections and one thread for both; the ratio is median(cached) / median(bare) requests/s.
Any non-2xx answer fails the run.

On a machine loaded by other work, requests/s swing by 2x from one round to the next; the CPU
time each server's processes (gunicorn's master and workers, from /proc) spent per request is
far steadier, and is printed too, with its ratio (bare / cached: what the ratio of requests/s
would be were both servers bound by their own CPU). It does not count redis-server or wrk.

--profile runs the cached POST in-process instead (the app over the same private Redis, through
Flask's test client) under cProfile, and prints the Redis round trips per request (calls of
redis-py's send_packed_command: one per command, one per pipeline) and the top
functions by cumulative time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from benchmarks.servers import REPOSITORY, free_port, gunicorn, start_redis, stop

STATEMENT = {
    "text": "The harbour authority said the grain shipment left the port on Tuesday morning.",
    "evidence": [
        {"source": "reuters", "stance": "confirms", "quote": "The shipment left on Tuesday, port officials said."},
        {"source": "ap", "stance": "confirms"},
        {"source": "daily-planet", "stance": "confirms", "cites": ["reuters"]},
        {"source": "ministry", "stance": "denies"},
    ],
}
BARE_KEY = "bench:bare"
SYNC_WORKERS = ["--workers", "2", "--worker-class", "sync"]
WRK_SCRIPT = """\
wrk.method = "POST"
wrk.body = {body}
wrk.headers["Content-Type"] = "application/json"
{authorization}
"""


def bare_app():
    """The yardstick: Flask parses the JSON body, one Redis GET, a JSON answer."""
    import redis
    from flask import Flask, request

    app = Flask(__name__)
    connection = redis.Redis.from_url(os.environ["REDIS_URL"], decode_responses=True)

    @app.post("/bare")
    def bare():
        body = request.get_json()
        return {"text": body["text"], "value": connection.get(BARE_KEY)}

    return app


def wrk_rate(url: str, script: Path, seconds: float, connections: int) -> float:
    """Requests/s wrk reports; RuntimeError on any non-2xx/3xx answer or socket error."""
    return wrk_run(url, script, seconds, connections)[0]


def wrk_run(url: str, script: Path, seconds: float, connections: int) -> tuple[float, int]:
    """(requests/s, requests) wrk reports; RuntimeError on any non-2xx/3xx answer or socket error."""
    completed = subprocess.run(
        ["wrk", "--threads", "1", "--connections", str(connections), "--duration", f"{seconds:g}s",
         "--timeout", "10s", "--script", str(script), url],
        capture_output=True, text=True, timeout=seconds + 60, check=True)
    out = completed.stdout
    if "Non-2xx" in out or "Socket errors" in out and re.search(r"(read|write|timeout) [1-9]", out):
        raise RuntimeError(f"wrk saw failed requests on {url}:\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), int(re.search(r"(\d+) requests in", out).group(1))


def cpu_seconds(pid: int) -> float:
    """User + system CPU time so far of process `pid` and its children (gunicorn's workers)."""
    ticks, total = os.sysconf("SC_CLK_TCK"), 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        if int(stat.parent.name) == pid or int(fields[1]) == pid:
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def script_for(folder: Path, name: str, authorization: str | None) -> Path:
    path = folder / f"{name}.lua"
    header = f'wrk.headers["Authorization"] = {json.dumps(authorization)}' if authorization else ""
    path.write_text(WRK_SCRIPT.format(body=json.dumps(json.dumps(STATEMENT)), authorization=header))
    return path


def environment_for(folder: Path, url: str) -> dict:
    environment = {**os.environ, "REDIS_URL": url, "CORROBORATE_DATABASE_FILE": str(folder / "bench.sqlite3"),
                   "CORROBORATE_WRITE_RATE_LIMIT": "1000000000/minute", "PYTHONPATH": str(REPOSITORY)}
    for name in ("CORROBORATE_DATABASE_URL", "CORROBORATE_AUTH", "CORROBORATE_REGISTRY_FILE"):
        environment.pop(name, None)
    return environment


def create_key(environment: dict) -> str:
    completed = subprocess.run(
        [sys.executable, "-m", "corroborate", "keys", "create", "--workspace", "bench", "--role", "analyst"],
        cwd=REPOSITORY, env=environment, capture_output=True, text=True, check=True)
    return completed.stdout.strip().splitlines()[-1]


def post(port: int, path: str, key: str | None) -> tuple[int, dict]:
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Content-Type": "application/json", **({"Authorization": f"Bearer {key}"} if key else {})}
    try:
        connection.request("POST", path, body=json.dumps(STATEMENT), headers=headers)
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


def warm_cache(port: int, key: str, environment: dict) -> dict:
    """POST the statement, score it with a burst worker, and check the next POST is a cache hit."""
    status, body = post(port, "/v1/statements", key)
    if status == 202:
        subprocess.run([sys.executable, "-m", "corroborate", "worker", "--burst"], cwd=REPOSITORY,
                       env=environment, capture_output=True, check=True, timeout=120)
        status, body = post(port, "/v1/statements", key)
    if status != 200 or not body.get("cached"):
        raise RuntimeError(f"the statement is not answered from the cache: {status} {body}")
    return body


def measure(rounds: int = 5, seconds: float = 5.0, connections: int = 4) -> dict:
    """Requests/s of the cached POST and of the bare view, A/B alternated; their ratio of medians."""
    if shutil.which("wrk") is None:
        raise RuntimeError("this benchmark drives the servers with wrk: apt-get install wrk")
    import redis

    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        process, url = start_redis(folder)
        stack.callback(process.wait, 10)
        stack.callback(stop, [process])  # waited for, so its folder can be removed
        redis.Redis.from_url(url).set(BARE_KEY, "a value of the kind a cache holds")
        environment = environment_for(folder, url)
        key = create_key(environment)
        log = folder / "serving.log"
        real_port, bare_port = free_port(), free_port()
        real = stack.enter_context(gunicorn("service:create_app()", real_port, environment, log, SYNC_WORKERS))
        bare = stack.enter_context(gunicorn("benchmarks.cached_path:bare_app()", bare_port, environment, log,
                                            SYNC_WORKERS))
        cached_answer = warm_cache(real_port, key, environment)
        targets = {"cached": (f"http://127.0.0.1:{real_port}/v1/statements", script_for(folder, "cached", f"Bearer {key}")),
                   "bare": (f"http://127.0.0.1:{bare_port}/bare", script_for(folder, "bare", None))}
        servers = {"cached": real.pid, "bare": bare.pid}
        for target, script in targets.values():  # warm every gunicorn worker up
            wrk_rate(target, script, 1, connections)
        rates: dict[str, list[float]] = {"cached": [], "bare": []}
        cpu: dict[str, list[float]] = {"cached": [], "bare": []}
        for round_ in range(rounds):
            order = ("cached", "bare") if round_ % 2 == 0 else ("bare", "cached")
            for name in order:
                before = cpu_seconds(servers[name])
                rate, requests = wrk_run(*targets[name], seconds, connections)
                rates[name].append(rate)
                cpu[name].append(1e6 * (cpu_seconds(servers[name]) - before) / max(requests, 1))
        enqueued = redis.Redis.from_url(url).llen("rq:queue:corroborate")
    if enqueued:
        raise RuntimeError(f"{enqueued} jobs were enqueued: the POSTs were not all answered from the cache")
    cached, bare = statistics.median(rates["cached"]), statistics.median(rates["bare"])
    cached_cpu, bare_cpu = statistics.median(cpu["cached"]), statistics.median(cpu["bare"])
    return {"cached_requests_per_s": cached, "bare_requests_per_s": bare, "ratio": cached / bare,
            "rounds": rates, "seconds": seconds, "connections": connections, "gunicorn": "2 sync workers",
            "cpu_microseconds_per_request": {"cached": cached_cpu, "bare": bare_cpu}, "cpu_rounds": cpu,
            "cpu_ratio": bare_cpu / cached_cpu,
            "cached_answer_bytes": len(json.dumps(cached_answer))}


def profile(requests: int = 3000, top: int = 45) -> dict:
    """The cached POST in-process under cProfile: round trips per request and the top costs."""
    import cProfile
    import io
    import pstats

    import redis
    from redis.connection import AbstractConnection

    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        process, url = start_redis(folder)
        stack.callback(process.wait, 10)
        stack.callback(stop, [process])  # waited for, so its folder can be removed
        environment = environment_for(folder, url)
        os.environ.update({name: environment[name] for name in ("CORROBORATE_DATABASE_FILE",)})
        os.environ.pop("CORROBORATE_DATABASE_URL", None)
        from config.settings import Settings
        from service import create_app
        from workers.runner import build_worker

        settings = Settings.from_mapping({"redis_url": url, "write_rate_limit": "1000000000/minute"})
        app = create_app(settings)
        _, secret = app.extensions["corroborate"].keys.create("bench", "analyst")
        client, headers = app.test_client(), {"Authorization": f"Bearer {secret}"}
        assert client.post("/v1/statements", json=STATEMENT, headers=headers).status_code == 202
        build_worker(settings, redis.Redis.from_url(url)).work(burst=True, logging_level="WARNING")
        body = json.dumps(STATEMENT)

        def call():
            response = client.post("/v1/statements", data=body, content_type="application/json", headers=headers)
            assert response.status_code == 200 and response.get_json()["cached"], response.get_data()

        for _ in range(200):
            call()
        sent = [0]
        original = AbstractConnection.send_packed_command

        def counting(self, *arguments, **options):
            sent[0] += 1
            return original(self, *arguments, **options)

        AbstractConnection.send_packed_command = counting
        try:
            for _ in range(100):
                call()
        finally:
            AbstractConnection.send_packed_command = original
        round_trips = sent[0] / 100
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.enable()
        for _ in range(requests):
            call()
        profiler.disable()
        elapsed = time.perf_counter() - started
    listing = io.StringIO()
    stats = pstats.Stats(profiler, stream=listing)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    return {"round_trips_per_request": round_trips, "microseconds_per_request_profiled": 1e6 * elapsed / requests,
            "top": listing.getvalue()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2 rounds of 2 s: a smoke run")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--profile", action="store_true", help="profile the cached POST in-process instead")
    parser.add_argument("--requests", type=int, default=3000, help="requests to profile")
    arguments = parser.parse_args(argv)
    if arguments.profile:
        found = profile(arguments.requests)
        print(f"Redis round trips per cached POST: {found['round_trips_per_request']:.2f}")
        print(f"{found['microseconds_per_request_profiled']:.0f} µs per request under cProfile")
        print(found["top"])
        return 0
    rounds, seconds = (2, 2.0) if arguments.quick else (arguments.rounds, arguments.seconds)
    numbers = measure(rounds, seconds, arguments.connections)
    print(f"{numbers['gunicorn']} each, wrk 1 thread, {numbers['connections']} connections, "
          f"{rounds} A/B rounds of {seconds:g} s:")
    print(f"  {'':32s}{'median req/s':>14s}  rounds")
    for name, label in (("cached", "cached POST /v1/statements"), ("bare", "bare Flask + one Redis GET")):
        print(f"  {label:32s}{numbers[f'{name}_requests_per_s']:14.0f}  "
              + " ".join(f"{rate:.0f}" for rate in numbers["rounds"][name]))
    print(f"  ratio cached / bare: {numbers['ratio']:.3f} (target: at least 0.8)")
    print(f"  {'':32s}{'median CPU µs/request (gunicorn)':>14s}  rounds")
    for name in ("cached", "bare"):
        print(f"  {name:32s}{numbers['cpu_microseconds_per_request'][name]:14.0f}  "
              + " ".join(f"{value:.0f}" for value in numbers["cpu_rounds"][name]))
    print(f"  CPU ratio bare / cached: {numbers['cpu_ratio']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
