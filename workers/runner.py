"""Run an RQ worker on the scoring queue, the same way in every mode."""

from __future__ import annotations

import redis
from rq import SimpleWorker, Worker
from rq.serializers import JSONSerializer

from config.settings import Settings


def build_worker(settings: Settings, connection: redis.Redis, forking: bool = True) -> Worker:
    """A worker on the scoring queue, with the JSON serializer every queue consumer shares."""
    worker_class = Worker if forking else SimpleWorker
    return worker_class(
        [settings.queue_name],
        connection=connection,
        serializer=JSONSerializer,
        default_result_ttl=settings.result_ttl,
    )
