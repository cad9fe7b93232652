"""Redis clients: a raw one for RQ (it needs bytes) and a decoding one for our own keys."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from config.settings import Settings


@dataclass(frozen=True)
class RedisClients:
    raw: redis.Redis
    text: redis.Redis


def connect(settings: Settings, fake_server=None) -> RedisClients:
    """Clients on `settings.redis_url`, or on an in-process fakeredis server in embedded mode.

    Both use a bounded BlockingConnectionPool: a burst of requests waits up to
    `redis_pool_timeout` for a free connection and then fails with a ConnectionError (a 503
    with Retry-After), where redis-py's default pool raises "Too many connections" past 100.
    """
    pool = {"max_connections": settings.redis_pool_size, "timeout": settings.redis_pool_timeout}
    if fake_server is not None:
        import fakeredis

        # In-process Redis cannot hang, so a burst only ever waits for the GIL: wait longer.
        pool_class = partial(redis.BlockingConnectionPool, timeout=max(settings.redis_pool_timeout, 10.0))
        fake = {"server": fake_server, "connection_pool_class": pool_class,
                "max_connections": settings.redis_pool_size}
        return RedisClients(
            raw=fakeredis.FakeRedis(**fake),
            text=fakeredis.FakeRedis(decode_responses=True, **fake),
        )
    options = {
        # Fail within a second when Redis is gone or hung (SIGSTOP: the kernel still accepts the
        # connection, only the reply never comes), and do not retry: a retry doubles the wait,
        # and the client retries on the 503's Retry-After anyway.
        "socket_connect_timeout": settings.redis_timeout,
        "socket_timeout": settings.redis_timeout,
        "retry": Retry(NoBackoff(), retries=0),
        "health_check_interval": 30,
    }
    from_url = redis.BlockingConnectionPool.from_url
    return RedisClients(
        raw=redis.Redis(connection_pool=from_url(settings.redis_url, **pool, **options)),
        text=redis.Redis(connection_pool=from_url(settings.redis_url, decode_responses=True, **pool, **options)),
    )
