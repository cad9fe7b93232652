"""/v1/keys: an admin manages the API keys of its own workspace."""

from __future__ import annotations

from flask import Blueprint
from marshmallow import ValidationError

from service.api import backend, caller, json_body, workspace
from service.auth import requires
from service.errors import ApiProblem, validation_problem
from service.schemas import KeyRequestSchema

bp = Blueprint("keys", __name__, url_prefix="/v1/keys")


@bp.get("")
@requires("admin")
def list_keys():
    return {"items": [key.public() for key in backend().keys.list(workspace())]}


@bp.post("")
@requires("admin")
def create_key():
    body = json_body()
    if not isinstance(body, dict):
        raise ApiProblem(422, "Invalid request", "A key request must be a JSON object.",
                         "/problems/validation-error", [{"field": "body", "message": "Must be an object with role."}])
    try:
        request = KeyRequestSchema().load(body)
    except ValidationError as error:
        raise validation_problem(error.messages) from None
    key, secret = backend().keys.create(workspace(), request["role"], request["label"])
    backend().audit(workspace()).record(caller(), "key.create", f"keys/{key.id}", None, key.public())
    return {**key.public(), "secret": secret}, 201


@bp.delete("/<key_id>")
@requires("admin")
def revoke_key(key_id: str):
    key = backend().keys.get(key_id)
    if key is None or key.workspace != workspace():
        raise ApiProblem(404, "Not Found", "No such key in this workspace.")
    before, after = backend().keys.revoke(key_id)
    if before.revoked_at is None:
        backend().audit(workspace()).record(caller(), "key.revoke", f"keys/{key_id}", before.public(), after.public())
    return after.public()
