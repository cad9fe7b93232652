"""Documents and saved results in the system of record (workers/store), seen through the API."""

from __future__ import annotations

import pytest

from config.redis_keys import result_key
from tests.workers.store.conftest import fresh_postgresql_database, postgresql_server  # noqa: F401

ARTICLE = {
    "source": "harbour-gazette",
    "text": ("Orkney Islands Council confirmed on Monday that the NorthLink night ferry to Orkney has been "
             "cancelled for the winter. NorthLink declined to comment."),
}
OTHER = {"source": "sports-desk", "text": "The home side won the cup final on penalties."}
STATEMENT = {"text": "The NorthLink night ferry to Orkney has been cancelled."}


def store(client, run_jobs, document) -> str:
    posted = client.post("/v1/documents", json=document)
    assert posted.status_code == 202, posted.get_json()
    run_jobs()
    job = client.get(posted.headers["Location"]).get_json()
    assert job["status"] == "succeeded", job
    return job["document_id"]


def score(client, run_jobs, statement=STATEMENT) -> str:
    posted = client.post("/v1/statements", json=statement).get_json()
    run_jobs()
    return posted["statement_id"]


def test_documents_are_listed_newest_first_searched_and_deleted(client, run_jobs, app):
    ferry = store(client, run_jobs, ARTICLE)
    cup = store(client, run_jobs, OTHER)

    listed = client.get("/v1/documents").get_json()
    assert [d["document_id"] for d in listed["items"]] == [cup, ferry] and listed["total"] == 2
    assert "text" not in listed["items"][0] and listed["items"][1]["sentences"] == 2
    paged = client.get("/v1/documents?per_page=1&page=2").get_json()
    assert [d["document_id"] for d in paged["items"]] == [ferry] and paged["total"] == 2
    found = client.get("/v1/documents?q=ferry cancelled").get_json()
    assert [d["document_id"] for d in found["items"]] == [ferry] and found["total"] == 1
    assert client.get("/v1/documents?page=0").status_code == 422

    assert client.delete(f"/v1/documents/{ferry}").status_code == 204
    assert client.get(f"/v1/documents/{ferry}").status_code == 404
    assert app.extensions["corroborate"].store.count_documents("default") == 1


def test_a_stale_result_names_what_changed(client, run_jobs):
    ferry = store(client, run_jobs, ARTICLE)
    statement_id = score(client, run_jobs)

    store(client, run_jobs, OTHER)
    stale = client.get(f"/v1/statements/{statement_id}")
    assert stale.status_code == 404 and "a document was stored" in stale.get_json()["detail"]
    run_jobs()
    assert client.get(f"/v1/statements/{statement_id}").status_code == 200

    client.delete(f"/v1/documents/{ferry}")
    assert "a document was deleted" in client.get(f"/v1/statements/{statement_id}").get_json()["detail"]
    run_jobs()

    client.put("/v1/sources/harbour-gazette", json={"name": "Harbour Gazette"})
    assert "the source registry changed" in client.get(f"/v1/statements/{statement_id}").get_json()["detail"]


def test_a_result_outlives_the_cache_but_never_goes_stale(client, run_jobs, clients):
    store(client, run_jobs, ARTICLE)
    statement_id = score(client, run_jobs)
    served = client.get(f"/v1/statements/{statement_id}").get_json()

    clients.text.delete(result_key("default", statement_id))  # the cache's TTL has passed
    assert client.get(f"/v1/statements/{statement_id}").get_json() == served
    assert clients.text.exists(result_key("default", statement_id))  # and it is cached again

    clients.text.delete(result_key("default", statement_id))
    store(client, run_jobs, OTHER)
    stale = client.get(f"/v1/statements/{statement_id}")
    assert stale.status_code == 404 and "a document was stored" in stale.get_json()["detail"]
    assert "Location" in stale.headers


def test_history_lists_every_scoring_and_why(client, run_jobs):
    store(client, run_jobs, ARTICLE)
    statement_id = score(client, run_jobs)
    store(client, run_jobs, OTHER)
    score(client, run_jobs)  # the same statement, resubmitted after the store changed

    history = client.get(f"/v1/statements/{statement_id}/history").get_json()["items"]
    assert [h["cause"] for h in history] == ["a document was stored", "submitted"]
    assert all(h["scorer_version"] and h["computed_at"] and "score" in h["result"] for h in history)
    assert client.get("/v1/statements/st_" + "0" * 40 + "/history").status_code == 404


@pytest.fixture
def postgresql_url(postgresql_server, monkeypatch):  # noqa: F811
    from workers.store import create_store_engine, migrate

    url = fresh_postgresql_database(postgresql_server, "api_tests")
    engine = create_store_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    monkeypatch.setenv("CORROBORATE_DATABASE_URL", url)  # the worker opens its store from here
    return url


def test_the_api_and_worker_share_a_postgresql_store(postgresql_url, settings, clients, run_jobs):
    from service import create_app

    app = create_app(settings, clients)
    client = app.test_client()
    assert app.extensions["corroborate"].store.engine.dialect.name == "postgresql"

    ferry = store(client, run_jobs, ARTICLE)
    store(client, run_jobs, OTHER)
    statement_id = score(client, run_jobs)

    result = client.get(f"/v1/statements/{statement_id}").get_json()
    assert [d["source"] for d in result["documents"]] == ["harbour-gazette"]
    assert client.get("/v1/documents?q=orkney").get_json()["items"][0]["document_id"] == ferry
    assert len(client.get(f"/v1/statements/{statement_id}/history").get_json()["items"]) == 1
