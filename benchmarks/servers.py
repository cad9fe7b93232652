"""Private servers for the benchmarks, the attack script and the tests: a free loopback port, a
redis-server of our own on a unix socket, and gunicorn serving a WSGI factory.

Nothing here touches a server it did not start (never the machine's 6379).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """A loopback TCP port nobody listens on (at the moment of asking)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_redis(folder: Path, timeout: float = 10.0) -> tuple[subprocess.Popen, str]:
    """A redis-server on a unix socket in `folder` (no TCP port, no persistence): the process
    and its URL. The caller stops it; RuntimeError when it does not answer within `timeout`."""
    import redis

    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("redis-server is not installed (Debian: apt-get install redis-server)")
    folder = Path(folder)
    sock = folder / "redis.sock"
    process = subprocess.Popen(
        [binary, "--port", "0", "--unixsocket", str(sock), "--unixsocketperm", "700", "--dir", str(folder),
         "--save", "", "--appendonly", "no", "--logfile", str(folder / "redis.log")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"unix://{sock}"
    deadline = time.monotonic() + timeout
    while True:
        try:
            redis.Redis.from_url(url).ping()
            return process, url
        except redis.exceptions.ConnectionError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                process.wait()
                raise RuntimeError(f"redis-server did not start; see {folder / 'redis.log'}") from None
            time.sleep(0.05)


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 60.0, log: Path | None = None) -> None:
    """Until something accepts on the loopback port; RuntimeError if `process` dies first."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"nothing listens on port {port}" + (f"; see {log}" if log else "")) from None
            time.sleep(0.1)


def stop(processes: list[subprocess.Popen], timeout: float = 30.0) -> None:
    """SIGTERM each, then SIGKILL what has not exited within `timeout`."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def gunicorn(app: str, port: int, environment: dict, log: Path, arguments: list[str] | None = None,
             cwd: Path = REPOSITORY) -> Iterator[subprocess.Popen]:
    """gunicorn serving `app` ("module:factory()") on 127.0.0.1:`port`, stopped on exit.

    `arguments` go before the app (e.g. ["-c", "python:config.gunicorn"], or
    ["--workers", "2", "--worker-class", "sync"]); the access log is off.
    """
    binary = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    with open(log, "a") as output:
        process = subprocess.Popen(
            [binary, *(arguments or []), "--bind", f"127.0.0.1:{port}", "--access-logfile", "/dev/null", app],
            cwd=cwd, env=environment, stdout=output, stderr=output)
        try:
            wait_for_port(port, process, log=log)
            yield process
        finally:
            stop([process])
