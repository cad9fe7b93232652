"""The default worker runs jobs in-process and still heartbeats them, so a long job stays alive
in RQ's StartedJobRegistry and a dead worker's job does not (tests/e2e/test_crash.py kills one)."""

from __future__ import annotations

import threading
import time

import redis
from rq import Queue
from rq.registry import StartedJobRegistry
from rq.serializers import JSONSerializer

from config.settings import Settings
from workers.runner import HeartbeatingWorker, build_worker


def test_the_default_worker_runs_in_process_and_heartbeats(private_redis):
    connection = redis.Redis.from_url(private_redis)
    settings = Settings.from_mapping({"redis_url": private_redis, "heartbeat_interval": 1})
    queue = Queue(settings.queue_name, connection=connection, serializer=JSONSerializer)
    job = queue.enqueue("time.sleep", 3.5, job_timeout=600)
    worker = build_worker(settings, connection)
    assert isinstance(worker, HeartbeatingWorker)
    registry = StartedJobRegistry(queue=queue)
    expiries, done = [], threading.Event()

    def sample() -> None:
        while not done.is_set():
            entries = connection.zrange(registry.key, 0, -1, withscores=True)
            expiries.extend(score for member, score in entries if member.decode().startswith(job.id))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        worker.work(burst=True, logging_level="WARNING")  # RQ's signal handling needs the main thread
    finally:
        done.set()
        sampler.join()
    assert job.get_status(refresh=True) == "finished"
    # One interval + RQ's grace ahead of each beat (not the 600 s timeout), moved on by each beat.
    assert expiries and max(expiries) < time.time() + 600
    assert max(expiries) - min(expiries) >= 2, expiries
