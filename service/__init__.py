"""The HTTP API. Nothing here knows how a score is computed: it validates, enqueues and reads."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import redis
from flask import Flask

from config.settings import Settings, SettingsError
from service.cache import ResultCache
from service.connections import RedisClients, connect
from service.errors import register_error_handlers
from service.queue import ScoringQueue
from service.registry import SourceRegistry, read_registry_file

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Backend:
    clients: RedisClients
    queue: ScoringQueue
    cache: ResultCache
    registry: SourceRegistry


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
        registry=SourceRegistry(clients.text),
    )
    register_error_handlers(app)
    if settings.registry_file:
        seed_registry(app.extensions["corroborate"].registry, settings.registry_file)

    from service.api import attributions, documents, health, jobs, openapi, sources, statements

    app.register_blueprint(statements.bp)
    app.register_blueprint(documents.bp)
    app.register_blueprint(attributions.bp)
    app.register_blueprint(sources.bp)
    app.register_blueprint(jobs.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(openapi.bp)
    log.info("api ready on queue %r", settings.queue_name)
    return app


def seed_registry(registry: SourceRegistry, path: str) -> None:
    """Add the file's sources that are not registered yet; a bad file stops start-up."""
    records = load_registry_file(path)
    try:
        added = registry.seed(records)
        log.info("registry seeded from %s: %d new sources", path, added)
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
    return [{**record, "name": record.get("name") or record["id"]} for record in records]
