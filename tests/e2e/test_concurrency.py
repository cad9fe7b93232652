"""Identical concurrent submissions create one job, against a real Redis."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import redis
from rq import Queue
from rq.serializers import JSONSerializer

from config.settings import Settings
from service import create_app

pytestmark = pytest.mark.redis_server


def test_twenty_simultaneous_posts_of_one_statement_make_one_job(private_redis):
    settings = Settings.from_mapping({"redis_url": private_redis})
    app = create_app(settings)
    _, secret = app.extensions["corroborate"].keys.create("newsroom", "analyst")
    statement = {"text": "The bridge reopened.", "evidence": [{"source": "city", "stance": "confirms"}]}

    def post(_):
        with app.test_client() as client:
            response = client.post("/v1/statements", json=statement, headers={"Authorization": f"Bearer {secret}"})
            return response.get_json()["job_id"]

    with ThreadPoolExecutor(max_workers=20) as pool:
        job_ids = set(pool.map(post, range(20)))

    assert len(job_ids) == 1
    queue = Queue(settings.queue_name, connection=redis.Redis.from_url(private_redis), serializer=JSONSerializer)
    assert queue.count == 1
