"""A scoring job's time with 10 and with 50,000 registered sources, side by side in one run.

    python -m benchmarks.registry_scale [--small 10] [--large 50000] [--runs 15] [--whole-list]

Two workspaces on a private redis-server (a unix socket in a temporary folder; no other Redis is
touched): one with --small sources, one with --large. Both hold the sources the jobs name; the
large one adds synthetic outlets, agencies, people and state bodies with aliases, affiliations
and names of up to seven words. The large registry is written as code from before the index
did (straight into the hash), so its first job builds the index: that migration is timed apart.
Then the same jobs, a short and a long (2,000-character) statement with evidence, run through
`workers.tasks.scored_record` (what a worker does for a job, less saving the result) alternately
against each workspace, and the median times and their ratio (issue 9's target: at most 1.5x)
are printed. --whole-list also times scoring against the whole large registry as a list, as
every job did before the index.

`measure(...)` returns the numbers for a harness.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

import redis

from benchmarks.servers import start_redis
from config.redis_keys import sources_key
from service.registry import SourceRegistry
from workers.scoring import score_statement
from workers.tasks import scored_record

NAMED = [
    {"id": "reuters", "name": "Reuters", "aliases": ["Thomson Reuters"], "kind": "outlet"},
    {"id": "ap", "name": "Associated Press", "aliases": ["AP"], "kind": "agency"},
    {"id": "russia", "name": "Russia", "aliases": ["Moscow"], "kind": "government"},
    {"id": "rt", "name": "RT", "kind": "outlet", "affiliations": ["Russia"]},
    {"id": "harbour-authority", "name": "Harbour Authority", "aliases": ["the port authority"],
     "kind": "official"},
    {"id": "daily-planet", "name": "Daily Planet", "kind": "outlet", "affiliations": ["Planet Media Group"]},
    {"id": "planet-media-group", "name": "Planet Media Group", "kind": "other"},
    {"id": "kcna", "name": "KCNA", "aliases": ["Korean Central News Agency"], "kind": "agency",
     "affiliations": ["North Korea"]},
    {"id": "jane-doe", "name": "Jane Doe", "kind": "person", "affiliations": ["Harbour Authority"]},
    {"id": "evening-star", "name": "Evening Star", "kind": "outlet"},
]
SHORT = ("The port authority said the shipment left on Tuesday morning as planned, "
         "and Moscow denied any part in it.")
EVIDENCE = [
    {"source": "reuters", "stance": "confirms",
     "quote": "The shipment left on Tuesday, according to Harbour Authority officials."},
    {"source": "AP", "stance": "confirms", "quote": "Port officials said the ship sailed on Tuesday morning."},
    {"source": "rt", "stance": "denies", "quote": "Moscow had no part in the shipment."},
    {"source": "Moscow", "stance": "denies"},
    {"source": {"id": "daily-planet", "affiliations": ["Planet Media Group"]}, "stance": "confirms",
     "cites": ["reuters"]},
    {"source": "Jane Doe", "stance": "confirms", "quote": "We saw it leave the harbour."},
    {"source": {"id": "coastal-tribune", "name": "Coastal Tribune"}, "stance": "neutral"},
    {"source": "the Kremlin", "stance": "denies", "quote": "Russia denies the claim."},
]
WORDS = ["harbour", "north", "coastal", "river", "valley", "capital", "evening", "morning", "central", "united",
         "free", "national", "metro", "daily", "weekly", "press", "news", "times", "herald", "tribune",
         "observer", "ledger", "courier", "gazette", "wire", "radio", "television", "network", "bureau",
         "agency", "ministry", "council", "office", "institute", "foundation", "review", "monitor", "post"]
STATES = ["Russia", "China", "Ukraine", "North Korea", "Iran", "Israel", "Turkey", "Brazil", "India", "France"]


def synthetic_sources(count: int, seed: int = 0) -> list[dict]:
    """`count` sources with names none of the jobs' statements use ("Coastal Herald 1234 ...")."""
    rng = random.Random(seed)
    sources = []
    for n in range(count):
        words = rng.randint(1, 6)
        name = " ".join(w.title() for w in rng.sample(WORDS, words)) + f" {n}"
        record = {"id": f"src-{n}", "name": name, "kind": rng.choice(["outlet", "agency", "official", "person",
                                                                          "government", "other"])}
        if rng.random() < 0.4:
            record["aliases"] = [f"{name.split()[0]} {n} {rng.choice(WORDS)}", f"S{n}"]
        if rng.random() < 0.3:
            record["affiliations"] = [rng.choice(STATES) if rng.random() < 0.5 else f"src-{rng.randrange(count)}"]
        if rng.random() < 0.05:
            # State bodies: their names speak for a state, so they are filed under it too.
            record["name"] = f"{rng.choice(STATES)} {rng.choice(['Ministry', 'Office', 'Council'])} {n}"
        sources.append(record)
    return sources


