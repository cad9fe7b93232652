"""One problem+json shape (RFC 9457) for every error the API returns."""

from __future__ import annotations

import logging

import redis
from flask import Flask, current_app, json, request
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

PROBLEM_TYPES = {
    "validation": "/problems/validation-error",
    "unavailable": "/problems/service-unavailable",
}


class ApiProblem(Exception):
    """An error a client can act on."""

    def __init__(self, status: int, title: str, detail: str | None = None, type_: str = "about:blank",
                 errors: list[dict] | None = None, headers: dict | None = None):
        super().__init__(detail or title)
        self.status, self.title, self.detail = status, title, detail
        self.type, self.errors, self.headers = type_, errors, headers or {}


def field_errors(messages, prefix: str = "") -> list[dict]:
    """Flatten marshmallow's nested messages to [{field: "evidence[3].stance", message}]."""
    flat: list[dict] = []
    if isinstance(messages, dict):
        for key, value in messages.items():
            if isinstance(key, int):
                path = f"{prefix}[{key}]"
            elif key == "_schema":
                path = prefix or "body"
            else:
                path = f"{prefix}.{key}" if prefix else str(key)
            flat.extend(field_errors(value, path))
    elif isinstance(messages, list | tuple):
        for message in messages:
            if isinstance(message, dict | list):
                flat.extend(field_errors(message, prefix))
            else:
                flat.append({"field": prefix or "body", "message": str(message)})
    else:
        flat.append({"field": prefix or "body", "message": str(messages)})
    return flat


def validation_problem(messages, prefix: str = "") -> ApiProblem:
    errors = field_errors(messages, prefix)
    names = ", ".join(dict.fromkeys(e["field"] for e in errors))
    return ApiProblem(
        422, "Invalid request", f"Check these fields: {names}.", PROBLEM_TYPES["validation"], errors
    )


def problem_response(problem: ApiProblem):
    body = {"type": problem.type, "title": problem.title, "status": problem.status}
    if problem.detail:
        body["detail"] = problem.detail
    if problem.errors is not None:
        body["errors"] = problem.errors
    body["instance"] = request.path
    response = current_app.response_class(
        json.dumps(body), status=problem.status, mimetype="application/problem+json"
    )
    response.headers.update(problem.headers)
    return response


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(ApiProblem)
    def handle_problem(problem: ApiProblem):
        return problem_response(problem)

    @app.errorhandler(ValidationError)
    def handle_validation(error: ValidationError):
        return problem_response(validation_problem(error.messages))

    @app.errorhandler(HTTPException)
    def handle_http(error: HTTPException):
        detail = error.description if error.code != 500 else None
        return problem_response(ApiProblem(error.code or 500, error.name, detail))

    # Any failure of the job store is a 503 the client can retry: gone or hung (connection,
    # timeout, no free pooled connection), loading, full (maxmemory + noeviction: OOM), a
    # read-only replica, or anything else Redis or RQ's calls to it raise.
    @app.errorhandler(redis.exceptions.RedisError)
    def handle_redis_outage(error):
        outage = isinstance(error, (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError))
        (log.warning if outage else log.error)("redis unavailable: %s: %s", type(error).__name__, error)
        retry_after = str(app.config["CORROBORATE"].retry_after * 5)
        return problem_response(
            ApiProblem(
                503, "Service unavailable",
                "The job store cannot be reached; retry after the delay in Retry-After.",
                PROBLEM_TYPES["unavailable"], headers={"Retry-After": retry_after},
            )
        )

    # The system of record unreachable (connection refused or lost, a full pool), or the audit log
    # unable to take an entry anywhere: as retryable as a Redis outage.
    from sqlalchemy.exc import InterfaceError, OperationalError, TimeoutError as PoolTimeout

    from service.audit import AuditUnavailable

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    @app.errorhandler(PoolTimeout)
    @app.errorhandler(AuditUnavailable)
    def handle_database_outage(error):
        log.warning("database unavailable: %s: %s", type(error).__name__, str(error).splitlines()[0])
        retry_after = str(app.config["CORROBORATE"].retry_after * 5)
        return problem_response(ApiProblem(
            503, "Service unavailable",
            "The database cannot be reached; retry after the delay in Retry-After.",
            PROBLEM_TYPES["unavailable"], headers={"Retry-After": retry_after}))

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception):
        # Tracebacks, Redis keys and function names stay in the log, never in the response.
        log.exception("unhandled error on %s %s", request.method, request.path)
        return problem_response(ApiProblem(500, "Internal Server Error"))
