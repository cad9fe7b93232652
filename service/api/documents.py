"""/v1/documents: articles for the workspace's evidence store, read by a background job."""

from __future__ import annotations

import json

from flask import Blueprint, request
from marshmallow import ValidationError

from config.redis_keys import evidence_version_key
from service.api import backend, caller, json_body, settings, workspace
from service.auth import requires
from service.cache import DOCUMENT_DELETED, new_evidence_version
from service.errors import ApiProblem, validation_problem
from service.fingerprint import keyed_digest
from service.schemas import DocumentSchema
from workers.evidence_store import document_summary

bp = Blueprint("documents", __name__, url_prefix="/v1/documents")

_NOT_FOUND = "No such document in the evidence store (yet)."


@bp.post("")
@requires("analyst")
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
    space = workspace()
    document_id = document_fingerprint(document, backend().workspaces.ensure(space))
    before = _stored(document_id)
    if before is None:
        _check_quota(space, limits.workspace_document_quota)
    job_id = backend().queue.submit_document(space, caller().key_id, document_id, document)
    after = {"document_id": document_id, "characters": len(document["text"]),
             **{k: document[k] for k in ("source", "url", "published_at") if k in document}}
    backend().audit(space).record(caller(), "document.submit", f"documents/{document_id}", before, after)
    headers = {"Location": f"/v1/jobs/{job_id}", "Retry-After": str(limits.retry_after)}
    return {"document_id": document_id, "job_id": job_id, "status": "queued"}, 202, headers


@bp.get("")
@requires("reader")
def list_documents():
    """One page of the workspace's documents, newest first; with ?q=, best full-text match first."""
    page = _positive_int("page", 1, None)
    per_page = _positive_int("per_page", 50, 200)
    query = request.args.get("q", "").strip() or None
    found, total = backend().store.list_documents(workspace(), page, per_page, query)
    return {"items": [document_summary(d) for d in found], "page": page, "per_page": per_page, "total": total}


def _positive_int(name: str, default: int, most: int | None) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or int(raw) < 1 or (most is not None and int(raw) > most):
        bound = f" and at most {most}" if most else ""
        raise ApiProblem(422, "Invalid request", f"{name} must be a whole number, at least 1{bound}.",
                         "/problems/validation-error", [{"field": name, "message": f"At least 1{bound}."}])
    return int(raw)


@bp.get("/<document_id>")
@requires("reader")
def get_document(document_id: str):
    stored = _stored(document_id)
    if stored is None:
        raise ApiProblem(404, "Not Found", _NOT_FOUND)
    return stored


@bp.delete("/<document_id>")
@requires("editor")
def delete_document(document_id: str):
    """Remove a document; results read from the evidence store go stale."""
    space = workspace()
    if _stored(document_id) is None:
        raise ApiProblem(404, "Not Found", _NOT_FOUND)
    # Before: should Redis fail after the delete, results read from the document are stale
    # already. After: a scoring that searched between the two is stale too.
    backend().clients.text.set(evidence_version_key(space), new_evidence_version(DOCUMENT_DELETED))
    deleted = backend().store.delete_document(space, document_id)
    if deleted is None:
        raise ApiProblem(404, "Not Found", _NOT_FOUND)
    backend().clients.text.set(evidence_version_key(space), new_evidence_version(DOCUMENT_DELETED))
    before = document_summary(deleted)
    backend().audit(space).record(caller(), "document.delete", f"documents/{document_id}", before, None)
    return "", 204


def document_fingerprint(document: dict, workspace_secret: str) -> str:
    """The same article from the same publisher is stored once per workspace."""
    source = document["source"]
    publisher = source if isinstance(source, str) else source["id"]
    material = json.dumps([publisher, " ".join(document["text"].split())], ensure_ascii=False)
    return "doc_" + keyed_digest(material, workspace_secret)


def _stored(document_id: str) -> dict | None:
    """The stored record without its text, or None."""
    stored = backend().store.get_document(workspace(), document_id)
    return None if stored is None else document_summary(stored)


def _check_quota(space: str, quota: int) -> None:
    # 409, not 429: waiting does not help, deleting documents (an editor's DELETE) does; the
    # workspace's state conflicts with the request, as RFC 9110 describes 409.
    if backend().store.count_documents(space) >= quota:
        raise ApiProblem(409, "Workspace full",
                         f"This workspace's evidence store holds its quota of {quota} documents; "
                         "delete some (DELETE /v1/documents/<id>) before storing more.",
                         "/problems/quota-exceeded")
