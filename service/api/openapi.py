"""/openapi.json, generated from the marshmallow schemas in service.schemas."""

from __future__ import annotations

from functools import cache

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Blueprint, current_app

from config.settings import SCORER_VERSION
from service import schemas
from service.auth import PUBLIC, public, required_role

bp = Blueprint("openapi", __name__)

_PROBLEM = {"application/problem+json": {"schema": "Problem"}}
_RETRY_AFTER = {"Retry-After": {"schema": {"type": "integer"}, "description": "seconds before polling again"}}


def _json(schema: str) -> dict:
    return {"application/json": {"schema": schema}}


def _problem(description: str) -> dict:
    return {"description": description, "content": _PROBLEM}


_ERRORS = {
    "400": _problem("malformed JSON"),
    "413": _problem("body too large"),
    "415": _problem("not application/json"),
    "422": _problem("invalid fields, each named under `errors`"),
    "503": {**_problem("Redis or the database unreachable"), "headers": _RETRY_AFTER},
}

# Every route but the public ones: added to each operation by _secure() below.
_AUTH_ERRORS = {
    "401": {**_problem("no API key, or an unknown or revoked one"),
            "headers": {"WWW-Authenticate": {"schema": {"type": "string"}, "description": 'Bearer realm="corroborate"'}}},
    "403": _problem("this key's role may not do this"),
    "429": {**_problem("rate limit reached"), "headers": {
        "Retry-After": {"schema": {"type": "integer"}, "description": "seconds before the limit resets"}}},
}
_BEARER = {"type": "http", "scheme": "bearer",
           "description": "An API key (cbk_...) from `corroborate keys create` or POST /v1/keys."}

_JOB_ID = {"name": "job_id", "in": "path", "required": True, "schema": {"type": "string"}}
_SOURCE_ID = {"name": "source_id", "in": "path", "required": True, "schema": {"type": "string"}}
_DOCUMENT_ID = {"name": "document_id", "in": "path", "required": True, "schema": {"type": "string"}}
_STATEMENT_ID = {"name": "statement_id", "in": "path", "required": True, "schema": {"type": "string"}}
_BATCH_ID = {"name": "batch_id", "in": "path", "required": True, "schema": {"type": "string"}}
_LOCATION = {"Location": {"schema": {"type": "string"}}, **_RETRY_AFTER}


def _page_parameters(default_per_page: int, most_per_page: int) -> list[dict]:
    return [{"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
            {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1,
                                                           "maximum": most_per_page, "default": default_per_page}}]


