"""statement_id: a stable fingerprint of what was asked, so the same question hits the cache.

In the API the fingerprint is an HMAC keyed with the workspace's secret: the same statement gets
the same id within a workspace (so identical submissions share a job and a cached result), a
different id in every other workspace, and nobody without the secret can compute it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import unicodedata
from collections.abc import Mapping


def normalise_text(text: str) -> str:
    """Unicode-normalised, with runs of white space folded to one space and the ends trimmed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def statement_id(statement: Mapping, scorer_version: str, workspace_secret: str | None = None) -> str:
    """Same text (up to white space) and same evidence set (in any order) give the same id.

    Without a secret (the offline `corroborate score`) it is a plain sha256.
    """
    evidence = sorted(_canonical_json(_canonical_item(item)) for item in statement.get("evidence") or ())
    documents = sorted(_canonical_json(_canonical_item(doc)) for doc in statement.get("documents") or ())
    material = _canonical_json(
        {
            "text": normalise_text(statement["text"]),
            "evidence": evidence,
            "documents": documents,
            "scorer": scorer_version,
        }
    )
    return "st_" + keyed_digest(material, workspace_secret)


def keyed_digest(material: str, secret: str | None) -> str:
    """40 hex digits: HMAC-SHA256 under the secret, or sha256 when there is none."""
    if secret is None:
        return hashlib.sha256(material.encode()).hexdigest()[:40]
    return hmac.new(secret.encode(), material.encode(), hashlib.sha256).hexdigest()[:40]


def _canonical_item(item: Mapping) -> dict:
    canonical = {key: value for key, value in item.items() if value is not None}
    source = canonical.get("source")
    # "reuters" and {"id": "reuters"} name the same source.
    if isinstance(source, str):
        canonical["source"] = {"id": source}
    if "cites" in canonical:
        canonical["cites"] = sorted(set(canonical["cites"]))
    for key in ("quote", "text"):
        if isinstance(canonical.get(key), str):
            canonical[key] = normalise_text(canonical[key])
    return canonical


# What json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
# makes, without making a new encoder each call (five per statement id).
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def _canonical_json(value) -> str:
    return _CANONICAL.encode(value)
