"""A throw-away PostgreSQL server from the machine's own binaries, for tests and benchmarks.

It lives in a fresh temporary folder and listens only on a unix socket there (no TCP at all), so it
never meets the PostgreSQL this machine may run on port 5432. initdb refuses to run as root, so as
root the server runs as the `postgres` system user (created when missing) and owns the folder.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Any number: with no TCP listener it only names the socket file inside our own folder.
PORT = 55432
SERVER_USER = "postgres"


class Unavailable(RuntimeError):
    """This machine cannot run a private PostgreSQL (the message says why)."""


def binaries() -> Path:
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).parent
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if not found:
        raise Unavailable("no PostgreSQL binaries (initdb, pg_ctl): `apt-get install postgresql` (.ci/run does)")
    return Path(found[-1]).parent


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    try:
        pwd.getpwnam(SERVER_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SERVER_USER],
                       check=True)
    return ["runuser", "-u", SERVER_USER, "--", *command]


@contextmanager
def private_postgresql() -> Iterator[str]:
    """Start a private server; yield its SQLAlchemy URL; stop it and remove its folder."""
    bin_dir = binaries()
    folder = Path(tempfile.mkdtemp(prefix="corroborate-pg-"))
    data = folder / "data"
    try:
        if os.geteuid() == 0:
            _as_server_user(["true"])
            shutil.chown(folder, SERVER_USER, SERVER_USER)
        run = lambda command: subprocess.run(_as_server_user(command), check=True, capture_output=True, text=True)
        try:
            run([str(bin_dir / "initdb"), "-D", str(data), "-U", "corroborate", "--auth=trust",
                 "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"])
            run([str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log"), "-w", "-t", "30",
                 "-o", f"-k {folder} -c listen_addresses='' -p {PORT} -c fsync=off", "start"])
        except subprocess.CalledProcessError as error:
            log = (folder / "server.log").read_text() if (folder / "server.log").exists() else ""
            raise Unavailable(f"the private PostgreSQL did not start: {error.stderr.strip()} {log[-500:]}") from None
        try:
            yield f"postgresql+psycopg://corroborate@/postgres?host={folder}&port={PORT}"
        finally:
            run([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"])
    finally:
        shutil.rmtree(folder, ignore_errors=True)
