"""A started job whose heartbeat stopped: the reaper hands it back to RQ's retry, a live one is
left alone, and the status route never calls a dead worker's job "running"."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from rq import Queue, Retry, SimpleWorker
from rq.job import Job, JobStatus
from rq.registry import StartedJobRegistry
from rq.serializers import JSONSerializer

from config.settings import Settings
from service.queue import RQ_HEARTBEAT_GRACE
from workers.runner import reap_abandoned_jobs


@pytest.fixture
def queue(clients, settings):
    return Queue(settings.queue_name, connection=clients.raw, serializer=JSONSerializer)


def start(queue: Queue, clients, heartbeat_age: float, worker_alive: bool = True) -> Job:
    """A job marked started by a worker, its last heartbeat `heartbeat_age` seconds ago, with
    the registry entry RQ's forking worker writes: last heartbeat + interval + 60 s."""
    job = queue.enqueue("time.sleep", 0, retry=Retry(max=2))
    queue.remove(job.id)
    worker = SimpleWorker([queue], connection=clients.raw, serializer=JSONSerializer)
    if worker_alive:
        worker.register_birth()
    beat = datetime.now(timezone.utc) - timedelta(seconds=heartbeat_age)
    job.worker_name = worker.name
    job.started_at = beat
    job.set_status(JobStatus.STARTED)
    job.heartbeat(beat, 600)
    job.save()
    registry = StartedJobRegistry(queue=queue)
    clients.raw.zadd(registry.key, {f"{job.id}:execution": beat.timestamp() + 5 + RQ_HEARTBEAT_GRACE})
    return job


def test_a_job_silent_past_the_limit_is_retried_and_a_live_one_is_not(queue, clients):
    settings = Settings.from_mapping({"redis_url": "redis://fake", "heartbeat_interval": 5, "abandoned_after": 15})
    dead = start(queue, clients, heartbeat_age=20)
    alive = start(queue, clients, heartbeat_age=4)

    assert reap_abandoned_jobs(queue, settings) == [dead.id]
    assert dead.get_status(refresh=True) in (JobStatus.QUEUED, JobStatus.SCHEDULED)
    assert Job.fetch(dead.id, connection=clients.raw, serializer=JSONSerializer).retries_left == 1
    assert alive.get_status(refresh=True) == JobStatus.STARTED


@pytest.mark.parametrize("heartbeat_age, worker_alive, status", [
    (1, True, "running"),
    (60, True, "queued"),   # heartbeat stopped
    (1, False, "queued"),   # its worker's key expired
])
def test_the_job_route_says_running_only_while_its_worker_lives(client, queue, clients, heartbeat_age,
                                                               worker_alive, status):
    job = start(queue, clients, heartbeat_age=heartbeat_age, worker_alive=worker_alive)
    assert client.get(f"/v1/jobs/{job.id}").get_json()["status"] == status
