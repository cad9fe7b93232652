"""Measure the evidence store's relevance threshold on FNC-1 (related vs unrelated pairs).

    python -m workers.evaluation.relevance [../shared/data/fnc-1]

Prints, for a sweep of thresholds, the accuracy and F1 (of "related") of the rule
"coverage >= threshold", cross-validated by headline: the threshold is chosen on four folds and
scored on the fifth.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections import defaultdict
from pathlib import Path

from workers.evidence_store import READ_CHARS, statement_keys
from workers.extraction.sentences import content_keys, tokenize

THRESHOLDS = [round(0.05 * n, 2) for n in range(1, 20)]


def load_pairs(folder: Path) -> list[tuple[str, float, bool]]:
    csv.field_size_limit(sys.maxsize)
    with open(folder / "train_bodies.csv", encoding="utf-8") as handle:
        bodies = {row["Body ID"]: content_keys(tokenize(row["articleBody"][:READ_CHARS]))
                  for row in csv.DictReader(handle)}
    pairs = []
    with open(folder / "train_stances.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            keys = statement_keys(row["Headline"])
            share = len(keys & bodies[row["Body ID"]]) / len(keys) if keys else 0.0
            pairs.append((row["Headline"], share, row["Stance"] != "unrelated"))
    return pairs


def scores(pairs, threshold: float) -> tuple[float, float]:
    tp = sum(1 for _, c, related in pairs if c >= threshold and related)
    fp = sum(1 for _, c, related in pairs if c >= threshold and not related)
    fn = sum(1 for _, c, related in pairs if c < threshold and related)
    accuracy = sum(1 for _, c, related in pairs if (c >= threshold) == related) / len(pairs)
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return accuracy, f1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default="../shared/data/fnc-1")
    folder = Path(parser.parse_args(argv).folder)
    pairs = load_pairs(folder)
    print(f"{len(pairs)} pairs, {sum(r for *_, r in pairs)} related")
    print("threshold  accuracy  F1(related)")
    for threshold in THRESHOLDS:
        accuracy, f1 = scores(pairs, threshold)
        print(f"  {threshold:4.2f}     {accuracy:.3f}     {f1:.3f}")

    by_headline = defaultdict(list)
    for pair in pairs:
        by_headline[pair[0]].append(pair)
    headlines = sorted(by_headline)
    random.Random(0).shuffle(headlines)
    folds = [headlines[i::5] for i in range(5)]
    held_out = []
    for fold in folds:
        test = [p for h in fold for p in by_headline[h]]
        fold_set = set(fold)
        train = [p for p in pairs if p[0] not in fold_set]
        best = max(THRESHOLDS, key=lambda t: scores(train, t)[0])
        held_out.append((best, *scores(test, best)))
    mean = [sum(x[i] for x in held_out) / len(held_out) for i in (1, 2)]
    print("cross-validated by headline (5 folds): thresholds chosen",
          [t for t, *_ in held_out], f"accuracy {mean[0]:.3f}, F1 {mean[1]:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
