import pytest

from config.settings import DatabaseSettings, SettingsError
from workers.store import open_store


def test_with_nothing_set_the_store_is_an_embedded_sqlite_file():
    assert DatabaseSettings.from_env({}).engine_url == "sqlite:///var/corroborate.sqlite3"
    assert DatabaseSettings.from_env({"CORROBORATE_DATABASE_FILE": "/data/c.db"}).engine_url == "sqlite:////data/c.db"


def test_a_postgresql_url_is_used_as_given():
    url = "postgresql+psycopg://corroborate:secret@db/corroborate"
    assert DatabaseSettings.from_env({"CORROBORATE_DATABASE_URL": url}).engine_url == url


@pytest.mark.parametrize("variable, value, message", [
    ("CORROBORATE_DATABASE_URL", "postgres://db/x", "must start with postgresql\\+psycopg://"),
    ("CORROBORATE_DOCUMENT_RETENTION_DAYS", "-1", "must not be negative"),
    ("CORROBORATE_DOCUMENT_RETENTION_DAYS", "a week", "is not a valid int"),
    ("CORROBORATE_SEARCH_CANDIDATES", "0", "greater than 0"),
])
def test_a_bad_value_names_the_variable(variable, value, message):
    with pytest.raises(SettingsError, match=message) as error:
        DatabaseSettings.from_env({variable: value})
    assert variable in str(error.value)


def test_opening_the_embedded_store_creates_and_migrates_the_file(tmp_path):
    store = open_store(DatabaseSettings(sqlite_file=str(tmp_path / "nested" / "corroborate.sqlite3")))
    try:
        store.add_document("w", "doc_1", {"source": "s", "text": "hello world"})
        assert store.count_documents("w") == 1
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        store.close()
