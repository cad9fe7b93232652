"""Who may call what: every route, with every role and with none."""

from __future__ import annotations

import pytest

from service.auth import PUBLIC, required_role

# The role each route needs. A route missing here, or one that declares no role, fails below.
EXPECTED_ROLES = {
    ("POST", "/v1/statements"): "analyst",
    ("POST", "/v1/statements/batch"): "analyst",
    ("GET", "/v1/statements/<statement_id>"): "reader",
    ("GET", "/v1/statements/<statement_id>/history"): "reader",
    ("GET", "/v1/jobs/<job_id>"): "reader",
    ("GET", "/v1/batches/<batch_id>"): "reader",
    ("DELETE", "/v1/batches/<batch_id>"): "analyst",
    ("DELETE", "/v1/jobs/<job_id>"): "analyst",
    ("GET", "/v1/sources"): "reader",
    ("GET", "/v1/sources/<source_id>"): "reader",
    ("PUT", "/v1/sources/<source_id>"): "editor",
    ("DELETE", "/v1/sources/<source_id>"): "editor",
    ("POST", "/v1/documents"): "analyst",
    ("GET", "/v1/documents"): "reader",
    ("GET", "/v1/documents/<document_id>"): "reader",
    ("DELETE", "/v1/documents/<document_id>"): "editor",
    ("POST", "/v1/attributions"): "analyst",  # arrives with another branch
    ("GET", "/v1/keys"): "admin",
    ("POST", "/v1/keys"): "admin",
    ("DELETE", "/v1/keys/<key_id>"): "admin",
    ("GET", "/v1/audit"): "admin",
    ("GET", "/healthz"): PUBLIC,
    ("GET", "/readyz"): PUBLIC,
    ("GET", "/openapi.json"): PUBLIC,
    # The web app (service/pages.py): the same roles as the API calls each page makes.
    ("GET", "/"): "reader",
    ("POST", "/"): "analyst",
    ("GET", "/jobs/<job_id>"): "reader",
    ("GET", "/statements/<statement_id>"): "reader",
    ("GET", "/statements/<statement_id>.json"): "reader",
    ("GET", "/statements/<statement_id>.csv"): "reader",
    ("GET", "/statements/<statement_id>/claimreview.jsonld"): "reader",
    ("GET", "/batch"): "reader",
    ("POST", "/batch"): "analyst",
    ("GET", "/batches/<batch_id>"): "reader",
    ("GET", "/batches/<batch_id>/progress"): "reader",
    ("GET", "/batches/<batch_id>.csv"): "reader",
    ("GET", "/batches/<batch_id>.json"): "reader",
    ("GET", "/documents"): "reader",
    ("POST", "/documents"): "analyst",
    ("POST", "/documents/<document_id>/delete"): "editor",
    ("GET", "/sources"): "reader",
    ("GET", "/sources/<path:source_id>"): "reader",
    ("POST", "/sources"): "editor",
    ("GET", "/sign-in"): PUBLIC,
    ("POST", "/sign-in"): PUBLIC,
    ("POST", "/sign-out"): PUBLIC,
    ("GET", "/docs"): PUBLIC,
}
ROLES = ("reader", "analyst", "editor", "admin")


def routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield method, rule


def test_every_route_declares_the_role_the_table_gives(secure_app):
    declared = {(method, rule.rule): required_role(secure_app, rule.endpoint) for method, rule in routes(secure_app)}

    undeclared = sorted(route for route, role in declared.items() if role is None)
    assert not undeclared, f"routes without @requires or @public: {undeclared}"
    unlisted = sorted(set(declared) - set(EXPECTED_ROLES))
    assert not unlisted, f"routes missing from EXPECTED_ROLES: {unlisted}"
    assert {route: declared[route] for route in declared} == {
        route: EXPECTED_ROLES[route] for route in declared
    }


def test_every_route_with_every_role_and_none(secure_app, secure_client, key_for):
    headers = {role: key_for("newsroom", role) for role in ROLES}
    checked = 0
    for method, rule in routes(secure_app):
        path = rule.rule
        for argument in rule.arguments:
            path = path.replace(f"<{argument}>", "unknown-id").replace(f"<path:{argument}>", "unknown-id")
        needed = required_role(secure_app, rule.endpoint)
        for role in (None, *ROLES):
            response = secure_client.open(path, method=method, json={}, headers=headers.get(role, {}))
            where = f"{method} {path} as {role}"
            if needed == PUBLIC:
                assert response.status_code not in (401, 403), where
            elif role is None and rule.endpoint.startswith("pages."):
                # A page sends a person without a session to sign in, rather than answer 401.
                assert response.status_code == 302, where
                assert response.headers["Location"].startswith("/sign-in"), where
            elif role is None:
                assert response.status_code == 401, where
                assert response.headers["WWW-Authenticate"] == 'Bearer realm="corroborate"'
                assert response.mimetype == "application/problem+json"
            elif ROLES.index(role) < ROLES.index(needed):
                assert response.status_code == 403, where
                page = rule.endpoint.startswith("pages.")
                assert response.mimetype == ("text/html" if page else "application/problem+json"), where
            else:
                assert response.status_code not in (401, 403), (where, response.get_json())
            checked += 1
    assert checked >= 5 * 19


@pytest.mark.parametrize("authorization", [
    "Bearer cbk_not-a-key-anyone-made",
    "Bearer ",
    "Basic dXNlcjpwYXNz",
    "cbk_without_a_scheme",
    "Bearer " + "x" * 5000,
])
def test_bad_keys_are_401(secure_client, authorization):
    response = secure_client.post("/v1/statements", json={"text": "x"}, headers={"Authorization": authorization})

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="corroborate"'
    assert response.get_json()["status"] == 401


