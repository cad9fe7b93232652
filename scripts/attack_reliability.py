"""Faults and hostile requests against a checkout, on loopback, side by side with another one.

    python scripts/attack_reliability.py                       # this checkout only
    git archive 4dd6686 | tar -x -C /tmp/before                # the code before issue 8
    python scripts/attack_reliability.py --before /tmp/before  # both, side by side

Each attack starts its own redis-server on a private unix socket and its own API / worker
processes from the checkout under test, with bounded loops and deadlines; nothing else is touched.
Prints one row per measurement: kill -9 recovery time and jobs lost of 200, 503 latency with
Redis hung (SIGSTOP), /healthz latency beside a 1 byte/s client, status codes of hostile bodies,
503s among 500 concurrent POSTs in embedded mode, and API memory under 24 concurrent 15 MB bodies.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE))  # run as a file: the checkout's benchmarks/ is importable

from benchmarks.servers import free_port, start_redis  # noqa: E402
PYTHON = sys.executable
STATEMENT_COUNT = 200
KILL_DEADLINE = 120.0


def http(method: str, url: str, body: bytes | None = None, timeout: float = 35.0):
    request = urllib.request.Request(url, data=body, method=method,
                                     headers={"Content-Type": "application/json"} if body is not None else {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, None


def wait_until(predicate, timeout: float, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return None


@contextmanager
def private_redis():
    import redis

    folder = Path(tempfile.mkdtemp(prefix="attack-redis-"))
    process, url = start_redis(folder)
    client = redis.Redis.from_url(url, socket_timeout=2)
    try:
        yield url, process, client
    finally:
        os.kill(process.pid, signal.SIGCONT)
        process.kill()
        process.wait()
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def started(argv: list[str], root: Path, env: dict, **options):
    environment = {k: v for k, v in os.environ.items() if k != "REDIS_URL"} | env
    child = subprocess.Popen(argv, cwd=root, env=environment, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, **options)
    try:
        yield child
    finally:
        if child.poll() is None:
            child.terminate()
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()


def serve(root: Path, env: dict):
    port = free_port()
    return port, started([PYTHON, "-m", "corroborate", "serve", "--host", "127.0.0.1", "--port", str(port)], root, env)


def healthy(port: int) -> bool:
    try:
        return http("GET", f"http://127.0.0.1:{port}/healthz", timeout=2)[0] == 200
    except OSError:
        return False


def statements(count: int, tag: str) -> list[dict]:
    # ~15,000 characters of news each: a job long enough to be killed in the middle of.
    text = ("The dam was opened on Tuesday, the water board said. " * 280)
    return [{"text": f"The dam number {i} ({tag}) was opened on Tuesday.",
             "evidence": [{"source": "water-board", "stance": "confirms"}],
             "documents": [{"source": f"paper-{i % 7}", "text": text}]} for i in range(count)]


# ---- attacks ---------------------------------------------------------------------------------------

def kill_a_worker_mid_batch(root: Path) -> dict:
    """Two workers, 200 statements, one worker (and its work horse) SIGKILLed mid-batch."""
    from rq import Worker
    from rq.serializers import JSONSerializer

    with private_redis() as (url, _, client):
        env = {"REDIS_URL": url}
        port, api = serve(root, env)
        with api, started([PYTHON, "-m", "corroborate", "worker"], root, env) as first, \
                started([PYTHON, "-m", "corroborate", "worker"], root, env) as second:
            wait_until(lambda: healthy(port), 30)
            wait_until(lambda: len(Worker.all(connection=client, serializer=JSONSerializer)) == 2, 30)
            body = json.dumps({"statements": statements(STATEMENT_COUNT, root.name)}).encode()
            status, submitted = http("POST", f"http://127.0.0.1:{port}/v1/statements/batch", body)
            if status != 202:
                return {"error": f"batch answered {status}"}
            job_ids = [item["job_id"] for item in submitted["items"]]

            def busy_worker():
                for worker in Worker.all(connection=client, serializer=JSONSerializer):
                    job = worker.get_current_job()
                    if job is not None and worker.pid in (first.pid, second.pid):
                        return worker.pid, job.id
                return None

            time.sleep(1.0)  # let the batch get going
            victim_pid, victim_job = wait_until(busy_worker, 30, 0.02) or (None, None)
            if victim_pid is None:
                return {"error": "no worker picked a job up"}
            for pid in [victim_pid, *children(victim_pid)]:
                os.kill(pid, signal.SIGKILL)
            killed_at = time.monotonic()

            def job_status(job_id: str) -> str:
                try:
                    code, document = http("GET", f"http://127.0.0.1:{port}/v1/jobs/{job_id}", timeout=5)
                except OSError:
                    return "unreachable"
                return document["status"] if code == 200 else str(code)

            recovered = wait_until(lambda: job_status(victim_job) == "succeeded", KILL_DEADLINE, 0.25)
            recovery = time.monotonic() - killed_at if recovered else None
            wait_until(lambda: all(job_status(j) == "succeeded" for j in job_ids), 30, 1.0)
            lost = sum(1 for j in job_ids if job_status(j) != "succeeded")
            running_late = job_status(victim_job) == "running"
    return {"recovery_s": recovery, "lost": lost, "victim_running_at_end": running_late}


def children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as listing:
            return [int(child) for child in listing.read().split()]
    except OSError:
        return []


PROBE = r"""
import json, os, signal, sys, time
from config.settings import Settings
from service import create_app
app = create_app(Settings.from_mapping({"redis_url": os.environ["REDIS_URL"]}))
client = app.test_client()
client.get("/readyz")
mode = sys.argv[1]
out = {}
if mode == "sigstop":
    os.kill(int(os.environ["REDIS_PID"]), signal.SIGSTOP)
    for name, method, path, body in [
            ("post", "post", "/v1/statements", {"text": "x", "evidence": []}),
            ("job", "get", "/v1/jobs/abc", None),
            ("sources", "get", "/v1/sources", None),
            ("readyz", "get", "/readyz", None)]:
        started = time.monotonic()
        response = getattr(client, method)(path, json=body)
        out[name] = [response.status_code, round(time.monotonic() - started, 2)]
    os.kill(int(os.environ["REDIS_PID"]), signal.SIGCONT)
