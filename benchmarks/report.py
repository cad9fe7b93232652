"""`make bench`: every scale target of issue 9, measured in one run, as one table, JSON and a chart.

    python -m benchmarks.report [--out docs/bench] [--quick] [--only NAME,...]

Each check runs its benchmark's `measure` (or `run`) function, side by side in this one process,
so every ratio compares two things measured minutes apart on the same machine. The table goes to
standard output; `bench.json` (every number, with the machine's core count and load) and
`bench.png` (each ratio against its target) go to --out. --quick shrinks every workload for a
smoke run; its numbers are not the ones to quote.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "docs" / "bench"


@dataclass(frozen=True)
class Check:
    name: str
    measured: float
    target: float
    # "at least": measured must be >= target; "at most": <=; "report": printed, no target.
    sense: str
    unit: str = "x"
    detail: str = ""

    @property
    def met(self) -> bool | None:
        if self.sense == "report":
            return None
        return self.measured >= self.target if self.sense == "at least" else self.measured <= self.target


def end_to_end(quick: bool) -> tuple[list[Check], dict]:
    from benchmarks.end_to_end import measure

    numbers = measure(*((100, 1000) if quick else (400, 4000)))
    return [
        Check("batch vs single POST, statements/s", numbers["batch_vs_single"], 20, "at least",
              detail=f"{numbers['batch_statements_per_s']:.0f} vs {numbers['single_statements_per_s']:.1f} statements/s"),
        Check("single POST vs stock-RQ no-op ceiling", numbers["single_vs_noop"], 1.0, "at least",
              detail=f"{numbers['single_statements_per_s']:.1f} statements/s vs {numbers['noop_jobs_per_s']:.1f} no-op jobs/s"),
    ], numbers


def store(quick: bool) -> tuple[list[Check], list]:
    from benchmarks.store_scale import run

    small, large = (1_000, 10_000) if quick else (1_000, 100_000)
    rows = run(small, large, 10 if quick else 30, report=lambda line: print("  " + line, file=sys.stderr))
    checks = [Check(f"no-evidence fetch, {large:,} vs {small:,} documents ({row['backend']})", row["ratio"], 3.0,
                    "at most", detail=f"{1000 * row[small]:.1f} ms vs {1000 * row[large]:.1f} ms")
              for row in rows if row["step"] == "search + relevance check"]
    return checks, rows


def retrieval(quick: bool) -> tuple[list[Check], dict]:
    from workers.evaluation.retrieval import measure

    numbers = measure(sample=200 if quick else 0)
    fts, scan = numbers["fts"], numbers["full_scan"]
    return [
        Check("FNC-1 retrieval recall@50 (FTS top 50)", fts["recall@50"], 0, "report", "",
              f"full scan {scan['recall@50']:.3f}"),
        Check("FNC-1 retrieval MRR (FTS top 50)", fts["MRR"], 0, "report", "", f"full scan {scan['MRR']:.3f}"),
        Check("FNC-1 relevance accuracy on FTS candidates", numbers["relevance_accuracy_fts_candidates"], 0.958,
              "at least", "", f"every body {numbers['relevance_accuracy_every_body']:.3f}"),
    ], numbers


def cached(quick: bool) -> tuple[list[Check], dict]:
    from benchmarks.cached_path import measure

    numbers = measure(*((2, 2.0) if quick else (5, 5.0)))
    return [Check("cached POST vs bare Flask + one Redis GET, requests/s", numbers["ratio"], 0.8, "at least",
                  detail=f"{numbers['cached_requests_per_s']:.0f} vs {numbers['bare_requests_per_s']:.0f} requests/s "
                         f"(gunicorn {numbers['gunicorn']}, wrk)")], numbers


def registry(quick: bool) -> tuple[list[Check], dict]:
    from benchmarks.registry_scale import measure

    numbers = measure(10, 5_000 if quick else 50_000, 5 if quick else 15, False)
    small, large = numbers["sources"]["small"], numbers["sources"]["large"]
    return [Check(f"job with {large:,} vs {small:,} registered sources ({name} statement)", numbers["ratio"][name],
                  1.5, "at most", detail=f"{1000 * numbers['seconds_per_job']['small'][name]:.1f} ms vs "
                                         f"{1000 * numbers['seconds_per_job']['large'][name]:.1f} ms")
            for name in ("short", "long")], numbers


CHECKS: dict[str, Callable[[bool], tuple[list[Check], object]]] = {
    "end_to_end": end_to_end,
    "store": store,
    "retrieval": retrieval,
    "cached": cached,
    "registry": registry,
}


def machine() -> dict:
    return {"cores": os.cpu_count(), "load_average": os.getloadavg(), "python": platform.python_version(),
            "platform": platform.platform(), "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}


def table(checks: list[Check]) -> str:
    lines = [f"{'check':<70}{'measured':>10}{'target':>12}  {'':8}detail"]
    for check in checks:
        target = "—" if check.sense == "report" else f"{'≥' if check.sense == 'at least' else '≤'} {check.target:g}{check.unit}"
        verdict = {True: "met", False: "NOT MET", None: ""}[check.met]
        lines.append(f"{check.name:<70}{check.measured:>9.3g}{check.unit}{target:>12}  {verdict:8}{check.detail}")
    return "\n".join(lines)


def chart(checks: list[Check], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    targeted = [c for c in checks if c.sense != "report" and c.target]
    # Each bar is measured / target for "at least" and target / measured for "at most", so
    # right of the line at 1 is a target met whichever way the target points.
    margins = [c.measured / c.target if c.sense == "at least" else c.target / max(c.measured, 1e-9) for c in targeted]
    figure, axes = plt.subplots(figsize=(12, 0.55 * len(targeted) + 1.4))
    colours = ["#2a7f3f" if m >= 1 else "#b3261e" for m in margins]
    axes.barh([c.name for c in targeted], margins, color=colours)
    axes.axvline(1, color="black", linewidth=1)
    axes.set_xscale("log")
    axes.set_xlim(min(0.5, min(margins) / 1.5), max(2.0, max(margins) * 2))
    axes.invert_yaxis()
    axes.set_xlabel("measured against target (right of the line: met)")
    for row, (check, margin) in enumerate(zip(targeted, margins)):
        axes.text(margin, row, f"  {check.measured:.3g}{check.unit}", va="center", fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(DEFAULT_OUT))
    parser.add_argument("--quick", action="store_true", help="small workloads: a smoke run, not numbers to quote")
    parser.add_argument("--only", default="", help=f"comma-separated subset of {', '.join(CHECKS)}")
    arguments = parser.parse_args(argv)
    chosen = [name for name in (arguments.only.split(",") if arguments.only else CHECKS) if name]
    unknown = set(chosen) - CHECKS.keys()
    if unknown:
        parser.error(f"unknown checks: {', '.join(sorted(unknown))}")
    started = machine()
    checks, details = [], {}
    for name in chosen:
        print(f"running {name} ...", file=sys.stderr, flush=True)
        found, numbers = CHECKS[name](arguments.quick)
        checks.extend(found)
        details[name] = numbers
    print(table(checks))
    out = Path(arguments.out)
    out.mkdir(parents=True, exist_ok=True)
    document = {"quick": arguments.quick, "machine_at_start": started, "machine_at_end": machine(),
                "checks": [{**asdict(c), "met": c.met} for c in checks], "details": details}
    (out / "bench.json").write_text(json.dumps(document, indent=2, default=str) + "\n", encoding="utf-8")
    chart(checks, out / "bench.png")
    print(f"wrote {out / 'bench.json'} and {out / 'bench.png'}", file=sys.stderr)
    return 0 if all(c.met is not False for c in checks) else 1


if __name__ == "__main__":
    raise SystemExit(main())
