"""Latency of attribution extraction on one core: the learned extractor beside today's rules.

    python -m benchmarks.attribution [--runs 30] [--data ../shared/data/polnear/dev]

Prints the median (and 90th percentile) wall time to list every attribution in a 1,000-word article,
after the models are loaded, and the learned extractor's CPU time (least of 5 passes per article). Articles are PolNeAR dev texts joined and cut to 1,000 words when
the folder exists, otherwise invented English-like text with quotes in it.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

from workers.attribution import find_attributions
from workers.evaluation.attribution import rule_attributions

SENTENCES = [
    "“We have no plans to close the plant,” said Marta Kowalski, a spokeswoman for the company.",
    "The council said on Tuesday that the vote would be delayed until the spring.",
    "According to the agency, prices rose by two percent in the last quarter of the year.",
    "Officials declined to comment on the report, which was published late on Monday.",
    "Residents gathered outside the town hall as the rain continued through the afternoon.",
    "He added that the inquiry would take several months and cost far more than expected.",
]


def articles(folder: Path, n: int, words: int = 1000) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((folder / "text").glob("*.txt"))]
    if not texts:
        rng = random.Random(0)
        texts = [" ".join(rng.choice(SENTENCES) for _ in range(80))]
    pool = "\n\n".join(texts).split(" ")
    rng = random.Random(1)
    result = []
    for _ in range(n):
        start = rng.randrange(max(1, len(pool) - words))
        result.append(" ".join(pool[start:start + words]))
    return result


def timed(function, texts: list[str]) -> tuple[float, float]:
    times = []
    for text in texts:
        started = time.perf_counter()
        function(text)
        times.append(1000 * (time.perf_counter() - started))
    times.sort()
    return statistics.median(times), times[int(0.9 * (len(times) - 1))]


def cpu_timed(function, texts: list[str], passes: int = 5) -> float:
    """Median over the articles of the least CPU time (ms) in `passes` passes: other processes
    on a shared machine stretch wall time, much less the CPU time of this one."""
    best = [float("inf")] * len(texts)
    for _ in range(passes):
        for i, text in enumerate(texts):
            started = time.process_time()
            function(text)
            best[i] = min(best[i], 1000 * (time.process_time() - started))
    return statistics.median(best)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--data", default="../shared/data/polnear/dev")
    arguments = parser.parse_args(argv)
    texts = articles(Path(arguments.data), arguments.runs)
    started = time.perf_counter()
    find_attributions("Warm-up: the mayor said so.")
    print(f"model load: {1000 * (time.perf_counter() - started):.0f} ms")
    for name, function in (("learned (CRF)", find_attributions), ("today's rules", rule_attributions)):
        median, p90 = timed(function, texts)
        print(f"{name:15} 1,000-word article: median {median:.1f} ms, p90 {p90:.1f} ms ({len(texts)} articles)")
    print(f"learned (CRF)   CPU: {cpu_timed(find_attributions, texts):.1f} ms per 1,000-word article "
          "(median over articles of the least CPU time in 5 passes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
