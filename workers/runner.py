"""Run an RQ worker on the scoring queue, the same way in every mode."""

from __future__ import annotations

import logging
import threading
import time

import redis
from rq import Queue, SimpleWorker, Worker
from rq.registry import StartedJobRegistry
from rq.serializers import JSONSerializer

from config.settings import Settings
from service.queue import abandoned_cutoff

# Imported here, before any fork, so each job's work horse inherits the scoring engine (and
# SciPy) instead of importing it again: that import cost ~0.3 s per job when left to the horse.
import workers.tasks  # noqa: F401,E402

log = logging.getLogger(__name__)


def build_worker(settings: Settings, connection: redis.Redis, forking: bool = True) -> Worker:
    """A worker on the scoring queue, with the JSON serializer every queue consumer shares.

    A forking worker runs each job in a work horse and heartbeats it every
    `heartbeat_interval` seconds, so a worker that dies mid-job is noticed (see
    `reap_abandoned_jobs`); that costs throughput (benchmarks/throughput.py: 37 statements/s
    per worker against 196 in-process), which crash safety is worth. Embedded mode runs jobs in
    its own process (SimpleWorker): when that process dies, the in-process Redis dies with it.
    """
    worker_class = Worker if forking else SimpleWorker
    # Opened (and an embedded SQLite file migrated) once here, not in every work horse; the pool
    # is emptied so no connection crosses a fork: each horse connects afresh.
    workers.tasks.worker_store().engine.dispose()
    return worker_class(
        [settings.queue_name],
        connection=connection,
        serializer=JSONSerializer,
        default_result_ttl=settings.result_ttl,
        job_monitoring_interval=settings.heartbeat_interval,
        # RQ's own clean-up (expired registries, dead workers' keys) every minute instead of ten.
        maintenance_interval=60,
    )


def reap_abandoned_jobs(queue: Queue, settings: Settings, now: float | None = None) -> list[str]:
    """Retry (or fail, without retries left) the running jobs whose heartbeat stopped.

    RQ's StartedJobRegistry.cleanup does the retrying; left to itself it only sees a job as
    abandoned 60 s + one interval after its last heartbeat, and a worker runs it every
    maintenance_interval: ~13 minutes by default. Given the cut-off of `abandoned_cutoff`, it
    picks exactly the jobs whose last heartbeat is older than `abandoned_after`.
    """
    registry = StartedJobRegistry(queue=queue)
    cutoff = abandoned_cutoff(settings, now)
    abandoned = registry.get_expired_job_ids(cutoff)
    if abandoned:
        log.warning("retrying %d job(s) whose worker stopped heartbeating: %s", len(abandoned), abandoned)
        registry.cleanup(timestamp=cutoff)
    return abandoned


def start_reaper(settings: Settings, connection: redis.Redis) -> threading.Thread:
    """Reap abandoned jobs every heartbeat interval; one worker at a time does it."""
    queue = Queue(settings.queue_name, connection=connection, serializer=JSONSerializer)
    lock = f"corroborate:reaper:{settings.queue_name}"

    def loop() -> None:
        while True:
            try:
                if connection.set(lock, "1", nx=True, ex=settings.heartbeat_interval):
                    reap_abandoned_jobs(queue, settings)
            except redis.exceptions.RedisError as error:
                log.warning("reaper: redis unavailable: %s", error)
            time.sleep(settings.heartbeat_interval)

    thread = threading.Thread(target=loop, name="reaper", daemon=True)
    thread.start()
    return thread
