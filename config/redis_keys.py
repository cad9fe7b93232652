"""The Redis key layout shared by the API and the workers (RQ keeps its own under "rq:").

Everything a client can read or change lives under its workspace, `corroborate:ws:<name>:`, so
no id from one workspace can name a record of another. Only API keys are global: a key is how a
request finds its workspace.
"""

PREFIX = "corroborate"


def workspace_prefix(workspace: str) -> str:
    return f"{PREFIX}:ws:{workspace}"


def result_key(workspace: str, statement_id: str) -> str:
    """Cached result of a statement, kept apart from RQ's job records and with its own TTL."""
    return f"{workspace_prefix(workspace)}:result:{statement_id}"


def inflight_key(workspace: str, statement_id: str) -> str:
    """The job currently scoring a statement, so identical submissions share one job."""
    return f"{workspace_prefix(workspace)}:inflight:{statement_id}"


def sources_key(workspace: str) -> str:
    """Hash of source id → JSON record: the workspace's source registry."""
    return f"{workspace_prefix(workspace)}:sources"


def registry_version_key(workspace: str) -> str:
    """A random token replaced on every registry change; a result scored under another is stale.
    (Random rather than a counter, so a flushed-and-refilled Redis cannot repeat an old version.)"""
    return f"{workspace_prefix(workspace)}:registry:version"


def registry_seeded_key(workspace: str) -> str:
    # Set when the seed file was applied; a Redis that lost its data has lost this too.
    return f"{workspace_prefix(workspace)}:registry:seeded"


def registry_index_key(workspace: str) -> str:
    """Which index of the registry is current: "<fingerprint>:<generation>" (service/registry.py).
    Missing, or built by other code (another fingerprint), it is rebuilt before it is read."""
    return f"{workspace_prefix(workspace)}:registry:index"


def registry_indexed_version_key(workspace: str) -> str:
    """"<generation>:<registry version>": the version the index was last brought up to. Every
    write that keeps the index sets it with the version; one that does not (code from before the
    index) leaves it behind, and the index is rebuilt."""
    return f"{workspace_prefix(workspace)}:registry:index:version"


def registry_entry_key(workspace: str, generation: str, entry: str) -> str:
    """JSON list of the ids of the records filed under `entry` ("name:<folded name>" or
    "state:<actor id>") in one generation of the index."""
    return f"{workspace_prefix(workspace)}:registry:index:{generation}:{entry}"


def registry_word_counts_key(workspace: str, generation: str) -> str:
    """Hash of word count → how many folded names of records have that many words."""
    return f"{workspace_prefix(workspace)}:registry:index:{generation}:word-counts"


def registry_index_pattern(workspace: str, generation: str) -> str:
    """A SCAN pattern for every key of one generation of the index (workspace names hold no glob
    characters: service/keys.py)."""
    return f"{workspace_prefix(workspace)}:registry:index:{generation}:*"


def documents_key(workspace: str) -> str:
    """Hash of document id → JSON article: the workspace's evidence store."""
    return f"{workspace_prefix(workspace)}:documents"


def evidence_version_key(workspace: str) -> str:
    """A random token replaced whenever a document is stored or deleted; results read from the
    store under another token are stale."""
    return f"{workspace_prefix(workspace)}:evidence:version"


def workspace_secret_key(workspace: str) -> str:
    """The workspace's HMAC secret: statement and document ids are keyed with it, so they cannot
    be derived from public inputs and differ between workspaces."""
    return f"{workspace_prefix(workspace)}:secret"


WORKSPACES = f"{PREFIX}:workspaces"
"""Set of every workspace name that has a secret."""

API_KEYS = f"{PREFIX}:keys"
"""Before keys moved to the database: hash of key id → JSON key record (read once by
`corroborate db upgrade`, which copies them into the database)."""


def key_cache_key(secret_sha256: str) -> str:
    """A live key read from the database, with when it was read (service/keys.py): the
    per-request check reads this instead of the database."""
    return f"{PREFIX}:keys:cache:{secret_sha256}"


AUDIT_BUFFER = f"{PREFIX}:audit:buffer"
"""Stream of audit entries recorded while the database was unreachable, waiting for the drain
(service/audit.py) to move them into it."""


def batch_key(workspace: str, batch_id: str) -> str:
    """Hash of a batch: its total, its chunk jobs (job id → JSON list of statement ids), and each
    item's status (statement id → JSON {status, error?})."""
    return f"{workspace_prefix(workspace)}:batch:{batch_id}"


def batch_items_key(workspace: str, batch_id: str) -> str:
    """List of the batch's statement ids, in input order (a repeated statement appears again)."""
    return f"{workspace_prefix(workspace)}:batch:{batch_id}:items"
