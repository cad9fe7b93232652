"""One blueprint per resource."""

from flask import current_app, request

from config.settings import Settings
from service.auth import Principal, principal
from service.errors import ApiProblem


def backend():
    return current_app.extensions["corroborate"]


def caller() -> Principal:
    """Who is calling, and in which workspace (set by service.auth before the view runs)."""
    return principal()


def workspace() -> str:
    return principal().workspace


def settings() -> Settings:
    return current_app.config["CORROBORATE"]


def json_body():
    if not request.is_json:
        raise ApiProblem(415, "Unsupported Media Type", "Send the body as application/json.",
                         errors=[{"field": "body", "message": "Content-Type must be application/json."}])
    body = request.get_json(silent=True)
    if body is None:
        raise ApiProblem(400, "Bad Request", "The body is not valid JSON.",
                         errors=[{"field": "body", "message": "Malformed JSON."}])
    return body
