"""The access-control attacks of issue 8, run with auth off (as before keys existed) and required.

    python -m benchmarks.access_control

Starts a private redis-server on a unix socket and the API over HTTP on loopback (werkzeug,
threaded), with an RQ SimpleWorker in burst mode for the jobs, and prints one row per attack for
each mode side by side. Auth off is the API as it was before keys, except that statement ids are
now keyed and the rate limit (per client address there) applies too. Needs the redis-server
binary; never touches another Redis.
"""

from __future__ import annotations

import collections
import json
import logging
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import redis
from werkzeug.serving import make_server

from benchmarks.servers import start_redis
from config.settings import SCORER_VERSION, Settings
from service import create_app
from service.fingerprint import statement_id
from workers.runner import build_worker

VICTIM_STATEMENT = {
    "text": "The port of Rivermouth closed on Monday.",
    "evidence": [{"source": "reuters", "stance": "confirms"}, {"source": "ap", "stance": "confirms"},
                 {"source": "afp", "stance": "confirms"}],
}
WIRE_ALIASES = {"aliases": ["reuters", "ap", "afp"], "reliability": 0}


def call(base: str, method: str, path: str, body=None, key: str | None = None) -> tuple[int, dict]:
    headers = {"Content-Type": "application/json"} if body is not None else {}
    if key:
        headers["Authorization"] = f"Bearer {key}"
    request = urllib.request.Request(base + path, method=method, headers=headers,
                                     data=json.dumps(body).encode() if body is not None else None)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def attack(url: str, auth: str) -> dict[str, str]:
    settings = Settings.from_mapping({"redis_url": url, "auth": auth})
    app = create_app(settings)
    keys = app.extensions["corroborate"].keys
    victim = keys.create("victim", "analyst")[1] if auth == "required" else None
    attacker = keys.create("attacker", "editor")[1] if auth == "required" else None
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.port}"
    worker = build_worker(settings, redis.Redis.from_url(url))

    def run_jobs():
        worker.work(burst=True, logging_level="WARNING")

    def victim_score() -> str:
        call(base, "POST", "/v1/statements", VICTIM_STATEMENT, victim)
        run_jobs()
        submitted = call(base, "POST", "/v1/statements", VICTIM_STATEMENT, victim)[1]
        result = submitted.get("result") or {}
        return f"{result.get('score')} ({result.get('counts', {}).get('independent')} clusters)"

    rows = {}
    try:
        before = victim_score()
        put = call(base, "PUT", "/v1/sources/x", WIRE_ALIASES)[0]
        rows["anonymous PUT /v1/sources/x (3 wires aliased, reliability 0)"] = f"{put}; victim {before} -> {victim_score()}"
        posts = [call(base, "POST", "/v1/documents", {"source": f"x{n}", "text": "The port did not close."})[0]
                 for n in range(3)]
        rows["3 anonymous POST /v1/documents"] = ", ".join(map(str, posts))
        derived = statement_id(VICTIM_STATEMENT, SCORER_VERSION)
        rows["GET the victim's result by an id derived from its text"] = str(
            call(base, "GET", f"/v1/statements/{derived}", key=attacker)[0])
        pending = {**VICTIM_STATEMENT, "text": "The port of Rivermouth reopened on Friday."}
        victim_job = call(base, "POST", "/v1/statements", pending, victim)[1]["job_id"]
        same = call(base, "POST", "/v1/statements", pending, attacker)[1].get("job_id")
        cancel = call(base, "DELETE", f"/v1/jobs/{victim_job}", key=attacker)[0]
        rows["another caller posts the same text: same job id? / cancels it"] = f"{same == victim_job} / {cancel}"
        started = time.perf_counter()
        with ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(lambda n: call(base, "PUT", f"/v1/sources/s{n}", {}, attacker)[0], range(1000)))
        elapsed = time.perf_counter() - started
        counted = ", ".join(f"{count}× {status}" for status, count in sorted(collections.Counter(statuses).items()))
        rows["1,000 registry writes from one caller"] = f"{counted} in {elapsed:.1f} s"
    finally:
        server.shutdown()
        redis.Redis.from_url(url).flushall()  # our private server
    return rows


def main() -> None:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request otherwise
    with tempfile.TemporaryDirectory() as folder:
        process, url = start_redis(Path(folder))
        try:
            results = {mode: attack(url, mode) for mode in ("off", "required")}
        finally:
            process.terminate()
            process.wait(timeout=10)
    width = max(len(name) for name in results["off"])
    print(f"{'attack':<{width}}  {'CORROBORATE_AUTH=off':<50}  CORROBORATE_AUTH=required")
    for name in results["off"]:
        print(f"{name:<{width}}  {results['off'][name]:<50}  {results['required'][name]}")


if __name__ == "__main__":
    main()
