"""POST /v1/statements, the batch endpoint and GET /v1/statements/<id>, over a real RQ worker."""

from __future__ import annotations

from rq import Queue
from rq.serializers import JSONSerializer

STATEMENT = {
    "text": "North Korean troops are in Russia.",
    "evidence": [
        {"source": "us-government", "stance": "confirms"},
        {"source": {"id": "sk-lawmakers", "name": "South Korean lawmakers"}, "stance": "confirms"},
        {"source": "ukraine", "stance": "confirms"},
        {"source": "kcna", "stance": "neutral"},
    ],
}


def queued_count(clients, settings) -> int:
    return Queue(settings.queue_name, connection=clients.raw, serializer=JSONSerializer).count


def test_post_queues_a_job_then_the_result_is_served(client, run_jobs):
    response = client.post("/v1/statements", json=STATEMENT)

    assert response.status_code == 202
    body = response.get_json()
    assert body["status"] == "queued" and body["statement_id"].startswith("st_")
    assert response.headers["Location"] == f"/v1/jobs/{body['job_id']}"
    assert int(response.headers["Retry-After"]) >= 1
    assert client.get(f"/v1/statements/{body['statement_id']}").status_code == 404

    run_jobs()

    job = client.get(response.headers["Location"]).get_json()
    assert job["status"] == "succeeded"
    assert job["result"]["counts"] == {
        "confirming": 3, "denying": 0, "neutral": 1, "unattributed": 0, "independent": 4, "reports": 4,
    }
    cached = client.get(f"/v1/statements/{body['statement_id']}")
    assert cached.status_code == 200
    assert cached.get_json()["score"] == job["result"]["score"]


def test_the_same_statement_in_another_order_and_spacing_hits_the_cache(client, run_jobs):
    first = client.post("/v1/statements", json=STATEMENT).get_json()
    run_jobs()
    reordered = {
        "text": "  North Korean   troops are in Russia.\n",
        "evidence": [STATEMENT["evidence"][i] for i in (2, 3, 0, 1)],
    }

    again = client.post("/v1/statements", json=reordered)

    assert again.status_code == 200
    body = again.get_json()
    assert body["statement_id"] == first["statement_id"]
    assert body["job_id"] is None and body["cached"] is True and body["status"] == "succeeded"
    assert body["result"]["verdict"] == "corroborated"


def test_identical_concurrent_submissions_share_one_job(client, clients, settings):
    first = client.post("/v1/statements", json=STATEMENT).get_json()
    second = client.post("/v1/statements", json=STATEMENT).get_json()

    assert first["job_id"] == second["job_id"]
    assert queued_count(clients, settings) == 1


def test_job_ids_are_random_even_for_the_same_statement(client, run_jobs, app, clients):
    first = client.post("/v1/statements", json=STATEMENT).get_json()
    run_jobs()
    # The private fake server: forget the cached result and the job (not the workspace's secret).
    clients.text.delete(*[key for key in clients.text.keys("*") if not key.endswith(":secret")])
    second = client.post("/v1/statements", json=STATEMENT).get_json()

    assert second["statement_id"] == first["statement_id"]
    assert second["job_id"] != first["job_id"] and len(second["job_id"]) >= 20


def test_batch_returns_one_entry_per_statement_in_order(client, run_jobs, clients, settings):
    cached_one = {"text": "Cached already.", "evidence": []}
    client.post("/v1/statements", json=cached_one)
    run_jobs()
    statements = [
        {"text": f"Statement number {n}.", "evidence": [{"source": f"s{n}", "stance": "confirms"}]}
        for n in range(5)
    ]
    statements.insert(2, cached_one)
    statements.append(statements[0])

    response = client.post("/v1/statements/batch", json={"statements": statements})

    assert response.status_code == 202
    body = response.get_json()
    items = body["items"]
    assert len(items) == 7 and response.headers["Location"] == f"/v1/batches/{body['batch_id']}"
    assert items[2]["cached"] is True and items[2]["status"] == "succeeded"
    assert items[6]["statement_id"] == items[0]["statement_id"]
    assert queued_count(clients, settings) == 1  # five new statements: one chunk
    run_jobs()
    texts = [client.get(f"/v1/statements/{i['statement_id']}").get_json()["text"] for i in items]
    assert texts == [s["text"] for s in statements]


def test_a_batch_with_one_bad_statement_enqueues_nothing(client, clients, settings):
    statements = [STATEMENT, {"text": "ok", "evidence": [{"source": "a", "stance": "perhaps"}]}]

    response = client.post("/v1/statements/batch", json={"statements": statements})

    assert response.status_code == 422
    fields = [e["field"] for e in response.get_json()["errors"]]
    assert fields == ["statements[1].evidence[0].stance"]
    assert queued_count(clients, settings) == 0


def test_batch_size_is_limited(client):
    too_many = {"statements": [{"text": "x"}] * 1001}

    response = client.post("/v1/statements/batch", json=too_many)

    assert response.status_code == 422
    assert response.get_json()["errors"][0]["field"] == "statements"
