"""The system of record: documents (with full-text search), saved results with their history,
the audit log and API keys, on PostgreSQL or, with nothing configured, an embedded SQLite file.

    store = open_store(DatabaseSettings.from_env())   # migrates an embedded SQLite file to head
    store.add_document("newsroom", "doc_1", {"source": "bbc", "text": "..."})
    store.search_documents("newsroom", "Strikes hit the capital", k=50)

One `Store` serves both backends: SQLAlchemy Core picks the dialect from the URL, and only the
full-text search differs (workers/store/search.py). Each call takes its own connection from the
engine's pool, so one Store is safe to share between threads. Nothing here knows about Flask.
"""

from __future__ import annotations

import fcntl
import secrets
from collections.abc import Callable
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, delete, event, func, insert, select, update
from sqlalchemy.engine import Engine

from config.settings import DatabaseSettings
from workers.store import migrate
from workers.store import search as search_module
from workers.store.search import search_statement
from workers.store.tables import api_keys, audit_log, documents, results

DOCUMENT_FIELDS = ("source", "url", "published_at", "text")


def create_store_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # A database that is down or unreachable fails a request in seconds, not at the OS's TCP timeout.
    return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 3})


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets readers (the API) go on while a writer (a worker) commits.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def open_store(settings: DatabaseSettings | None = None, *, migrate_to_head: bool | None = None) -> Store:
    """The configured store. The embedded SQLite file is created and migrated on opening; a
    PostgreSQL database is migrated by `corroborate db upgrade` unless `migrate_to_head` says so."""
    settings = settings or DatabaseSettings.from_env()
    url = settings.engine_url
    lock_path = None
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        database_file = Path(url.removeprefix("sqlite:///"))
        database_file.parent.mkdir(parents=True, exist_ok=True)
        lock_path = database_file.with_name(database_file.name + ".migrate.lock")
    engine = create_store_engine(url)
    if migrate_to_head if migrate_to_head is not None else url.startswith("sqlite"):
        # Processes started together (an API and its workers) would otherwise migrate one
        # SQLite file at once, and the loser waits on "database is locked" or fails.
        with _exclusive(lock_path):
            migrate.upgrade(engine)
    return Store(engine)


