import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from tests.workers.store.conftest import fresh_postgresql_database
from workers.store import create_store_engine, migrate
from workers.store.tables import include_name
from workers.store.tables import metadata


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
    else:
        url = fresh_postgresql_database(request.getfixturevalue("postgresql_server"), "migration_tests")
    engine = create_store_engine(url)
    yield engine
    engine.dispose()


def differences(engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": include_name})
        return compare_metadata(context, metadata)


def test_the_migrations_build_exactly_the_tables_of_the_metadata(empty_database):
    migrate.upgrade(empty_database)
    assert differences(empty_database) == []
    names = set(inspect(empty_database).get_table_names())
    assert {"documents", "results", "audit_log", "api_keys", "alembic_version"} <= names


def test_every_table_carries_its_workspace():
    assert all("workspace" in table.c for table in metadata.sorted_tables)


def test_downgrade_removes_everything_and_upgrade_is_repeatable(empty_database):
    migrate.upgrade(empty_database)
    migrate.upgrade(empty_database)  # already at head: nothing to do, no error
    migrate.downgrade(empty_database)
    assert set(inspect(empty_database).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(empty_database)
    assert differences(empty_database) == []


def test_the_full_text_index_is_built_for_the_dialect(empty_database):
    migrate.upgrade(empty_database)
    inspector = inspect(empty_database)
    if empty_database.dialect.name == "sqlite":
        assert "documents_fts" in inspector.get_table_names()
    else:
        assert "search_vector" in {c["name"] for c in inspector.get_columns("documents")}
        assert "ix_documents_search_vector" in {i["name"] for i in inspector.get_indexes("documents")}


def test_audit_entries_from_before_0002_get_an_entry_id_and_keep_their_order(empty_database):
    from datetime import UTC, datetime

    from sqlalchemy import text

    migrate.upgrade(empty_database, "0001")
    with empty_database.begin() as connection:
        for action in ("first", "second"):
            connection.execute(text(
                "INSERT INTO audit_log (workspace, role, action, target, at) VALUES ('w', 'admin', :a, 't', :at)"),
                {"a": action, "at": datetime(2026, 11, 1, tzinfo=UTC)})
    migrate.upgrade(empty_database)

    from workers.store import Store

    store = Store(empty_database)
    assert [e["action"] for e in store.read_audit("w")] == ["second", "first"]
    with empty_database.connect() as connection:
        assert connection.execute(text("SELECT entry_id FROM audit_log ORDER BY row_id")).scalars().all() == ["1", "2"]
