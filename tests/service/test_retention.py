"""Deleting documents, by an editor or by retention, through the API and the workers' sweeper, on
SQLite and PostgreSQL: results that read them go stale naming why, and a new scoring no longer
finds them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from config.settings import DatabaseSettings
from service import create_app
from tests.service.test_system_of_record import ARTICLE, OTHER, STATEMENT, score, store
from tests.workers.store.conftest import fresh_postgresql_database, postgresql_server  # noqa: F401
from workers.runner import sweep, sweep_round
from workers.store.tables import documents

RETENTION = DatabaseSettings(document_retention_days=30, retention_batch_size=1)


@pytest.fixture(params=["sqlite", "postgresql"])
def backend_app(request, settings, clients, monkeypatch):
    if request.param == "postgresql":
        from workers.store import create_store_engine, migrate

        url = fresh_postgresql_database(request.getfixturevalue("postgresql_server"), "retention_tests")
        engine = create_store_engine(url)
        migrate.upgrade(engine)
        engine.dispose()
        monkeypatch.setenv("CORROBORATE_DATABASE_URL", url)  # the worker opens its store from here
    app = create_app(settings, clients)
    yield app
    app.extensions["corroborate"].store.close()


def age(app, document_id: str, days: int) -> None:
    with app.extensions["corroborate"].store.engine.begin() as connection:
        connection.execute(update(documents).where(documents.c.id == document_id)
                           .values(created_at=datetime.now(UTC) - timedelta(days=days)))


def test_retention_makes_results_stale_and_unfindable(backend_app, run_jobs, clients):
    client = backend_app.test_client()
    ferry = store(client, run_jobs, ARTICLE)
    store(client, run_jobs, OTHER)
    statement_id = score(client, run_jobs)
    assert client.get(f"/v1/statements/{statement_id}").get_json()["documents"]
    age(backend_app, ferry, 31)

    done = sweep(backend_app.extensions["corroborate"].store, clients.raw, RETENTION, retention_due=True)

    assert done["documents_deleted"] == 1
    stale = client.get(f"/v1/statements/{statement_id}").get_json()
    assert "documents past the retention period were deleted" in stale["detail"]
    assert client.post("/v1/statements", json=STATEMENT).status_code == 202
    run_jobs()
    assert client.get(f"/v1/statements/{statement_id}").get_json()["documents"] == []
    assert client.get("/v1/documents?q=ferry").get_json()["total"] == 0
    assert client.get("/v1/documents").get_json()["total"] == 1


def test_a_deleted_document_is_found_by_no_later_scoring(backend_app, run_jobs):
    client = backend_app.test_client()
    ferry = store(client, run_jobs, ARTICLE)
    statement_id = score(client, run_jobs)
    assert client.get(f"/v1/statements/{statement_id}").get_json()["documents"]

    assert client.delete(f"/v1/documents/{ferry}").status_code == 204
    assert "a document was deleted" in client.get(f"/v1/statements/{statement_id}").get_json()["detail"]
    client.post("/v1/statements", json=STATEMENT)
    run_jobs()
    assert client.get(f"/v1/statements/{statement_id}").get_json()["documents"] == []
    assert client.get(f"/v1/documents/{ferry}").status_code == 404
    assert client.delete(f"/v1/documents/{ferry}").status_code == 404


def test_one_worker_sweeps_at_a_time_and_retention_waits_its_interval(app, clients, settings):
    store = app.extensions["corroborate"].store
    first = sweep_round(store, clients.raw, settings, RETENTION, interval=60)

    assert first == {"audit_entries_drained": 0, "documents_deleted": 0}
    assert sweep_round(store, clients.raw, settings, RETENTION, interval=60) is None  # another worker's turn
    clients.raw.delete(f"corroborate:sweeper:audit:{settings.queue_name}")
    store.add_document("default", "old", {"source": "s", "text": "Old news."},
                       stored_at=datetime.now(UTC) - timedelta(days=90))
    # The drain runs again, but retention is not due for another CORROBORATE_RETENTION_INTERVAL.
    assert sweep_round(store, clients.raw, settings, RETENTION, interval=60)["documents_deleted"] == 0
    clients.raw.delete(f"corroborate:sweeper:audit:{settings.queue_name}",
                       f"corroborate:sweeper:retention:{settings.queue_name}")
    assert sweep_round(store, clients.raw, settings, RETENTION, interval=60)["documents_deleted"] == 1


def test_without_a_retention_period_nothing_is_deleted(app, clients):
    store = app.extensions["corroborate"].store
    store.add_document("default", "old", {"source": "s", "text": "Old news."},
                       stored_at=datetime.now(UTC) - timedelta(days=9000))

    assert sweep(store, clients.raw, DatabaseSettings(), retention_due=True)["documents_deleted"] == 0
    assert store.count_documents("default") == 1


def test_retention_by_count_marks_results_stale_too(backend_app, run_jobs, clients):
    client = backend_app.test_client()
    ferry = store(client, run_jobs, ARTICLE)
    statement_id = score(client, run_jobs)
    age(backend_app, ferry, 2)  # older than the next one
    store(client, run_jobs, OTHER)

    done = sweep(backend_app.extensions["corroborate"].store, clients.raw,
                 DatabaseSettings(document_retention_max=1), retention_due=True)

    assert done["documents_deleted"] == 1
    assert client.get(f"/v1/documents/{ferry}").status_code == 404
    assert "retention" in client.get(f"/v1/statements/{statement_id}").get_json()["detail"]
