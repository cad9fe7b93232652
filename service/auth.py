"""Who may call a route: the one place that decides it.

Each view declares the role it needs with @requires("reader" | "analyst" | "editor" | "admin")
or @public, next to the route. A before-request hook reads the bearer key, finds its workspace
and role, and answers 401 (no valid key) or 403 (role too low) before the view runs. A route
that declares nothing is refused to everyone, and tests/service/test_auth.py fails on it.

With CORROBORATE_AUTH=off every request acts as an admin of the workspace `default`.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, g, redirect, request, session, url_for
from flask_limiter import Limiter, RateLimitExceeded, RequestLimit

from config.settings import Settings
from service.errors import ApiProblem, problem_response
from service.keys import DEFAULT_WORKSPACE, ROLES, KeyStore

log = logging.getLogger(__name__)

PUBLIC = "public"
_RANK = {role: rank for rank, role in enumerate(ROLES)}
_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="corroborate"'}
_READ_METHODS = ["GET", "HEAD", "OPTIONS"]
_WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE"]


@dataclass(frozen=True)
class Principal:
    """The caller of this request: which key (None when auth is off), in which workspace, as what."""

    key_id: str | None
    workspace: str
    role: str

    def may(self, role: str) -> bool:
        return _RANK[self.role] >= _RANK[role]


def requires(role: str) -> Callable:
    """Declare the least role that may call this view."""
    if role not in _RANK:
        raise ValueError(f"unknown role {role!r}")

    def declare(view: Callable) -> Callable:
        view.required_role = role
        return view

    return declare


def public(view: Callable) -> Callable:
    """Declare a view anyone may call, without a key (health checks, the OpenAPI document)."""
    view.required_role = PUBLIC
    return view


def required_role(app: Flask, endpoint: str) -> str | None:
    """The role an endpoint declared (PUBLIC for open ones); None when it declared nothing."""
    view = app.view_functions.get(endpoint)
    return getattr(view, "required_role", None)


def principal() -> Principal:
    return g.principal


def init_auth(app: Flask, settings: Settings, keys: KeyStore, limiter_storage: dict) -> Limiter:
    """Install the access check, then the rate limits (which key on the principal it finds)."""

    @app.before_request
    def check_access():
        if request.endpoint is None:
            return None  # no such route: let Flask answer 404 / 405
        role = required_role(app, request.endpoint)
        if role == PUBLIC:
            return None
        if role is None:
            log.error("route %s declares no role; refused", request.endpoint)
            raise ApiProblem(403, "Forbidden", "This route is not open to any role.")
        if not settings.auth_required:
            g.principal = Principal(key_id=None, workspace=DEFAULT_WORKSPACE, role="admin")
            return None
        key = _caller_key(keys)
        if key is None:  # a page asked for without a session: the sign-in form, not a 401
            return redirect(url_for("pages.sign_in", next=request.full_path.rstrip("?")))
        g.principal = Principal(key_id=key.id, workspace=key.workspace, role=key.role)
        if not g.principal.may(role):
            raise ApiProblem(403, "Forbidden", f"This needs the {role} role (or a higher one); "
                             f"this key's role is {key.role}.", "/problems/forbidden")
        return None

    @app.errorhandler(RateLimitExceeded)
    def rate_limited(error: RateLimitExceeded):
        # The problem document _too_many_requests built, with its Retry-After.
        return error.response

    limiter = Limiter(
        _rate_limit_key,
        app=app,
        strategy="fixed-window",
        on_breach=_too_many_requests,
        # Limits are checked on our own routes only, through the shared limits applied below.
        default_limits=[],
        **limiter_storage,
    )
    return limiter


def apply_rate_limits(app: Flask, limiter: Limiter, settings: Settings) -> None:
    """One read budget and one write budget per key, shared by every non-public route."""
    reads = limiter.shared_limit(settings.read_rate_limit, scope="reads", methods=_READ_METHODS)
    writes = limiter.shared_limit(settings.write_rate_limit, scope="writes", methods=_WRITE_METHODS)
    for endpoint, view in list(app.view_functions.items()):
        if getattr(view, "required_role", PUBLIC) != PUBLIC:
            limited = reads(writes(view))
            limited.required_role = view.required_role
            app.view_functions[endpoint] = limited


SESSION_KEY = "api_key"


def _caller_key(keys: KeyStore):
    """The key of a Bearer header, or of the pages' session cookie; None sends a page to sign in.

    The cookie stands for its key on the pages (whose forms carry a CSRF token) and on the API's
    read-only methods (the pages' scripts poll jobs); never on an API write, which a forged
    cross-site form could otherwise make with the cookie.
    """
    if "Authorization" not in request.headers:
        cookie_counts = request.blueprint == "pages" or request.method in _READ_METHODS
        key = keys.authenticate(session[SESSION_KEY]) if cookie_counts and SESSION_KEY in session else None
        if key is None:
            session.pop(SESSION_KEY, None)  # revoked since sign-in, or never signed in
        if key is not None or request.blueprint == "pages":
            return key
    return _bearer_key(keys)


def _bearer_key(keys: KeyStore):
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise ApiProblem(401, "Unauthorized", "Send an API key: Authorization: Bearer <key>.",
                         "/problems/unauthorized", headers=_CHALLENGE)
    key = keys.authenticate(secret.strip())
    if key is None:
        raise ApiProblem(401, "Unauthorized", "This API key is unknown or revoked.",
                         "/problems/unauthorized", headers=_CHALLENGE)
    return key


def _rate_limit_key() -> str:
    caller = g.get("principal")
    if caller is not None and caller.key_id is not None:
        return f"key:{caller.key_id}"
    return f"address:{request.remote_addr or 'unknown'}"


def _too_many_requests(limit: RequestLimit):
    # reset_at is a whole second, so ceil() can land one past the window: clamp to it.
    retry_after = min(max(1, math.ceil(limit.reset_at - time.time())), limit.limit.get_expiry())
    return problem_response(ApiProblem(
        429, "Too Many Requests",
        f"This key may make {limit.limit}; retry after the delay in Retry-After.",
        "/problems/rate-limited", headers={"Retry-After": str(retry_after)},
    ))


def limiter_storage(settings: Settings, connection) -> dict:
    """Flask-Limiter's storage: the app's own Redis pool, or memory for in-process fakeredis.

    limits' Redis storage runs Lua scripts, which fakeredis cannot without the optional `lupa`
    package; embedded mode is a single process, so its memory is the same single store.
    """
    if type(connection).__module__.startswith("fakeredis"):
        return {"storage_uri": "memory://"}
    return {"storage_uri": "redis://",
            "storage_options": {"connection_pool": connection.connection_pool, "key_prefix": "corroborate:ratelimit"}}
