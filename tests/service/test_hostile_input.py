"""Hostile bodies: deep nesting, unencodable text, bidi controls, colliding or empty source
names, and requests that would cost a worker more than a job timeout to read."""

from __future__ import annotations

import json

import pytest

from config.settings import Settings


def post_raw(client, path: str, text: str, method: str = "post"):
    return getattr(client, method)(path, data=text.encode("utf-8"), content_type="application/json")


@pytest.mark.parametrize("opening, closing", [("[", "]"), ('{"a":', "}")])
def test_a_body_nested_10000_deep_is_a_400(client, opening, closing):
    response = post_raw(client, "/v1/statements", opening * 10_000 + "1" + closing * 10_000)
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"


def test_moderate_nesting_past_the_limit_is_a_400_too(client):
    body = {"text": "x", "evidence": [{"source": {"id": "a", "name": "b", "affiliations": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["x"]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}}]}
    assert client.post("/v1/statements", json=body).status_code == 400


@pytest.mark.parametrize("path, body, field", [
    ("/v1/statements", '{"text": "The dam opened.", "evidence": [{"source": "a", "quote": "x\\ud800"}]}',
     "evidence[0].quote"),
    ("/v1/statements", '{"text": "\\udfff", "evidence": []}', "text"),
    ("/v1/statements/batch", '{"statements": [{"text": "ok"}, {"text": "a", "evidence": [{"source": "\\ud83d", "stance": "confirms"}]}]}',
     "statements[1].evidence[0].source"),
])
def test_a_lone_surrogate_is_a_422_naming_the_field(client, path, body, field):
    response = post_raw(client, path, body)
    assert response.status_code == 422, response.get_json()
    assert [e["field"] for e in response.get_json()["errors"]] == [field]


def test_a_lone_surrogate_in_a_registry_write_is_a_422(client):
    response = post_raw(client, "/v1/sources/x", '{"aliases": ["ok", "\\ud800"]}', method="put")
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["field"] == "aliases[1]"


def test_bidi_controls_never_reach_the_explanation(client, run_jobs):
    evil = "\u202eReuters\u2066 \u202a\u200f"
    statement = {"text": "The dam opened.", "evidence": [
        {"source": {"id": "evil", "name": evil}, "stance": "confirms"},
        {"source": "other\u2067", "stance": "denies"},
    ]}
    job_id = client.post("/v1/statements", json=statement).get_json()["job_id"]
    run_jobs()
    explanation = client.get(f"/v1/jobs/{job_id}").get_json()["result"]["explanation"]
    assert "Reuters" in explanation
    assert not set(explanation) & {"\u202e", "\u2066", "\u2067", "\u202a", "\u200f"}


@pytest.mark.parametrize("second_id, body", [
    ("reuters_", {}),
    ("REUTERS", {}),
    ("thomson", {"aliases": ["Réuters"]}),
    ("wire", {"name": "reuters"}),
])
def test_a_registry_write_whose_folded_name_collides_is_a_409_naming_both(client, second_id, body):
    assert client.put("/v1/sources/reuters", json={"aliases": ["Thomson Reuters"]}).status_code == 201
    response = client.put(f"/v1/sources/{second_id}", json=body)
    assert response.status_code == 409, response.get_json()
    detail = response.get_json()["detail"]
    assert "'reuters'" in detail and repr(second_id) in detail
    assert client.get(f"/v1/sources/{second_id}").status_code == 404


def test_rewriting_a_record_under_its_own_names_is_no_collision(client):
    assert client.put("/v1/sources/reuters", json={"aliases": ["Reuters News"]}).status_code == 201
    assert client.put("/v1/sources/reuters", json={"aliases": ["Reuters News", "reuters"]}).status_code == 200


@pytest.mark.parametrize("body, field", [
    ({"name": "\u200b\u00ad"}, "name"),
    ({"aliases": ["fine", "--"]}, "aliases[1]"),
])
def test_a_name_that_folds_to_nothing_is_a_422(client, body, field):
    response = client.put("/v1/sources/someone", json=body)
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["field"] == field


def test_an_id_that_folds_to_nothing_is_a_422(client):
    assert client.put("/v1/sources/%E2%80%8B", json={}).status_code == 422


@pytest.fixture
def tight_settings():
    return Settings.from_mapping({"redis_url": "redis://fake", "auth": "off", "retry_intervals": (0,),
                                  "max_statement_chars": 5000, "max_batch_chars": 8000, "max_quotes": 3})


@pytest.fixture
def tight_client(tight_settings, fake_server):
    from service import create_app
    from service.connections import connect

    return create_app(tight_settings, connect(tight_settings, fake_server=fake_server)).test_client()


def test_a_statement_with_too_much_to_read_is_refused_with_the_limit(tight_client):
    document = {"source": "paper", "text": "The dam opened, officials said. " * 200}
    response = tight_client.post("/v1/statements", json={"text": "The dam opened.", "documents": [document]})
    assert response.status_code == 422
    (error,) = response.get_json()["errors"]
    assert error["field"] == "documents" and "5000" in error["message"]


def test_too_many_quotes_to_infer_is_refused_with_the_limit(tight_client):
    evidence = [{"source": f"s{i}", "quote": f"The dam opened, s{i} said."} for i in range(4)]
    response = tight_client.post("/v1/statements", json={"text": "The dam opened.", "evidence": evidence})
    assert response.status_code == 422
    (error,) = response.get_json()["errors"]
    assert error["field"] == "evidence" and "at most 3" in error["message"]


def test_a_batch_with_too_much_to_read_is_a_413_and_enqueues_nothing(tight_client, fake_server):
    statement = {"text": "The dam opened.", "documents": [{"source": "p", "text": "Officials said so. " * 200}]}
    response = tight_client.post("/v1/statements/batch", json={"statements": [statement] * 3})
    assert response.status_code == 413
    assert response.get_json()["errors"][0]["field"] == "statements"
    assert "8000" in response.get_json()["detail"]


def test_a_body_over_the_limit_is_refused_from_its_content_length(client, app):
    limit = app.config["MAX_CONTENT_LENGTH"]
    body = json.dumps({"text": "x" * (limit + 1)})
    response = client.post("/v1/statements", data=body, content_type="application/json")
    assert response.status_code == 413


def test_a_seed_file_whose_records_collide_stops_start_up(tmp_path):
    from config.settings import SettingsError
    from service import load_registry_file

    seed = tmp_path / "registry.json"
    seed.write_text(json.dumps([{"id": "reuters"}, {"id": "wire", "aliases": ["REUTERS"]}]))
    with pytest.raises(SettingsError, match="'reuters' and 'wire'"):
        load_registry_file(str(seed))
