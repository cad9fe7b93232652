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


_SQLITE = text(
    # bm25() is smaller for better matches; negated so that a larger rank is better everywhere.
    "SELECT d.id, d.workspace, d.source, d.url, d.published_at, d.text, d.created_at, "
    "-bm25(documents_fts) AS rank FROM documents_fts JOIN documents d ON d.row_id = documents_fts.rowid "
    "WHERE documents_fts MATCH :query AND d.workspace = :workspace ORDER BY rank DESC, d.id LIMIT :k"
)
_POSTGRESQL = text(
    "SELECT d.id, d.workspace, d.source, d.url, d.published_at, d.text, d.created_at, "
    "ts_rank_cd(d.search_vector, q) AS rank FROM documents d, websearch_to_tsquery('english', :query) q "
    "WHERE d.workspace = :workspace AND d.search_vector @@ q ORDER BY rank DESC, d.id LIMIT :k"
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
        statement, query = _SQLITE, sqlite_match(terms)
    else:
        statement, query = _POSTGRESQL, postgresql_websearch(terms)
    return connection.execute(statement, {"query": query, "workspace": workspace, "k": k}).all()
