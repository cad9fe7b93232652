"""How scoring time grows with the number of reports, measured side by side in one run.

    python -m benchmarks.scoring_scale

Scores one statement with 1,000 and with 10,000 reports (the median of a few runs each) and
prints the time per report at each size and their ratio: near 1 means linear growth; an
all-pairs comparison would show about 10. Then it scores 8,000 reports whose quotes are all
identical next to 8,000 with distinct quotes: copies must not cost more than distinct texts.
"""

from __future__ import annotations

import statistics
import time

from benchmarks.evidence import synthetic_evidence
from workers.scoring import score_statement


def median_seconds(evidence: list[dict], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        score_statement({"text": "A statement under test.", "evidence": evidence})
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    small, large = synthetic_evidence(1_000), synthetic_evidence(10_000)
    median_seconds(small, 1)  # warm-up: imports and first-call costs
    small_time, large_time = median_seconds(small, 5), median_seconds(large, 3)
    small_per, large_per = small_time / 1_000, large_time / 10_000
    print(f" 1,000 reports: {small_time * 1000:8.1f} ms  ({small_per * 1e6:6.1f} µs per report)")
    print(f"10,000 reports: {large_time * 1000:8.1f} ms  ({large_per * 1e6:6.1f} µs per report)")
    print(f"growth per report from 1,000 to 10,000: {large_per / small_per:.2f}x (1.0 = linear)")
    identical, distinct = quoted_evidence(8_000, identical=True), quoted_evidence(8_000, identical=False)
    identical_time, distinct_time = median_seconds(identical, 3), median_seconds(distinct, 3)
    print(f"8,000 quotes, identical: {identical_time * 1000:8.1f} ms   distinct: {distinct_time * 1000:8.1f} ms"
          f"   ratio {identical_time / distinct_time:.2f}")


def quoted_evidence(count: int, identical: bool) -> list[dict]:
    """`count` reports from distinct outlets, each with a stance and a twelve-word quote."""
    def quote(i: int) -> str:
        tag = "" if identical else f" case {i} ref {i * 7919 % 100_003} batch {i // 10}"
        return "Officials at the port said the shipment left on Tuesday morning as planned" + tag
    return [{"source": f"outlet-{i}", "stance": "confirms", "quote": quote(i)} for i in range(count)]


if __name__ == "__main__":
    main()
