"""/v1/documents: articles for the evidence store, read by a background job."""

from __future__ import annotations

import hashlib
import json

from flask import Blueprint
from marshmallow import ValidationError

from config.redis_keys import DOCUMENTS
from service.api import backend, json_body, settings
from service.errors import ApiProblem, validation_problem
from service.schemas import DocumentSchema

bp = Blueprint("documents", __name__, url_prefix="/v1/documents")


@bp.post("")
def submit_document():
    limits = settings()
    body = json_body()
    if not isinstance(body, dict):
        raise ApiProblem(422, "Invalid request", "A document must be a JSON object.", "/problems/validation-error",
                         [{"field": "body", "message": "Must be an object with source and text."}])
    schema = DocumentSchema(max_document_chars=limits.max_document_chars)
    try:
        document = schema.dump(schema.load(body))
    except ValidationError as error:
        raise validation_problem(error.messages) from None
    document_id = document_fingerprint(document)
    job_id = backend().queue.submit_document(document_id, document)
    headers = {"Location": f"/v1/jobs/{job_id}", "Retry-After": str(limits.retry_after)}
    return {"document_id": document_id, "job_id": job_id, "status": "queued"}, 202, headers


@bp.get("/<document_id>")
def get_document(document_id: str):
    raw = backend().clients.text.hget(DOCUMENTS, document_id)
    if raw is None:
        raise ApiProblem(404, "Not Found", "No such document in the evidence store (yet).")
    stored = json.loads(raw)
    stored.pop("text")
    return stored


def document_fingerprint(document: dict) -> str:
    """The same article from the same publisher is stored once."""
    source = document["source"]
    publisher = source if isinstance(source, str) else source["id"]
    material = json.dumps([publisher, " ".join(document["text"].split())], ensure_ascii=False)
    return "doc_" + hashlib.sha256(material.encode()).hexdigest()[:40]
