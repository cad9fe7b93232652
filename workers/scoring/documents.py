"""Evidence read from prose: stances inferred from quotes, and the sources inside articles.

An article contributes the sources it quotes (found by the learned attribution extractor, see
workers.extraction.attribution), each with its own stance toward the statement and the exact
source, cue and content spans it was read from.
The publisher counts on its own account only when it quotes nobody relevant and one of its own
sentences (one that attributes nothing) addresses the claim and confirms or denies it: an article
that relays what an actor said, or merely discusses the event, is no source. An article that uses
too few of the statement's words is about something else: it is listed as unrelated and not read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from workers.evidence_store import RELEVANCE_THRESHOLD, coverage, statement_keys
from workers.extraction import UNATTRIBUTED, infer_quote_stance, read_article
from workers.knowledge import actor_for
from workers.stance.model import predict_headline_stance

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
    keys = statement_keys(text)
    for position, document in enumerate(documents):
        publisher = document["source"]
        via = {"document": position, "source": publisher if isinstance(publisher, str) else publisher["id"]}
        provenance = {key: document[key] for key in ("document_id", "url", "published_at") if document.get(key)}
        # An article about another event (the same town's library, another story from the same
        # city) is not read at all: the share of the statement's words it uses is the evidence
        # store's measured relevance test (workers.evidence_store, FNC-1 related vs unrelated).
        if coverage(keys, document["text"]) < RELEVANCE_THRESHOLD:
            summaries.append({"index": position, "source": via["source"], "stance": "unrelated",
                              "confidence": 1.0, "attributed_sources": 0, "counted_as_source": False})
            continue
        found, own = read_article(text, document["text"])
        for attribution in found:
            source = ({"id": UNATTRIBUTED, "kind": "anonymous"} if attribution["anonymous"]
                      else attribution["source"])
            evidence.append({
                "source": source, "stance": attribution["stance"], "quote": attribution["quote"],
                "via": via, "stance_inferred": True, "confidence": round(attribution["confidence"], 3),
                **({"cue": attribution["cue"]} if attribution.get("cue") else {}),
                "source_span": attribution["source_span"], "cue_span": attribution["cue_span"],
                "content_span": attribution["content_span"], **provenance,
                **({"about_itself": True} if attribution.get("about_itself") else {}),
            })
        # On its own account an article counts only when a sentence of its own (one that
        # attributes nothing) addresses the claim and takes a side, and it quotes nobody who
        # does: an article that relays what an actor said is no second source for it.
        counts_itself = own is not None and not found
        if counts_itself:
            evidence.append({"source": publisher, "stance": own["stance"], "quote": own["quote"], "via": via,
                             "stance_inferred": True, "confidence": own["confidence"],
                             **({"cue": own["cue"]} if own.get("cue") else {}), **provenance})
        summaries.append({
            "index": position, "source": via["source"], "stance": own["stance"] if own else "neutral",
            "confidence": own["confidence"] if own else 0.0, "attributed_sources": len(found),
            "counted_as_source": counts_itself,
        })
    return _with_full_names(evidence), summaries


def _with_full_names(evidence: list[dict]) -> list[dict]:
    """One outlet's "Halvorsen" or "St. Brigid's" is another's "Halvorsen Chemicals" or
    "St. Brigid's Hospital": a short name that begins exactly one longer name among the sources
    read is that source. States are left to the actor knowledge, which knows them better."""
    names = {item["source"] for item in evidence if isinstance(item["source"], str) and item["source"] != UNATTRIBUTED}
    words = {name: name.split() for name in names}
    fuller = {}
    for name in names:
        if not name[:1].isupper() or actor_for(name):
            continue
        longer = [other for other in names if len(words[other]) > len(words[name])
                  and words[other][:len(words[name])] == words[name] and not actor_for(other)]
        if len(longer) == 1:
            fuller[name] = longer[0]
    return [{**item, "source": fuller[item["source"]]} if isinstance(item["source"], str) and item["source"] in fuller
            else item for item in evidence]
