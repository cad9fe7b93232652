"""Typed settings read from the environment, validated at start-up.

Every variable is listed in README.md ("Configuration"). A bad value stops the process with a
message naming the variable, instead of surfacing later as a confusing failure inside a job.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

# Part of every statement_id: bump it whenever a change to the scoring code can change a result,
# so that results cached by an older scorer are never served for the new one.
SCORER_VERSION = "2026.12.01.1"


class SettingsError(ValueError):
    """A setting has a value the service cannot run with."""


@dataclass(frozen=True)
class ScoringSettings:
    """Parameters of the scoring model; see README "What the score means" for their provenance."""

    # Beta(1, 1): before any evidence every truth value is equally plausible.
    prior_confirm: float = 1.0
    prior_deny: float = 1.0
    # Pseudo-observations added by one independent cluster of reliability 1.0, per side; at the
    # neutral default reliability (0.5) a cluster therefore adds half of these.
    # confirm_strength 2.0: a default-reliability confirmation is one Beta observation. Not
    # fitted: on the Emergent dev claims 0.5, 1 and 2 rank claims identically (AUC 0.917) once
    # deny_strength is 8× confirm_strength, so the data cannot choose it.
    confirm_strength: float = 2.0
    # deny_strength 16.0 (8× confirm_strength): one debunking outweighs up to eight outlets
    # repeating a claim. Chosen by cross-validation on the 145 Emergent dev claims (grid 1, 2, 4,
    # 8, 16 × confirm_strength; fitted on training folds by True-vs-False AUC; 16.0 chosen in
    # 84 of 100 folds, 8.0 in the rest). Held-out AUC 0.912 ± 0.005 against 0.858 for a
    # symmetric Beta(1, 1). Printed by, from the checkout:
    # `python -m workers.evaluation.veracity ../shared/data/emergent/veracity-dev.csv`.
    deny_strength: float = 16.0
    default_reliability: float = 0.5
    # Unattributed reports ("sources said") cannot be checked or told apart, so all of them
    # together form one cluster, weighted down by this factor, and they never count towards
    # the clusters a verdict needs.
    anonymous_discount: float = 0.5
    # A denial by a party the statement is about (or its affiliate) weighs this much of a
    # disinterested one: it would deny an accusation against itself whether or not it is true.
    # 1/8 = confirm_strength / deny_strength: such a denial moves the score as much as one
    # ordinary confirmation, not eight. Not fitted (Emergent names no parties); like unattributed
    # reports, an interested denial never counts towards the clusters a refutation needs.
    interested_denial_discount: float = 0.125
    # Verdict rules: how many independent clusters a side needs, and how far the posterior mean
    # must lean. min_independent_clusters 2 is a product rule (one source is not corroboration),
    # not fitted, and so is corroborated_min_score (below). The other two were chosen by the same
    # cross-validation as deny_strength
    # (training folds: best 3-way accuracy, True ↔ corroborated, False ↔ refuted, unknown ↔
    # unverified or contested; ties to the middle of the tied region); held-out accuracy
    # 0.575 ± 0.006 against 0.469 for the old rule on Beta(1, 1) (README, "What the score means").
    min_independent_clusters: int = 2
    # 1 (chosen in 100 of 100 folds; CV accuracy 0.536 when forced to 2): a single independent
    # denial may refute, provided the score is low enough, i.e. with default reliabilities at
    # most two confirming clusters against one denying cluster, four against two.
    min_refuting_clusters: int = 1
    # 0.8: with default reliabilities and no denial, three independent confirming clusters.
    # Free, the cross-validation picks 0.9 (eight confirmations; held-out accuracy 0.601), but
    # the careful reader of shared/corpus/seed-article.expected.json calls three independent
    # confirmations and two non-denials corroborated, and that reading is the product's
    # contract (tests/workers/test_seed_article.py). Held to 0.8, held-out accuracy is 0.575.
    corroborated_min_score: float = 0.8
    # 0.25 (60 of 100 folds; 0.35 in 27, 0.4 in 12, 0.45 in 1).
    refuted_max_score: float = 0.25
    credible_mass: float = 0.9

    def validate(self) -> None:
        for name in ("prior_confirm", "prior_deny", "confirm_strength", "deny_strength"):
            if getattr(self, name) <= 0:
                raise SettingsError(f"{_scoring_variable(name)} must be greater than 0")
        for name in ("default_reliability", "corroborated_min_score", "refuted_max_score",
                     "anonymous_discount", "interested_denial_discount"):
            if not 0 <= getattr(self, name) <= 1:
                raise SettingsError(f"{_scoring_variable(name)} must be between 0 and 1")
        if not 0 < self.credible_mass < 1:
            raise SettingsError("credible_mass must be between 0 and 1, exclusive")
        for name in ("min_independent_clusters", "min_refuting_clusters"):
            if getattr(self, name) < 1:
                raise SettingsError(f"{_scoring_variable(name)} must be at least 1")
        if self.refuted_max_score >= self.corroborated_min_score:
            raise SettingsError(f"{_scoring_variable('refuted_max_score')} must be below {_scoring_variable('corroborated_min_score')}")


# (environment variable, attribute, type) for the flat settings below.
_ENVIRONMENT = {
    "REDIS_URL": "redis_url",
    "CORROBORATE_QUEUE": "queue_name",
    "CORROBORATE_JOB_TIMEOUT": "job_timeout",
    "CORROBORATE_QUEUED_TTL": "queued_ttl",
    "CORROBORATE_RESULT_TTL": "result_ttl",
    "CORROBORATE_FAILURE_TTL": "failure_ttl",
    "CORROBORATE_CACHE_TTL": "cache_ttl",
    "CORROBORATE_RETRY_MAX": "retry_max",
    "CORROBORATE_RETRY_INTERVALS": "retry_intervals",
    "CORROBORATE_REDIS_TIMEOUT": "redis_timeout",
    "CORROBORATE_RETRY_AFTER": "retry_after",
    "CORROBORATE_MAX_BODY_BYTES": "max_body_bytes",
    "CORROBORATE_MAX_TEXT_CHARS": "max_text_chars",
    "CORROBORATE_MAX_EVIDENCE": "max_evidence",
    "CORROBORATE_MAX_BATCH": "max_batch",
    "CORROBORATE_MAX_DOCUMENTS": "max_documents",
    "CORROBORATE_MAX_DOCUMENT_CHARS": "max_document_chars",
    "CORROBORATE_REGISTRY_FILE": "registry_file",
    # Access control (README "Keys, roles and workspaces").
    "CORROBORATE_AUTH": "auth",
    "CORROBORATE_READ_RATE_LIMIT": "read_rate_limit",
    "CORROBORATE_WRITE_RATE_LIMIT": "write_rate_limit",
    "CORROBORATE_WORKSPACE_DOCUMENTS": "workspace_document_quota",
    "CORROBORATE_AUDIT_MAX_ENTRIES": "audit_max_entries",
    "CORROBORATE_KEY_CACHE_TTL": "key_cache_ttl",
    # Reliability: connection pool, crash recovery and cost per request (README "Reliability").
    "CORROBORATE_REDIS_POOL_SIZE": "redis_pool_size",
    "CORROBORATE_REDIS_POOL_TIMEOUT": "redis_pool_timeout",
    "CORROBORATE_HEARTBEAT_INTERVAL": "heartbeat_interval",
    "CORROBORATE_ABANDONED_AFTER": "abandoned_after",
    "CORROBORATE_MAX_STATEMENT_CHARS": "max_statement_chars",
    "CORROBORATE_MAX_BATCH_CHARS": "max_batch_chars",
    "CORROBORATE_MAX_QUOTES": "max_quotes",
    # Web app and exports (README "Web app").
    "CORROBORATE_SESSION_SECRET": "session_secret",
    "CORROBORATE_PUBLIC_URL": "public_url",
    "CORROBORATE_REVIEW_AUTHOR": "review_author",
    "CORROBORATE_BATCH_CHUNK_SIZE": "batch_chunk_size",
}
_SCORING_ENVIRONMENT = {
    "CORROBORATE_PRIOR_CONFIRM": "prior_confirm",
    "CORROBORATE_PRIOR_DENY": "prior_deny",
    "CORROBORATE_CONFIRM_STRENGTH": "confirm_strength",
    "CORROBORATE_DENY_STRENGTH": "deny_strength",
    "CORROBORATE_DEFAULT_RELIABILITY": "default_reliability",
    "CORROBORATE_ANONYMOUS_DISCOUNT": "anonymous_discount",
    "CORROBORATE_INTERESTED_DENIAL_DISCOUNT": "interested_denial_discount",
    "CORROBORATE_MIN_INDEPENDENT_CLUSTERS": "min_independent_clusters",
    "CORROBORATE_MIN_REFUTING_CLUSTERS": "min_refuting_clusters",
    "CORROBORATE_CORROBORATED_MIN_SCORE": "corroborated_min_score",
    "CORROBORATE_REFUTED_MAX_SCORE": "refuted_max_score",
}


@dataclass(frozen=True)
class Settings:
    # None means embedded mode: an in-process Redis and worker, nothing else to install.
    redis_url: str | None = None
    queue_name: str = "corroborate"
    # Scoring one statement takes milliseconds; a minute leaves room for 10,000-report statements.
    job_timeout: int = 60
    queued_ttl: int = 3600
    result_ttl: int = 3600
    failure_ttl: int = 86400
    cache_ttl: int = 86400
    retry_max: int = 3
    retry_intervals: tuple[int, ...] = (1, 5, 15)
    # Short socket timeouts turn a Redis outage into a prompt 503 rather than a hung request:
    # one timed-out call (no retry) plus a pool wait stays under 3 s.
    redis_timeout: float = 1.0
    retry_after: int = 1
    # 5 MiB: the batch reading limit (max_batch_chars) in JSON, with room for escapes; a
    # larger body is refused from its Content-Length before a byte of it is read.
    max_body_bytes: int = 5 * 1024 * 1024
    max_text_chars: int = 2000
    max_evidence: int = 10_000
    max_batch: int = 1000
    max_documents: int = 50
    # About 30,000 words: longer than nearly any news article, short enough to read in one job.
    max_document_chars: int = 200_000
    registry_file: str | None = None
    # ---- access control ----
    # "required" or "off"; unset means required whenever REDIS_URL is set (embedded mode is open).
    auth: str = ""
    # Per API key (per client address when auth is off), in the limits library's notation. Reads are
    # cheap (one or two Redis reads); writes enqueue work, so they get a fifth of the budget.
    read_rate_limit: str = "600/minute"
    write_rate_limit: str = "120/minute"
    # Documents one workspace may keep in its evidence store: every statement scored against the
    # store reads all of them, so this bounds that job's cost too.
    workspace_document_quota: int = 10_000
    # Audit entries the Redis buffer may hold while the database is unreachable (service/audit.py);
    # at a few hundred bytes each, the default is tens of megabytes.
    audit_max_entries: int = 100_000
    # Seconds a key read from the database is trusted from the Redis cache before the database is
    # asked again: the bound on how long a revoked key can keep working where its revocation
    # could not clear the cache (service/keys.py). 0 asks the database on every request.
    key_cache_ttl: int = 60
    # --- Reliability (README "Reliability") ---
    # Redis connections per client in one API process; a request that finds none free waits
    # up to redis_pool_timeout, then gets 503 + Retry-After (never "Too many connections").
    redis_pool_size: int = 64
    redis_pool_timeout: float = 1.0
    # A worker heartbeats its running job this often (RQ's job_monitoring_interval).
    heartbeat_interval: int = 5
    # A running job whose last heartbeat is older than this is abandoned: its worker died.
    # 3 heartbeats, so one late heartbeat on a loaded machine is not taken for a death.
    abandoned_after: int = 15
    # Cost per request, derived from scripts/measure_cost.py (README "Reliability"): text a
    # worker reads (statement text, quotes, documents) per statement and per batch, and quotes
    # whose stance must be inferred per statement and per batch. Measured: ~0.25 s of worker CPU
    # per 100,000 characters, ~0.3 s per 1,000 quotes; so 2M characters ≈ 5 s, a 4M-character
    # batch ≈ 10 s and 5,000 quotes ≈ 1.5 s, each at least 4× inside the 60 s job timeout
    # (8,000 identical quotes cost 15.7 s before near-duplicates were made linear: 5,000 stay
    # inside the timeout even then).
    max_statement_chars: int = 2_000_000
    max_batch_chars: int = 4_000_000
    max_quotes: int = 5000
    # --- Web app and exports (README "Web app") ---
    # Signs the pages' session cookie; unset, each process makes a random one (sign-ins do not
    # survive a restart, and several API processes need the same value).
    session_secret: str = ""
    # Base of the permalinks written into exports (ClaimReview url); unset, the request's host.
    public_url: str = ""
    # The ClaimReview author: the organisation publishing the reviews.
    review_author: str = "Corroborate"
    # --- Batches (README "Queue, cache and throughput") ---
    # Statements scored per RQ job of a batch: larger chunks pay RQ's per-job bookkeeping less
    # often; smaller ones spread a batch over more workers and lose less to one slow statement.
    batch_chunk_size: int = 50
    scoring: ScoringSettings = field(default_factory=ScoringSettings)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        environ = os.environ if environ is None else environ
        flat = {attr: environ[var] for var, attr in _ENVIRONMENT.items() if environ.get(var)}
        scoring = {
            attr: environ[var] for var, attr in _SCORING_ENVIRONMENT.items() if environ.get(var)
        }
        return cls.from_mapping(flat, scoring, names={**_invert(_ENVIRONMENT), **_invert(_SCORING_ENVIRONMENT)})

    @classmethod
    def from_mapping(
        cls,
        values: Mapping[str, object] | None = None,
        scoring: Mapping[str, object] | None = None,
        names: Mapping[str, str] | None = None,
    ) -> Settings:
        """Build settings from attribute names to raw values (strings are parsed)."""
        names = names or {}
        defaults = cls()
        parsed = {
            attr: _parse(names.get(attr, attr), raw, getattr(defaults, attr))
            for attr, raw in (values or {}).items()
        }
        scoring_parsed = {
            attr: _parse(names.get(attr, attr), raw, getattr(defaults.scoring, attr))
            for attr, raw in (scoring or {}).items()
        }
        settings = replace(defaults, **parsed, scoring=replace(defaults.scoring, **scoring_parsed))
        settings.validate()
        return settings

    @property
    def embedded(self) -> bool:
        return not self.redis_url

    @property
    def auth_required(self) -> bool:
        return self.auth == "required" or (self.auth == "" and not self.embedded)

    def validate(self) -> None:
        for name in _POSITIVE:
            if getattr(self, name) <= 0:
                raise SettingsError(f"{_name_of(name)} must be greater than 0")
        if self.retry_max < 0 or any(i < 0 for i in self.retry_intervals):
            raise SettingsError("retry settings must not be negative")
        if self.abandoned_after < 2 * self.heartbeat_interval:
            raise SettingsError(f"{_name_of('abandoned_after')} must be at least twice "
                                f"{_name_of('heartbeat_interval')}")
        if self.max_batch > 10_000:
            raise SettingsError(f"{_name_of('max_batch')} must be at most 10000")
        self.validate_access_control()
        self.scoring.validate()

    def validate_access_control(self) -> None:
        from limits import parse_many

        if self.auth not in ("", "required", "off"):
            raise SettingsError(f"{_name_of('auth')} must be required or off")
        for name in ("read_rate_limit", "write_rate_limit"):
            try:
                parse_many(getattr(self, name))
            except ValueError:
                raise SettingsError(f"{_name_of(name)} must look like 600/minute or 10/second;100/hour") from None
        for name in ("workspace_document_quota", "audit_max_entries"):
            if getattr(self, name) <= 0:
                raise SettingsError(f"{_name_of(name)} must be greater than 0")
        if self.key_cache_ttl < 0:
            raise SettingsError(f"{_name_of('key_cache_ttl')} must not be negative (0 asks the database every time)")


_POSITIVE = (
    "job_timeout", "queued_ttl", "result_ttl", "failure_ttl", "cache_ttl", "redis_timeout",
    "retry_after", "max_body_bytes", "max_text_chars", "max_evidence", "max_batch",
    "max_documents", "max_document_chars", "redis_pool_size", "redis_pool_timeout",
    "heartbeat_interval", "abandoned_after", "max_statement_chars", "max_batch_chars", "max_quotes",
    "batch_chunk_size",
)


def _scoring_variable(attr: str) -> str:
    return _invert(_SCORING_ENVIRONMENT).get(attr, attr)


def _invert(mapping: Mapping[str, str]) -> dict[str, str]:
    return {attr: var for var, attr in mapping.items()}


def _name_of(attr: str) -> str:
    return _invert(_ENVIRONMENT).get(attr, attr)


def _parse(name: str, raw: object, default: object) -> object:
    if not isinstance(raw, str):
        return raw
    try:
        if isinstance(default, bool):
            return raw.strip().lower() in ("1", "true", "yes", "on")
        if isinstance(default, int):
            return int(raw)
        if isinstance(default, float):
            return float(raw)
        if isinstance(default, tuple):
            return tuple(int(part) for part in raw.split(",") if part.strip())
    except ValueError:
        raise SettingsError(f"{name}={raw!r} is not a valid {type(default).__name__}") from None
    return raw


# ---- system of record (workers/store) ----
_DATABASE_ENVIRONMENT = {
    "CORROBORATE_DATABASE_URL": "url",
    "CORROBORATE_DATABASE_FILE": "sqlite_file",
    "CORROBORATE_DOCUMENT_RETENTION_DAYS": "document_retention_days",
    "CORROBORATE_DOCUMENT_RETENTION_MAX": "document_retention_max",
    "CORROBORATE_RETENTION_INTERVAL": "retention_interval",
    "CORROBORATE_RETENTION_BATCH_SIZE": "retention_batch_size",
    "CORROBORATE_SEARCH_CANDIDATES": "search_candidates",
}


@dataclass(frozen=True)
class DatabaseSettings:
    """Where documents, saved results, the audit log and keys last (README "Configuration")."""

    # postgresql+psycopg://user:password@host/dbname; unset means the embedded SQLite file below.
    url: str = ""
    # Relative to the working directory, like `make run` and `corroborate serve` use it.
    sqlite_file: str = "var/corroborate.sqlite3"
    # 0 keeps documents for ever; otherwise documents stored more than this many days ago are
    # deleted by the workers' retention sweep (workers/runner.py) and `corroborate db prune`.
    document_retention_days: int = 0
    # 0 keeps any number; otherwise the same sweep keeps each workspace's newest this many
    # documents and deletes the older ones (a rolling window, where the workspace quota refuses).
    document_retention_max: int = 0
    # Seconds between retention sweeps; one worker sweeps at a time.
    retention_interval: int = 3600
    # Documents deleted per transaction: each batch holds its locks only briefly.
    retention_batch_size: int = 500
    # Documents fetched by full-text search before today's relevance check: that check keeps at
    # most 50 (workers/evidence_store.py MAX_DOCUMENTS), and on FNC-1 train the top 50 hold
    # nearly every related body (`corroborate eval retrieval` prints recall@50).
    search_candidates: int = 50

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> DatabaseSettings:
        environ = os.environ if environ is None else environ
        defaults = cls()
        values = {attr: _parse(var, environ[var], getattr(defaults, attr))
                  for var, attr in _DATABASE_ENVIRONMENT.items() if environ.get(var)}
        settings = replace(defaults, **values)
        settings.validate()
        return settings

    @property
    def engine_url(self) -> str:
        return self.url or f"sqlite:///{self.sqlite_file}"

    def validate(self) -> None:
        if self.url and not self.url.startswith(("postgresql+psycopg://", "sqlite:///")):
            raise SettingsError("CORROBORATE_DATABASE_URL must start with postgresql+psycopg:// or sqlite:///")
        if self.document_retention_days < 0:
            raise SettingsError("CORROBORATE_DOCUMENT_RETENTION_DAYS must not be negative (0 keeps documents)")
        if self.document_retention_max < 0:
            raise SettingsError("CORROBORATE_DOCUMENT_RETENTION_MAX must not be negative (0 keeps any number)")
        for name in ("search_candidates", "retention_interval", "retention_batch_size"):
            if getattr(self, name) <= 0:
                raise SettingsError(f"{_invert(_DATABASE_ENVIRONMENT)[name]} must be greater than 0")
