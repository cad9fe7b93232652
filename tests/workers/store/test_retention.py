"""Retention on both backends: expired documents go in bounded batches, leave the full-text index,
and each batch names its workspaces before and after it is deleted."""

from datetime import UTC, datetime, timedelta

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def add(store, workspace, document_id, age_days, text="Dockers strike at the container port"):
    store.add_document(workspace, document_id, {"source": "s", "text": text}, stored_at=NOW - timedelta(days=age_days))


def test_expired_documents_go_in_batches_and_each_batch_names_its_workspaces(store):
    for n in range(7):
        add(store, "newsroom", f"old_{n}", 40 + n)
    add(store, "archive", "old", 400)
    add(store, "newsroom", "recent", 3)
    calls = []

    deleted = store.delete_documents_older_than(30, now=NOW, batch_size=3, touched=calls.append)

    assert deleted == 8
    # 8 expired in batches of 3, oldest first: each batch reported before and after its delete.
    assert len(calls) == 6 and calls[0] == calls[1] == {"newsroom", "archive"} and calls[-1] == {"newsroom"}
    assert [d["document_id"] for d in store.list_documents("newsroom")[0]] == ["recent"]
    assert store.count_documents("archive") == 0
    assert [d["document_id"] for d, _ in store.search_documents("newsroom", "strike port", 10)] == ["recent"]


def test_nothing_expired_deletes_nothing_and_reports_nothing(store):
    add(store, "newsroom", "recent", 1)
    calls = []

    assert store.delete_documents_older_than(30, now=NOW, touched=calls.append) == 0
    assert calls == [] and store.count_documents("newsroom") == 1


def test_a_batch_that_exactly_fills_stops_at_the_next_empty_read(store):
    for n in range(4):
        add(store, "w", f"old_{n}", 31)

    assert store.delete_documents_older_than(30, now=NOW, batch_size=2) == 4
    assert store.count_documents("w") == 0


def test_a_drain_retried_after_a_crash_inserts_no_entry_twice(store):
    entry = {"entry_id": "e" * 32, "workspace": "w", "actor_key_id": "key_1", "role": "editor",
             "action": "source.put", "target": "sources/s", "before": None, "after": {"name": "S"},
             "at": NOW}
    first = store.append_audit_entries([entry])
    again = store.append_audit_entries([entry, {**entry, "entry_id": "f" * 32}])

    assert first[0] is not None and again[0] is None and again[1] is not None
    assert [e["after"] for e in store.read_audit("w")] == [{"name": "S"}, {"name": "S"}]


def test_the_log_reads_newest_first_by_when_it_happened(store):
    # An entry buffered while the database was away is inserted after later ones: it still
    # reads in its place, and paging walks past it exactly once.
    store.append_audit("w", None, "admin", "late", "t", None, None, at=NOW + timedelta(minutes=2))
    buffered = store.append_audit("w", None, "admin", "early", "t", None, None, at=NOW)
    store.append_audit("w", None, "admin", "middle", "t", None, None, at=NOW + timedelta(minutes=1))
    store.append_audit("w", None, "admin", "middle-too", "t", None, None, at=NOW + timedelta(minutes=1))

    assert [e["action"] for e in store.read_audit("w")] == ["late", "middle-too", "middle", "early"]
    seen, before = [], None
    while True:
        page = store.read_audit("w", limit=1, before_id=before)
        if not page:
            break
        seen.append(page[0]["action"])
        before = page[0]["id"]
    assert seen == ["late", "middle-too", "middle", "early"] and before == buffered


def test_retention_by_count_keeps_each_workspaces_newest(store):
    for n in range(6):
        add(store, "newsroom", f"n_{n}", n)  # n_0 is the newest
    for n in range(2):
        add(store, "archive", f"a_{n}", 100 + n)
    calls = []

    assert store.delete_documents_beyond(3, batch_size=2, touched=calls.append) == 3

    assert {d["document_id"] for d in store.list_documents("newsroom")[0]} == {"n_0", "n_1", "n_2"}
    assert store.count_documents("archive") == 2  # within its limit, however old
    assert calls and all(touched == {"newsroom"} for touched in calls)
    assert store.delete_documents_beyond(3) == 0
    assert store.delete_documents_beyond(1, workspace="archive") == 1
    assert [d["document_id"] for d in store.list_documents("archive")[0]] == ["a_0"]
