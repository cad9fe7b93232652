"""Thin adapter over RQ: submit scoring jobs, read their state, cancel them.

The API enqueues by dotted path so it never imports worker code, and every queue consumer uses
RQ's JSON serializer (never pickle).
"""

from __future__ import annotations

import re
import secrets
import time
from dataclasses import dataclass

import redis
from rq import Queue, Retry
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from rq.serializers import JSONSerializer

from config.redis_keys import inflight_key
from config.settings import Settings

SCORE_JOB = "workers.tasks.score_statement_job"
STORE_DOCUMENT_JOB = "workers.tasks.store_document_job"

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
# A claim whose job is not in Redis after this long was abandoned by a crashed API process.
ENQUEUE_GRACE_SECONDS = 30


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

    def submit(self, workspace: str, key_id: str | None, statement_id: str, statement: dict) -> str:
        return self.submit_many(workspace, key_id, [(statement_id, statement)])[0]

    def submit_many(self, workspace: str, key_id: str | None, items: list[tuple[str, dict]]) -> list[str]:
        """Job ids, in order; a statement already being scored in the workspace reuses its job."""
        claims: dict[str, tuple[str, bool]] = {}
        for statement_id, _ in items:
            if statement_id not in claims:
                claims[statement_id] = self._claim(workspace, statement_id)

        to_enqueue = [
            self.queue.prepare_data(
                SCORE_JOB,
                args=({"workspace": workspace, "statement_id": statement_id, "statement": statement},),
                job_id=claims[statement_id][0],
                meta={"statement_id": statement_id, "workspace": workspace, "submitted_by": key_id},
                description=f"score {statement_id}",
                **self._lifetimes(),
            )
            for statement_id, statement in dict(items).items()
            if claims[statement_id][1]
        ]
        if to_enqueue:
            with self.raw.pipeline() as pipe:
                self.queue.enqueue_many(to_enqueue, pipeline=pipe)
                pipe.execute()
        return [claims[statement_id][0] for statement_id, _ in items]

    def _claim(self, workspace: str, statement_id: str) -> tuple[str, bool]:
        """(job id, whether this caller must enqueue it) for the job scoring this statement.

        SET NX makes one caller the owner; a claim whose job ended without a result is replaced
        under WATCH, so two callers can never both replace it. The key expires on its own, so a
        crash between claim and enqueue cannot leave a ghost lock behind.
        """
        key = inflight_key(workspace, statement_id)
        lifetime = self.settings.queued_ttl + self.settings.job_timeout * (self.settings.retry_max + 1)
        new_id = secrets.token_urlsafe(18)
        claim = f"{new_id}@{time.time():.3f}"
        if self.text.set(key, claim, nx=True, ex=lifetime):
            return new_id, True
        with self.text.pipeline() as pipe:
            try:
                pipe.watch(key)
                current = pipe.get(key)
                if current and self._claim_is_live(workspace, current):
                    return current.partition("@")[0], False
                pipe.multi()
                pipe.set(key, claim, ex=lifetime)
                pipe.execute()
                return new_id, True
            except redis.WatchError:
                # Another caller replaced the claim first: share its job.
                current = self.text.get(key)
                return (current.partition("@")[0], False) if current else self._claim(workspace, statement_id)

    def _claim_is_live(self, workspace: str, claim: str) -> bool:
        job_id, _, claimed_at = claim.partition("@")
        view = self.view(workspace, job_id)
        if view is None:
            # Claimed but not enqueued yet (the owner is between SET NX and enqueue), unless the
            # claim is old enough that its owner must have died.
            return time.time() - float(claimed_at or 0) < ENQUEUE_GRACE_SECONDS
        return view.status in _PENDING

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
