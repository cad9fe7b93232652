"""Everything is scoped to the key's workspace: ids from another workspace are 404, and cannot be
derived from what was posted."""

from __future__ import annotations

import hashlib
import json

import pytest

from config.settings import SCORER_VERSION
from service.fingerprint import statement_id

STATEMENT = {
    "text": "The harbour bridge reopened on Friday.",
    "evidence": [
        {"source": "harbour-authority", "stance": "confirms"},
        {"source": "coast-radio", "stance": "confirms"},
        {"source": "city-paper", "stance": "confirms"},
    ],
}
ARTICLE = {
    "source": "island-times",
    "text": "The harbour authority said the harbour bridge reopened on Friday after repairs. "
            "Coast Radio also reported that the bridge reopened on Friday.",
}


@pytest.fixture
def alpha(key_for):
    return {role: key_for("alpha", role) for role in ("reader", "analyst", "editor", "admin")}


@pytest.fixture
def beta(key_for):
    return {role: key_for("beta", role) for role in ("reader", "analyst", "editor", "admin")}


def test_the_same_statement_has_another_id_in_each_workspace(secure_client, alpha, beta, run_jobs):
    in_alpha = secure_client.post("/v1/statements", json=STATEMENT, headers=alpha["analyst"]).get_json()
    again = secure_client.post("/v1/statements", json=STATEMENT, headers=alpha["analyst"]).get_json()
    in_beta = secure_client.post("/v1/statements", json=STATEMENT, headers=beta["analyst"]).get_json()

    assert again["statement_id"] == in_alpha["statement_id"] and again["job_id"] == in_alpha["job_id"]
    assert in_beta["statement_id"] != in_alpha["statement_id"] and in_beta["job_id"] != in_alpha["job_id"]
    # Not derivable from public inputs: neither the unkeyed fingerprint nor a plain hash of the body.
    public = {statement_id(STATEMENT, SCORER_VERSION),
              "st_" + hashlib.sha256(json.dumps(STATEMENT).encode()).hexdigest()[:40]}
    assert not public & {in_alpha["statement_id"], in_beta["statement_id"]}

    run_jobs()
    assert secure_client.get(f"/v1/statements/{in_alpha['statement_id']}", headers=alpha["reader"]).status_code == 200
    assert secure_client.get(f"/v1/statements/{in_alpha['statement_id']}", headers=beta["admin"]).status_code == 404
    assert secure_client.get(f"/v1/jobs/{in_alpha['job_id']}", headers=beta["admin"]).status_code == 404
    assert secure_client.get(f"/v1/jobs/{in_alpha['job_id']}", headers=alpha["reader"]).status_code == 200


def test_another_workspace_cannot_see_or_cancel_a_job(secure_client, alpha, beta):
    job_id = secure_client.post("/v1/statements", json=STATEMENT, headers=alpha["analyst"]).get_json()["job_id"]

    for role in ("analyst", "editor", "admin"):
        assert secure_client.delete(f"/v1/jobs/{job_id}", headers=beta[role]).status_code == 404
    assert secure_client.get(f"/v1/jobs/{job_id}", headers=alpha["reader"]).get_json()["status"] == "queued"


def test_only_the_submitting_key_or_an_editor_cancels(secure_client, alpha, key_for):
    other_analyst = key_for("alpha", "analyst")
    job_id = secure_client.post("/v1/statements", json=STATEMENT, headers=alpha["analyst"]).get_json()["job_id"]

    assert secure_client.delete(f"/v1/jobs/{job_id}", headers=alpha["reader"]).status_code == 403
    assert secure_client.delete(f"/v1/jobs/{job_id}", headers=other_analyst).status_code == 403
    assert secure_client.delete(f"/v1/jobs/{job_id}", headers=alpha["analyst"]).get_json()["status"] == "canceled"
    second = secure_client.post("/v1/statements", json={**STATEMENT, "text": "Another."},
                                headers=other_analyst).get_json()["job_id"]
    assert secure_client.delete(f"/v1/jobs/{second}", headers=alpha["editor"]).status_code == 200


def test_a_registry_edit_in_one_workspace_changes_no_other_score(secure_client, alpha, beta, run_jobs):
    wire = {"aliases": ["harbour-authority", "coast-radio", "city-paper"], "reliability": 0}
    assert secure_client.put("/v1/sources/wire", json=wire, headers=beta["editor"]).status_code == 201
    in_alpha = secure_client.post("/v1/statements", json=STATEMENT, headers=alpha["analyst"]).get_json()
    in_beta = secure_client.post("/v1/statements", json=STATEMENT, headers=beta["analyst"]).get_json()
    run_jobs()

    scored_alpha = secure_client.get(f"/v1/statements/{in_alpha['statement_id']}", headers=alpha["reader"]).get_json()
    scored_beta = secure_client.get(f"/v1/statements/{in_beta['statement_id']}", headers=beta["reader"]).get_json()
    assert scored_alpha["counts"]["independent"] == 3
    assert scored_beta["counts"]["independent"] == 1
    assert secure_client.get("/v1/sources/wire", headers=alpha["reader"]).status_code == 404
    assert secure_client.get("/v1/sources", headers=alpha["reader"]).get_json()["total"] == 0


