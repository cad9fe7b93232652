"""Evidence read from prose: stances inferred from quotes, and the sources inside articles.

An article contributes the sources it quotes (found by the learned attribution extractor, see
workers.extraction.attribution), each with its own stance toward the statement and the exact
source, cue and content spans it was read from.
The publisher counts on its own account only when it quotes nobody relevant and itself confirms
or denies: an article that relays what an actor said, or merely discusses the event, is no source. An article the stance model finds
unrelated takes no side on its own account and is listed as such.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from workers.extraction import UNATTRIBUTED, extract_attributions, infer_quote_stance
from workers.stance.model import predict_document_stance, predict_headline_stance

# The rules decide a quote's stance when they find a clear cue (a reporting verb such as
# "confirmed" or "denied", or an explicit non-answer such as "did not deny": confidence 0.7 and
# up); otherwise the headline stance model does. Cross-validated on Emergent headlines
# (1,594, folds by claim), rules alone are right 45.2 % of the time, the model alone 77.9 %, and
# this split 77.0 %: it keeps what the model cannot read ("did not deny" takes no side) at the
# cost of 0.8 points on headlines, which rarely hold such cues.
DECISIVE_CUE = 0.7


def with_inferred_stances(text: str, evidence: Sequence[Mapping]) -> list[dict]:
    """Evidence items given a quote but no stance get one inferred from the quote."""
    completed = []
    for item in evidence:
        if "stance" in item:
            completed.append(dict(item))
            continue
        completed.append({**item, **infer_stance(text, item["quote"]), "stance_inferred": True})
    return completed


def infer_stance(text: str, quote: str) -> dict:
    """{stance, confidence, cue} of a quote toward the statement: rules first, then the model."""
    ruled = infer_quote_stance(text, quote)
    if ruled.get("cue") and ruled["confidence"] >= DECISIVE_CUE:
        return {"stance": ruled["stance"], "confidence": round(ruled["confidence"], 3), "cue": ruled["cue"]}
    stance, confidence = predict_headline_stance(text, quote)
    return {"stance": stance, "confidence": round(confidence, 3), "cue": "stance model"}


def read_documents(text: str, documents: Sequence[Mapping]) -> tuple[list[dict], list[dict]]:
    """(evidence items found in the documents, one summary per document)."""
    evidence, summaries = [], []
    for position, document in enumerate(documents):
        stance, confidence = predict_document_stance(text, document["text"])
        publisher = document["source"]
        via = {"document": position, "source": publisher if isinstance(publisher, str) else publisher["id"]}
        provenance = {key: document[key] for key in ("document_id", "url", "published_at") if document.get(key)}
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
                "source_span": attribution["source_span"], "cue_span": attribution["cue_span"],
                "content_span": attribution["content_span"], **provenance,
            })
        # On its own account an article only counts when it takes a side: one that merely
        # discusses the event (the model's "neutral") is no source for or against the claim.
        counts_itself = stance in ("confirms", "denies") and not found
        if counts_itself:
            evidence.append({"source": publisher, "stance": stance, "via": via, "stance_inferred": True,
                             "confidence": round(confidence, 3)})
        summaries.append({
            "index": position, "source": via["source"], "stance": stance,
            "confidence": round(confidence, 3), "attributed_sources": len(found),
            "counted_as_source": counts_itself,
        })
    return evidence, summaries