else:
    def raw(text):
        return client.post("/v1/statements", data=text.encode("utf-8", "surrogatepass"),
                           content_type="application/json").status_code
    out["deep"] = raw("[" * 10000 + "]" * 10000)
    out["surrogate"] = raw('{"text": "x", "evidence": [{"source": "a", "quote": "\\ud800"}]}')
print(json.dumps(out))
"""


def probe(root: Path, mode: str, url: str, redis_pid: int) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"} | {"REDIS_URL": url, "REDIS_PID": str(redis_pid)}
    finished = subprocess.run([PYTHON, "-c", PROBE, mode], cwd=root, env=env, capture_output=True, text=True,
                              timeout=120)
    try:
        return json.loads(finished.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        return {"error": finished.stderr[-300:]}


def hung_redis(root: Path) -> dict:
    with private_redis() as (url, process, _):
        result = probe(root, "sigstop", url, process.pid)
    if "error" in result:
        return result
    return {"worst_503_s": max(latency for _, latency in result.values()),
            "codes": sorted({code for code, _ in result.values()})}


def hostile_bodies(root: Path) -> dict:
    with private_redis() as (url, process, _):
        return probe(root, "hostile", url, process.pid)


def compose_gunicorn(root: Path, port: int) -> list[str]:
    """The API command from the checkout's docker-compose.yml, bound to a loopback port."""
    import yaml

    command = list(yaml.safe_load((root / "docker-compose.yml").read_text())["services"]["api"]["command"])
    command[command.index("--bind") + 1] = f"127.0.0.1:{port}"
    return [PYTHON, "-m", *command]