def long_statement(seed: int = 1) -> str:
    """About 2,000 characters (the API's limit) naming a few registered sources among filler."""
    rng = random.Random(seed)
    sentences = [SHORT, "Reuters and the Associated Press reported it first.",
                 "The Daily Planet, owned by Planet Media Group, ran the story on its front page."]
    while sum(len(s) + 1 for s in sentences) < 1900:
        sentences.append(" ".join(rng.choices(WORDS + ["the", "a", "of", "and", "said", "on"], k=12)).capitalize()
                         + ".")
    return " ".join(sentences)[:2000]


def _timed(run) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def measure(small: int = 10, large: int = 50_000, runs: int = 15, whole_list: bool = False) -> dict:
    """Median seconds per job at each registry size, their ratios, and the large registry's
    one-time index build; with `whole_list`, the same jobs scored against the whole large list."""
    statements = {"short": {"text": SHORT, "evidence": EVIDENCE},
                  "long": {"text": long_statement(), "evidence": EVIDENCE}}
    registries = {"small": NAMED + synthetic_sources(small - len(NAMED)) if small > len(NAMED) else NAMED[:small],
                  "large": NAMED + synthetic_sources(large - len(NAMED))}
    with tempfile.TemporaryDirectory() as folder:
        process, url = start_redis(Path(folder))
        try:
            connection = redis.Redis.from_url(url)  # undecoded, as a worker's is
            SourceRegistry(redis.Redis.from_url(url, decode_responses=True), "small").seed(registries["small"])
            with connection.pipeline(transaction=False) as pipe:
                for record in registries["large"]:
                    pipe.hset(sources_key("large"), record["id"], json.dumps(record, sort_keys=True))
                pipe.execute()
            index_build = _timed(lambda: SourceRegistry(connection, "large").lookup())
            times: dict = {size: {name: [] for name in statements} for size in registries}
            results = {}
            for run in range(runs + 1):  # the first round warms up
                for name, statement in statements.items():
                    for size in registries:
                        started = time.perf_counter()
                        record = scored_record(connection, size, f"{name}-{run}", statement)
                        elapsed = time.perf_counter() - started
                        if run:
                            times[size][name].append(elapsed)
                        results[size, name] = {k: v for k, v in record["result"].items()
                                               if k not in ("computed_at", "statement_id")}
        finally:
            process.terminate()
            process.wait(timeout=10)
    medians = {size: {name: statistics.median(values) for name, values in by_name.items()}
               for size, by_name in times.items()}
    report = {
        "sources": {"small": len(registries["small"]), "large": len(registries["large"])},
        "seconds_per_job": medians,
        "ratio": {name: medians["large"][name] / medians["small"][name] for name in statements},
        "same_results": all(results["small", name] == results["large", name] for name in statements),
        "index_build_seconds": index_build,
        "runs": runs,
    }
    if whole_list:
        report["whole_list_seconds_per_job"] = {
            name: _timed(lambda statement=statement: score_statement(statement, registry=registries["large"]))
            for name, statement in statements.items()}
    return report


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", type=int, default=10)
    parser.add_argument("--large", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--whole-list", action="store_true", help="also score against the whole large list")
    arguments = parser.parse_args()
    report = measure(arguments.small, arguments.large, arguments.runs, arguments.whole_list)
    small, large = report["sources"]["small"], report["sources"]["large"]
    print(f"median of {report['runs']} jobs each, read by key from Redis:")
    for name in ("short", "long"):
        print(f"  {name:5s} statement: {small:>6,} sources {report['seconds_per_job']['small'][name] * 1000:7.1f} ms"
              f"   {large:>6,} sources {report['seconds_per_job']['large'][name] * 1000:7.1f} ms"
              f"   ratio {report['ratio'][name]:.2f}x")
    print(f"  same results at both sizes: {report['same_results']}")
    print(f"  indexing the {large:,}-source registry once (migration): {report['index_build_seconds']:.2f} s")
    if "whole_list_seconds_per_job" in report:
        for name, seconds in report["whole_list_seconds_per_job"].items():
            print(f"  {name:5s} statement against the whole {large:,}-source list (before the index): "
                  f"{seconds * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
