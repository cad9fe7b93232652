"""Bad input gets a 4xx problem document naming the field; nothing is enqueued."""

from __future__ import annotations

import pytest
from rq import Queue
from rq.serializers import JSONSerializer


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status and body["title"]
    return body


@pytest.fixture(autouse=True)
def nothing_enqueued(clients, settings):
    yield
    assert Queue(settings.queue_name, connection=clients.raw, serializer=JSONSerializer).count == 0


def test_malformed_json(client):
    body = problem(client.post("/v1/statements", data="{not json", content_type="application/json"), 400)
    assert body["errors"][0]["field"] == "body"


def test_wrong_content_type(client):
    problem(client.post("/v1/statements", data="text=x", content_type="text/plain"), 415)


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"evidence": []}, "text"),
        ({"text": "   "}, "text"),
        ({"text": "x" * 2001}, "text"),
        ({"text": 42}, "text"),
        ({"text": "ok", "evidence": "none"}, "evidence"),
        ({"text": "ok", "evidence": [{"source": "a", "stance": "maybe"}]}, "evidence[0].stance"),
        ({"text": "ok", "evidence": [{"stance": "confirms"}]}, "evidence[0].source"),
        ({"text": "ok", "evidence": [{"source": "", "stance": "confirms"}]}, "evidence[0].source"),
        ({"text": "ok", "evidence": [{"source": 7, "stance": "confirms"}]}, "evidence[0].source"),
        ({"text": "ok", "evidence": [{"source": {"id": "a", "reliability": 2}, "stance": "denies"}]},
         "evidence[0].source.reliability"),
        ({"text": "ok", "evidence": [{"source": "a", "stance": "denies", "url": "not a url"}]},
         "evidence[0].url"),
        ({"text": "ok", "evidence": [{"source": "a", "stance": "denies", "published_at": "yesterday"}]},
         "evidence[0].published_at"),
        ({"text": "ok", "evidence": [{"source": "a", "stance": "denies", "cites": "b"}]}, "evidence[0].cites"),
        ({"text": "ok", "colour": "red"}, "colour"),
        ([1, 2, 3], "body"),
    ],
)
def test_each_bad_field_is_named(client, payload, field):
    body = problem(client.post("/v1/statements", json=payload), 422)
    assert field in [error["field"] for error in body["errors"]], body


def test_too_many_evidence_items(client, app):
    limit = app.config["CORROBORATE"].max_evidence
    payload = {"text": "ok", "evidence": [{"source": "a", "stance": "confirms"}] * (limit + 1)}

    body = problem(client.post("/v1/statements", json=payload), 422)

    assert body["errors"] == [{"field": "evidence", "message": f"Must hold at most {limit} items."}]


def test_oversized_body(client, app):
    size = app.config["CORROBORATE"].max_body_bytes + 1
    response = client.post("/v1/statements", data=b"{" + b" " * size + b"}", content_type="application/json")
    problem(response, 413)


def test_batch_must_be_an_object_with_statements(client):
    body = problem(client.post("/v1/statements/batch", json={"statements": []}), 422)
    assert body["errors"][0]["field"] == "statements"
    body = problem(client.post("/v1/statements/batch", json={"statements": ["x"]}), 422)
    assert body["errors"][0]["field"] == "statements[0]"


def test_unknown_route_and_method_are_problems(client):
    problem(client.get("/v1/nothing-here"), 404)
    problem(client.put("/v1/statements"), 405)


def test_evidence_items_that_are_not_objects(client):
    body = problem(client.post("/v1/statements", json={"text": "ok", "evidence": [False, "x"]}), 422)
    assert {e["field"] for e in body["errors"]} == {"evidence[0]", "evidence[1]"}


@pytest.mark.parametrize("job_id", ["%0A%27", "%C3%97H%3BP", "a" * 300])
def test_job_ids_rq_could_not_have_made_are_unknown(client, job_id):
    problem(client.get(f"/v1/jobs/{job_id}"), 404)
    problem(client.delete(f"/v1/jobs/{job_id}"), 404)
