"""The audit log's Redis buffer (service/audit.py) on both backends: an entry recorded while the
database is away survives the death of the process that recorded it, and a drain that dies half
way is run again without losing or doubling an entry."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest
import redis
from sqlalchemy.exc import OperationalError

from config.redis_keys import AUDIT_BUFFER
from service.audit import AuditLog, AuditUnavailable, drain_buffer
from service.auth import Principal
from workers.store import Store, create_store_engine

UNREACHABLE = "postgresql+psycopg://nobody@/none?host=/nonexistent"
EDITOR = Principal("key_1", "newsroom", "editor")


@pytest.fixture
def unreachable_store():
    store = Store(create_store_engine(UNREACHABLE))
    yield store
    store.close()


def test_with_the_database_up_an_entry_goes_straight_in(store, clients):
    AuditLog(clients.text, "newsroom", 10, store).record(EDITOR, "source.put", "sources/s", None, {"name": "S"})

    assert clients.text.xlen(AUDIT_BUFFER) == 0
    assert [e["target"] for e in store.read_audit("newsroom")] == ["sources/s"]


@pytest.mark.redis_server
def test_entries_buffered_by_a_process_that_then_dies_are_drained(store, private_redis):
    child = textwrap.dedent(f"""
        import os, redis
        from service.audit import AuditLog
        from service.auth import Principal
        from workers.store import Store, create_store_engine
        log = AuditLog(redis.Redis.from_url({private_redis!r}), "newsroom", 100,
                       Store(create_store_engine({UNREACHABLE!r})))
        for n in range(3):
            log.record(Principal("key_1", "newsroom", "editor"), "source.put", f"sources/s{{n}}", None, {{"n": n}})
        os._exit(9)  # killed before anything drained the buffer
    """)
    died = subprocess.run([sys.executable, "-c", child], cwd=os.getcwd(), capture_output=True, text=True, timeout=60)
    assert died.returncode == 9, died.stderr
    connection = redis.Redis.from_url(private_redis)
    assert connection.xlen(AUDIT_BUFFER) == 3

    assert drain_buffer(connection, store) == 3
    assert [e["after"] for e in store.read_audit("newsroom")] == [{"n": 2}, {"n": 1}, {"n": 0}]
    assert connection.xlen(AUDIT_BUFFER) == 0


def test_a_drain_that_dies_after_inserting_is_run_again_without_doubles(store, clients, unreachable_store,
                                                                         monkeypatch):
    buffering = AuditLog(clients.text, "newsroom", 100, unreachable_store)
    for n in range(5):
        buffering.record(EDITOR, "source.put", f"sources/s{n}", None, {"n": n})
    assert clients.text.xlen(AUDIT_BUFFER) == 5

    def dies(*_ids):
        raise redis.exceptions.ConnectionError("the drain's process died here")

    monkeypatch.setattr(clients.text, "xdel", dies)
    with pytest.raises(redis.exceptions.ConnectionError):
        drain_buffer(clients.text, store, batch_size=2)
    monkeypatch.undo()
    assert len(store.read_audit("newsroom")) == 2 and clients.text.xlen(AUDIT_BUFFER) == 5

    assert drain_buffer(clients.text, store, batch_size=2) == 5
    assert sorted(e["after"]["n"] for e in store.read_audit("newsroom")) == [0, 1, 2, 3, 4]
    assert clients.text.xlen(AUDIT_BUFFER) == 0


def test_a_drain_into_an_unreachable_database_keeps_every_entry(clients, unreachable_store):
    AuditLog(clients.text, "newsroom", 100, unreachable_store).record(EDITOR, "source.put", "sources/s", None, {})

    with pytest.raises(OperationalError):
        drain_buffer(clients.text, unreachable_store)
    assert clients.text.xlen(AUDIT_BUFFER) == 1


def test_a_full_buffer_refuses_rather_than_drops(clients, unreachable_store):
    log = AuditLog(clients.text, "newsroom", 2, unreachable_store)
    log.record(EDITOR, "a", "t", None, None)
    log.record(EDITOR, "b", "t", None, None)

    with pytest.raises(AuditUnavailable):
        log.record(EDITOR, "c", "t", None, None)
    assert clients.text.xlen(AUDIT_BUFFER) == 2
