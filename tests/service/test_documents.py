"""/v1/documents: the evidence store, and statements scored against it."""

from __future__ import annotations

import pytest

ARTICLE = {
    "source": {"id": "harbour-gazette", "name": "Harbour Gazette"},
    "url": "https://example.org/ferry",
    "text": (
        "Orkney Islands Council confirmed on Monday that the NorthLink night ferry to Orkney has "
        "been cancelled for the winter. The Coastguard Agency also said the NorthLink ferry to "
        "Orkney was cancelled after an inspection. NorthLink declined to comment."
    ),
}
STATEMENT = "The NorthLink night ferry to Orkney has been cancelled."


def store(client, run_jobs, document=ARTICLE) -> dict:
    response = client.post("/v1/documents", json=document)
    assert response.status_code == 202, response.get_json()
    run_jobs()
    job = client.get(response.headers["Location"]).get_json()
    assert job["status"] == "succeeded", job
    return job


def test_a_stored_document_is_pollable_and_readable(client, run_jobs):
    job = store(client, run_jobs)

    assert job["document_id"].startswith("doc_")
    stored = client.get(f"/v1/documents/{job['document_id']}").get_json()
    assert stored["source"] == ARTICLE["source"] and stored["sentences"] == 3
    assert "text" not in stored


def test_the_same_article_is_stored_once(client, run_jobs):
    assert store(client, run_jobs)["document_id"] == store(client, run_jobs)["document_id"]


def test_a_statement_without_evidence_is_scored_against_the_store(client, run_jobs):
    store(client, run_jobs)
    store(client, run_jobs, {"source": "sports-desk", "text": "The home side won the cup final on penalties."})

    posted = client.post("/v1/statements", json={"text": STATEMENT})
    run_jobs()
    result = client.get(f"/v1/jobs/{posted.get_json()['job_id']}").get_json()["result"]

    assert [d["source"] for d in result["documents"]] == ["harbour-gazette"]
    assert named(result, "confirms") == {"orkney islands council", "coastguard agency"}
    assert named(result, "neutral") == {"northlink"}


def test_a_new_document_makes_scores_from_the_store_stale(client, run_jobs):
    store(client, run_jobs)
    first = client.post("/v1/statements", json={"text": STATEMENT}).get_json()
    run_jobs()
    assert client.post("/v1/statements", json={"text": STATEMENT}).status_code == 200

    store(client, run_jobs, {"source": "island-radio", "text": "Transport Scotland denied that the "
                             "NorthLink night ferry to Orkney has been cancelled."})

    assert client.get(f"/v1/statements/{first['statement_id']}").status_code == 404
    again = client.post("/v1/statements", json={"text": STATEMENT})
    assert again.status_code == 202
    run_jobs()
    result = client.get(f"/v1/statements/{first['statement_id']}").get_json()
    assert len(result["documents"]) == 2


def test_scores_from_given_evidence_do_not_go_stale_when_a_document_arrives(client, run_jobs):
    statement = {"text": STATEMENT, "evidence": [{"source": "a", "stance": "confirms"}]}
    client.post("/v1/statements", json=statement)
    run_jobs()

    store(client, run_jobs)

    assert client.post("/v1/statements", json=statement).status_code == 200


def test_a_quote_without_a_stance_gets_one_inferred(client, run_jobs):
    statement = {"text": STATEMENT, "evidence": [
        {"source": "northlink", "quote": "NorthLink did not deny that the night ferry to Orkney has been cancelled."},
        {"source": "coastguard", "quote": "The NorthLink night ferry to Orkney has been cancelled, the coastguard confirmed."},
    ]}
    posted = client.post("/v1/statements", json=statement).get_json()
    run_jobs()

    evidence = client.get(f"/v1/jobs/{posted['job_id']}").get_json()["result"]["evidence"]

    assert [e["stance"] for e in evidence] == ["neutral", "confirms"]
    assert all(e["stance_inferred"] and 0 <= e["confidence"] <= 1 for e in evidence)


@pytest.mark.parametrize(
    "document, field",
    [
        ({"source": "x", "text": "   "}, "text"),
        ({"source": "x", "text": "\x00\x01\x02binary\x00"}, "text"),
        ({"source": "x"}, "text"),
        ({"text": "words"}, "source"),
        ({"source": "x", "text": "ok", "url": "nope"}, "url"),
    ],
)
def test_bad_documents_name_the_field(client, document, field):
    response = client.post("/v1/documents", json=document)
    assert response.status_code == 422
    assert field in [e["field"] for e in response.get_json()["errors"]]


def test_ten_megabytes_of_text_is_refused_not_read(client, app):
    limit = app.config["CORROBORATE"].max_document_chars
    # Past the body limit: refused from its Content-Length, before it is read.
    assert client.post("/v1/documents", json={"source": "x", "text": "word " * 2_000_000}).status_code == 413
    response = client.post("/v1/documents", json={"source": "x", "text": "word " * (limit // 4)})
    assert response.status_code == 422
    assert response.get_json()["errors"] == [{"field": "text", "message": f"Must be at most {limit} characters."}]


def test_text_in_another_language_takes_no_side(client, run_jobs):
    document = {"source": "x", "text": "Der Nachtfähre zu den Inseln wurde für den Winter eingestellt, "
                                       "bestätigte die Hafenbehörde am Montag."}
    posted = client.post("/v1/statements", json={"text": STATEMENT, "documents": [document]}).get_json()
    run_jobs()

    result = client.get(f"/v1/jobs/{posted['job_id']}").get_json()["result"]

    assert result["verdict"] == "unverified"
    assert result["counts"]["confirming"] == result["counts"]["denying"] == 0


def named(result: dict, stance: str) -> set[str]:
    return {s.casefold() for c in result["clusters"] if c["stance"] == stance for s in c["sources"]}


def test_an_article_about_an_unnamed_subject_is_read_too(client, run_jobs):
    article = {"source": "island-times", "text": (
        "The harbour authority confirmed on Monday that the night ferry to the islands has been "
        "cancelled for the winter. The coastguard also said the night ferry was cancelled after an "
        "inspection. The operator declined to comment.")}
    statement = {"text": "The night ferry to the islands has been cancelled.", "documents": [article],
                 "evidence": [{"source": "operator", "quote": "We did not deny that the night ferry has been cancelled."}]}
    posted = client.post("/v1/statements", json=statement).get_json()
    run_jobs()

    result = client.get(f"/v1/jobs/{posted['job_id']}").get_json()["result"]

    assert named(result, "confirms") == {"harbour authority", "coastguard"}
    assert named(result, "neutral") == {"operator"}
    assert result["evidence"][0]["cue"] == "did not deny"
