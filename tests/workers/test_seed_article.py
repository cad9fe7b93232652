"""The seed article, read the way the careful reader of its expectations file reads it.

The article goes in as a document with an EMPTY registry: who said what, which actor a name
stands for ("Pyongyang", "Zelensky"), which statements it bears on, non-denials, restated
paragraphs, interested parties — all of it is the product's own reading.
"""

from __future__ import annotations

import json

import pytest

from tests.conftest import SHARED
from workers.scoring import score_statement

CORPUS = SHARED / "corpus"
pytestmark = pytest.mark.skipif(not (CORPUS / "seed-article.expected.json").exists(),
                                reason=f"the seed corpus is not at {CORPUS}")


def expectations() -> dict:
    return json.loads((CORPUS / "seed-article.expected.json").read_text(encoding="utf-8"))


def scored(text: str) -> dict:
    article = (CORPUS / "seed-article.txt").read_text(encoding="utf-8")
    statement = {"text": text, "evidence": [], "documents": [{"source": "seed-outlet", "text": article}]}
    return score_statement(statement, registry=[])


def named(result: dict, stance: str) -> set[str]:
    return {source for c in result["clusters"] if c["stance"] == stance and not c["anonymous"]
            for source in c["sources"]}


def _cases() -> list:
    if not (CORPUS / "seed-article.expected.json").exists():
        return []
    return [pytest.param(case, id=case["text"]) for case in expectations()["statements"]]


@pytest.mark.parametrize("case", _cases())
def test_a_careful_reader_count(case):
    result = scored(case["text"])

    assert named(result, "confirms") == set(case["confirming"]), result["explanation"]
    assert named(result, "denies") == set(case["denying"]), result["explanation"]
    assert named(result, "neutral") == set(case["no_side"]), result["explanation"]
    assert result["verdict"] == case["verdict"], result["explanation"]
    interested = {s for c in result["clusters"] if c["interested"] for s in c["sources"]}
    assert set(case.get("interested_parties", [])) <= interested
    has_unattributed = any(c["anonymous"] and c["stance"] == "confirms" for c in result["clusters"])
    assert has_unattributed == bool(case.get("unattributed_support"))


def test_the_publisher_only_relays_and_the_restatements_add_nothing():
    result = scored("North Korean troops are in Russia.")

    assert "seed-outlet" not in {s for c in result["clusters"] for s in c["sources"]}
    (document,) = result["documents"]
    assert document["counted_as_source"] is False and document["attributed_sources"] > 0
    assert all(e["via"]["source"] == "seed-outlet" and e["stance_inferred"] for e in result["evidence"])
