"""Run an RQ worker on the scoring queue, the same way in every mode."""

from __future__ import annotations

import redis
from rq import SimpleWorker, Worker
from rq.serializers import JSONSerializer

from config.settings import Settings

# Imported here, before any fork, so each job's work horse inherits the scoring engine (and
# SciPy) instead of importing it again: that import cost ~0.3 s per job when left to the horse.
import workers.tasks  # noqa: F401,E402


def build_worker(settings: Settings, connection: redis.Redis, forking: bool = False) -> Worker:
    """A worker on the scoring queue, with the JSON serializer every queue consumer shares.

    Scoring is short, pure-Python work, so by default jobs run in the worker process itself:
    benchmarks/throughput.py measured 196 statements/s against 37 for a fork per job. RQ still
    enforces each job's timeout (SIGALRM) and, when a worker dies mid-job, another worker's
    maintenance finds the abandoned job and retries it while it has retries left.
    """
    worker_class = Worker if forking else SimpleWorker
    return worker_class(
        [settings.queue_name],
        connection=connection,
        serializer=JSONSerializer,
        default_result_ttl=settings.result_ttl,
    )
