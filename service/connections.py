"""Redis clients: a raw one for RQ (it needs bytes) and a decoding one for our own keys."""

from __future__ import annotations

from dataclasses import dataclass

import redis
from redis.backoff import ExponentialBackoff
from redis.retry import Retry

from config.settings import Settings


@dataclass(frozen=True)
class RedisClients:
    raw: redis.Redis
    text: redis.Redis


def connect(settings: Settings, fake_server=None) -> RedisClients:
    """Clients on `settings.redis_url`, or on an in-process fakeredis server in embedded mode."""
    if fake_server is not None:
        import fakeredis

        return RedisClients(
            raw=fakeredis.FakeRedis(server=fake_server),
            text=fakeredis.FakeRedis(server=fake_server, decode_responses=True),
        )
    options = {
        # Fail within seconds when Redis is gone, so callers get a 503 instead of a hung request.
        "socket_connect_timeout": settings.redis_timeout,
        "socket_timeout": settings.redis_timeout,
        "retry": Retry(ExponentialBackoff(cap=0.5, base=0.1), retries=1),
        "health_check_interval": 30,
    }
    return RedisClients(
        raw=redis.Redis.from_url(settings.redis_url, **options),
        text=redis.Redis.from_url(settings.redis_url, decode_responses=True, **options),
    )
