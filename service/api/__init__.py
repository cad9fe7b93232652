"""One blueprint per resource."""

from flask import current_app, g, request

from config.settings import Settings
from service.auth import Principal, principal
from service.errors import ApiProblem
from service.schemas import MAX_JSON_DEPTH, check_json_tree


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
    if "page_body" in g:
        # A page calls the API's own view with the body its form made (service/pages.py): one
        # code path, through the same checks.
        body = g.pop("page_body")
    else:
        body = _request_json()
    problem = check_json_tree(body)
    if problem and problem[1].startswith("nested"):
        raise ApiProblem(400, "Bad Request", f"The body is {problem[1]}.",
                         errors=[{"field": problem[0], "message": "Nested too deeply."}])
    if problem:
        raise ApiProblem(422, "Invalid request", f"Check these fields: {problem[0]}.",
                         "/problems/validation-error", [{"field": problem[0], "message": problem[1]}])
    return body


def _request_json():
    if not request.is_json:
        raise ApiProblem(415, "Unsupported Media Type", "Send the body as application/json.",
                         errors=[{"field": "body", "message": "Content-Type must be application/json."}])
    try:
        body = request.get_json(silent=True)
    except RecursionError:
        raise ApiProblem(400, "Bad Request", f"The body is nested more than {MAX_JSON_DEPTH} levels deep.",
                         errors=[{"field": "body", "message": "Nested too deeply."}]) from None
    if body is None:
        raise ApiProblem(400, "Bad Request", "The body is not valid JSON.",
                         errors=[{"field": "body", "message": "Malformed JSON."}])
    return body
