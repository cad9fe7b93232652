"""Which stored documents a statement is about (among the full-text search's candidates): relevance by shared content words.

Relevance is the share of the statement's content words (lightly stemmed; place names matched
with their demonyms) that the document also uses. `python -m workers.evaluation.relevance`
measures it on FNC-1's related / unrelated headline–body pairs and prints the threshold below.
"""

from __future__ import annotations

from collections.abc import Iterable

from workers.extraction.sentences import content_keys, split_sentences, tokenize

# Chosen on FNC-1 train (49,972 headline-body pairs) as the coverage that best separates related
# from unrelated pairs: 0.35 in each of 5 folds split by headline, held-out accuracy 0.958 and F1
# 0.922 for "related" (`python -m workers.evaluation.relevance` prints the sweep).
RELEVANCE_THRESHOLD = 0.35
# Reading more than this of a document adds little to telling what it is about.
READ_CHARS = 20_000
MAX_DOCUMENTS = 50


def coverage(statement_keys: set[str], document_text: str) -> float:
    if not statement_keys:
        return 0.0
    return len(statement_keys & content_keys(tokenize(document_text[:READ_CHARS]))) / len(statement_keys)


def statement_keys(text: str) -> set[str]:
    return content_keys(tokenize(text))


def relevant_documents(text: str, stored: Iterable[dict], threshold: float = RELEVANCE_THRESHOLD) -> list[dict]:
    """The stored documents about the statement, most relevant first (at most MAX_DOCUMENTS)."""
    keys = statement_keys(text)
    scored = [(coverage(keys, d["text"]), d["document_id"], d) for d in stored]
    chosen = sorted((s for s in scored if s[0] >= threshold), key=lambda s: (-s[0], s[1]))[:MAX_DOCUMENTS]
    return [{k: d[k] for k in ("document_id", "source", "url", "published_at", "text") if k in d} for _, _, d in chosen]


def document_summary(stored: dict) -> dict:
    """A stored document as the API shows it: without its text, with its size."""
    text = stored.get("text") or ""
    return {**{k: v for k, v in stored.items() if k not in ("text", "workspace")},
            "characters": len(text), "sentences": len(split_sentences(text))}
