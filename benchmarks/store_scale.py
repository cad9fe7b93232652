"""A no-evidence statement's candidate fetch against 1,000 and 100,000 stored short documents.

    python -m benchmarks.store_scale [--small 1000] [--large 100000] [--queries 30]

Both stores are filled in one run with the same synthetic text, so the ratio compares like with
like: ~500-character documents of pseudo-words drawn with Zipf frequencies (as words are in news
text) and real English stop words in between. The fetch is what a statement with no evidence does:
`Store.search_documents(k=50)`, then today's relevance check (`relevant_documents`) on those
candidates. Runs on an embedded SQLite file and, where the machine has PostgreSQL binaries, on a
private PostgreSQL server (workers/store/private_postgresql.py). Prints the median time per fetch
and the large/small ratio (issue 9's target: at most 3x); today's full scan of the Redis hash grows
about 10x per 10x.
"""

from __future__ import annotations

import argparse
import itertools
import random
import statistics
import tempfile
import time
from contextlib import ExitStack

from config.settings import DatabaseSettings
from workers.evidence_store import MAX_DOCUMENTS, relevant_documents
from workers.extraction.sentences import STOPWORDS
from workers.store import Store, create_store_engine, migrate, open_store
from workers.store.private_postgresql import Unavailable, private_postgresql

WORKSPACE = "bench"
SYLLABLES = ["ba", "ver", "lin", "to", "mar", "sen", "ko", "ri", "dal", "pe", "nor", "stu", "gan", "vi", "chel",
             "ad", "mo", "tre", "lu", "fan", "dis", "ca", "pol", "hen", "zo", "ter", "im", "sa", "ble", "quo"]


class Language:
    """A vocabulary of pseudo-words with Zipf-distributed frequencies, and stop words between them."""

    def __init__(self, seed: int = 0, words: int = 30_000, sampling_seed: int | None = None):
        self.rng = random.Random(seed)
        vocabulary = set()
        while len(vocabulary) < words:
            vocabulary.add("".join(self.rng.choices(SYLLABLES, k=self.rng.choice((2, 2, 3, 3, 4)))))
        self.vocabulary = sorted(vocabulary)
        self.rng.shuffle(self.vocabulary)
        self.cumulative_weights = list(itertools.accumulate(1 / (rank + 1) ** 1.05 for rank in range(words)))
        self.stopwords = sorted(w for w in STOPWORDS if "'" not in w)
        # Same words, other draws: statements about the stored text, not copies of it.
        if sampling_seed is not None:
            self.rng = random.Random(sampling_seed)

    def sentence(self, words: int) -> str:
        content = self.rng.choices(self.vocabulary, cum_weights=self.cumulative_weights, k=words)
        out = [w if self.rng.random() < 0.55 else f"{self.rng.choice(self.stopwords)} {w}" for w in content]
        return " ".join(out).capitalize() + "."

    def document(self, characters: int = 500) -> str:
        text = ""
        while len(text) < characters:
            text += self.sentence(self.rng.randint(8, 16)) + " "
        return text.strip()


def fill(store: Store, language: Language, count: int, chunk: int = 5_000) -> float:
    started = time.perf_counter()
    for start in range(0, count, chunk):
        store.add_documents(WORKSPACE, [(f"doc_{n}", {"source": f"outlet-{n % 500}", "text": language.document()})
                                        for n in range(start, min(count, start + chunk))])
    return time.perf_counter() - started


def fetch(store: Store, statement: str) -> list[dict]:
    candidates = [document for document, _ in store.search_documents(WORKSPACE, statement, MAX_DOCUMENTS)]
    return relevant_documents(statement, candidates)


def search(store: Store, statement: str) -> list:
    return store.search_documents(WORKSPACE, statement, MAX_DOCUMENTS)


def median_seconds(step, store: Store, statements: list[str], rounds: int = 3) -> float:
    for statement in statements[:3]:
        step(store, statement)  # warm the caches: a running service has them warm
    timings = []
    for statement in statements:
        best = float("inf")
        for _ in range(rounds):
            started = time.perf_counter()
            step(store, statement)
            best = min(best, time.perf_counter() - started)
        timings.append(best)
    return statistics.median(timings)


def measure(backend: str, stores: dict[int, Store], statements: list[str]) -> list[dict]:
    rows = []
    for name, step in (("search only", search), ("search + relevance check", fetch)):
        row = {"backend": backend, "step": name}
        for count, store in stores.items():
            row[count] = median_seconds(step, store, statements)
        small, large = sorted(stores)
        row["ratio"] = row[large] / row[small]
        rows.append(row)
    return rows


def sqlite_stores(stack: ExitStack, sizes: list[int]) -> dict[int, Store]:
    folder = stack.enter_context(tempfile.TemporaryDirectory())
    stores = {}
    for count in sizes:
        store = open_store(DatabaseSettings(sqlite_file=f"{folder}/{count}.sqlite3"))
        stack.callback(store.close)
        stores[count] = store
    return stores


def postgresql_stores(stack: ExitStack, sizes: list[int]) -> dict[int, Store]:
    from sqlalchemy import create_engine, text

    server = stack.enter_context(private_postgresql())
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    stores = {}
    with admin.connect() as connection:
        for count in sizes:
            connection.execute(text(f"CREATE DATABASE bench_{count}"))
            engine = create_store_engine(server.replace("/postgres?", f"/bench_{count}?"))
            migrate.upgrade(engine)
            stores[count] = Store(engine)
            stack.callback(engine.dispose)
    admin.dispose()
    return stores


def run(small: int = 1_000, large: int = 100_000, queries: int = 30, report=print) -> list[dict]:
    """Rows of median fetch seconds per size and their ratio, per backend and step."""
    sizes = [small, large]
    speaker = Language(sampling_seed=1)
    statements = [speaker.sentence(speaker.rng.randint(6, 14)) for _ in range(queries)]
    rows = []
    for backend, open_stores in (("SQLite FTS5", sqlite_stores), ("PostgreSQL tsvector", postgresql_stores)):
        with ExitStack() as stack:
            try:
                stores = open_stores(stack, sizes)
            except Unavailable as reason:
                report(f"{backend}: skipped ({reason})")
                continue
            for count, store in stores.items():
                seconds = fill(store, Language(seed=0), count)
                if store.engine.dialect.name == "postgresql":
                    # What autovacuum does soon after a bulk load: without statistics the planner
                    # reads every match through the GIN index instead of the newest few by key.
                    with store.engine.begin() as connection:
                        connection.exec_driver_sql("ANALYZE documents")
                report(f"{backend}: stored {count:,} documents in {seconds:.1f} s")
            rows.extend(measure(backend, stores, statements))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=30)
    arguments = parser.parse_args(argv)
    sizes = [arguments.small, arguments.large]
    rows = run(arguments.small, arguments.large, arguments.queries)
    print(f"\nmedian candidate fetch of {arguments.queries} statements (top {MAX_DOCUMENTS}, best of 3 each)")
    print(f"{'backend':<22}{'step':<26}{sizes[0]:>12,}{sizes[1]:>12,}{'ratio':>8}  target <= 3x")
    for row in rows:
        print(f"{row['backend']:<22}{row['step']:<26}{1000 * row[sizes[0]]:>10.2f}ms{1000 * row[sizes[1]]:>10.2f}ms"
              f"{row['ratio']:>7.2f}x  {'met' if row['ratio'] <= 3 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
