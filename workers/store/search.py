"""Full-text candidate retrieval: the statement's content words, OR-ed, ranked by the database.

Recall matters more than precision here: the caller still applies today's relevance check
(workers/evidence_store.py `relevant_documents`) to the top k, so any document sharing a content
word with the statement is a candidate, best-ranked first.
SQLite: FTS5 (porter stemmer) ranked by bm25; PostgreSQL: an english tsvector ranked by ts_rank_cd.
"""

from __future__ import annotations

from sqlalchemy import Float, column, text

from workers.extraction.sentences import tokenize
from workers.store.tables import documents

# Enough words to say what a statement is about; a longer query only slows the search down.
MAX_QUERY_TERMS = 32


def query_terms(statement_text: str) -> list[str]:
    """The statement's distinct content words (stop words and punctuation dropped), in order."""
    terms: list[str] = []
    for token in tokenize(statement_text):
        if token.is_content and token.bare not in terms:
            terms.append(token.bare)
    return terms[:MAX_QUERY_TERMS]


def sqlite_match(terms: list[str]) -> str:
    # Each term quoted, so that words like NOT or NEAR and punctuation are never FTS5 syntax.
    return " OR ".join('"' + term.replace('"', '""') + '"' for term in terms)


def postgresql_websearch(terms: list[str]) -> str:
    # websearch_to_tsquery never raises on user text; "or" between terms is its OR.
    return " or ".join('"' + term.replace('"', " ") + '"' for term in terms)


# Ranking every match is linear in the store's size: with common words a statement matches most
# documents. So only the newest SCANNED_MATCHES matching documents are ranked (news evidence
# ages; at 100,000 documents this keeps a fetch within a few times its cost at 1,000 —
# benchmarks/store_scale.py). Below that many matches the ranking is exact.
SCANNED_MATCHES = 2_000

# FTS5 walks its index in rowid order and stops after the limit; the second statement ranks
# only rows from that cutoff on, a range FTS5 seeks to. bm25() is smaller for better matches:
# negated so that a larger rank is better on both backends.
_SQLITE_CUTOFF = text(
    "SELECT min(row_id) FROM (SELECT f.rowid AS row_id FROM documents_fts f JOIN documents d ON d.row_id = f.rowid "
    "WHERE documents_fts MATCH :query AND d.workspace = :workspace ORDER BY f.rowid DESC LIMIT :scanned)"
)
_SQLITE = text(
    "SELECT d.id, d.workspace, d.source, d.url, d.published_at, d.text, d.created_at, "
    "-bm25(documents_fts) AS rank FROM documents_fts JOIN documents d ON d.row_id = documents_fts.rowid "
    "WHERE documents_fts MATCH :query AND documents_fts.rowid >= :cutoff AND d.workspace = :workspace "
    "ORDER BY rank DESC, d.id LIMIT :k"
)
_POSTGRESQL = text(
    "SELECT d.id, d.workspace, d.source, d.url, d.published_at, d.text, d.created_at, "
    "ts_rank_cd(d.search_vector, q) AS rank FROM (SELECT * FROM documents WHERE workspace = :workspace "
    "AND search_vector @@ websearch_to_tsquery('english', :query) ORDER BY row_id DESC LIMIT :scanned) d, "
    "websearch_to_tsquery('english', :query) q ORDER BY rank DESC, d.id LIMIT :k"
)


# Typed result columns, so that JSON and timestamps come back decoded as from any Core query.
_COLUMNS = (*(documents.c[name] for name in ("id", "workspace", "source", "url", "published_at", "text",
                                              "created_at")), column("rank", Float))
_SQLITE, _POSTGRESQL = _SQLITE.columns(*_COLUMNS), _POSTGRESQL.columns(*_COLUMNS)


def search_statement(connection, workspace: str, query_text: str, k: int):
    """Rows of the top-k documents sharing a content word with `query_text`, with their rank."""
    terms = query_terms(query_text)
    if not terms or k <= 0:
        return []
    if connection.dialect.name == "sqlite":
        parameters = {"query": sqlite_match(terms), "workspace": workspace, "scanned": max(k, SCANNED_MATCHES)}
        cutoff = connection.execute(_SQLITE_CUTOFF, parameters).scalar()
        if cutoff is None:
            return []
        return connection.execute(_SQLITE, {**parameters, "cutoff": cutoff, "k": k}).all()
    parameters = {"query": postgresql_websearch(terms), "workspace": workspace, "scanned": max(k, SCANNED_MATCHES), "k": k}
    return connection.execute(_POSTGRESQL, parameters).all()
