"""Who may call a route: the one place that decides it.

Each view declares the role it needs with @requires("reader" | "analyst" | "editor" | "admin")
or @public, next to the route. A before-request hook reads the bearer key, finds its workspace
and role, and answers 401 (no valid key) or 403 (role too low) before the view runs. A route
that declares nothing is refused to everyone, and tests/service/test_auth.py fails on it.

With CORROBORATE_AUTH=off every request acts as an admin of the workspace `default`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, g, redirect, request, session, url_for

from config.settings import Settings
from service.errors import ApiProblem
from service.keys import DEFAULT_WORKSPACE, ROLES, KeyStore
from service.rate_limits import RateLimits

log = logging.getLogger(__name__)

PUBLIC = "public"
_RANK = {role: rank for rank, role in enumerate(ROLES)}
_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="corroborate"'}
_READ_METHODS = ["GET", "HEAD", "OPTIONS"]


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


def reads_ahead(keys_for: Callable[[Principal], list[str] | None]) -> Callable:
    """Declare the Redis keys a view is about to read for this caller (`keys_for` returns them,
    or None): read in the access check's own round trip when it makes one (a remembered key's,
    below) and the caller's role may call the view; the view finds them with `read_ahead`.

    `keys_for` runs before the role is confirmed: it must raise nothing and change nothing.
    """

    def declare(view: Callable) -> Callable:
        view.reads_ahead = keys_for
        return view

    return declare


def read_ahead(keys: list[str]) -> list | None:
    """The values of `keys` if the access check read exactly these for this request, else None."""
    found = g.pop("read_ahead", None)
    return found[1] if found is not None and found[0] == keys else None


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


def init_auth(app: Flask, settings: Settings, keys: KeyStore, limits: RateLimits) -> None:
    """Install the access check and, right after it, the rate limits (keyed on the principal it
    finds): one read budget and one write budget per key, shared by every non-public route."""

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
            _count(limits, [])
            return None
        remembered = _remembered_key(keys) if limits.shares_round_trips else None
        if remembered:
            # A key remembered in-process is confirmed by its cache entry, read in the same
            # round trip as the rate limit's counters (so this request is counted before its
            # role is checked); gone (revoked) or past its TTL, the key is checked again. The
            # view's own reads ride along when its role may call it (`reads_ahead`).
            key, cache_key, secret = remembered
            g.principal = Principal(key_id=key.id, workspace=key.workspace, role=key.role)
            ahead = _keys_read_ahead(app, request.endpoint, role)
            cached, *values = _count(limits, [cache_key, *ahead])
            if not keys.confirm(secret, cached):
                key = _bearer_key(keys)
            elif ahead:
                g.read_ahead = (ahead, values)
            _admit(key, role)
            return None
        key = _caller_key(keys)
        if key is None:  # a page asked for without a session: the sign-in form, not a 401
            return redirect(url_for("pages.sign_in", next=request.full_path.rstrip("?")))
        _admit(key, role)
        _count(limits, [])
        return None


def _keys_read_ahead(app: Flask, endpoint: str, role: str) -> list[str]:
    keys_for = getattr(app.view_functions[endpoint], "reads_ahead", None)
    if keys_for is None or not g.principal.may(role):
        return []
    return keys_for(g.principal) or []


def _admit(key, role: str) -> None:
    g.principal = Principal(key_id=key.id, workspace=key.workspace, role=key.role)
    if not g.principal.may(role):
        raise ApiProblem(403, "Forbidden", f"This needs the {role} role (or a higher one); "
                         f"this key's role is {key.role}.", "/problems/forbidden")


def rate_limits(settings: Settings, connection) -> RateLimits:
    """The app's limits, counted in its own Redis (in memory for in-process fakeredis)."""
    return RateLimits(connection, {"reads": settings.read_rate_limit, "writes": settings.write_rate_limit})


def _count(limits: RateLimits, reads: list[str]) -> list:
    """Count this request against its method's budget; 429 past it. The values of `reads`."""
    scope = "reads" if request.method in _READ_METHODS else "writes"
    refusal, values = limits.hit(scope, _rate_limit_key(), reads)
    if refusal is not None:
        raise ApiProblem(429, "Too Many Requests",
                         f"This key may make {refusal.limit}; retry after the delay in Retry-After.",
                         "/problems/rate-limited", headers={"Retry-After": str(refusal.retry_after)})
    return values


def _remembered_key(keys: KeyStore):
    """(key, cache key, secret) of a Bearer key this process checked a moment ago, or None."""
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return None
    found = keys.remembered(secret.strip())
    return (*found, secret.strip()) if found else None


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


