"""The Redis key layout shared by the API and the workers (RQ keeps its own under "rq:")."""

PREFIX = "corroborate"


def result_key(statement_id: str) -> str:
    """Cached result of a statement, kept apart from RQ's job records and with its own TTL."""
    return f"{PREFIX}:result:{statement_id}"


def inflight_key(statement_id: str) -> str:
    """The job currently scoring a statement, so identical submissions share one job."""
    return f"{PREFIX}:inflight:{statement_id}"


SOURCES = f"{PREFIX}:sources"
"""Hash of source id → JSON record: the source registry."""

REGISTRY_VERSION = f"{PREFIX}:registry:version"
"""A random token replaced on every registry change; a result scored under another is stale.
(Random rather than a counter, so a flushed-and-refilled Redis cannot repeat an old version.)"""


DOCUMENTS = f"{PREFIX}:documents"
"""Hash of document id → JSON article: the evidence store."""

EVIDENCE_VERSION = f"{PREFIX}:evidence:version"
"""A random token replaced whenever a document is stored; results read from the store under
another token are stale."""
