"""Read an article and list who it says confirms, denies or takes no side on a statement.

One entry per source per sentence whose claim bears on the statement (see `relevance`), in text
order. When one source makes several claims in a sentence ("stated that ..., but did not confirm
..."), the most decisive stance wins: a side taken over an explicit non-commitment over a hedge.
Unnamed sources ("Reports indicated", "sources said", "reportedly") become entries with
``"anonymous": True`` and the source ``UNATTRIBUTED``. Phrases that name no source ("the
international community") produce nothing.

A sentence that mostly repeats an earlier one (70% or more of its content words other than the
statement's own, compared with each of the 200 sentences before it) adds no unattributed entry
and no entry for a source already listed: restating is not corroborating.
Names are returned as written (titles dropped); mapping them to actors is the registry's job.
"""

from __future__ import annotations

from workers.extraction.claims import ADVERB, PASSIVE, find_claims
from workers.extraction.quote_stance import (
    Stance,
    better,
    claim_relevance,
    claim_stance,
)
from workers.extraction.relevance import (
    analyse_statement,
    restates,
    sentence_signature,
    with_document_weights,
)
from workers.extraction.sentences import fold, split_sentences
from workers.extraction.source_names import ANONYMOUS, NAMED, titled_people

UNATTRIBUTED = "unattributed reports"


def _name_key(name: str) -> str:
    return " ".join("".join(ch if ch.isalnum() else " " for ch in fold(name)).split())


def extract_attributions(statement: str, text: str) -> list[dict]:
    """Attributed claims in `text` that bear on `statement`, in text order.

    Each entry: {"source": str, "stance": "confirms"|"denies"|"neutral", "confidence": float,
    "cue": str|None, "quote": str, "sentence_index": int, "anonymous": bool}.
    Only the first MAX_TEXT_CHARS characters / MAX_SENTENCES sentences of `text` are read.
    """
    if isinstance(text, (bytes, bytearray)):
        text = bytes(text).decode("utf-8", errors="replace")
    if isinstance(statement, (bytes, bytearray)):
        statement = bytes(statement).decode("utf-8", errors="replace")
    if not isinstance(statement, str) or not isinstance(text, str) or not statement.strip():
        return []
    sentences = split_sentences(text)
    if not sentences:
        return []
    vocabulary = {t.bare for s in sentences for t in s.tokens if t.is_word and not t.is_cap}
    profile = with_document_weights(analyse_statement(statement, vocabulary), sentences)
    if not profile.items:
        return []

    entries: list[dict] = []
    emitted: set[str] = set()
    signatures = []
    recent_named: list = []
    for number, sentence in enumerate(sentences):
        tokens = sentence.tokens
        signature = sentence_signature(sentence, profile)
        restated = restates(signature, signatures)
        claims = find_claims(sentence, sentences[max(0, number - 3):number], vocabulary, recent_named)
        chosen: dict[str, tuple[Stance, bool, str]] = {}
        order: list[str] = []
        for claim in claims:
            if not claim_relevance(claim, tokens, profile).relevant:
                continue
            stance = claim_stance(claim, profile, tokens)
            named = [s for s in claim.sources if s.kind == NAMED]
            if named:
                targets = [(s.name, False) for s in named]
            elif any(s.kind == ANONYMOUS for s in claim.sources) or claim.mode in (ADVERB, PASSIVE):
                targets = [(UNATTRIBUTED, True)]
            else:
                # "the international community said ...", "they denied ..." (a pronoun with no
                # name to it): no source at all
                continue
            for name, anonymous in targets:
                key = _name_key(name)
                if key not in chosen:
                    order.append(key)
                    chosen[key] = (stance, anonymous, name)
                else:
                    previous_stance, _, kept = chosen[key]
                    chosen[key] = (better(previous_stance, stance), anonymous, kept)
        for key in order:
            stance, anonymous, name = chosen[key]
            if restated and (anonymous or key in emitted):
                continue
            emitted.add(key)
            judged = stance.as_dict()
            entries.append({
                "source": name,
                "stance": judged["stance"],
                "confidence": judged["confidence"],
                "cue": judged["cue"],
                "quote": sentence.text,
                "sentence_index": sentence.index,
                "anonymous": anonymous,
            })
        recent_named.extend(titled_people(sentence))
        for claim in claims:
            recent_named.extend(s for s in claim.sources if s.kind == NAMED)
        del recent_named[:-5]
        signatures.append(signature)
    return entries


__all__ = ["extract_attributions", "UNATTRIBUTED"]
