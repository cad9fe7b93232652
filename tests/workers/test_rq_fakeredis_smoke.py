"""The pinned RQ + fakeredis pair still works together: enqueue, run, fetch, over JSON."""

import fakeredis
from rq import Queue, SimpleWorker
from rq.job import Job
from rq.serializers import JSONSerializer


def test_rq_runs_a_json_job_over_fakeredis():
    connection = fakeredis.FakeRedis(server=fakeredis.FakeServer())
    queue = Queue("smoke", connection=connection, serializer=JSONSerializer)
    job = queue.enqueue("workers.scoring.score_statement", {"text": "t", "evidence": []})

    SimpleWorker([queue], connection=connection, serializer=JSONSerializer).work(burst=True)

    fetched = Job.fetch(job.id, connection=connection, serializer=JSONSerializer)
    assert fetched.get_status() == "finished"
    assert fetched.return_value()["verdict"] == "unverified"
