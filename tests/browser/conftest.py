"""Headless Chromium (Debian's /usr/bin/chromium) driven by Playwright, against a real
`python -m corroborate serve` on a free loopback port. No browser is ever downloaded."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import urllib.request

import pytest

from tests.conftest import REPOSITORY, free_port, wait_for

CHROMIUM = os.environ.get("CORROBORATE_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright for Python is not installed (pip install '.[test]')")
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install chromium (.ci/run does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--no-sandbox", "--disable-dev-shm-usage"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    yield page
    context.close()
    # A CSP violation or a script error shows up here: the pages run no inline code.
    assert not errors, errors


def serve(environment: dict, log_path) -> tuple[str, subprocess.Popen]:
    port = free_port()
    log = open(log_path, "w")
    process = subprocess.Popen([sys.executable, "-m", "corroborate", "serve", "--port", str(port)],
                               cwd=REPOSITORY, env=environment, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"

    def healthy():
        if process.poll() is not None:
            pytest.fail(f"corroborate serve exited: {open(log_path).read()[-2000:]}")
        try:
            return urllib.request.urlopen(url + "/healthz", timeout=1).status == 200
        except OSError:
            return False

    wait_for(healthy, timeout=60)
    return url, process


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _environment(**extra) -> dict:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("REDIS_URL", "CORROBORATE_"))}
    return {**environment, **extra}


@pytest.fixture(scope="session")
def embedded_server(tmp_path_factory):
    """Embedded mode: an in-process Redis and worker, auth off, as `make run` starts it."""
    url, process = serve(_environment(), tmp_path_factory.mktemp("embedded") / "serve.log")
    yield url
    stop(process)


@pytest.fixture
def secure_server(private_redis, tmp_path):
    """Keys required, over a private redis-server; yields (url, make_key(role) -> secret)."""
    environment = _environment(REDIS_URL=private_redis, CORROBORATE_AUTH="required",
                               CORROBORATE_SESSION_SECRET="browser-test-secret")
    url, process = serve(environment, tmp_path / "serve.log")

    def make_key(role: str) -> str:
        created = subprocess.run(
            [sys.executable, "-m", "corroborate", "keys", "create", "--workspace", "newsroom", "--role", role],
            cwd=REPOSITORY, env=environment, capture_output=True, text=True, check=True)
        return created.stdout.strip().splitlines()[-1]

    yield url, make_key
    stop(process)