def test_a_revoked_key_is_401_at_once(secure_client, key_for):
    admin = key_for("newsroom", "admin")
    reader = key_for("newsroom", "reader")
    (reader_id,) = [k["id"] for k in secure_client.get("/v1/keys", headers=admin).get_json()["items"]
                    if k["role"] == "reader"]
    assert secure_client.get("/v1/sources", headers=reader).status_code == 200

    revoked = secure_client.delete(f"/v1/keys/{reader_id}", headers=admin)

    assert revoked.status_code == 200 and revoked.get_json()["revoked_at"]
    assert secure_client.get("/v1/sources", headers=reader).status_code == 401


def test_anonymous_and_reader_writes_change_nothing(secure_client, key_for):
    reader = key_for("newsroom", "reader")
    analyst = key_for("newsroom", "analyst")
    evil = {"aliases": ["reuters", "ap", "afp"], "reliability": 0}

    assert secure_client.put("/v1/sources/x", json=evil).status_code == 401
    assert secure_client.put("/v1/sources/x", json=evil, headers=reader).status_code == 403
    assert secure_client.put("/v1/sources/x", json=evil, headers=analyst).status_code == 403
    assert secure_client.post("/v1/documents", json={"source": "x", "text": "Lies."}).status_code == 401
    assert secure_client.post("/v1/documents", json={"source": "x", "text": "Lies."}, headers=reader).status_code == 403
    assert secure_client.get("/v1/sources/x", headers=reader).status_code == 404


def test_keys_are_stored_only_as_hashes(secure_client, key_for, clients, secure_app):
    admin = key_for("newsroom", "admin")
    created = secure_client.post("/v1/keys", json={"role": "reader", "label": "bot"}, headers=admin).get_json()
    assert secure_client.get("/v1/sources", headers={"Authorization": f"Bearer {created['secret']}"}).status_code == 200

    secret = created["secret"]
    assert secret.startswith("cbk_") and len(secret) >= 40
    cached = [clients.text.get(key) for key in clients.text.keys("corroborate:keys*")]
    assert len(cached) == 2  # both keys were checked, so both are in the cache
    stored = secure_app.extensions["corroborate"].store.list_keys("newsroom")
    dump = " ".join(map(str, cached + stored))
    assert secret not in dump and admin["Authorization"].split()[1] not in dump
    listed = secure_client.get("/v1/keys", headers=admin).get_data(as_text=True)
    assert secret not in listed and "secret" not in listed


def test_admins_manage_keys_only_in_their_workspace(secure_client, key_for):
    admin_a = key_for("alpha", "admin")
    admin_b = key_for("beta", "admin")
    made = secure_client.post("/v1/keys", json={"role": "editor"}, headers=admin_a).get_json()

    assert made["workspace"] == "alpha"
    assert [k["workspace"] for k in secure_client.get("/v1/keys", headers=admin_b).get_json()["items"]] == ["beta"]
    assert secure_client.delete(f"/v1/keys/{made['id']}", headers=admin_b).status_code == 404
    refused = secure_client.post("/v1/keys", json={"role": "admin", "workspace": "beta"}, headers=admin_a)
    assert refused.status_code == 422


def test_auth_off_is_one_open_workspace(client):
    assert client.put("/v1/sources/x", json={"name": "X"}).status_code == 201
    assert client.get("/v1/audit").get_json()["items"][0]["key_id"] is None


def test_settings_require_auth_whenever_redis_url_is_set():
    from config.settings import Settings, SettingsError

    assert Settings.from_env({"REDIS_URL": "redis://r"}).auth_required
    assert not Settings.from_env({}).auth_required
    assert not Settings.from_env({"REDIS_URL": "redis://r", "CORROBORATE_AUTH": "off"}).auth_required
    assert Settings.from_env({"CORROBORATE_AUTH": "required"}).auth_required
    with pytest.raises(SettingsError, match="CORROBORATE_AUTH"):
        Settings.from_env({"CORROBORATE_AUTH": "maybe"})


def test_openapi_declares_bearer_security_per_route(secure_client):
    spec = secure_client.get("/openapi.json").get_json()

    assert spec["components"]["securitySchemes"]["bearerAuth"] == {
        **spec["components"]["securitySchemes"]["bearerAuth"], "type": "http", "scheme": "bearer"}
    assert spec["paths"]["/healthz"]["get"]["security"] == []
    put = spec["paths"]["/v1/sources/{source_id}"]["put"]
    assert put["security"] == [{"bearerAuth": []}] and "editor" in put["description"]
    assert {"401", "403", "429"} <= set(put["responses"])
    assert "admin" in spec["paths"]["/v1/audit"]["get"]["description"]


@pytest.mark.parametrize("auth", ["required", "off"])
def test_a_route_that_declares_no_role_is_refused_to_everyone(auth, clients):
    from config.settings import Settings
    from service import create_app

    app = create_app(Settings.from_mapping({"redis_url": "redis://fake", "auth": auth}), clients)
    app.add_url_rule("/v1/forgotten", "forgotten", lambda: {"secret": True})
    _, secret = app.extensions["corroborate"].keys.create("newsroom", "admin")

    response = app.test_client().get("/v1/forgotten", headers={"Authorization": f"Bearer {secret}"})

    assert response.status_code == 403
    assert required_role(app, "forgotten") is None  # and the table test above would name it
