"""API keys and workspaces, stored in Redis behind a small interface (a later issue moves keys to
PostgreSQL; only this module knows where they live).

A key is `cbk_` + 32 random bytes (secrets.token_urlsafe). Only sha256 of it is stored. A slow
password hash (bcrypt, argon2) exists to stop guessing of low-entropy human passwords from a
leaked hash; a 256-bit random secret cannot be guessed from its hash however fast the hash is,
and a fast hash lets every request be checked with one Redis read.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from dataclasses import asdict, dataclass
from datetime import datetime, timezone

import redis

from config.redis_keys import API_KEY_HASHES, API_KEYS, WORKSPACES, workspace_secret_key

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


class KeyStore:
    def __init__(self, connection: redis.Redis):
        self.connection = connection

    def create(self, workspace: str, role: str, label: str = "") -> tuple[ApiKey, str]:
        """A new key and its secret; the secret is not kept and cannot be shown again."""
        check_workspace_name(workspace)
        if role not in ROLES:
            raise InvalidKeyRequest(f"A role is one of {', '.join(ROLES)}.")
        Workspaces(self.connection).ensure(workspace)
        secret = KEY_PREFIX + secrets.token_urlsafe(32)
        key = ApiKey(id="key_" + secrets.token_hex(8), workspace=workspace, role=role, label=label,
                     created_at=_now())
        record = {**key.public(), "secret_sha256": secret_hash(secret)}
        with self.connection.pipeline(transaction=True) as pipe:
            pipe.hset(API_KEYS, key.id, json.dumps(record))
            pipe.hset(API_KEY_HASHES, record["secret_sha256"], key.id)
            pipe.execute()
        return key, secret

    def authenticate(self, secret: str) -> ApiKey | None:
        """The live key with this secret, or None (unknown, malformed or revoked)."""
        if not secret.startswith(KEY_PREFIX) or len(secret) > 100:
            return None
        key_id = self.connection.hget(API_KEY_HASHES, secret_hash(secret))
        key = self.get(key_id) if key_id else None
        return key if key and key.revoked_at is None else None

    def get(self, key_id: str) -> ApiKey | None:
        raw = self.connection.hget(API_KEYS, key_id)
        return _key(json.loads(raw)) if raw else None

    def list(self, workspace: str | None = None) -> list[ApiKey]:
        keys = [_key(json.loads(raw)) for raw in self.connection.hvals(API_KEYS)]
        return sorted((k for k in keys if workspace is None or k.workspace == workspace),
                      key=lambda k: (k.workspace, k.created_at, k.id))

    def revoke(self, key_id: str) -> tuple[ApiKey, ApiKey] | None:
        """(before, after) of a revoked key; None when unknown. Revoking twice keeps the first time."""
        raw = self.connection.hget(API_KEYS, key_id)
        if raw is None:
            return None
        record = json.loads(raw)
        before = _key(record)
        if record.get("revoked_at") is None:
            record["revoked_at"] = _now()
            with self.connection.pipeline(transaction=True) as pipe:
                pipe.hset(API_KEYS, key_id, json.dumps(record))
                pipe.hdel(API_KEY_HASHES, record["secret_sha256"])
                pipe.execute()
        return before, _key(record)

    def has_live_admin(self, workspace: str) -> bool:
        return any(k.role == "admin" and k.revoked_at is None for k in self.list(workspace))


class Workspaces:
    """Each workspace's HMAC secret, created with the workspace and never sent to a client."""

    def __init__(self, connection: redis.Redis):
        self.connection = connection

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
        return secret.decode() if isinstance(secret, bytes) else secret

    def names(self) -> list[str]:
        return sorted(self.connection.smembers(WORKSPACES))


def _key(record: dict) -> ApiKey:
    return ApiKey(**{field: record.get(field) for field in ApiKey.__dataclass_fields__})


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
