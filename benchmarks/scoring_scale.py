"""How scoring time grows with the number of reports, measured side by side in one run.

    python -m benchmarks.scoring_scale

Scores one statement with 1,000 and with 10,000 reports (the median of a few runs each) and
prints the time per report at each size and their ratio: near 1 means linear growth; an
all-pairs comparison would show about 10.
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


if __name__ == "__main__":
    main()
