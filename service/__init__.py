"""The HTTP API. Nothing here knows how a score is computed: it validates, enqueues and reads."""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import redis
from flask import Flask, current_app, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.exceptions import RequestEntityTooLarge

from config.settings import DatabaseSettings, Settings, SettingsError
from service.audit import AuditLog
from service.auth import init_auth, rate_limits
from service.cache import ResultCache
from service.connections import RedisClients, connect
from service.errors import register_error_handlers
from service.json_provider import OrjsonProvider
from service.keys import DEFAULT_WORKSPACE, KeyStore, Workspaces
from service.queue import ScoringQueue
from service.registry import SourceRegistry, read_registry_file

if TYPE_CHECKING:
    from workers.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Backend:
    """Adapters over Redis, and the system of record; the per-workspace ones are made for the
    workspace at hand."""

    clients: RedisClients
    queue: ScoringQueue
    keys: KeyStore
    workspaces: Workspaces
    settings: Settings
    open_store: Callable[[], "Store"]

    @cached_property
    def store(self) -> "Store":
        """The process's one Store, opened on first use (so an app that never reads a document or
        a saved result never opens a database)."""
        return self.open_store()

    def cache(self, workspace: str) -> ResultCache:
        return ResultCache(self.clients.text, workspace)

    def registry(self, workspace: str) -> SourceRegistry:
        return SourceRegistry(self.clients.text, workspace)

    def audit(self, workspace: str) -> AuditLog:
        return AuditLog(self.clients.text, workspace, self.settings.audit_max_entries, store=self.store)


