import pytest

from sqlalchemy import create_engine, inspect

from corroborate.cli import main


def test_db_upgrade_migrates_the_configured_database(tmp_path, monkeypatch, capsys):
    target = tmp_path / "data" / "corroborate.sqlite3"
    monkeypatch.delenv("CORROBORATE_DATABASE_URL", raising=False)
    monkeypatch.setenv("CORROBORATE_DATABASE_FILE", str(target))
    assert main(["db", "upgrade"]) == 0
    assert "is at head" in capsys.readouterr().out
    engine = create_engine(f"sqlite:///{target}")
    assert {"documents", "results", "audit_log", "api_keys"} <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_db_upgrade_against_postgresql(postgresql_server, monkeypatch):
    from tests.workers.store.conftest import fresh_postgresql_database

    url = fresh_postgresql_database(postgresql_server, "cli_tests")
    monkeypatch.setenv("CORROBORATE_DATABASE_URL", url)
    assert main(["db", "upgrade"]) == 0
    engine = create_engine(url)
    assert "documents" in inspect(engine).get_table_names()
    engine.dispose()


def test_db_prune_deletes_what_is_older_than_the_retention(database_url, store, monkeypatch, capsys):
    from datetime import UTC, datetime, timedelta

    monkeypatch.setenv("CORROBORATE_DATABASE_URL", database_url)
    monkeypatch.delenv("REDIS_URL", raising=False)
    now = datetime.now(UTC)
    for n in range(3):
        store.add_document("newsroom", f"old_{n}", {"source": "s", "text": "Old."}, stored_at=now - timedelta(days=50))
    store.add_document("archive", "old", {"source": "s", "text": "Old."}, stored_at=now - timedelta(days=50))
    store.add_document("newsroom", "new", {"source": "s", "text": "New."}, stored_at=now - timedelta(days=5))

    assert main(["db", "prune"]) == 2  # no retention anywhere
    assert "CORROBORATE_DOCUMENT_RETENTION_DAYS" in capsys.readouterr().err
    assert main(["db", "prune", "--days", "30", "--workspace", "newsroom"]) == 0
    assert "deleted 3 document(s)" in capsys.readouterr().out
    monkeypatch.setenv("CORROBORATE_DOCUMENT_RETENTION_DAYS", "30")
    monkeypatch.setenv("CORROBORATE_RETENTION_BATCH_SIZE", "1")
    assert main(["db", "prune"]) == 0
    assert "deleted 1 document(s)" in capsys.readouterr().out
    assert [d["document_id"] for d in store.list_documents("newsroom")[0]] == ["new"]
    store.add_document("newsroom", "newer", {"source": "s", "text": "Newer."}, stored_at=now - timedelta(days=1))
    assert main(["db", "prune", "--max", "1"]) == 0
    assert "deleted 1 document(s) beyond the newest 1" in capsys.readouterr().out
    assert [d["document_id"] for d in store.list_documents("newsroom")[0]] == ["newer"]


@pytest.mark.redis_server
def test_db_prune_marks_the_workspaces_results_stale(tmp_path, private_redis, monkeypatch, capsys):
    from datetime import UTC, datetime, timedelta

    import redis

    from config.redis_keys import evidence_version_key
    from workers.store import open_store

    monkeypatch.setenv("REDIS_URL", private_redis)
    store = open_store()
    store.add_document("newsroom", "old", {"source": "s", "text": "Old."},
                       stored_at=datetime.now(UTC) - timedelta(days=50))
    store.close()

    assert main(["db", "prune", "--days", "30"]) == 0
    version = redis.Redis.from_url(private_redis).get(evidence_version_key("newsroom")).decode()
    assert version.endswith(":documents past the retention period were deleted")
    assert redis.Redis.from_url(private_redis).get(evidence_version_key("archive")) is None


@pytest.mark.redis_server
def test_db_upgrade_copies_keys_kept_in_redis_into_the_database(private_redis, monkeypatch, capsys):
    import json

    import redis

    from config.redis_keys import API_KEYS
    from service.keys import KeyStore, secret_hash
    from workers.store import open_store

    monkeypatch.setenv("REDIS_URL", private_redis)
    connection = redis.Redis.from_url(private_redis, decode_responses=True)
    for key_id, secret, revoked_at in (("key_live", "cbk_live", None), ("key_gone", "cbk_gone", "2026-11-02T10:00:00+00:00")):
        connection.hset(API_KEYS, key_id, json.dumps({
            "id": key_id, "workspace": "newsroom", "role": "editor", "label": "old", "revoked_at": revoked_at,
            "created_at": "2026-11-01T10:00:00+00:00", "secret_sha256": secret_hash(secret)}))

    assert main(["db", "upgrade"]) == 0
    assert "copied 2 API key(s)" in capsys.readouterr().out
    assert main(["db", "upgrade"]) == 0
    assert "copied" not in capsys.readouterr().out
    store = open_store()
    keys = KeyStore(connection, store)
    assert keys.authenticate("cbk_live").id == "key_live" and keys.authenticate("cbk_gone") is None
    assert keys.get("key_gone").revoked_at.startswith("2026-11-02")
    store.close()
