"""/openapi.json is generated from the schemas and is a valid OpenAPI 3 document."""

from openapi_spec_validator import validate


def test_openapi_document_validates(client):
    spec = client.get("/openapi.json").get_json()

    validate(spec)
    assert spec["openapi"].startswith("3.")
    stance = spec["components"]["schemas"]["Evidence"]["properties"]["stance"]
    assert stance["enum"] == ["confirms", "denies", "neutral"]
    assert {"/v1/statements", "/v1/statements/batch", "/v1/jobs/{job_id}"} <= set(spec["paths"])


def test_readiness_and_liveness(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}
    assert client.get("/readyz").get_json() == {"status": "ready"}