def create_app(settings: Settings | None = None, clients: RedisClients | None = None,
               store: "Store | None" = None) -> Flask:
    """WSGI factory. With no arguments, settings come from the environment and REDIS_URL, and the
    store from CORROBORATE_DATABASE_URL (else the embedded SQLite file)."""
    settings = settings or Settings.from_env()
    database = DatabaseSettings.from_env()  # a bad value stops start-up, here
    if clients is None:
        if settings.embedded:
            raise SettingsError(
                "REDIS_URL is not set: point it at a Redis server, or run `corroborate serve` "
                "for embedded mode (an in-process Redis and worker)."
            )
        clients = connect(settings)

    app = Flask(__name__)
    app.json = OrjsonProvider(app)
    app.session_interface = CookieSessions()
    app.config.from_mapping(
        CORROBORATE=settings,
        MAX_CONTENT_LENGTH=settings.max_body_bytes,
    )
    app.json.sort_keys = False
    # One Store per app, opened on first use, shared by the key checks and every view.
    open_the_store = functools.cache((lambda: store) if store is not None else (lambda: _open_store(database)))
    backend = app.extensions["corroborate"] = Backend(
        clients=clients,
        queue=ScoringQueue(clients.raw, clients.text, settings),
        keys=KeyStore(clients.text, open_the_store, settings.key_cache_ttl),
        workspaces=Workspaces(clients.text),
        settings=settings,
        open_store=open_the_store,
    )
    register_error_handlers(app)
    app.before_request(refuse_oversized_bodies)
    init_auth(app, settings, backend.keys, rate_limits(settings, clients.text))
    if settings.registry_file:
        reseed_when_redis_lost_it(app, backend, settings.registry_file)

    from service.api import attributions, audit, batches, documents, health, jobs, keys, openapi, sources, statements

    app.register_blueprint(statements.bp)
    app.register_blueprint(documents.bp)
    app.register_blueprint(batches.bp)
    app.register_blueprint(attributions.bp)
    app.register_blueprint(sources.bp)
    app.register_blueprint(jobs.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(openapi.bp)
    app.register_blueprint(keys.bp)
    app.register_blueprint(audit.bp)
    from service.pages import init_pages

    init_pages(app)
    if settings.auth_required:
        log.info("api ready on queue %r; every /v1 route needs an API key", settings.queue_name)
    else:
        why = "CORROBORATE_AUTH=off" if settings.auth == "off" else "embedded mode; CORROBORATE_AUTH=required to need keys"
        log.warning("api ready on queue %r WITHOUT AUTHENTICATION (%s): every caller is an admin of "
                    "workspace %r", settings.queue_name, why, DEFAULT_WORKSPACE)
    return app


def _open_store(database: DatabaseSettings) -> "Store":
    # Imported on first use: SQLAlchemy and Alembic cost start-up time an API may never need.
    from workers.store import open_store

    return open_store(database)


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions (the pages' sign-in), opened without building the cookie's
    signing serializer when the request carries no session cookie, as API calls do not: building
    it cost more than the rest of the request's Flask overhead. The same empty session results."""

    def open_session(self, app, request):
        if app.secret_key and ("HTTP_COOKIE" not in request.environ
                               or not request.cookies.get(self.get_cookie_name(app))):
            return self.session_class()
        return super().open_session(app, request)


def refuse_oversized_bodies():
    """413 from the Content-Length alone, before any of the body is read into memory.

    A body sent without a length (chunked) is cut at the same size by Werkzeug as it is read.
    """
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    if request.content_length is not None and request.content_length > limit:
        raise RequestEntityTooLarge(f"The body is {request.content_length} bytes; at most {limit} are accepted.")


def reseed_when_redis_lost_it(app: Flask, backend: Backend, path: str) -> None:
    """Seed every workspace now, and again whenever Redis comes back empty (a restart without
    persistence) or a workspace appears that was never seeded.

    Checked before requests, at most once a second per process: one SMEMBERS and one EXISTS
    per workspace.
    """
    records = load_registry_file(path)  # a bad file stops start-up, here
    seed_registry(backend, path, records=records)
    checked_at = [time.monotonic()]

    @app.before_request
    def reseed_if_lost():
        if time.monotonic() - checked_at[0] < 1.0:
            return
        checked_at[0] = time.monotonic()
        try:
            unseeded = [name for name in sorted({DEFAULT_WORKSPACE, *backend.workspaces.names()})
                        if not backend.registry(name).seeded()]
            if unseeded:
                seed_registry(backend, path, unseeded, records)
        except redis.exceptions.RedisError:
            pass  # the request itself gets the 503, or succeeds if it needs no Redis


def seed_registry(backend: Backend, path: str, workspaces: list[str] | None = None,
                  records: list[dict] | None = None) -> None:
    """Add the file's sources that are not registered yet to every workspace (or to those given);
    a bad file stops start-up."""
    records = load_registry_file(path) if records is None else records
    try:
        names = workspaces or sorted({DEFAULT_WORKSPACE, *backend.workspaces.names()})
        for name in names:
            added = backend.registry(name).seed(records)
            log.info("registry of workspace %r seeded from %s: %d new sources", name, path, added)
    except redis.exceptions.RedisError as error:
        # The API still starts (and /readyz says 503) while Redis is away; the next start seeds.
        log.warning("registry not seeded from %s: %s", path, error)


def load_registry_file(path: str | None) -> list[dict]:
    """Validated source records from a registry file ([] for no file); SettingsError if bad."""
    if not path:
        return []
    from marshmallow import ValidationError

    from service.errors import field_errors
    from service.schemas import SourceSchema

    try:
        records = SourceSchema(many=True).load(read_registry_file(path))
    except (OSError, ValueError, KeyError) as error:
        raise SettingsError(f"CORROBORATE_REGISTRY_FILE={path}: cannot read it ({error})") from None
    except ValidationError as error:
        first = field_errors(error.messages)[0]
        raise SettingsError(f"CORROBORATE_REGISTRY_FILE={path}: {first['field']}: {first['message']}") from None
    records = [{**record, "name": record.get("name") or record["id"]} for record in records]
    from service.registry import folded_names

    owners: dict[str, str] = {}
    for record in records:
        for key, name in folded_names(record).items():
            other = owners.setdefault(key, record["id"])
            if other != record["id"]:
                raise SettingsError(f"CORROBORATE_REGISTRY_FILE={path}: sources {other!r} and "
                                    f"{record['id']!r} both go by {name!r}")
    return records
