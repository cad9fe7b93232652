"""A worker SIGKILLed mid-job: another worker retries the job within 30 s, and the job status
never says "running" for a job whose worker is dead. Real redis-server, real worker processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from contextlib import ExitStack

import pytest
import redis
from rq import Queue, Retry, Worker
from rq.job import Job
from rq.serializers import JSONSerializer

from config.settings import Settings
from service import create_app
from tests.conftest import wait_for

pytestmark = pytest.mark.redis_server

RECOVERY_DEADLINE = 30.0


def start_worker(url: str, *options: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"} | {"REDIS_URL": url}
    return subprocess.Popen([sys.executable, "-m", "corroborate", "worker", *options], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def children(pid: int) -> list[int]:
    with open(f"/proc/{pid}/task/{pid}/children") as listing:
        return [int(child) for child in listing.read().split()]


def stop(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()


@pytest.mark.parametrize("options", [(), ("--fork",)], ids=["in-process", "work horse"])
def test_a_job_whose_worker_was_killed_finishes_within_30_s(private_redis, options):
    connection = redis.Redis.from_url(private_redis)
    settings = Settings.from_mapping({"redis_url": private_redis, "auth": "off"})
    client = create_app(settings).test_client()
    with ExitStack() as stack:
        workers = [start_worker(private_redis, *options) for _ in range(2)]
        for worker in workers:
            stack.callback(stop, worker)
        wait_for(lambda: len(Worker.all(connection=connection, serializer=JSONSerializer)) == 2, timeout=30)

        # A job long enough to be killed in the middle of: 4 s asleep.
        queue = Queue(settings.queue_name, connection=connection, serializer=JSONSerializer)
        job = queue.enqueue("time.sleep", 4, retry=Retry(max=3), job_timeout=60)

        def started_by():
            fetched = Job.fetch(job.id, connection=connection, serializer=JSONSerializer)
            return fetched.worker_name if fetched.get_status() == "started" else None

        name = wait_for(started_by, timeout=30)
        (owner,) = [w for w in Worker.all(connection=connection, serializer=JSONSerializer) if w.name == name]
        (victim,) = [p for p in workers if p.pid == owner.pid]
        # RQ puts each work horse in its own process group; killing it too is a container dying
        # (killed alone, the worker leaves a horse that finishes the job by itself).
        for pid in [victim.pid, *children(victim.pid)]:
            os.kill(pid, signal.SIGKILL)
        killed_at = time.monotonic()
        victim.wait()

        statuses = []

        def finished():
            document = client.get(f"/v1/jobs/{job.id}").get_json()
            worker_name = Job.fetch(job.id, connection=connection, serializer=JSONSerializer).worker_name
            statuses.append((time.monotonic() - killed_at, document["status"], worker_name))
            return document["status"] == "succeeded"

        wait_for(finished, timeout=RECOVERY_DEADLINE, interval=0.2)

    # "running" on the dead worker may last while its last heartbeat is fresh, never past that.
    late = [at for at, status, worker_name in statuses
            if status == "running" and worker_name == name and at > settings.abandoned_after + 2]
    assert late == [], statuses
    assert {status for _, status, _ in statuses} <= {"running", "queued", "succeeded"}, statuses
