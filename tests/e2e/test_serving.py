"""gunicorn as compose runs it: a client trickling its request at 1 byte/s does not block the
health checks. Real gunicorn on loopback, against a private redis-server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request

import pytest

from tests.conftest import free_port, wait_for

pytestmark = pytest.mark.redis_server


def trickle(port: int, stop: threading.Event) -> None:
    """POST a body one byte a second until told to stop."""
    with socket.create_connection(("127.0.0.1", port)) as slow:
        slow.sendall(b"POST /v1/statements HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 1000\r\n\r\n")
        while not stop.is_set():
            try:
                slow.sendall(b" ")
            except OSError:
                return
            stop.wait(1.0)


def healthz_seconds(port: int) -> float:
    started = time.monotonic()
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as response:
        assert response.status == 200
    return time.monotonic() - started


def test_a_slow_client_does_not_block_healthz(private_redis):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"} | {
        "REDIS_URL": private_redis, "WEB_CONCURRENCY": "1"}
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "--config", "python:config.gunicorn",
                               "--bind", f"127.0.0.1:{port}", "service:create_app()"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    stop = threading.Event()
    try:
        def up():
            try:
                return healthz_seconds(port) < 10
            except OSError:
                return False

        wait_for(up, timeout=30)
        slow = threading.Thread(target=trickle, args=(port, stop), daemon=True)
        slow.start()
        time.sleep(0.5)  # let the slow request take its thread
        latencies = [healthz_seconds(port) for _ in range(5)]
        assert max(latencies) < 1.0, latencies
    finally:
        stop.set()
        server.terminate()
        server.wait(timeout=30)