def test_a_registry_edit_makes_only_its_own_workspace_stale(secure_client, alpha, beta, run_jobs):
    in_alpha = secure_client.post("/v1/statements", json=STATEMENT, headers=alpha["analyst"]).get_json()
    run_jobs()
    secure_client.put("/v1/sources/anything", json={}, headers=beta["editor"])

    assert secure_client.get(f"/v1/statements/{in_alpha['statement_id']}", headers=alpha["reader"]).status_code == 200


def test_documents_are_stored_per_workspace(secure_client, alpha, beta, run_jobs):
    posted = secure_client.post("/v1/documents", json=ARTICLE, headers=alpha["analyst"]).get_json()
    same_in_beta = secure_client.post("/v1/documents", json=ARTICLE, headers=beta["analyst"]).get_json()
    run_jobs()

    assert posted["document_id"] != same_in_beta["document_id"]
    assert secure_client.get(f"/v1/documents/{posted['document_id']}", headers=alpha["reader"]).status_code == 200
    assert secure_client.get(f"/v1/documents/{posted['document_id']}", headers=beta["admin"]).status_code == 404
    assert secure_client.delete(f"/v1/documents/{posted['document_id']}", headers=beta["admin"]).status_code == 404
    # beta's store now has its own copy only; deleting it leaves alpha's.
    assert secure_client.delete(f"/v1/documents/{same_in_beta['document_id']}",
                                headers=beta["editor"]).status_code == 204
    assert secure_client.get(f"/v1/documents/{posted['document_id']}", headers=alpha["reader"]).status_code == 200


def test_stored_documents_score_only_their_own_workspace(secure_client, alpha, beta, run_jobs):
    secure_client.post("/v1/documents", json=ARTICLE, headers=alpha["analyst"])
    run_jobs()
    bare = {"text": "The harbour bridge reopened on Friday."}
    in_alpha = secure_client.post("/v1/statements", json=bare, headers=alpha["analyst"]).get_json()
    in_beta = secure_client.post("/v1/statements", json=bare, headers=beta["analyst"]).get_json()
    run_jobs()

    scored_alpha = secure_client.get(f"/v1/statements/{in_alpha['statement_id']}", headers=alpha["reader"]).get_json()
    scored_beta = secure_client.get(f"/v1/statements/{in_beta['statement_id']}", headers=beta["reader"]).get_json()
    assert scored_alpha["counts"]["reports"] > 0
    assert scored_beta["counts"]["reports"] == 0


def test_guessed_ids_are_404_not_403(secure_client, alpha):
    for path in ("/v1/statements/st_" + "0" * 40, "/v1/jobs/" + "A" * 24, "/v1/documents/doc_" + "0" * 40):
        assert secure_client.get(path, headers=alpha["reader"]).status_code == 404


def test_document_quota_per_workspace(secure_settings, clients, run_jobs):
    from dataclasses import replace

    from service import create_app

    app = create_app(replace(secure_settings, workspace_document_quota=2), clients)
    client = app.test_client()
    _, secret = app.extensions["corroborate"].keys.create("alpha", "editor")
    headers = {"Authorization": f"Bearer {secret}"}
    _, other = app.extensions["corroborate"].keys.create("beta", "analyst")
    ids = []
    for n in range(2):
        ids.append(client.post("/v1/documents", json={"source": "s", "text": f"Article {n}."}, headers=headers)
                   .get_json()["document_id"])
    run_jobs()

    full = client.post("/v1/documents", json={"source": "s", "text": "Article 2."}, headers=headers)
    assert full.status_code == 409
    assert full.get_json()["type"] == "/problems/quota-exceeded" and "2 documents" in full.get_json()["detail"]
    assert client.post("/v1/documents", json={"source": "s", "text": "Article 0."}, headers=headers).status_code == 202
    assert client.post("/v1/documents", json={"source": "s", "text": "Article 2."},
                       headers={"Authorization": f"Bearer {other}"}).status_code == 202
    assert client.delete(f"/v1/documents/{ids[0]}", headers=headers).status_code == 204
    assert client.post("/v1/documents", json={"source": "s", "text": "Article 2."}, headers=headers).status_code == 202


def test_the_worker_holds_the_quota_against_concurrent_submissions(secure_settings, clients, run_jobs,
                                                                   monkeypatch):
    from dataclasses import replace

    import workers.tasks
    from service import create_app

    one = replace(secure_settings, workspace_document_quota=1)
    monkeypatch.setattr(workers.tasks, "worker_settings", lambda: one)
    app = create_app(one, clients)
    client = app.test_client()
    headers = {"Authorization": f"Bearer {app.extensions['corroborate'].keys.create('alpha', 'analyst')[1]}"}
    # Both pass the API's check: nothing is stored until the worker runs.
    jobs = [client.post("/v1/documents", json={"source": "s", "text": f"Article {n}."}, headers=headers)
            .headers["Location"] for n in range(2)]
    run_jobs()

    assert sorted(client.get(job, headers=headers).get_json()["status"] for job in jobs) == ["failed", "succeeded"]
    assert app.extensions["corroborate"].store.count_documents("alpha") == 1
