"""Liveness and readiness probes."""

from flask import Blueprint

from service.api import backend
from service.auth import public

bp = Blueprint("health", __name__)


@bp.get("/healthz")
@public
def healthz():
    return {"status": "ok"}


@bp.get("/readyz")
@public
def readyz():
    # A Redis error propagates to the 503 handler in service.errors.
    backend().clients.text.ping()
    return {"status": "ready"}
