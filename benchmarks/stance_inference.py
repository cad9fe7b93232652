"""Latency of the stance classifiers on one core.

    python -m benchmarks.stance_inference [--runs 40] [--data ../shared/data]

Prints the median (and 90th percentile) time of ``predict_document_stance`` on
1,000-word articles and of ``predict_headline_stance`` on one (claim, headline)
pair, after the models are loaded (load time is printed separately). Articles
are real FNC-1 bodies joined and cut to 1,000 words when the data directory
exists, otherwise synthetic English-like text.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from workers.stance import model as M  # noqa: E402

CLAIM = "A shark was photographed swimming on a flooded highway in Houston"
HEADLINE = "Viral photo of shark swimming on flooded Houston highway is fake, officials say"
WORDS = (
    "the of and to in a is that for on was with he it as at by from his an were are which this be has "
    "had or not their they but its have been who one after first new also two more said would year "
    "people police city officials government report photo storm water flood highway shark houston "
    "social media image users shared thousands times week statement according reportedly claimed video"
).split()


def articles(data_dir: Path, n: int, words: int = 1000) -> tuple[list[str], str]:
    path = data_dir / "fnc-1" / "train_bodies.csv"
    if path.exists():
        csv.field_size_limit(2**31 - 1)
        with open(path, encoding="utf-8", newline="") as fh:
            bodies = [r["articleBody"] for r in csv.DictReader(fh)]
        rng = random.Random(0)
        out = []
        for _ in range(n):
            toks: list[str] = []
            while len(toks) < words:
                toks.extend(rng.choice(bodies).split())
            out.append(" ".join(toks[:words]))
        return out, "real FNC-1 bodies, joined and cut to 1,000 words"
    rng = random.Random(0)
    out = []
    for _ in range(n):
        sents = []
        count = 0
        while count < words:
            k = rng.randint(8, 30)
            s = " ".join(rng.choice(WORDS) for _ in range(min(k, words - count)))
            sents.append(s.capitalize() + ".")
            count += k
        out.append(" ".join(sents))
    return out, "synthetic text (data directory not found)"


def time_calls(fn, args_list) -> list[float]:
    times = []
    for args in args_list:
        t = time.perf_counter()
        fn(*args)
        times.append((time.perf_counter() - t) * 1000.0)
    return times


def summary(ms: list[float]) -> str:
    ms = sorted(ms)
    p90 = ms[min(len(ms) - 1, int(0.9 * len(ms)))]
    return f"median {statistics.median(ms):.2f} ms, p90 {p90:.2f} ms, min {ms[0]:.2f} ms ({len(ms)} runs)"


def main(argv=None) -> int:
    repo = Path(__file__).resolve().parents[1]
    ap = argparse.ArgumentParser(description="Stance inference latency")
    ap.add_argument("--runs", type=int, default=40)
    ap.add_argument("--data", default=str(repo.parent / "shared" / "data"))
    args = ap.parse_args(argv)

    t = time.perf_counter()
    M.clear_cache()
    M.get_headline_model()
    M.get_document_model()
    load_ms = (time.perf_counter() - t) * 1000.0

    docs, source = articles(Path(args.data), args.runs)
    M.predict_document_stance(CLAIM, docs[0])  # warm-up
    M.predict_headline_stance(CLAIM, HEADLINE)
    doc_ms = time_calls(M.predict_document_stance, [(CLAIM, d) for d in docs])
    head_ms = time_calls(M.predict_headline_stance, [(CLAIM, HEADLINE)] * args.runs)
    # What a worker does per article: the stance model plus the rules that extract who said what.
    from workers.scoring.documents import read_documents

    read_ms = time_calls(lambda c, d: read_documents(c, [{"source": "x", "text": d}]),
                         [(CLAIM, d) for d in docs])

    print(f"model load (both models, once per process): {load_ms:.0f} ms")
    print(f"predict_document_stance, 1,000-word article [{source}]: {summary(doc_ms)}")
    print(f"predict_headline_stance, claim + headline: {summary(head_ms)}")
    print(f"whole article read (model + attribution rules), same articles: {summary(read_ms)}; "
          f"{statistics.median(read_ms) / statistics.median(doc_ms):.1f}x the model alone")
    print(f"python {sys.version.split()[0]}, one thread")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
