"""/openapi.json is generated from the schemas and is a valid OpenAPI 3 document."""

import re

from jsonschema import Draft202012Validator
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


def api_routes(app):
    """(OpenAPI path, method) of every route the app serves but the web pages and static files."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or rule.endpoint.startswith("pages."):
            continue
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            yield rule.rule.replace("<", "{").replace(">", "}"), method.lower()


def test_every_api_route_is_described_and_named_and_nothing_else(client, app):
    spec = client.get("/openapi.json").get_json()
    described = {(path, method) for path, item in spec["paths"].items() for method in item}
    served = set(api_routes(app))

    assert served - described == set(), "routes missing from service/api/openapi.py PATHS"
    assert described - served == set(), "operations no route serves"
    unnamed = sorted((p, m) for p, m in described if "operationId" not in spec["paths"][p][m])
    assert unnamed == [], "operations missing from service/api/openapi.py OPERATIONS"
    for path, method in described:
        declared = {p["name"] for p in spec["paths"][path][method].get("parameters", []) if p["in"] == "path"}
        assert declared == set(re.findall(r"{(\w+)}", path)), (path, method)


def conforms(spec: dict, component: str, instance) -> None:
    """Validate a response body against a component of the document (JSON Schema 2020-12)."""
    schema = {**spec, "$ref": f"#/components/schemas/{component}"}
    Draft202012Validator(schema).validate(instance)


def test_the_newer_routes_answer_as_described(client, run_jobs):
    spec = client.get("/openapi.json").get_json()
    client.post("/v1/documents", json={"source": "harbour-daily", "text": "The harbour bridge reopened on Monday."})
    run_jobs()
    statement = {"text": "The harbour bridge reopened"}
    batch = client.post("/v1/statements/batch", json={"statements": [statement, {"text": "Cats can fly"}]})

    assert batch.status_code == 202 and batch.headers["Location"] == f"/v1/batches/{batch.get_json()['batch_id']}"
    conforms(spec, "BatchSubmission", batch.get_json())
    conforms(spec, "BatchProgress", client.get(batch.headers["Location"]).get_json())
    run_jobs()
    progress = client.get(batch.headers["Location"] + "?per_page=1").get_json()
    conforms(spec, "BatchProgress", progress)
    assert progress["succeeded"] == 2 and len(progress["items"]) == 1 and "result" in progress["items"][0]
    conforms(spec, "BatchProgress", client.delete(batch.headers["Location"]).get_json())
    statement_id = progress["items"][0]["statement_id"]
    conforms(spec, "StatementHistory", client.get(f"/v1/statements/{statement_id}/history").get_json())
    documents = client.get("/v1/documents?q=bridge").get_json()
    assert documents["total"] == 1
    conforms(spec, "DocumentPage", documents)
    client.put("/v1/sources/harbour-daily", json={"name": "Harbour Daily"})
    audit = client.get("/v1/audit?limit=1").get_json()
    conforms(spec, "AuditPage", audit)
    assert re.fullmatch(spec["paths"]["/v1/audit"]["get"]["parameters"][1]["schema"]["pattern"],
                        audit["items"][0]["id"])
