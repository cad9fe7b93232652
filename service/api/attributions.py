"""/v1/attributions: who said what in one article, read synchronously (one article is fast)."""

from __future__ import annotations

from flask import Blueprint
from marshmallow import ValidationError

from service.api import json_body, settings
from service.auth import requires
from service.errors import ApiProblem, validation_problem
from service.schemas import ArticleSchema
from workers.attribution import find_attributions

bp = Blueprint("attributions", __name__, url_prefix="/v1/attributions")


@bp.post("")
@requires("analyst")
def read_attributions():
    body = json_body()
    if not isinstance(body, dict):
        raise ApiProblem(422, "Invalid request", "An article must be a JSON object.", "/problems/validation-error",
                         [{"field": "body", "message": "Must be an object with text."}])
    schema = ArticleSchema(max_document_chars=settings().max_document_chars)
    try:
        article = schema.load(body)
    except ValidationError as error:
        raise validation_problem(error.messages) from None
    return {"attributions": [a.as_dict() for a in find_attributions(article["text"])]}
