"""Identical concurrent submissions create one job, against a real Redis."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import redis
from rq import Queue
from rq.serializers import JSONSerializer

from config.settings import Settings
from service import create_app

pytestmark = pytest.mark.redis_server


def test_twenty_simultaneous_posts_of_one_statement_make_one_job(private_redis):
    settings = Settings.from_mapping({"redis_url": private_redis})
    app = create_app(settings)
    _, secret = app.extensions["corroborate"].keys.create("newsroom", "analyst")
    statement = {"text": "The bridge reopened.", "evidence": [{"source": "city", "stance": "confirms"}]}

    def post(_):
        with app.test_client() as client:
            response = client.post("/v1/statements", json=statement, headers={"Authorization": f"Bearer {secret}"})
            return response.get_json()["job_id"]

    with ThreadPoolExecutor(max_workers=20) as pool:
        job_ids = set(pool.map(post, range(20)))

    assert len(job_ids) == 1
    queue = Queue(settings.queue_name, connection=redis.Redis.from_url(private_redis), serializer=JSONSerializer)
    assert queue.count == 1


def test_embedded_mode_takes_500_concurrent_posts_without_a_503():
    """A thread per request, one bounded pool: a burst queues for connections, never 503s."""
    import json
    import os
    import subprocess
    import sys
    import threading
    import urllib.error
    import urllib.request

    from tests.conftest import free_port, wait_for

    def post(base: str, i: int, gate: threading.Barrier):
        body = json.dumps({"text": f"Burst statement {i}.", "evidence": [{"source": "s", "stance": "confirms"}]})
        request = urllib.request.Request(base + "/v1/statements", data=body.encode(), method="POST",
                                         headers={"Content-Type": "application/json"})
        gate.wait()
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError as error:
            return type(error).__name__

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    # Its log goes nowhere: 500 requests' log lines would fill an unread pipe and stall it.
    server = subprocess.Popen([sys.executable, "-m", "corroborate", "serve", "--port", str(port)],
                              # The burst is about connections, not the per-address rate limit.
                              env={**{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
                                   "CORROBORATE_WRITE_RATE_LIMIT": "1000/minute"},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        def up():
            try:
                return urllib.request.urlopen(base + "/healthz", timeout=2).status == 200
            except OSError:
                return False

        wait_for(up, timeout=30)
        gate = threading.Barrier(500, timeout=60)
        with ThreadPoolExecutor(max_workers=500) as pool:
            codes = list(pool.map(lambda i: post(base, i, gate), range(500)))
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    assert set(codes) <= {200, 202}, {code: codes.count(code) for code in set(codes)}
