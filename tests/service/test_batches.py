"""/v1/batches: a batch scored in chunks, its progress, its item results and its cancellation."""

from __future__ import annotations

from dataclasses import replace

import pytest
from rq import Queue
from rq.serializers import JSONSerializer

from service import create_app


def statements(count: int, start: int = 0) -> list[dict]:
    return [{"text": f"Statement number {n}.", "evidence": [{"source": f"s{n}", "stance": "confirms"}]}
            for n in range(start, start + count)]


@pytest.fixture
def chunked(settings, clients):
    """An app whose batches are scored three statements per job."""
    app = create_app(replace(settings, batch_chunk_size=3), clients)
    return app.test_client()


def queue(clients, settings) -> Queue:
    return Queue(settings.queue_name, connection=clients.raw, serializer=JSONSerializer)


def test_a_batch_is_scored_in_chunks_and_counted(chunked, run_jobs, clients, settings):
    posted = chunked.post("/v1/statements/batch", json={"statements": statements(7)})
    assert posted.status_code == 202
    location = posted.headers["Location"]
    assert queue(clients, settings).count == 3  # 3 + 3 + 1

    before = chunked.get(location).get_json()
    assert (before["total"], before["pending"], before["succeeded"]) == (7, 7, 0)
    run_jobs()
    after = chunked.get(location).get_json()
    assert (after["succeeded"], after["failed"], after["pending"]) == (7, 0, 0)
    assert [i["result"]["text"] for i in after["items"]] == [s["text"] for s in statements(7)]
    page = chunked.get(f"{location}?page=2&per_page=5").get_json()["items"]
    assert [i["statement_id"] for i in page] == [i["statement_id"] for i in after["items"][5:]]
    for item in after["items"]:
        assert chunked.get(f"/v1/statements/{item['statement_id']}").get_json() == item["result"]


def test_a_failing_statement_fails_alone(chunked, run_jobs, monkeypatch):
    import workers.tasks

    real = workers.tasks.score_statement

    def flaky(statement, *args, **kwargs):
        if statement["text"] == "Statement number 1.":
            raise ValueError("cannot read this one")
        return real(statement, *args, **kwargs)

    monkeypatch.setattr(workers.tasks, "score_statement", flaky)
    location = chunked.post("/v1/statements/batch", json={"statements": statements(3)}).headers["Location"]
    run_jobs()

    batch = chunked.get(location).get_json()
    assert (batch["succeeded"], batch["failed"]) == (2, 1)
    failed = batch["items"][1]
    assert failed["status"] == "failed" and "cannot read this one" in failed["error"]
    assert chunked.get(f"/v1/statements/{batch['items'][0]['statement_id']}").status_code == 200


def test_delete_cancels_the_chunks_not_started(chunked, run_jobs, clients, settings):
    location = chunked.post("/v1/statements/batch", json={"statements": statements(4)}).headers["Location"]
    first_chunk = queue(clients, settings).job_ids[0]
    from rq import SimpleWorker

    SimpleWorker([settings.queue_name], connection=clients.raw, serializer=JSONSerializer).work(
        burst=True, max_jobs=1)  # the first chunk runs; the second is still queued
    assert queue(clients, settings).job_ids and first_chunk not in queue(clients, settings).job_ids

    canceled = chunked.delete(location).get_json()
    assert (canceled["succeeded"], canceled["canceled"], canceled["pending"]) == (3, 1, 0)
    run_jobs()
    assert chunked.get(location).get_json()["canceled"] == 1


def test_identical_statements_are_scored_once_per_batch(chunked, run_jobs, clients, settings):
    twice = statements(2) + statements(2)
    posted = chunked.post("/v1/statements/batch", json={"statements": twice}).get_json()
    job = queue(clients, settings).jobs[0]
    assert len(job.args[0]["items"]) == 2
    run_jobs()
    assert chunked.get(f"/v1/batches/{posted['batch_id']}").get_json()["succeeded"] == 4


def test_batches_belong_to_their_workspace(secure_client, key_for):
    alpha, beta = key_for("alpha", "analyst"), key_for("beta", "admin")
    location = secure_client.post("/v1/statements/batch", json={"statements": statements(1)},
                                  headers=alpha).headers["Location"]
    assert secure_client.get(location, headers=alpha).status_code == 200
    assert secure_client.get(location, headers=beta).status_code == 404
    assert secure_client.delete(location, headers=beta).status_code == 404
    assert secure_client.get("/v1/batches/nonsense", headers=alpha).status_code == 404
