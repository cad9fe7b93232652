"""/v1/sources: the source registry (aliases, affiliations, kind, reliability)."""

from __future__ import annotations

from flask import Blueprint, request, url_for
from marshmallow import ValidationError

from service.api import backend, caller, json_body, workspace
from service.auth import requires
from service.errors import ApiProblem, validation_problem
from service.registry import NameCollision
from service.schemas import SourceSchema

bp = Blueprint("sources", __name__, url_prefix="/v1/sources")

MAX_PAGE = 500


@bp.get("")
@requires("reader")
def list_sources():
    offset = _query_int("offset", 0, 0, None)
    limit = _query_int("limit", 50, 1, MAX_PAGE)
    items, total = backend().registry(workspace()).page(offset, limit)
    following = offset + limit
    return {
        "items": items, "total": total, "offset": offset, "limit": limit,
        "next": url_for(".list_sources", offset=following, limit=limit) if following < total else None,
    }


@bp.get("/<source_id>")
@requires("reader")
def get_source(source_id: str):
    record = backend().registry(workspace()).get(source_id)
    if record is None:
        raise ApiProblem(404, "Not Found", f"No source {source_id!r} is registered.")
    return record


@bp.put("/<source_id>")
@requires("editor")
def put_source(source_id: str):
    body = json_body()
    if not isinstance(body, dict):
        raise ApiProblem(422, "Invalid request", "A source must be a JSON object.", "/problems/validation-error",
                         [{"field": "body", "message": "Must be an object."}])
    if body.setdefault("id", source_id) != source_id:
        raise ApiProblem(422, "Invalid request", "The id in the body differs from the one in the path.",
                         "/problems/validation-error", [{"field": "id", "message": "Must equal the id in the path."}])
    try:
        record = SourceSchema().load(body)
    except ValidationError as error:
        raise validation_problem(error.messages) from None
    record.setdefault("name", source_id)
    registry = backend().registry(workspace())
    before = registry.get(source_id)
    try:
        created = registry.put(record)
    except NameCollision as collision:
        raise ApiProblem(
            409, "Conflict",
            f"Source {collision.record_id!r} cannot go by {collision.name!r}: registered source "
            f"{collision.other_id!r} already does (names are matched case- and accent-blind). "
            "Remove the name from one of them.",
            errors=[{"field": "aliases", "message": f"Collides with source {collision.other_id!r}.",
                     "sources": [collision.record_id, collision.other_id]}],
        ) from None
    backend().audit(workspace()).record(caller(), "source.put", f"sources/{source_id}", before, record)
    return record, 201 if created else 200


@bp.delete("/<source_id>")
@requires("editor")
def delete_source(source_id: str):
    registry = backend().registry(workspace())
    before = registry.get(source_id)
    if not registry.delete(source_id):
        raise ApiProblem(404, "Not Found", f"No source {source_id!r} is registered.")
    backend().audit(workspace()).record(caller(), "source.delete", f"sources/{source_id}", before, None)
    return "", 204


def _query_int(name: str, default: int, low: int, high: int | None) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = low - 1
    if value < low or (high is not None and value > high):
        bound = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise ApiProblem(400, "Bad Request", f"{name} must be a whole number {bound}.",
                         "/problems/validation-error", [{"field": name, "message": f"Must be {bound}."}])
    return value
