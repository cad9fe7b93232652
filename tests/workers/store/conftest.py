"""Store tests run on an embedded SQLite file and on a private PostgreSQL they start themselves
(workers/store/private_postgresql.py: the machine's initdb and pg_ctl, a unix socket in a temporary
folder, never a server someone else runs). Without PostgreSQL binaries those cases skip."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from workers.store import Store, create_store_engine, migrate
from workers.store.private_postgresql import Unavailable, private_postgresql
from workers.store.tables import metadata


@pytest.fixture(scope="session")
def postgresql_server():
    """The URL of a private PostgreSQL server for this test session."""
    try:
        with private_postgresql() as url:
            yield url
    except Unavailable as reason:
        pytest.skip(str(reason))


def fresh_postgresql_database(server_url: str, name: str) -> str:
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return server_url.replace("/postgres?", f"/{name}?")


@pytest.fixture(scope="session")
def postgresql_store_url(postgresql_server):
    url = fresh_postgresql_database(postgresql_server, "store_tests")
    engine = create_store_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """An empty, migrated database on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite3'}"
    url = request.getfixturevalue("postgresql_store_url")
    engine = create_engine(url)
    with engine.begin() as connection:
        tables = ", ".join(table.name for table in metadata.sorted_tables)
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY"))
    engine.dispose()
    return url


@pytest.fixture
def store(database_url):
    engine = create_store_engine(database_url)
    if database_url.startswith("sqlite"):
        migrate.upgrade(engine)
    store = Store(engine)
    yield store
    store.close()
