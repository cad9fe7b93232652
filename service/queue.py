"""Thin adapter over RQ: submit scoring jobs, read their state, cancel them.

The API enqueues by dotted path so it never imports worker code, and every queue consumer uses
RQ's JSON serializer (never pickle).
"""

from __future__ import annotations

import json
import re
import secrets
import time
from dataclasses import dataclass

import redis
from rq import Queue, Retry, Worker
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from rq.serializers import JSONSerializer

from config.redis_keys import batch_items_key, batch_key, inflight_key
from config.settings import Settings

SCORE_JOB = "workers.tasks.score_statement_job"
STORE_DOCUMENT_JOB = "workers.tasks.store_document_job"
SCORE_BATCH_JOB = "workers.tasks.score_batch_job"
# Why a statement with no usable result is scored (the other causes are in service/cache.py).
SUBMITTED = "submitted"

_STATUS_WORDS = {
    JobStatus.CREATED: "queued",
    JobStatus.QUEUED: "queued",
    JobStatus.DEFERRED: "queued",
    JobStatus.SCHEDULED: "queued",
    JobStatus.READY_TO_ENQUEUE: "queued",
    JobStatus.RATE_LIMITED: "queued",
    JobStatus.STARTED: "running",
    JobStatus.FINISHED: "succeeded",
    JobStatus.FAILED: "failed",
    JobStatus.STOPPED: "failed",
    JobStatus.CANCELED: "canceled",
}
_PENDING = {"queued", "running"}
_JOB_ID = re.compile(r"[A-Za-z0-9_-]{1,128}")
# Concurrent submissions of the same statements retry their claim transaction this often.
_CLAIM_ATTEMPTS = 20
# RQ adds this to every heartbeat's TTL (rq/worker/base.py, get_heartbeat_ttl), so a job's entry
# in the StartedJobRegistry expires at its last heartbeat + min(time left, interval) + 60 s.
RQ_HEARTBEAT_GRACE = 60


def abandoned_cutoff(settings: Settings, now: float | None = None) -> float:
    """StartedJobRegistry score below which a running job's worker is taken for dead.

    "Now" minus RQ's grace, plus one interval, is where the entry of a job heartbeated at this
    very moment would be; `abandoned_after` seconds later than that picks exactly the jobs whose
    last heartbeat is older than `abandoned_after`. A live job (heartbeat at most one interval
    old) is never picked before its own timeout, nor is an in-process worker's job (its entry
    is its start + job timeout + 60 s).
    """
    now = time.time() if now is None else now
    return now + RQ_HEARTBEAT_GRACE + settings.heartbeat_interval - settings.abandoned_after


@dataclass(frozen=True)
class JobView:
    job_id: str
    statement_id: str | None
    status: str
    result: dict | None = None
    # A failed job retried by RQ is back to "queued"; this says how many tries are left.
    retries_left: int | None = None
    document_id: str | None = None
    # The key that submitted it (None when auth is off), which may cancel it besides editors.
    submitted_by: str | None = None


