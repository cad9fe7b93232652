"""The audit log: who changed which source, document or key, when, from what to what."""

from __future__ import annotations

from datetime import datetime


def test_source_changes_are_logged_with_before_and_after(secure_client, key_for, secure_app):
    editor = key_for("newsroom", "editor")
    admin = key_for("newsroom", "admin")
    editor_id = next(k.id for k in secure_app.extensions["corroborate"].keys.list("newsroom") if k.role == "editor")

    secure_client.put("/v1/sources/wire", json={"name": "Wire"}, headers=editor)
    secure_client.put("/v1/sources/wire", json={"name": "Wire", "reliability": 0}, headers=editor)
    secure_client.delete("/v1/sources/wire", headers=editor)
    entries = secure_client.get("/v1/audit", headers=admin).get_json()["items"]

    assert [e["action"] for e in entries] == ["source.delete", "source.put", "source.put"]  # newest first
    deleted, replaced, created = entries
    assert all(e["key_id"] == editor_id and e["role"] == "editor" and e["target"] == "sources/wire" for e in entries)
    assert created["before"] is None and created["after"]["name"] == "Wire"
    assert replaced["before"]["reliability"] is None and replaced["after"]["reliability"] == 0
    assert deleted["before"]["reliability"] == 0 and deleted["after"] is None
    assert datetime.fromisoformat(created["at"]).tzinfo is not None


def test_document_and_key_changes_are_logged(secure_client, key_for, run_jobs):
    admin = key_for("newsroom", "admin")
    document_id = secure_client.post("/v1/documents", json={"source": "s", "text": "An article."},
                                     headers=admin).get_json()["document_id"]
    run_jobs()
    secure_client.delete(f"/v1/documents/{document_id}", headers=admin)
    made = secure_client.post("/v1/keys", json={"role": "reader", "label": "bot"}, headers=admin).get_json()
    secure_client.delete(f"/v1/keys/{made['id']}", headers=admin)

    entries = secure_client.get("/v1/audit", headers=admin).get_json()["items"]
    assert [e["action"] for e in entries] == ["key.revoke", "key.create", "document.delete", "document.submit"]
    revoke, create, delete, submit = entries
    assert submit["after"]["document_id"] == document_id and submit["after"]["characters"] == len("An article.")
    assert delete["before"]["document_id"] == document_id and delete["after"] is None
    assert create["after"]["label"] == "bot" and "secret" not in str(create)
    assert revoke["before"]["revoked_at"] is None and revoke["after"]["revoked_at"]


def test_only_admins_read_it_and_only_their_workspace(secure_client, key_for):
    editor = key_for("alpha", "editor")
    secure_client.put("/v1/sources/x", json={}, headers=editor)

    assert secure_client.get("/v1/audit", headers=editor).status_code == 403
    assert secure_client.get("/v1/audit", headers=key_for("beta", "admin")).get_json()["items"] == []
    assert len(secure_client.get("/v1/audit", headers=key_for("alpha", "admin")).get_json()["items"]) == 1


def test_pages_walk_back_through_every_entry(secure_client, key_for):
    editor, admin = key_for("newsroom", "editor"), key_for("newsroom", "admin")
    for n in range(5):
        secure_client.put(f"/v1/sources/s{n}", json={}, headers=editor)

    seen, url = [], "/v1/audit?limit=2"
    while url:
        page = secure_client.get(url, headers=admin).get_json()
        seen += [e["target"] for e in page["items"]]
        url = page["next"]

    assert seen == [f"sources/s{n}" for n in reversed(range(5))]
    assert secure_client.get("/v1/audit?before=nonsense", headers=admin).status_code == 400


def test_the_log_is_append_only(secure_app):
    methods = {m for rule in secure_app.url_map.iter_rules() if rule.rule.startswith("/v1/audit") for m in rule.methods}

    assert methods <= {"GET", "HEAD", "OPTIONS"}


def test_entries_are_rows_of_the_system_of_record(secure_client, key_for, secure_app):
    editor, admin = key_for("newsroom", "editor"), key_for("newsroom", "admin")
    secure_client.put("/v1/sources/wire", json={}, headers=editor)

    stored = secure_app.extensions["corroborate"].store.read_audit("newsroom")
    listed = secure_client.get("/v1/audit", headers=admin).get_json()["items"]
    assert [(str(e["id"]), e["action"]) for e in stored] == [(e["id"], e["action"]) for e in listed]
