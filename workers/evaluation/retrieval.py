"""Full-text candidate retrieval against today's full scan, on FNC-1 train.

    python -m workers.evaluation.retrieval [../shared/data/fnc-1] [--headlines N]

Every train body goes into a temporary embedded store (SQLite FTS5). Each distinct headline is a
query; the bodies it is paired with as agree, disagree or discuss are its relevant documents.
Printed for both ways of finding candidates: recall@10, recall@50 (mean over headlines with at
least one related body) and MRR (reciprocal rank of the first related body, 0 when none is ranked).
- full scan: today's evidence store, every stored body ranked by its relevance score (coverage);
- FTS: `Store.search_documents` top 50, in the database's rank order.
Then the relevance check on all labelled pairs, as workers/evaluation/relevance.py scores it
(related = coverage >= RELEVANCE_THRESHOLD), once over every body (today) and once over the FTS
top 50 only (a body outside it is called unrelated).
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from config.settings import DatabaseSettings
from workers.evidence_store import READ_CHARS, RELEVANCE_THRESHOLD, statement_keys
from workers.extraction.sentences import content_keys, tokenize
from workers.store import open_store

CUTOFFS = (10, 50)
CANDIDATES = 50
WORKSPACE = "fnc-1"


def load(folder: Path) -> tuple[dict[str, str], list[tuple[str, str, bool]]]:
    csv.field_size_limit(sys.maxsize)
    with open(folder / "train_bodies.csv", encoding="utf-8") as handle:
        bodies = {row["Body ID"]: row["articleBody"] for row in csv.DictReader(handle)}
    with open(folder / "train_stances.csv", encoding="utf-8") as handle:
        pairs = [(row["Headline"], row["Body ID"], row["Stance"] != "unrelated") for row in csv.DictReader(handle)]
    return bodies, pairs


def ranking_metrics(rankings: dict[str, list[str]], relevant: dict[str, set[str]]) -> dict[str, float]:
    scored = [h for h in rankings if relevant[h]]
    metrics = {f"recall@{k}": sum(len(relevant[h] & set(rankings[h][:k])) / len(relevant[h]) for h in scored)
               / len(scored) for k in CUTOFFS}
    reciprocal = []
    for headline in scored:
        rank = next((i for i, body in enumerate(rankings[headline], 1) if body in relevant[headline]), None)
        reciprocal.append(1 / rank if rank else 0.0)
    metrics["MRR"] = sum(reciprocal) / len(reciprocal)
    return metrics


def accuracy(pairs, coverage_of, candidates: dict[str, set[str]] | None) -> float:
    correct = 0
    for headline, body, related in pairs:
        predicted = coverage_of[headline, body] >= RELEVANCE_THRESHOLD
        if candidates is not None:
            predicted = predicted and body in candidates[headline]
        correct += predicted == related
    return correct / len(pairs)


def measure(folder: Path | str = "../shared/data/fnc-1", sample: int = 0) -> dict:
    """Recall@k, MRR and ms/query of both ways of finding candidates, and the relevance accuracy."""
    bodies, pairs = load(Path(folder))
    headlines = sorted({headline for headline, _, _ in pairs})
    if sample:
        headlines = sorted(random.Random(0).sample(headlines, min(sample, len(headlines))))
        chosen = set(headlines)
        pairs = [pair for pair in pairs if pair[0] in chosen]
    relevant: dict[str, set[str]] = defaultdict(set)
    for headline, body, related in pairs:
        if related:
            relevant[headline].add(body)

    body_keys = {body: content_keys(tokenize(text[:READ_CHARS])) for body, text in bodies.items()}
    headline_keys = {headline: statement_keys(headline) for headline in headlines}
    started = time.perf_counter()
    scan, coverage_of = {}, {}
    for headline in headlines:
        keys = headline_keys[headline]
        share = {body: len(keys & words) / len(keys) if keys else 0.0 for body, words in body_keys.items()}
        coverage_of.update({(headline, body): value for body, value in share.items()})
        scan[headline] = sorted(share, key=lambda body: (-share[body], int(body)))
    scan_seconds = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as scratch:
        store = open_store(DatabaseSettings(sqlite_file=f"{scratch}/retrieval.sqlite3"))
        try:
            store.add_documents(WORKSPACE, [(body, {"source": "fnc-1", "text": text}) for body, text in bodies.items()])
            started = time.perf_counter()
            fts = {headline: [d["document_id"] for d, _ in store.search_documents(WORKSPACE, headline, CANDIDATES)]
                   for headline in headlines}
            fts_seconds = time.perf_counter() - started
        finally:
            store.close()
    candidates = {headline: set(found) for headline, found in fts.items()}
    return {
        "bodies": len(bodies), "headlines": len(headlines), "pairs": len(pairs),
        "headlines_with_related": sum(1 for h in headlines if relevant[h]),
        "full_scan": {**ranking_metrics(scan, relevant), "ms_per_query": 1000 * scan_seconds / len(headlines)},
        "fts": {**ranking_metrics(fts, relevant), "ms_per_query": 1000 * fts_seconds / len(headlines)},
        "relevance_accuracy_every_body": accuracy(pairs, coverage_of, None),
        "relevance_accuracy_fts_candidates": accuracy(pairs, coverage_of, candidates),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default="../shared/data/fnc-1")
    parser.add_argument("--headlines", type=int, default=0, help="a seeded sample of this many headlines (0: all)")
    arguments = parser.parse_args(argv)
    numbers = measure(arguments.folder, arguments.headlines)
    print(f"{numbers['bodies']} bodies, {numbers['headlines']} headlines "
          f"({numbers['headlines_with_related']} with a related body), {numbers['pairs']} labelled pairs")
    print(f"{'retrieval':<20}{'recall@10':>10}{'recall@50':>10}{'MRR':>8}{'ms/query':>10}")
    for name, metrics in (("full scan (today)", numbers["full_scan"]), (f"FTS5 top {CANDIDATES}", numbers["fts"])):
        print(f"{name:<20}{metrics['recall@10']:>10.3f}{metrics['recall@50']:>10.3f}{metrics['MRR']:>8.3f}"
              f"{metrics['ms_per_query']:>10.2f}")
    print(f"relevance accuracy (coverage >= {RELEVANCE_THRESHOLD}) on the {numbers['pairs']} pairs: "
          f"every body {numbers['relevance_accuracy_every_body']:.3f}, "
          f"FTS top {CANDIDATES} only {numbers['relevance_accuracy_fts_candidates']:.3f} "
          "(today's cross-validated figure: 0.958, `corroborate eval relevance`)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
