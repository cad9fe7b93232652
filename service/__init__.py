"""The HTTP API. Nothing here knows how a score is computed: it validates, enqueues and reads."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import Flask

from config.settings import Settings, SettingsError
from service.cache import ResultCache
from service.connections import RedisClients, connect
from service.errors import register_error_handlers
from service.queue import ScoringQueue


@dataclass(frozen=True)
class Backend:
    clients: RedisClients
    queue: ScoringQueue
    cache: ResultCache


def create_app(settings: Settings | None = None, clients: RedisClients | None = None) -> Flask:
    """WSGI factory. With no arguments, settings come from the environment and REDIS_URL."""
    settings = settings or Settings.from_env()
    if clients is None:
        if settings.embedded:
            raise SettingsError(
                "REDIS_URL is not set: point it at a Redis server, or run `corroborate serve` "
                "for embedded mode (an in-process Redis and worker)."
            )
        clients = connect(settings)

    app = Flask(__name__)
    app.config.from_mapping(
        CORROBORATE=settings,
        MAX_CONTENT_LENGTH=settings.max_body_bytes,
    )
    app.json.sort_keys = False
    app.extensions["corroborate"] = Backend(
        clients=clients,
        queue=ScoringQueue(clients.raw, clients.text, settings),
        cache=ResultCache(clients.text),
    )
    register_error_handlers(app)

    from service.api import health, jobs, openapi, statements

    app.register_blueprint(statements.bp)
    app.register_blueprint(jobs.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(openapi.bp)
    logging.getLogger(__name__).info("api ready on queue %r", settings.queue_name)
    return app
