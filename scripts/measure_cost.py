"""Worker CPU seconds per 100,000 characters of documents and per 1,000 quotes to infer.

The request limits in config/settings.py (max_statement_chars, max_batch_chars, max_quotes) are
derived from these numbers: one statement (one job) must fit in a job timeout with a safety
factor, so a request can never cost a worker more than a job timeout of CPU.

    python scripts/measure_cost.py            # prints the rates and the limits they imply
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from config.settings import Settings  # noqa: E402
from workers.scoring import score_statement  # noqa: E402

SEED_ARTICLE = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seed-article.txt"
OUTLETS = ["Reuters", "the ministry", "a spokeswoman", "Dr Amal Haddad", "the AP", "officials", "the mayor"]
VERBS = ["said", "denied", "confirmed", "told reporters", "claimed", "insisted", "added"]
CLAIMS = ["the dam was opened on Tuesday", "the bridge will close", "prices rose by 4%",
          "the vote was postponed", "no one was hurt", "the plant stopped production"]


def article(characters: int, rng: random.Random) -> str:
    """News-like prose with attributed quotes: the seed article, varied, repeated to length."""
    base = SEED_ARTICLE.read_text(encoding="utf-8") if SEED_ARTICLE.exists() else ""
    parts, size = [], 0
    while size < characters:
        sentence = (f'"{rng.choice(CLAIMS).capitalize()}, {rng.choice(CLAIMS)}," '
                    f'{rng.choice(OUTLETS)} {rng.choice(VERBS)} on day {rng.randrange(10_000)}. ')
        chunk = sentence + (base[rng.randrange(max(1, len(base) - 600)):][:600] if base else "")
        parts.append(chunk)
        size += len(chunk)
    return "".join(parts)[:characters]


def quoted_article(characters: int, rng: random.Random) -> str:
    """The worst case found: every sentence an attributed quote restating the statement."""
    parts, size = [], 0
    while size < characters:
        sentence = (f'"The dam was opened on Tuesday near {rng.choice(["Mosul", "Aswan", "Kariba"])} '
                    f'{rng.randrange(10**6)}," {rng.choice(OUTLETS)} {rng.choice(VERBS)}. ')
        parts.append(sentence)
        size += len(sentence)
    return "".join(parts)[:characters]


def quotes(count: int, rng: random.Random) -> list[dict]:
    return [{"source": f"outlet-{rng.randrange(count)}",
             "quote": f"{rng.choice(OUTLETS)} {rng.choice(VERBS)} that {rng.choice(CLAIMS)} ({i})."}
            for i in range(count)]


def cpu_seconds(statement: dict) -> float:
    started = time.process_time()
    score_statement(statement, Settings().scoring)
    return time.process_time() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--document-chars", type=int, default=200_000)
    parser.add_argument("--quotes", type=int, default=1000)
    parser.add_argument("--safety", type=float, default=4.0, help="divide the job timeout by this")
    arguments = parser.parse_args(argv)
    rng = random.Random(8)
    text = "The dam was opened on Tuesday."
    cpu_seconds({"text": text, "evidence": [{"source": "warm-up", "stance": "confirms"}]})

    document_cpu = cpu_seconds({"text": text, "evidence": [], "documents": [
        {"source": "daily-paper", "text": article(arguments.document_chars, rng)}]})
    quoted_cpu = cpu_seconds({"text": text, "evidence": [], "documents": [
        {"source": "daily-paper", "text": quoted_article(arguments.document_chars, rng)}]})
    document_cpu = max(document_cpu, quoted_cpu)
    quote_cpu = cpu_seconds({"text": text, "evidence": quotes(arguments.quotes, rng)})
    per_100k = document_cpu * 100_000 / arguments.document_chars
    per_1000 = quote_cpu * 1000 / arguments.quotes

    settings = Settings()
    budget = settings.job_timeout / arguments.safety
    print(f"documents (worse of news prose and all-quote text): {document_cpu:.2f} s CPU for {arguments.document_chars:,} characters "
          f"= {per_100k:.2f} s per 100k characters")
    print(f"quotes:    {quote_cpu:.2f} s CPU for {arguments.quotes:,} quotes without a stance "
          f"= {per_1000:.2f} s per 1,000 quotes")
    print(f"budget per job: job timeout {settings.job_timeout} s / safety factor {arguments.safety:g} = {budget:.0f} s")
    print(f"implied max_statement_chars ≈ {int(budget / per_100k * 100_000):,} "
          f"(configured {settings.max_statement_chars:,})")
    print(f"implied max_quotes          ≈ {int(budget / per_1000 * 1000):,} (configured {settings.max_quotes:,})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
