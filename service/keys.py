"""API keys and workspaces. Keys live in the system of record (workers/store, table api_keys),
with a Redis cache in front of the per-request check; only this module knows where they live.

A key is `cbk_` + 32 random bytes (secrets.token_urlsafe). Only sha256 of it is stored. A slow
password hash (bcrypt, argon2) exists to stop guessing of low-entropy human passwords from a
leaked hash; a 256-bit random secret cannot be guessed from its hash however fast the hash is,
and a fast hash lets every request be checked with one Redis read.

The check: a live key read from the database is cached in Redis under its hash and trusted for
`cache_ttl` seconds (CORROBORATE_KEY_CACHE_TTL) before the database is asked again. Revoking
deletes the cached entry, so a revoked key stops at once wherever that Redis is reachable; where
it is not (a revocation from the command line while Redis is away, or against an embedded
server's in-process Redis), it stops within `cache_ttl`. While the database is unreachable a key
checked within the last day keeps working from the cache (keys cannot be created or revoked
then); while Redis is unreachable every check asks the database. Unknown secrets are not cached:
a new key works at once.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

import redis

from config.redis_keys import WORKSPACES, key_cache_key, workspace_secret_key

if TYPE_CHECKING:
    from workers.store import Store

log = logging.getLogger(__name__)

ROLES = ("reader", "analyst", "editor", "admin")
KEY_PREFIX = "cbk_"
DEFAULT_WORKSPACE = "default"
# Lower-case letters, digits, - and _: a workspace name becomes part of Redis keys.
WORKSPACE_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,62}")


class InvalidKeyRequest(ValueError):
    """A key request that cannot be honoured (bad workspace name or role)."""


@dataclass(frozen=True)
class ApiKey:
    id: str
    workspace: str
    role: str
    label: str
    created_at: str
    revoked_at: str | None = None

    def public(self) -> dict:
        return asdict(self)


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def check_workspace_name(name: str) -> str:
    if not WORKSPACE_NAME.fullmatch(name or ""):
        raise InvalidKeyRequest("A workspace name is 1 to 63 lower-case letters, digits, - or _, "
                        "starting with a letter or digit.")
    return name


# How long this process trusts a key it checked without reading the cache again; even then its
# cache entry is read back in the request's rate-limit round trip (KeyStore.remembered).
LOCAL_KEY_SECONDS = 1.0
# How long a cached key outlives its freshness, for use while the database is unreachable.
STALE_KEY_SECONDS = 86_400


class KeyStore:
    def __init__(self, connection: redis.Redis | None, store: "Store | Callable[[], Store] | None" = None,
                 cache_ttl: int = 60):
        """`connection`: the Redis of the cache and workspace secrets (None: the database alone, as
        the command line has in embedded mode). `store`: a Store, or a function opening it on first
        use; by default the one CORROBORATE_DATABASE_URL names."""
        self.connection, self.cache_ttl = connection, cache_ttl
        self._store = store
        # sha256 -> (key, when checked): see `remembered`.
        self._local: dict[str, tuple[ApiKey, float]] = {}

    @property
    def store(self) -> "Store":
        if self._store is None:
            from workers.store import open_store

            self._store = open_store()
        elif callable(self._store):
            self._store = self._store()
        return self._store

    def create(self, workspace: str, role: str, label: str = "") -> tuple[ApiKey, str]:
        """A new key and its secret; the secret is not kept and cannot be shown again."""
        check_workspace_name(workspace)
        if role not in ROLES:
            raise InvalidKeyRequest(f"A role is one of {', '.join(ROLES)}.")
        if self.connection is not None:
            Workspaces(self.connection).ensure(workspace)
        secret = KEY_PREFIX + secrets.token_urlsafe(32)
        record = self.store.create_key("key_" + secrets.token_hex(8), workspace, role, label, secret_hash(secret))
        return _key(record), secret

    def authenticate(self, secret: str) -> ApiKey | None:
        """The live key with this secret, or None (unknown, malformed or revoked)."""
        if not secret.startswith(KEY_PREFIX) or len(secret) > 100:
            return None
        digest = secret_hash(secret)
        self._local.pop(digest, None)
        cached = self._cached(digest)
        if cached is not None and time.time() - cached["checked_at"] < self.cache_ttl:
            key = _key(cached["key"])
            self._local[digest] = (key, time.time())
            return key
        from sqlalchemy.exc import SQLAlchemyError

        try:
            record = self.store.key_by_hash(digest)
        except SQLAlchemyError as error:
            if cached is None:
                raise
            log.warning("keys: database unreachable (%s); key %s honoured from its last check",
                        type(error).__name__, cached["key"]["id"])
            return _key(cached["key"])
        if record is None or record["revoked_at"] is not None:
            if cached is not None:
                self._forget(digest)
            return None
        key = _key(record)
        if self._remember(digest, key):
            self._local[digest] = (key, time.time())
        return key

    # ---- remembered in this process ----
    def remembered(self, secret: str) -> tuple[ApiKey, str] | None:
        """(key, cache key) of a key this process checked less than LOCAL_KEY_SECONDS ago, or None.

        Unconfirmed: the caller reads the cache key back in a round trip it makes anyway (the
        rate limit's, service/auth.py) and passes the value to `confirm`; a key revoked through
        any API process has lost that entry, so it stops at once there too."""
        digest = secret_hash(secret) if secret.startswith(KEY_PREFIX) and len(secret) <= 100 else None
        found = self._local.get(digest) if digest else None
        if found is None or not 0 <= time.time() - found[1] < min(LOCAL_KEY_SECONDS, self.cache_ttl):
            return None
        return found[0], key_cache_key(digest)

    def confirm(self, secret: str, cached: str | None) -> bool:
        """Whether the cache entry read back still vouches for the remembered key (present and
        checked within cache_ttl); if not, the key is forgotten here and must be authenticated."""
        digest = secret_hash(secret)
        try:
            entry = json.loads(cached) if cached else None
        except ValueError:
            entry = None
        if entry is not None and time.time() - entry["checked_at"] < self.cache_ttl:
            return True
        self._local.pop(digest, None)
        return False

    def get(self, key_id: str) -> ApiKey | None:
        record = self.store.get_key(key_id)
        return _key(record) if record else None

    def list(self, workspace: str | None = None) -> list[ApiKey]:
        keys = [_key(record) for record in self.store.list_keys(workspace)]
        return sorted(keys, key=lambda k: (k.workspace, k.created_at, k.id))

    def revoke(self, key_id: str) -> tuple[ApiKey, ApiKey] | None:
        """(before, after) of a revoked key; None when unknown. Revoking twice keeps the first time."""
        before = self.store.get_key(key_id)
        if before is None:
            return None
        after = self.store.revoke_key(key_id)
        self._local.pop(after["key_hash"], None)
        if not self._forget(after["key_hash"]):
            log.warning("keys: %s is revoked in the database, but the key cache in Redis could not be "
                        "cleared; servers may accept it for up to %d s more", key_id, self.cache_ttl)
        return _key(before), _key(after)

    def has_live_admin(self, workspace: str) -> bool:
        return any(k.role == "admin" and k.revoked_at is None for k in self.list(workspace))

    # ---- the cache ----
    def _cached(self, digest: str) -> dict | None:
        if self.connection is None:
            return None
        try:
            raw = self.connection.get(key_cache_key(digest))
        except redis.exceptions.RedisError as error:
            log.warning("keys: cache unreachable (%s); asking the database", type(error).__name__)
            return None
        return json.loads(raw) if raw else None

    def _remember(self, digest: str, key: ApiKey) -> bool:
        if self.connection is None:
            return False
        try:
            self.connection.set(key_cache_key(digest), json.dumps({"key": key.public(), "checked_at": time.time()}),
                                ex=STALE_KEY_SECONDS)
        except redis.exceptions.RedisError:
            return False  # the next check asks the database again
        return True

    def _forget(self, digest: str) -> bool:
        """Drop a cached key; False when the cache could not be reached."""
        if self.connection is None:
            return False
        try:
            self.connection.delete(key_cache_key(digest))
        except redis.exceptions.RedisError:
            return False
        return True


class Workspaces:
    """Each workspace's HMAC secret, created with the workspace and never sent to a client."""

    def __init__(self, connection: redis.Redis):
        self.connection = connection
        # The last secret read of each workspace, for callers that read it back to check it
        # (service/api/statements.py): never trusted without that check.
        self._remembered: dict[str, str] = {}

    def ensure(self, workspace: str) -> str:
        """The workspace's secret, created on first use (SET NX: two creators agree on one)."""
        key = workspace_secret_key(workspace)
        secret = self.connection.get(key)
        if secret is None:
            with self.connection.pipeline(transaction=True) as pipe:
                pipe.set(key, secrets.token_hex(32), nx=True)
                pipe.sadd(WORKSPACES, workspace)
                pipe.get(key)
                *_, secret = pipe.execute()
        secret = secret.decode() if isinstance(secret, bytes) else secret
        self._remembered[workspace] = secret
        return secret

    def remembered(self, workspace: str) -> str | None:
        """The secret this process last read, unchecked: read it back before relying on it."""
        return self._remembered.get(workspace)

    def forget(self, workspace: str) -> None:
        self._remembered.pop(workspace, None)

    def names(self) -> list[str]:
        return sorted(self.connection.smembers(WORKSPACES))


def import_redis_keys(connection: redis.Redis, store: "Store") -> int:
    """Copy the keys kept in Redis before they moved to the database (API_KEYS) into it, each
    once; how many were copied. Secrets are unchanged: only their hashes were ever stored."""
    from datetime import datetime

    from config.redis_keys import API_KEYS

    copied = 0
    for raw in connection.hvals(API_KEYS):
        record = json.loads(raw)
        if store.get_key(record["id"]) is not None:
            continue
        revoked_at = record.get("revoked_at")
        store.create_key(record["id"], record["workspace"], record["role"], record.get("label") or "",
                         record["secret_sha256"], created_at=datetime.fromisoformat(record["created_at"]),
                         revoked_at=datetime.fromisoformat(revoked_at) if revoked_at else None)
        copied += 1
    return copied


def _key(record: dict) -> ApiKey:
    return ApiKey(**{field: record.get(field) for field in ApiKey.__dataclass_fields__})
