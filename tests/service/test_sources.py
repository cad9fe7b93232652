"""/v1/sources: the registry, and what a registry change does to cached scores."""

from __future__ import annotations

import json

import pytest

from config.settings import Settings, SettingsError
from service import create_app

NORTH_KOREA = {"name": "North Korea", "aliases": ["Pyongyang", "North Korea's foreign ministry"],
               "kind": "government"}


def test_put_get_list_delete(client):
    created = client.put("/v1/sources/north-korea", json=NORTH_KOREA)
    assert created.status_code == 201
    assert created.get_json() == {**NORTH_KOREA, "id": "north-korea", "affiliations": [], "reliability": None}
    assert client.put("/v1/sources/north-korea", json={**NORTH_KOREA, "reliability": 0.3}).status_code == 200
    assert client.get("/v1/sources/north-korea").get_json()["reliability"] == 0.3

    assert client.delete("/v1/sources/north-korea").status_code == 204
    assert client.get("/v1/sources/north-korea").status_code == 404
    assert client.delete("/v1/sources/north-korea").status_code == 404


def test_list_is_paginated_in_id_order(client):
    for n in range(5):
        client.put(f"/v1/sources/s{n}", json={"kind": "outlet"})

    first = client.get("/v1/sources?limit=2").get_json()
    second = client.get(first["next"]).get_json()
    last = client.get(second["next"]).get_json()

    assert [s["id"] for s in first["items"] + second["items"] + last["items"]] == ["s0", "s1", "s2", "s3", "s4"]
    assert first["total"] == 5 and last["next"] is None


@pytest.mark.parametrize(
    "query, field", [("limit=0", "limit"), ("limit=501", "limit"), ("offset=-1", "offset"), ("limit=x", "limit")]
)
def test_bad_paging_names_the_parameter(client, query, field):
    response = client.get(f"/v1/sources?{query}")
    assert response.status_code == 400
    assert response.get_json()["errors"][0]["field"] == field


@pytest.mark.parametrize(
    "body, field",
    [
        ({"kind": "tabloid"}, "kind"),
        ({"reliability": 1.5}, "reliability"),
        ({"aliases": "Pyongyang"}, "aliases"),
        ({"id": "other"}, "id"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_source_names_the_field(client, body, field):
    response = client.put("/v1/sources/x", json=body)
    assert response.status_code == 422
    assert field in [e["field"] for e in response.get_json()["errors"]]


def test_evidence_resolves_through_registered_aliases(client, run_jobs):
    client.put("/v1/sources/north-korea", json=NORTH_KOREA)
    statement = {"text": "Troops were sent.", "evidence": [
        {"source": "pyongyang", "stance": "neutral"},
        {"source": "North Korea’s Foreign Ministry", "stance": "neutral"},
    ]}

    job_id = client.post("/v1/statements", json=statement).get_json()["job_id"]
    run_jobs()

    result = client.get(f"/v1/jobs/{job_id}").get_json()["result"]
    assert result["counts"]["independent"] == 1
    assert result["clusters"][0]["sources"] == ["north-korea"]


def test_a_registry_change_makes_cached_scores_stale(client, run_jobs):
    statement = {"text": "Troops were sent.", "evidence": [
        {"source": "pyongyang", "stance": "confirms"}, {"source": "kcna", "stance": "confirms"},
    ]}
    first = client.post("/v1/statements", json=statement).get_json()
    run_jobs()
    assert client.post("/v1/statements", json=statement).status_code == 200
    before = client.get(f"/v1/statements/{first['statement_id']}").get_json()
    assert before["counts"]["confirming"] == 2

    client.put("/v1/sources/north-korea", json={**NORTH_KOREA, "aliases": ["Pyongyang", "KCNA"]})

    stale = client.get(f"/v1/statements/{first['statement_id']}")
    assert stale.status_code == 404 and stale.headers["Location"].startswith("/v1/jobs/")
    again = client.post("/v1/statements", json=statement)
    assert again.status_code == 202
    assert again.get_json()["statement_id"] == first["statement_id"]
    assert again.headers["Location"] == stale.headers["Location"]  # one rescoring job, not two
    run_jobs()
    after = client.get(f"/v1/statements/{first['statement_id']}").get_json()
    assert after["counts"]["confirming"] == 1


def test_a_registry_file_seeds_without_overwriting_edits(tmp_path, settings, clients):
    path = tmp_path / "registry.json"
    path.write_text(json.dumps({"sources": [{"id": "north-korea", **NORTH_KOREA}, {"id": "russia"}]}))
    seeded = Settings.from_mapping({"redis_url": "redis://fake", "registry_file": str(path), "auth": "off"})

    client = create_app(seeded, clients).test_client()
    assert client.get("/v1/sources/russia").get_json()["name"] == "russia"
    client.put("/v1/sources/russia", json={"name": "Russian Federation"})
    create_app(seeded, clients)

    assert client.get("/v1/sources/russia").get_json()["name"] == "Russian Federation"
    assert client.get("/v1/sources").get_json()["total"] == 2


def test_a_bad_registry_file_stops_start_up_with_the_field(tmp_path, clients):
    path = tmp_path / "registry.json"
    path.write_text(json.dumps([{"id": "x", "reliability": 3}]))

    with pytest.raises(SettingsError, match=r"\[0\]\.reliability"):
        create_app(Settings.from_mapping({"redis_url": "redis://fake", "registry_file": str(path)}), clients)
