from datetime import UTC, datetime, timedelta

from sqlalchemy.exc import IntegrityError
import pytest


def test_every_scoring_is_kept_and_the_latest_is_the_result(store):
    start = datetime(2026, 3, 1, tzinfo=UTC)
    assert store.latest_result("w", "st_1") is None
    assert store.result_history("w", "st_1") == []
    store.save_result("w", "st_1", {"score": 0.5, "verdict": "unverified"}, "2026.12.01.1", "first scoring",
                      computed_at=start)
    store.save_result("w", "st_1", {"score": 0.9, "verdict": "corroborated"}, "2026.12.01.1", "document stored",
                      computed_at=start + timedelta(hours=1))
    store.save_result("w", "st_1", {"score": 0.2, "verdict": "refuted"}, "2026.12.02.1", "registry changed",
                      computed_at=start + timedelta(hours=2))
    latest = store.latest_result("w", "st_1")
    assert latest["result"] == {"score": 0.2, "verdict": "refuted"}
    assert latest["cause"] == "registry changed" and latest["scorer_version"] == "2026.12.02.1"
    history = store.result_history("w", "st_1")
    assert [h["cause"] for h in history] == ["registry changed", "document stored", "first scoring"]
    assert datetime.fromisoformat(history[-1]["computed_at"]) == start
    assert len(store.result_history("w", "st_1", limit=2)) == 2


def test_results_belong_to_their_workspace(store):
    store.save_result("a", "st_1", {"score": 0.1}, "v", "first scoring")
    assert store.latest_result("b", "st_1") is None
    store.save_result("a", "st_2", {"score": 0.7}, "v", "first scoring")
    assert store.latest_result("a", "st_1")["result"] == {"score": 0.1}


def test_audit_entries_read_back_newest_first_with_paging(store):
    first = store.append_audit("w", "key_1", "editor", "document.delete", "documents/doc_1",
                               {"document_id": "doc_1", "source": "bbc"}, None)
    store.append_audit("w", None, "operator", "key.create", "keys/key_2", None, {"id": "key_2", "role": "admin"})
    store.append_audit("other", "key_9", "admin", "key.revoke", "keys/key_9", {}, {})
    entries = store.read_audit("w")
    assert [e["action"] for e in entries] == ["key.create", "document.delete"]
    assert entries[0]["actor_key_id"] is None and entries[0]["after"] == {"id": "key_2", "role": "admin"}
    assert entries[1]["before"] == {"document_id": "doc_1", "source": "bbc"} and entries[1]["after"] is None
    assert [e["id"] for e in store.read_audit("w", before_id=entries[0]["id"])] == [first]
    assert len(store.read_audit("w", limit=1)) == 1


def test_keys_are_created_found_by_hash_listed_and_revoked_once(store):
    created = store.create_key("key_a", "w", "analyst", "laptop", "hash-a")
    assert created["revoked_at"] is None and created["role"] == "analyst"
    store.create_key("key_b", "other", "admin", "", "hash-b")
    assert store.key_by_hash("hash-a")["id"] == "key_a"
    assert store.key_by_hash("nope") is None
    assert [k["id"] for k in store.list_keys("w")] == ["key_a"]
    assert {k["id"] for k in store.list_keys()} == {"key_a", "key_b"}
    revoked = store.revoke_key("key_a")["revoked_at"]
    assert revoked is not None
    assert store.revoke_key("key_a")["revoked_at"] == revoked
    assert store.revoke_key("missing") is None


def test_a_key_hash_is_unique(store):
    store.create_key("key_a", "w", "reader", "", "same-hash")
    with pytest.raises(IntegrityError):
        store.create_key("key_b", "w", "reader", "", "same-hash")
