"""Run an RQ worker on the scoring queue, the same way in every mode."""

from __future__ import annotations

import logging
import threading
import time

import redis
from rq import Queue, SimpleWorker, Worker
from rq.worker import WorkerStatus
from rq.registry import StartedJobRegistry
from rq.serializers import JSONSerializer

from config.redis_keys import evidence_version_key
from config.settings import DatabaseSettings, Settings
from service.audit import drain_buffer
from service.cache import DOCUMENTS_EXPIRED, new_evidence_version
from service.queue import abandoned_cutoff

# Imported here, before any fork, so each job's work horse inherits the scoring engine (and
# SciPy) instead of importing it again: that import cost ~0.3 s per job when left to the horse.
import workers.tasks  # noqa: F401,E402

log = logging.getLogger(__name__)


class HeartbeatingWorker(SimpleWorker):
    """Runs each job in the worker process, heartbeating it from a thread of that process.

    RQ's forking Worker heartbeats a job from the parent while a work horse runs it, so a worker
    that dies mid-job is noticed within `heartbeat_interval` (see `reap_abandoned_jobs`); but a
    fork per job, which then loads the stance and attribution models afresh, costs most of a
    job's time. RQ's SimpleWorker runs jobs in-process but never heartbeats: its job looks alive
    until its timeout + 60 s. Here a thread beats for the job: it dies with the process, so a
    killed worker's job is reaped as a forking worker's is, at the in-process throughput. A
    job's timeout is still enforced by SimpleWorker's SIGALRM death penalty.
    """

    def get_heartbeat_ttl(self, job, working_time: float = 0.0) -> int:
        # The forking worker's TTL (one interval + RQ's grace), not the job timeout + 60 s.
        return Worker.get_heartbeat_ttl(self, job, working_time)

    def execute_job(self, job, queue) -> None:
        execution = self.prepare_execution(job)
        finished = threading.Event()

        def beat() -> None:
            while not finished.wait(self.job_monitoring_interval):
                try:
                    self.maintain_heartbeats(job, execution)
                except redis.exceptions.RedisError as error:
                    log.warning("heartbeat of job %s failed: %s", job.id, error)

        beating = threading.Thread(target=beat, name=f"heartbeat-{job.id}", daemon=True)
        beating.start()
        try:
            self.perform_job(job, queue, execution)
        finally:
            finished.set()
            beating.join()
        self.set_state(WorkerStatus.IDLE)


def build_worker(settings: Settings, connection: redis.Redis, forking: bool = False) -> Worker:
    """A worker on the scoring queue, with the JSON serializer every queue consumer shares.

    By default a `HeartbeatingWorker` (jobs in-process, heartbeated); `forking` gives RQ's
    Worker, which isolates each job in a work horse at a fork per job (benchmarks/throughput.py
    prints both).
    """
    worker_class = Worker if forking else HeartbeatingWorker
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


def evidence_marker(connection: redis.Redis | None):
    """The `touched` callback of Store.delete_documents_older_than: results read from a
    workspace's stored documents go stale, naming retention as the cause (nothing without Redis)."""

    def mark(workspaces: set[str]) -> None:
        if connection is None:
            return
        with connection.pipeline(transaction=False) as pipe:
            for workspace in sorted(workspaces):
                pipe.set(evidence_version_key(workspace), new_evidence_version(DOCUMENTS_EXPIRED))
            pipe.execute()

    return mark


def sweep(store, connection: redis.Redis, database: DatabaseSettings, *, retention_due: bool) -> dict:
    """One round of upkeep of the system of record: move buffered audit entries into the database,
    and (when due) delete the documents retention no longer keeps; what was done."""
    done = {"audit_entries_drained": drain_buffer(connection, store), "documents_deleted": 0}
    if not retention_due:
        return done
    batch, marker = database.retention_batch_size, evidence_marker(connection)
    if database.document_retention_days > 0:
        done["documents_deleted"] += store.delete_documents_older_than(
            database.document_retention_days, batch_size=batch, touched=marker)
    if database.document_retention_max > 0:
        done["documents_deleted"] += store.delete_documents_beyond(
            database.document_retention_max, batch_size=batch, touched=marker)
    if done["documents_deleted"]:
        log.info("retention: deleted %d document(s) (older than %d days, beyond %d per workspace; 0 = no limit)",
                 done["documents_deleted"], database.document_retention_days, database.document_retention_max)
    return done


def sweep_round(store, connection: redis.Redis, settings: Settings, database: DatabaseSettings,
                interval: float) -> dict | None:
    """One sweep, if no other worker swept within `interval` (the retention part at most once per
    CORROBORATE_RETENTION_INTERVAL); what was done, or None when another worker has the turn.

    A lock that lapses mid-sweep only lets two sweepers delete the same rows (deleting a deleted
    row deletes nothing) or drain the same entries (inserted once, by their entry id)."""
    if not connection.set(f"corroborate:sweeper:audit:{settings.queue_name}", "1", nx=True, ex=max(1, int(interval))):
        return None
    due = bool(connection.set(f"corroborate:sweeper:retention:{settings.queue_name}", "1", nx=True,
                              ex=database.retention_interval))
    return sweep(store, connection, database, retention_due=due)


def start_sweeper(settings: Settings, connection: redis.Redis, database: DatabaseSettings | None = None,
                  interval: float | None = None) -> threading.Thread:
    """Drain the audit buffer every heartbeat interval, and delete expired documents every
    CORROBORATE_RETENTION_INTERVAL; one worker at a time does each.

    The thread opens its own Store: a forking worker's work horses must not inherit connections
    this thread is using."""
    from sqlalchemy.exc import SQLAlchemyError

    from workers.store import open_store

    database = database or DatabaseSettings.from_env()
    interval = interval or settings.heartbeat_interval
    store = open_store(database)

    def loop() -> None:
        while True:
            try:
                sweep_round(store, connection, settings, database, interval)
            except redis.exceptions.RedisError as error:
                log.warning("sweeper: redis unavailable: %s", error)
            except SQLAlchemyError as error:
                log.warning("sweeper: database unavailable: %s", str(error).splitlines()[0])
            time.sleep(interval)

    thread = threading.Thread(target=loop, name="sweeper", daemon=True)
    thread.start()
    return thread
