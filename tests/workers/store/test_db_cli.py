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