PATHS = {
    "/v1/statements": {
        "post": {
            "summary": "Submit a statement for scoring",
            "requestBody": {"required": True, "content": _json("Statement")},
            "responses": {
                "200": {"description": "already scored: the cached result", "content": _json("Submission")},
                "202": {
                    "description": "queued; poll the job at Location",
                    "content": _json("Submission"),
                    "headers": {"Location": {"schema": {"type": "string"}}, **_RETRY_AFTER},
                },
                **_ERRORS,
            },
        }
    },
    "/v1/statements/batch": {
        "post": {
            "summary": "Submit up to 1,000 statements, scored in chunks",
            "requestBody": {"required": True, "content": _json("Batch")},
            "responses": {
                "202": {"description": "accepted: cached statements answered now, the rest queued; "
                                       "poll the batch at Location",
                        "content": _json("BatchSubmission"), "headers": _LOCATION},
                **_ERRORS,
            },
        }
    },
    "/v1/statements/{statement_id}/history": {
        "get": {
            "summary": "Every saved scoring of a statement, newest first, with why it was scored",
            "parameters": [_STATEMENT_ID],
            "responses": {
                "200": {"description": "the scorings", "content": _json("StatementHistory")},
                "404": _problem("no result saved"),
                "503": _ERRORS["503"],
            },
        }
    },
    "/v1/batches/{batch_id}": {
        "get": {
            "summary": "A batch's progress and one page of its statements' results",
            "parameters": [_BATCH_ID, *_page_parameters(100, 1000)],
            "responses": {
                "200": {"description": "the batch", "content": _json("BatchProgress")},
                "404": _problem("unknown or expired batch"),
                "422": _ERRORS["422"],
                "503": _ERRORS["503"],
            },
        },
        "delete": {
            "summary": "Cancel the batch's chunks that have not started",
            "parameters": [_BATCH_ID, *_page_parameters(100, 1000)],
            "responses": {
                "200": {"description": "the batch after cancelling", "content": _json("BatchProgress")},
                "404": _problem("unknown or expired batch"),
                "422": _ERRORS["422"],
                "503": _ERRORS["503"],
            },
        },
    },
    "/v1/statements/{statement_id}": {
        "get": {
            "summary": "The cached result of a statement",
            "parameters": [_STATEMENT_ID],
            "responses": {
                "200": {"description": "the result", "content": _json("Result")},
                "404": _problem("no result cached"),
                "503": _ERRORS["503"],
            },
        }
    },
    "/v1/jobs/{job_id}": {
        "get": {
            "summary": "Poll a scoring job",
            "parameters": [_JOB_ID],
            "responses": {
                "200": {"description": "the job's state", "content": _json("Job"), "headers": _RETRY_AFTER},
                "404": _problem("unknown or expired job"),
                "503": _ERRORS["503"],
            },
        },
        "delete": {
            "summary": "Cancel a queued job",
            "parameters": [_JOB_ID],
            "responses": {
                "200": {"description": "canceled", "content": _json("Job")},
                "404": _problem("unknown or expired job"),
                "409": _problem("the job is no longer queued"),
                "503": _ERRORS["503"],
            },
        },
    },
    "/v1/sources": {
        "get": {
            "summary": "List registered sources, in id order",
            "parameters": [
                {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0}},
                {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 500}},
            ],
            "responses": {"200": {"description": "a page", "content": _json("SourcePage")},
                          "400": _problem("bad paging parameter"), "503": _ERRORS["503"]},
        }
    },
    "/v1/sources/{source_id}": {
        "get": {
            "summary": "One registered source",
            "parameters": [_SOURCE_ID],
            "responses": {"200": {"description": "the source", "content": _json("Source")},
                          "404": _problem("not registered"), "503": _ERRORS["503"]},
        },
        "put": {
            "summary": "Register or replace a source (makes cached scores stale)",
            "parameters": [_SOURCE_ID],
            "requestBody": {"required": True, "content": _json("SourceUpdate")},
            "responses": {"200": {"description": "replaced", "content": _json("Source")},
                          "201": {"description": "registered", "content": _json("Source")}, **_ERRORS},
        },
        "delete": {
            "summary": "Remove a source (makes cached scores stale)",
            "parameters": [_SOURCE_ID],
            "responses": {"204": {"description": "removed"}, "404": _problem("not registered"),
                          "503": _ERRORS["503"]},
        },
    },
    "/v1/documents": {
        "get": {
            "summary": "The workspace's stored documents, newest first; with q, best full-text match first",
            "parameters": [*_page_parameters(50, 200),
                           {"name": "q", "in": "query", "schema": {"type": "string"},
                            "description": "words to search the documents' text for"}],
            "responses": {"200": {"description": "a page", "content": _json("DocumentPage")},
                          "422": _ERRORS["422"], "503": _ERRORS["503"]},
        },
        "post": {
            "summary": "Store an article in the evidence store (read by a background job)",
            "requestBody": {"required": True, "content": _json("Document")},
            "responses": {
                "202": {"description": "queued; poll the job at Location", "content": _json("DocumentSubmission"),
                        "headers": {"Location": {"schema": {"type": "string"}}, **_RETRY_AFTER}},
                **_ERRORS,
            },
        }
    },
    "/v1/documents/{document_id}": {
        "get": {
            "summary": "A stored document's record (without its text)",
            "parameters": [_DOCUMENT_ID],
            "responses": {"200": {"description": "stored", "content": _json("StoredDocument")},
                          "404": _problem("not stored (yet)"), "503": _ERRORS["503"]},
        },
        "delete": {
            "summary": "Remove a document from the evidence store (results read from it go stale)",
            "parameters": [_DOCUMENT_ID],
            "responses": {"204": {"description": "removed"}, "404": _problem("not stored"),
                          "503": _ERRORS["503"]},
        },
    },
    "/v1/keys": {
        "get": {
            "summary": "The API keys of the caller's workspace (never their secrets)",
            "responses": {"200": {"description": "the keys", "content": _json("ApiKeyList")}, "503": _ERRORS["503"]},
        },
        "post": {
            "summary": "Create a key in the caller's workspace; its secret is shown only in this response",
            "requestBody": {"required": True, "content": _json("KeyRequest")},
            "responses": {"201": {"description": "created", "content": _json("NewApiKey")}, **_ERRORS},
        },
    },
    "/v1/keys/{key_id}": {
        "delete": {
            "summary": "Revoke a key of the caller's workspace (at once)",
            "parameters": [{"name": "key_id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": {"200": {"description": "revoked", "content": _json("ApiKey")},
                          "404": _problem("no such key in this workspace"), "503": _ERRORS["503"]},
        }
    },
    "/v1/audit": {
        "get": {
            "summary": "The workspace's audit log, newest first",
            "parameters": [
                {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 500}},
                {"name": "before", "in": "query", "schema": {"type": "string", "pattern": r"^\d{1,18}$"},
                 "description": "an entry id: older entries than it"},
            ],
            "responses": {"200": {"description": "a page", "content": _json("AuditPage")},
                          "400": _problem("bad paging parameter"), "503": _ERRORS["503"]},
        }
    },
    "/v1/attributions": {
        "post": {
            "summary": "Who said what in one article: every attribution, in text order",
            "requestBody": {"required": True, "content": _json("Article")},
            "responses": {
                "200": {"description": "the attributions", "content": _json("Attributions")},
                **{code: response for code, response in _ERRORS.items() if code != "503"},
            },
        }
    },
    "/openapi.json": {"get": {"summary": "This document",
                              "responses": {"200": {"description": "the OpenAPI document",
                                                    "content": {"application/json": {"schema": {"type": "object"}}}}}}},
    "/healthz": {"get": {"summary": "Process is up", "responses": {"200": {"description": "up", "content": _json("Health")}}}},
    "/readyz": {
        "get": {
            "summary": "Redis is reachable",
            "responses": {"200": {"description": "ready", "content": _json("Health")}, "503": _ERRORS["503"]},
        }
    },
}