class ScoringQueue:
    def __init__(self, raw: redis.Redis, text: redis.Redis, settings: Settings):
        self.raw, self.text, self.settings = raw, text, settings
        self.queue = Queue(settings.queue_name, connection=raw, serializer=JSONSerializer)

    def submit_document(self, workspace: str, key_id: str | None, document_id: str, document: dict) -> str:
        """Queue a document for the workspace's evidence store; its job id."""
        job = self.queue.prepare_data(
            STORE_DOCUMENT_JOB,
            args=({"workspace": workspace, "document_id": document_id, "document": document},),
            job_id=secrets.token_urlsafe(18),
            meta={"document_id": document_id, "workspace": workspace, "submitted_by": key_id},
            description=f"store {document_id}",
            **self._lifetimes(),
        )
        return self.queue.enqueue_many([job])[0].id

    def submit(self, workspace: str, key_id: str | None, statement_id: str, statement: dict,
               cause: str = SUBMITTED) -> str:
        return self.submit_many(workspace, key_id, [(statement_id, statement)], {statement_id: cause})[0]

    def submit_many(self, workspace: str, key_id: str | None, items: list[tuple[str, dict]],
                    causes: dict[str, str] | None = None) -> list[str]:
        """Job ids, in order; a statement already being scored in the workspace reuses its job.

        `causes` says why a statement is (re)scored, saved with its result (default "submitted").

        Claims and jobs are written in one MULTI/EXEC, under WATCH of the claim keys: either
        every new job is enqueued with its claim, or nothing is and the Redis error reaches the
        caller (a 503). So no caller, this one or a later one sharing a claim, is ever handed
        the id of a job that was not enqueued. A claim changed by a concurrent caller between
        WATCH and EXEC aborts the transaction, and it is tried again with the new claims.
        """
        if not items:
            return []
        statements = dict(items)
        keys = {statement_id: inflight_key(workspace, statement_id) for statement_id in statements}
        lifetime = self.settings.queued_ttl + self.settings.job_timeout * (self.settings.retry_max + 1)
        for _ in range(_CLAIM_ATTEMPTS):
            with self.raw.pipeline() as pipe:
                try:
                    pipe.watch(*keys.values())
                    current = dict(zip(keys, pipe.mget(list(keys.values()))))
                    job_ids, to_enqueue = {}, []
                    for statement_id, claim in current.items():
                        live = self._live_job_id(workspace, claim.decode() if claim else None)
                        job_ids[statement_id] = live or secrets.token_urlsafe(18)
                        if live is None:
                            to_enqueue.append(statement_id)
                    pipe.multi()
                    for statement_id in to_enqueue:
                        pipe.set(keys[statement_id], f"{job_ids[statement_id]}@{time.time():.3f}", ex=lifetime)
                    if to_enqueue:
                        self.queue.enqueue_many([
                            self.queue.prepare_data(
                                SCORE_JOB,
                                args=({"workspace": workspace, "statement_id": statement_id,
                                       "statement": statements[statement_id],
                                       "cause": (causes or {}).get(statement_id, SUBMITTED)},),
                                job_id=job_ids[statement_id],
                                meta={"statement_id": statement_id, "workspace": workspace,
                                      "submitted_by": key_id},
                                description=f"score {statement_id}",
                                **self._lifetimes(),
                            )
                            for statement_id in to_enqueue
                        ], pipeline=pipe)
                    pipe.execute()
                    return [job_ids[statement_id] for statement_id, _ in items]
                except redis.WatchError:
                    continue
        raise redis.exceptions.ConnectionError("the job claims kept changing; try again")

    def submit_batch(self, workspace: str, key_id: str | None, ordered_ids: list[str],
                     pending: list[tuple[str, dict]], causes: dict[str, str], done: list[str]) -> str:
        """Record a batch and enqueue its pending statements in chunks of `batch_chunk_size`, one
        RQ job per chunk, all in one MULTI/EXEC; the batch id.

        `ordered_ids` are every item's statement id in input order; `done` those already scored.
        Each statement is scored once per batch however often it appears.
        """
        batch_id = "bat_" + secrets.token_urlsafe(18)
        unique = list(dict(pending).items())
        size = self.settings.batch_chunk_size
        chunks = [unique[start:start + size] for start in range(0, len(unique), size)]
        key, items_key = batch_key(workspace, batch_id), batch_items_key(workspace, batch_id)
        lifetime = self.settings.queued_ttl + self.settings.job_timeout * (self.settings.retry_max + 1) \
            + self.settings.cache_ttl
        status = {sid: '{"status": "queued"}' for sid, _ in unique}
        status.update({sid: '{"status": "succeeded"}' for sid in done})
        with self.raw.pipeline(transaction=True) as pipe:
            jobs = []
            for chunk in chunks:
                job_id = secrets.token_urlsafe(18)
                status[f"chunk:{job_id}"] = json.dumps([sid for sid, _ in chunk])
                jobs.append(self.queue.prepare_data(
                    SCORE_BATCH_JOB,
                    args=({"workspace": workspace, "batch_id": batch_id, "items": [
                        {"statement_id": sid, "statement": statement, "cause": causes.get(sid, SUBMITTED)}
                        for sid, statement in chunk]},),
                    job_id=job_id,
                    meta={"batch_id": batch_id, "workspace": workspace, "submitted_by": key_id},
                    description=f"score {len(chunk)} statements of {batch_id}",
                    **self._lifetimes(),
                ))
            pipe.hset(key, mapping={"total": len(ordered_ids), "submitted_by": key_id or "", **status})
            pipe.expire(key, lifetime)
            if ordered_ids:
                pipe.rpush(items_key, *ordered_ids)
                pipe.expire(items_key, lifetime)
            if jobs:
                self.queue.enqueue_many(jobs, pipeline=pipe)
            pipe.execute()
        return batch_id

    def _live_job_id(self, workspace: str, claim: str | None) -> str | None:
        """The job id of a claim whose job is still queued or running, else None."""
        if not claim:
            return None
        job_id = claim.partition("@")[0]
        view = self.view(workspace, job_id)
        return job_id if view is not None and view.status in _PENDING else None

    def _lifetimes(self) -> dict:
        """Every job's timeout, TTLs and retry policy, from the settings."""
        retry = None
        if self.settings.retry_max:
            retry = Retry(max=self.settings.retry_max, interval=list(self.settings.retry_intervals))
        return {
            "timeout": self.settings.job_timeout,
            "result_ttl": self.settings.result_ttl,
            "failure_ttl": self.settings.failure_ttl,
            "ttl": self.settings.queued_ttl,
            "retry": retry,
        }

    def view(self, workspace: str, job_id: str) -> JobView | None:
        """The job's state, or None when unknown or another workspace's (never tell them apart)."""
        if not _JOB_ID.fullmatch(job_id):
            return None  # not an id RQ could have made: unknown, not an error
        try:
            job = Job.fetch(job_id, connection=self.raw, serializer=JSONSerializer)
        except NoSuchJobError:
            return None
        if job.meta.get("workspace", "default") != workspace:
            return None
        status = _STATUS_WORDS.get(job.get_status(refresh=False), "queued")
        if status == "running" and self._abandoned(job):
            # Its worker died: RQ still says "started" until the job is retried (within
            # seconds, by a live worker's reaper), and for a client it is back in the queue.
            status = "queued" if job.retries_left else "failed"
        result = job.return_value() if status == "succeeded" else None
        return JobView(
            job_id=job.id,
            statement_id=job.meta.get("statement_id"),
            status=status,
            result=result,
            retries_left=job.retries_left,
            document_id=job.meta.get("document_id"),
            submitted_by=job.meta.get("submitted_by"),
        )

    def _abandoned(self, job: Job) -> bool:
        """Whether a started job's worker is gone: its key expired, or its heartbeat stopped
        (by the same rule as the reaper that will retry it, workers/runner.py)."""
        worker_key = f"{Worker.redis_worker_namespace_prefix}{job.worker_name}" if job.worker_name else None
        if worker_key and not self.raw.exists(worker_key):
            return True
        return job.id in self.queue.started_job_registry.get_expired_job_ids(abandoned_cutoff(self.settings))

    def cancel(self, workspace: str, job_id: str) -> JobView | None:
        """Cancel a queued job; returns its view after the attempt (None when unknown)."""
        view = self.view(workspace, job_id)
        if view is None or view.status != "queued":
            return view
        job = Job.fetch(job_id, connection=self.raw, serializer=JSONSerializer)
        job.cancel()
        if view.statement_id is None:
            return self.view(workspace, job_id)
        # Let the next identical submission start afresh instead of finding a canceled job.
        key = inflight_key(workspace, view.statement_id)
        with self.text.pipeline() as pipe:
            try:
                pipe.watch(key)
                if (pipe.get(key) or "").partition("@")[0] == job_id:
                    pipe.multi()
                    pipe.delete(key)
                    pipe.execute()
            except redis.WatchError:
                pass
        return self.view(workspace, job_id)
