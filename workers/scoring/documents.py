"""Evidence read from prose: stances inferred from quotes, and the sources inside articles.

An article contributes the sources it quotes, each with its own stance toward the statement.
The publisher counts on its own account only when it quotes nobody relevant: an article that
relays what an actor said does not confirm anything itself. An article the stance model finds
unrelated takes no side on its own account and is listed as such.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from workers.extraction import UNATTRIBUTED, extract_attributions, infer_quote_stance
from workers.stance.model import predict_document_stance


def with_inferred_stances(text: str, evidence: Sequence[Mapping]) -> list[dict]:
    """Evidence items given a quote but no stance get one inferred from the quote."""
    completed = []
    for item in evidence:
        if "stance" in item:
            completed.append(dict(item))
            continue
        inferred = infer_quote_stance(text, item["quote"])
        completed.append({**item, "stance": inferred["stance"], "stance_inferred": True,
                          "confidence": round(inferred["confidence"], 3),
                          **({"cue": inferred["cue"]} if inferred.get("cue") else {})})
    return completed


def read_documents(text: str, documents: Sequence[Mapping]) -> tuple[list[dict], list[dict]]:
    """(evidence items found in the documents, one summary per document)."""
    evidence, summaries = [], []
    for position, document in enumerate(documents):
        stance, confidence = predict_document_stance(text, document["text"])
        publisher = document["source"]
        via = {"document": position, "source": publisher if isinstance(publisher, str) else publisher["id"]}
        # Attributions are read even from an article the model calls unrelated: one relevant
        # sentence in a long piece about something else still reports who said what.
        found = extract_attributions(text, document["text"])
        for attribution in found:
            source = ({"id": UNATTRIBUTED, "kind": "anonymous"} if attribution["anonymous"]
                      else attribution["source"])
            evidence.append({
                "source": source, "stance": attribution["stance"], "quote": attribution["quote"],
                "via": via, "stance_inferred": True, "confidence": round(attribution["confidence"], 3),
                **({"cue": attribution["cue"]} if attribution.get("cue") else {}),
            })
        counts_itself = stance != "unrelated" and not found
        if counts_itself:
            evidence.append({"source": publisher, "stance": stance, "via": via, "stance_inferred": True,
                             "confidence": round(confidence, 3)})
        summaries.append({
            "index": position, "source": via["source"], "stance": stance,
            "confidence": round(confidence, 3), "attributed_sources": len(found),
            "counted_as_source": counts_itself,
        })
    return evidence, summaries
