"""Invented multi-outlet stories read end to end: do the counts match a careful reader's?

Each file under tests/fixtures/stories/ is one event told by several outlets (`articles`) and the
`statements` a careful reader scored against them: how many independent named sources confirm,
deny or take no side, and the verdict. Every statement is scored against all of the event's
articles as `documents`, with an empty registry, so the product's own reading is what is judged.

The scoring function is a parameter, so the same cases run through the engine, through
`corroborate score`, or through the API's evidence store.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DIRECTORY = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "stories"
COUNTED = ("confirming", "denying", "neutral")


@dataclass(frozen=True)
class Case:
    story: str
    number: int
    statement: dict
    articles: tuple[dict, ...]

    @property
    def id(self) -> str:
        return f"{self.story}#{self.number}"

    def request(self) -> dict:
        """The statement as `corroborate score` and POST /v1/statements take it."""
        return {"text": self.statement["text"], "evidence": [], "documents": [dict(a) for a in self.articles]}

    def expected(self) -> dict:
        return {**{k: self.statement[k] for k in COUNTED}, "verdict": self.statement["verdict"]}


def load_cases(directory: Path | str = DEFAULT_DIRECTORY) -> list[Case]:
    cases = []
    for path in sorted(Path(directory).glob("*.json")):
        story = json.loads(path.read_text(encoding="utf-8"))
        for number, statement in enumerate(story["statements"], start=1):
            cases.append(Case(path.stem, number, statement, tuple(story["articles"])))
    return cases


def observed(result: Mapping) -> dict:
    """What a result says, in the terms of a case's expectations."""
    counts = result["counts"]
    return {**{k: counts[k] for k in COUNTED}, "verdict": result["verdict"]}


def engine_scorer(requests: list[dict]) -> list[dict]:
    from workers.scoring import score_statement

    return [score_statement(request) for request in requests]


def evaluate(cases: Iterable[Case], scorer: Callable[[list[dict]], list[dict]] = engine_scorer) -> list[dict]:
    cases = list(cases)
    results = scorer([case.request() for case in cases])
    rows = []
    for case, result in zip(cases, results):
        got = observed(result)
        rows.append({"case": case.id, "text": case.statement["text"], "expected": case.expected(),
                     "got": got, "right": got == case.expected(), "explanation": result["explanation"]})
    return rows


def _cell(values: Mapping) -> str:
    return f"{values['confirming']}/{values['denying']}/{values['neutral']} {values['verdict']}"


def format_report(rows: list[dict]) -> str:
    lines = [f"{'':5} {'case':26} {'expected c/d/n verdict':26} {'got c/d/n verdict':26} statement"]
    for row in rows:
        mark = "right" if row["right"] else "WRONG"
        lines.append(f"{mark:5} {row['case']:26} {_cell(row['expected']):26} {_cell(row['got']):26} "
                     f"{row['text']}")
    right = sum(row["right"] for row in rows)
    lines.append(f"{right} of {len(rows)} right")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("directory", nargs="?", default=str(DEFAULT_DIRECTORY))
    arguments = parser.parse_args(argv)
    print(format_report(evaluate(load_cases(arguments.directory))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