# (operationId, tag) of each operation: a generated client groups calls by tag and names them
# by operationId (without them every call lands in `default` as get_v1_jobs_job_id).
OPERATIONS = {
    ("/v1/statements", "post"): ("submitStatement", "statements"),
    ("/v1/statements/batch", "post"): ("submitBatch", "statements"),
    ("/v1/statements/{statement_id}", "get"): ("getResult", "statements"),
    ("/v1/statements/{statement_id}/history", "get"): ("getResultHistory", "statements"),
    ("/v1/batches/{batch_id}", "get"): ("getBatch", "batches"),
    ("/v1/batches/{batch_id}", "delete"): ("cancelBatch", "batches"),
    ("/v1/jobs/{job_id}", "get"): ("getJob", "jobs"),
    ("/v1/jobs/{job_id}", "delete"): ("cancelJob", "jobs"),
    ("/v1/sources", "get"): ("listSources", "sources"),
    ("/v1/sources/{source_id}", "get"): ("getSource", "sources"),
    ("/v1/sources/{source_id}", "put"): ("putSource", "sources"),
    ("/v1/sources/{source_id}", "delete"): ("deleteSource", "sources"),
    ("/v1/documents", "get"): ("listDocuments", "documents"),
    ("/v1/documents", "post"): ("submitDocument", "documents"),
    ("/v1/documents/{document_id}", "get"): ("getDocument", "documents"),
    ("/v1/documents/{document_id}", "delete"): ("deleteDocument", "documents"),
    ("/v1/keys", "get"): ("listKeys", "keys"),
    ("/v1/keys", "post"): ("createKey", "keys"),
    ("/v1/keys/{key_id}", "delete"): ("revokeKey", "keys"),
    ("/v1/audit", "get"): ("listAuditEntries", "audit"),
    ("/v1/attributions", "post"): ("readAttributions", "attributions"),
    ("/healthz", "get"): ("getHealth", "health"),
    ("/readyz", "get"): ("getReadiness", "health"),
    ("/openapi.json", "get"): ("getOpenApi", "health"),
}
# A request body a person can send as is: shown in /docs (and by generated clients' docs).
EXAMPLES = {
    "Statement": {"text": "The Halvorsen works leaked chlorine gas",
                  "evidence": [{"source": "clean-air-watch", "stance": "confirms"},
                               {"source": "environment-ministry", "quote": "Levels never exceeded the limit."}]},
    "Batch": {"statements": [{"text": "The harbour bridge reopened",
                              "evidence": [{"source": "harbour-daily", "stance": "confirms"}]}]},
    "SourceUpdate": {"name": "Harbour Daily", "kind": "outlet", "aliases": ["The Harbour Daily"],
                     "affiliations": [], "reliability": 0.7},
    "Document": {"source": "harbour-daily", "url": "https://harbour.example/news/chlorine",
                 "text": "Clean Air Watch said its sensors recorded chlorine near the plant gate."},
    "KeyRequest": {"role": "analyst", "label": "newsroom laptop"},
}
TAGS = [
    {"name": "statements", "description": "Submit statements and read their scored results"},
    {"name": "batches", "description": "Progress, results and cancellation of statement batches"},
    {"name": "jobs", "description": "Poll and cancel background jobs"},
    {"name": "sources", "description": "The workspace's source registry"},
    {"name": "documents", "description": "The workspace's evidence store of articles"},
    {"name": "keys", "description": "API keys of the workspace (admins)"},
    {"name": "audit", "description": "Who changed what (admins)"},
    {"name": "attributions", "description": "Who said what in one article"},
    {"name": "health", "description": "Liveness, readiness and this document"},
]

