"""/v1/attributions: every attribution in one article, with offsets, read synchronously."""

from __future__ import annotations

import pytest

ARTICLE = ("“The levee held through the night,” said Priya Nair, a spokeswoman for the river authority. "
           "Councillor Jonas Weber told reporters that the evacuation order would be lifted on Friday.")


def test_every_attribution_comes_back_in_text_order_with_offsets(client):
    response = client.post("/v1/attributions", json={"text": ARTICLE})

    assert response.status_code == 200
    found = response.get_json()["attributions"]
    assert [a["speaker"] for a in found] == ["Priya Nair", "Councillor Jonas Weber"]
    starts = [a["cue"]["start"] for a in found]
    assert starts == sorted(starts)
    for attribution in found:
        for part in ("source", "cue", "content"):
            span = attribution[part]
            assert ARTICLE[span["start"]:span["end"]] == span["text"]
    assert "levee held" in found[0]["content"]["text"]


def test_text_without_attributions_gives_an_empty_list(client):
    response = client.post("/v1/attributions", json={"text": "<div><p>Menu</p><p>Home | News</p></div>"})
    assert response.status_code == 200 and response.get_json() == {"attributions": []}


@pytest.mark.parametrize("body", [{"text": "   "}, {"text": 7}, {}, {"text": "ok", "extra": 1},
                                  {"text": "\x00\x01binary\x00"}])
def test_bad_input_is_a_422_naming_text(client, body):
    response = client.post("/v1/attributions", json=body)
    assert response.status_code == 422
    fields = [e["field"] for e in response.get_json()["errors"]]
    assert "text" in fields or "extra" in fields


def test_a_body_that_is_not_an_object_is_a_422(client):
    assert client.post("/v1/attributions", json=["text"]).status_code == 422


def test_text_over_the_document_limit_is_refused(client, app):
    limit = app.config["CORROBORATE"].max_document_chars
    response = client.post("/v1/attributions", json={"text": "a" * (limit + 1)})
    assert response.status_code == 422
    assert response.get_json()["errors"] == [{"field": "text", "message": f"Must be at most {limit} characters."}]


def test_the_route_is_in_the_openapi_document(client):
    spec = client.get("/openapi.json").get_json()
    assert "post" in spec["paths"]["/v1/attributions"]
    assert "Attribution" in spec["components"]["schemas"]