@contextmanager
def _exclusive(lock_path: Path | None):
    if lock_path is None:
        yield
        return
    with open(lock_path, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _now() -> datetime:
    return datetime.now(UTC)


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    # SQLite hands back naive datetimes; everything is stored in UTC.
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()


class Store:
    def __init__(self, engine: Engine):
        self.engine = engine

    def close(self) -> None:
        self.engine.dispose()

    # ---- documents ----
    def add_document(self, workspace: str, document_id: str, document: dict, *, stored_at: datetime | None = None) -> bool:
        """Store or replace a document; True when it is new to the workspace."""
        values = {field: document.get(field) for field in DOCUMENT_FIELDS}
        where = (documents.c.workspace == workspace) & (documents.c.id == document_id)
        with self.engine.begin() as connection:
            if connection.execute(update(documents).where(where).values(**values)).rowcount:
                return False
            connection.execute(insert(documents).values(
                id=document_id, workspace=workspace, created_at=stored_at or _now(), **values))
            return True

    def add_documents(self, workspace: str, items: list[tuple[str, dict]]) -> None:
        """Insert many new documents in one transaction (bulk loads: evaluation, benchmarks)."""
        now = _now()
        rows = [{"id": document_id, "workspace": workspace, "created_at": now,
                 **{field: document.get(field) for field in DOCUMENT_FIELDS}} for document_id, document in items]
        with self.engine.begin() as connection:
            connection.execute(insert(documents), rows)

    def get_document(self, workspace: str, document_id: str) -> dict | None:
        with self.engine.connect() as connection:
            row = connection.execute(select(documents).where(
                (documents.c.workspace == workspace) & (documents.c.id == document_id))).first()
        return _document(row) if row else None

    def delete_document(self, workspace: str, document_id: str) -> dict | None:
        """Remove a document; the removed document, or None when there was none."""
        where = (documents.c.workspace == workspace) & (documents.c.id == document_id)
        with self.engine.begin() as connection:
            row = connection.execute(select(documents).where(where)).first()
            if row is None:
                return None
            connection.execute(delete(documents).where(where))
        return _document(row)

    def count_documents(self, workspace: str) -> int:
        with self.engine.connect() as connection:
            return connection.execute(select(func.count()).select_from(documents)
                                      .where(documents.c.workspace == workspace)).scalar_one()

    def list_documents(self, workspace: str, page: int = 1, per_page: int = 50,
                       search: str | None = None) -> tuple[list[dict], int]:
        """One page of the workspace's documents, newest first, and how many there are; with
        `search`, best match first, and how many matched (at most search.SCANNED_MATCHES are ranked)."""
        if search:
            found = self.search_documents(workspace, search, max(page * per_page, search_module.SCANNED_MATCHES))
            return [document for document, _ in found[(page - 1) * per_page:page * per_page]], len(found)
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(documents).where(documents.c.workspace == workspace)
                .order_by(documents.c.created_at.desc(), documents.c.row_id.desc())
                .limit(per_page).offset((page - 1) * per_page)).all()
        return [_document(row) for row in rows], self.count_documents(workspace)

    def delete_documents_older_than(self, days: int, *, now: datetime | None = None,
                                    workspace: str | None = None, batch_size: int = 500,
                                    touched: Callable[[set[str]], None] | None = None) -> int:
        """Retention by age: drop documents stored more than `days` days ago, oldest first,
        `batch_size` at a time; how many went (see `_delete_in_batches` for `touched`)."""
        condition = documents.c.created_at < (now or _now()) - timedelta(days=days)
        if workspace is not None:
            condition &= documents.c.workspace == workspace

        def oldest(connection):
            return connection.execute(select(documents.c.row_id, documents.c.workspace).where(condition)
                                      .order_by(documents.c.created_at).limit(batch_size)).all()

        return self._delete_in_batches(oldest, batch_size, touched)

    def delete_documents_beyond(self, newest: int, *, workspace: str | None = None, batch_size: int = 500,
                                touched: Callable[[set[str]], None] | None = None) -> int:
        """Retention by count: keep each workspace's `newest` documents and drop the older ones,
        `batch_size` at a time; how many went."""
        crowded = select(documents.c.workspace).group_by(documents.c.workspace).having(func.count() > newest)
        if workspace is not None:
            crowded = crowded.where(documents.c.workspace == workspace)
        with self.engine.connect() as connection:
            spaces = connection.execute(crowded).scalars().all()
        deleted = 0
        for space in spaces:
            def beyond(connection, space=space):
                return connection.execute(
                    select(documents.c.row_id, documents.c.workspace).where(documents.c.workspace == space)
                    .order_by(documents.c.created_at.desc(), documents.c.row_id.desc())
                    .offset(newest).limit(batch_size)).all()

            deleted += self._delete_in_batches(beyond, batch_size, touched)
        return deleted

    def _delete_in_batches(self, next_batch: Callable, batch_size: int,
                           touched: Callable[[set[str]], None] | None) -> int:
        """Delete the (row_id, workspace) rows `next_batch(connection)` picks until it picks none,
        one short transaction per batch, so writers are never held up for long.

        `touched(workspaces)` is called before and after each batch is deleted, with the
        workspaces the batch belongs to: the caller marks their stored-evidence results stale
        (before, in case it could not after; after, for a scoring that searched in between)."""
        deleted = 0
        while True:
            with self.engine.connect() as connection:
                batch = next_batch(connection)
            if not batch:
                return deleted
            workspaces = {row.workspace for row in batch}
            if touched:
                touched(workspaces)
            with self.engine.begin() as connection:
                deleted += connection.execute(
                    delete(documents).where(documents.c.row_id.in_([row.row_id for row in batch]))).rowcount
            if touched:
                touched(workspaces)
            if len(batch) < batch_size:
                return deleted

    def search_documents(self, workspace: str, query_text: str, k: int) -> list[tuple[dict, float]]:
        """The top-k documents sharing a content word with `query_text`, best first, with their
        rank (larger is better; comparable within one backend only)."""
        with self.engine.connect() as connection:
            rows = search_statement(connection, workspace, query_text, k)
        return [(_document(row), float(row.rank)) for row in rows]

    # ---- results ----
    def save_result(self, workspace: str, statement_id: str, result: dict, scorer_version: str, cause: str,
                    *, computed_at: datetime | None = None) -> None:
        with self.engine.begin() as connection:
            connection.execute(insert(results).values(
                workspace=workspace, statement_id=statement_id, result=result, scorer_version=scorer_version,
                cause=cause, computed_at=computed_at or _now()))

    def latest_result(self, workspace: str, statement_id: str) -> dict | None:
        history = self._results(workspace, statement_id, limit=1)
        return history[0] if history else None

    def result_history(self, workspace: str, statement_id: str, limit: int = 100) -> list[dict]:
        """Every scoring of the statement, newest first."""
        return self._results(workspace, statement_id, limit)

    def _results(self, workspace: str, statement_id: str, limit: int) -> list[dict]:
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(results).where((results.c.workspace == workspace) & (results.c.statement_id == statement_id))
                .order_by(results.c.row_id.desc()).limit(limit)).all()
        return [{"statement_id": row.statement_id, "result": row.result, "scorer_version": row.scorer_version,
                 "computed_at": _iso(row.computed_at), "cause": row.cause} for row in rows]

    # ---- audit log ----
    def append_audit(self, workspace: str, actor_key_id: str | None, role: str, action: str, target: str,
                     before: dict | None, after: dict | None, *, entry_id: str | None = None,
                     at: datetime | None = None) -> int | None:
        """Append one entry; its id, or None when an entry with this `entry_id` is already in."""
        return self.append_audit_entries([{
            "entry_id": entry_id or secrets.token_hex(16), "workspace": workspace, "actor_key_id": actor_key_id,
            "role": role, "action": action, "target": target, "before": before, "after": after,
            "at": at or _now()}])[0]

    def append_audit_entries(self, entries: list[dict]) -> list[int | None]:
        """Append entries in one transaction, skipping any whose `entry_id` is already in (a drain
        retried after a crash inserts nothing twice); the new ids, None for those skipped."""
        with self.engine.begin() as connection:
            present = set(connection.execute(select(audit_log.c.entry_id).where(
                audit_log.c.entry_id.in_([entry["entry_id"] for entry in entries]))).scalars())
            ids: list[int | None] = []
            for entry in entries:
                if entry["entry_id"] in present:
                    ids.append(None)
                    continue
                present.add(entry["entry_id"])
                # Two drains racing on one entry: the loser's insert hits the unique entry_id
                # and changes nothing.
                statement = _insert_ignoring_duplicates(connection, audit_log).values(**entry)
                row = connection.execute(statement.returning(audit_log.c.row_id)).first()
                ids.append(row.row_id if row else None)
        return ids

    def read_audit(self, workspace: str, limit: int = 100, before_id: int | None = None) -> list[dict]:
        """The workspace's audit entries, newest first (by when they happened); `before_id` pages
        on from that entry."""
        condition = audit_log.c.workspace == workspace
        if before_id is not None:
            cursor = select(audit_log.c.at).where(audit_log.c.row_id == before_id).scalar_subquery()
            condition &= (audit_log.c.at < cursor) | ((audit_log.c.at == cursor) & (audit_log.c.row_id < before_id))
        with self.engine.connect() as connection:
            rows = connection.execute(select(audit_log).where(condition)
                                      .order_by(audit_log.c.at.desc(), audit_log.c.row_id.desc()).limit(limit)).all()
        return [{"id": row.row_id, "workspace": row.workspace, "actor_key_id": row.actor_key_id, "role": row.role,
                 "action": row.action, "target": row.target, "before": row.before, "after": row.after,
                 "at": _iso(row.at)} for row in rows]

    # ---- API keys ----
    def create_key(self, key_id: str, workspace: str, role: str, label: str, key_hash: str, *,
                   created_at: datetime | None = None, revoked_at: datetime | None = None) -> dict:
        with self.engine.begin() as connection:
            connection.execute(insert(api_keys).values(
                id=key_id, workspace=workspace, role=role, label=label, key_hash=key_hash,
                created_at=created_at or _now(), revoked_at=revoked_at))
        return self.get_key(key_id)

    def get_key(self, key_id: str) -> dict | None:
        return self._one_key(api_keys.c.id == key_id)

    def key_by_hash(self, key_hash: str) -> dict | None:
        return self._one_key(api_keys.c.key_hash == key_hash)

    def list_keys(self, workspace: str | None = None) -> list[dict]:
        query = select(api_keys).order_by(api_keys.c.created_at, api_keys.c.id)
        if workspace is not None:
            query = query.where(api_keys.c.workspace == workspace)
        with self.engine.connect() as connection:
            return [_key(row) for row in connection.execute(query).all()]

    def revoke_key(self, key_id: str) -> dict | None:
        """Revoke a key (once: a second revocation keeps the first time); the key, or None."""
        with self.engine.begin() as connection:
            connection.execute(update(api_keys).where((api_keys.c.id == key_id) & api_keys.c.revoked_at.is_(None))
                               .values(revoked_at=_now()))
        return self.get_key(key_id)

    def _one_key(self, condition) -> dict | None:
        with self.engine.connect() as connection:
            row = connection.execute(select(api_keys).where(condition)).first()
        return _key(row) if row else None


def _insert_ignoring_duplicates(connection, table):
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    return dialect_insert(table).on_conflict_do_nothing()


def _document(row) -> dict:
    return {"document_id": row.id, "workspace": row.workspace,
            **{field: getattr(row, field) for field in DOCUMENT_FIELDS if getattr(row, field) is not None},
            "stored_at": _iso(row.created_at)}


def _key(row) -> dict:
    return {"id": row.id, "workspace": row.workspace, "role": row.role, "label": row.label,
            "key_hash": row.key_hash, "created_at": _iso(row.created_at), "revoked_at": _iso(row.revoked_at)}
