"""GET and DELETE /v1/jobs/<job_id>."""

from __future__ import annotations

from rq.job import Job
from rq.serializers import JSONSerializer

STATEMENT = {"text": "The bridge reopened on Monday.", "evidence": [{"source": "city", "stance": "confirms"}]}


def test_a_queued_job_says_queued_with_retry_after(client):
    posted = client.post("/v1/statements", json=STATEMENT).get_json()

    response = client.get(f"/v1/jobs/{posted['job_id']}")

    assert response.status_code == 200
    assert response.get_json() == {
        "job_id": posted["job_id"], "statement_id": posted["statement_id"], "status": "queued",
    }
    assert "Retry-After" in response.headers


def test_a_finished_job_has_no_retry_after(client, run_jobs):
    posted = client.post("/v1/statements", json=STATEMENT).get_json()
    run_jobs()

    response = client.get(f"/v1/jobs/{posted['job_id']}")

    assert response.get_json()["status"] == "succeeded"
    assert "Retry-After" not in response.headers


def test_unknown_job_is_a_404_problem(client):
    response = client.get("/v1/jobs/no-such-job")

    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["status"] == 404


def test_cancel_a_queued_job_and_resubmit(client, run_jobs):
    posted = client.post("/v1/statements", json=STATEMENT).get_json()

    canceled = client.delete(f"/v1/jobs/{posted['job_id']}")

    assert canceled.status_code == 200
    assert canceled.get_json()["status"] == "canceled"
    run_jobs()
    assert client.get(f"/v1/jobs/{posted['job_id']}").get_json()["status"] == "canceled"
    again = client.post("/v1/statements", json=STATEMENT).get_json()
    assert again["job_id"] != posted["job_id"]


def test_a_finished_job_cannot_be_canceled(client, run_jobs):
    posted = client.post("/v1/statements", json=STATEMENT).get_json()
    run_jobs()

    response = client.delete(f"/v1/jobs/{posted['job_id']}")

    assert response.status_code == 409
    assert "succeeded" in response.get_json()["detail"]


def test_a_failed_job_reports_an_error_without_internals(client, clients, run_jobs, monkeypatch):
    import workers.tasks

    def broken(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(workers.tasks, "score_statement", broken)
    posted = client.post("/v1/statements", json=STATEMENT).get_json()
    run_jobs()

    body = client.get(f"/v1/jobs/{posted['job_id']}").get_json()

    assert body["status"] == "failed"
    assert body["error"]["title"] == "Scoring failed"
    assert "secret" not in str(body)
    job = Job.fetch(posted["job_id"], connection=clients.raw, serializer=JSONSerializer)
    assert job.retries_left == 0  # RQ retried it before giving up


def test_a_failed_statement_can_be_submitted_again(client, run_jobs, monkeypatch):
    import workers.tasks

    real = workers.tasks.score_statement
    monkeypatch.setattr(workers.tasks, "score_statement", lambda *a, **k: 1 / 0)
    failed = client.post("/v1/statements", json=STATEMENT).get_json()
    run_jobs()
    monkeypatch.setattr(workers.tasks, "score_statement", real)

    again = client.post("/v1/statements", json=STATEMENT).get_json()
    run_jobs()

    assert again["job_id"] != failed["job_id"]
    assert client.get(f"/v1/jobs/{again['job_id']}").get_json()["status"] == "succeeded"