def slow_client(root: Path) -> dict:
    with private_redis() as (url, _, _):
        port = free_port()
        with started(compose_gunicorn(root, port), root, {"REDIS_URL": url}):
            wait_until(lambda: healthy(port), 30)
            stop = threading.Event()

            def trickle():
                with socket.create_connection(("127.0.0.1", port)) as slow:
                    slow.sendall(b"POST /v1/statements HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                 b"Content-Length: 100\r\n\r\n")
                    while not stop.is_set():
                        try:
                            slow.sendall(b" ")
                        except OSError:
                            return
                        stop.wait(1.0)

            threading.Thread(target=trickle, daemon=True).start()
            time.sleep(1.0)
            started_at = time.monotonic()
            try:
                code = http("GET", f"http://127.0.0.1:{port}/healthz", timeout=40)[0]
            except OSError as error:
                code = type(error).__name__
            latency = time.monotonic() - started_at
            stop.set()
    return {"healthz_s": round(latency, 2), "code": code}


def big_bodies(root: Path) -> dict:
    """24 concurrent 15 MB bodies to gunicorn as compose runs it: peak RSS of its processes."""
    with private_redis() as (url, _, _):
        port = free_port()
        with started(compose_gunicorn(root, port), root, {"REDIS_URL": url}) as server:
            wait_until(lambda: healthy(port), 30)
            body = json.dumps({"text": "The dam opened.", "documents": [
                {"source": "p", "text": "word " * 40_000}] * 75}).encode()  # ~15 MB
            peak, done = [0], threading.Event()

            def sample():
                while not done.is_set():
                    peak[0] = max(peak[0], tree_rss(server.pid))
                    time.sleep(0.05)

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            with ThreadPoolExecutor(max_workers=24) as pool:
                codes = list(pool.map(lambda _: safe_post(port, body), range(24)))
            done.set()
            sampler.join()
            after = tree_rss(server.pid)
    return {"peak_mb": round(peak[0] / 2**20), "after_mb": round(after / 2**20),
            "codes": sorted(set(codes), key=str)}


def safe_post(port: int, body: bytes):
    """The status line's code; a server may answer (413) before the body is all sent."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=60) as conn:
            conn.sendall(b"POST /v1/statements HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                         b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body))
            try:
                conn.sendall(body)
            except OSError:
                pass  # refused before the end of the body: read the answer
            return int(conn.makefile("rb").readline().split()[1])
    except (OSError, IndexError, ValueError) as error:
        return type(error).__name__


def tree_rss(pid: int) -> int:
    total = 0
    for member in [pid, *children(pid)]:
        try:
            with open(f"/proc/{member}/status") as status:
                total += next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmRSS"))
        except (OSError, StopIteration):
            pass
    return total


def embedded_burst(root: Path) -> dict:
    port, api = serve(root, {})
    with api:
        wait_until(lambda: healthy(port), 30)

        gate = threading.Barrier(500, timeout=60)

        def post(i: int):
            gate.wait()  # all 500 at once
            body = json.dumps({"text": f"Burst statement {i}.", "evidence": [{"source": "s", "stance": "confirms"}]})
            try:
                status, _ = http("POST", f"http://127.0.0.1:{port}/v1/statements", body.encode(), timeout=60)
            except OSError as error:
                return type(error).__name__
            return status

        with ThreadPoolExecutor(max_workers=500) as pool:
            codes = list(pool.map(post, range(500)))
    return {"503": codes.count(503), "5xx": sum(1 for c in codes if isinstance(c, int) and c >= 500),
            "errors": sum(1 for c in codes if not isinstance(c, int))}


ATTACKS = {
    "kill -9 worker mid-batch": kill_a_worker_mid_batch,
    "redis SIGSTOP": hung_redis,
    "slow client (1 byte/s)": slow_client,
    "hostile bodies": hostile_bodies,
    "embedded, 500 concurrent POSTs": embedded_burst,
    "24 x 15 MB bodies": big_bodies,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, help="another checkout to run the same attacks against")
    parser.add_argument("--only", choices=sorted(ATTACKS), action="append", help="run only these attacks")
    arguments = parser.parse_args(argv)
    roots = {"now": HERE} | ({"before": arguments.before.resolve()} if arguments.before else {})
    for name, attack in ATTACKS.items():
        if arguments.only and name not in arguments.only:
            continue
        row = {label: attack(root) for label, root in roots.items()}
        print(f"{name:32s} " + "   ".join(f"{label}: {json.dumps(value)}" for label, value in row.items()), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