COMPONENTS = {
    "Span": schemas.SpanSchema,
    "Article": schemas.ArticleSchema,
    "Attribution": schemas.AttributionSchema,
    "Attributions": schemas.AttributionsSchema,
    "SourceObject": schemas.SourceObjectSchema,
    "Source": schemas.SourceSchema,
    "SourceUpdate": schemas.SourceUpdateSchema,
    "SourcePage": schemas.SourcePageSchema,
    "Evidence": schemas.EvidenceSchema,
    "Document": schemas.DocumentSchema,
    "Statement": schemas.StatementSchema,
    "Batch": schemas.BatchSchema,
    "Counts": schemas.CountsSchema,
    "Cluster": schemas.ClusterSchema,
    "EvidenceResult": schemas.EvidenceResultSchema,
    "DocumentResult": schemas.DocumentResultSchema,
    "DocumentSubmission": schemas.DocumentSubmissionSchema,
    "StoredDocument": schemas.StoredDocumentSchema,
    "Result": schemas.ResultSchema,
    "Submission": schemas.SubmissionSchema,
    "BatchSubmissionItem": schemas.BatchSubmissionItemSchema,
    "BatchSubmission": schemas.BatchSubmissionSchema,
    "BatchItem": schemas.BatchItemSchema,
    "BatchProgress": schemas.BatchProgressSchema,
    "SavedScoring": schemas.SavedScoringSchema,
    "StatementHistory": schemas.StatementHistorySchema,
    "DocumentPage": schemas.DocumentPageSchema,
    "JobError": schemas.JobErrorSchema,
    "Job": schemas.JobSchema,
    "FieldError": schemas.FieldErrorSchema,
    "Problem": schemas.ProblemSchema,
    "Health": schemas.HealthSchema,
    "KeyRequest": schemas.KeyRequestSchema,
    "ApiKey": schemas.ApiKeySchema,
    "NewApiKey": schemas.NewApiKeySchema,
    "ApiKeyList": schemas.ApiKeyListSchema,
    "AuditEntry": schemas.AuditEntrySchema,
    "AuditPage": schemas.AuditPageSchema,
}


@cache
def build_spec(roles: tuple[tuple[str, str, str], ...] = ()) -> dict:
    """The document; `roles` holds (path, method, role) of the app's routes, for `security`."""
    plugin = MarshmallowPlugin()
    spec = APISpec(
        title="Corroborate",
        version=SCORER_VERSION,
        openapi_version="3.1.0",
        info={"description": "Scores statements by how many independent sources confirm or deny them."},
        plugins=[plugin],
    )
    plugin.converter.add_attribute_function(_source_reference)
    for name, schema in COMPONENTS.items():
        spec.components.schema(name, schema=schema)
    spec.components.security_scheme("bearerAuth", _BEARER)
    needed = {(path, method): role for path, method, role in roles}
    for tag in TAGS:
        spec.tag(tag)
    for path, operations in PATHS.items():
        spec.path(path=path, operations={
            method: _named(path, method, _secure(operation, needed.get((path, method), "reader")))
            for method, operation in operations.items()
        })
    document = spec.to_dict()
    # marshmallow knows the job's result only as a dict; a generated client should know its type.
    document["components"]["schemas"]["Job"]["properties"]["result"] = {
        "description": "a Result for a scoring job; a StoredDocument for a job storing a document",
        "oneOf": [{"$ref": "#/components/schemas/Result"}, {"$ref": "#/components/schemas/StoredDocument"}],
    }
    return document


def _named(path: str, method: str, operation: dict) -> dict:
    named = OPERATIONS.get((path, method))
    if named is None:  # an operation another branch adds keeps working, unnamed (a test fails on it)
        return operation
    operation = {"operationId": named[0], "tags": [named[1]], **operation}
    body = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if body and body["schema"] in EXAMPLES:
        operation["requestBody"] = {**operation["requestBody"], "content": {
            "application/json": {**body, "example": EXAMPLES[body["schema"]]}}}
    return operation


def _secure(operation: dict, role: str) -> dict:
    if role == PUBLIC:
        return {**operation, "security": []}
    return {
        **operation,
        "description": f"Needs the **{role}** role (or a higher one).",
        "security": [{"bearerAuth": []}],
        "responses": {**operation["responses"], **_AUTH_ERRORS},
    }


def route_roles(app) -> tuple[tuple[str, str, str], ...]:
    """(OpenAPI path, method, role) of every route the app serves."""
    rows = []
    for rule in app.url_map.iter_rules():
        path = rule.rule.replace("<", "{").replace(">", "}")
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            rows.append((path, method.lower(), required_role(app, rule.endpoint) or "admin"))
    return tuple(sorted(rows))


def _source_reference(converter, field, **kwargs) -> dict:
    if isinstance(field, schemas.SourceReference):
        return {"oneOf": [{"type": "string", "minLength": 1, "maxLength": 200},
                          {"$ref": "#/components/schemas/SourceObject"}]}
    return {}


@bp.get("/openapi.json")
@public
def openapi_json():
    return build_spec(route_roles(current_app))
