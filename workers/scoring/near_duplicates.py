"""Reports whose wording is nearly the same: syndicated or copied copy, one source in fact.

Candidate pairs come from MinHash locality-sensitive hashing (datasketch), so the cost grows with
the number of reports, not with the number of pairs: 10,000 reports never means 50 million
comparisons.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from datasketch import MinHash, MinHashLSH

# Word 3-grams: short enough to survive light editing, long enough that two independent
# reports of one event rarely share many of them.
SHINGLE_WORDS = 3
# Jaccard similarity of shingle sets above which two quotes count as one text. Wire copy
# re-run with a new headline or trimmed ending stays well above it; independent write-ups of
# the same facts fall well below.
SIMILARITY = 0.7
# Quotes shorter than this say too little to tell copying from coincidence.
MIN_WORDS = 8
NUM_PERM = 64

_WORD = re.compile(r"\w+")


def shingles(text: str) -> set[bytes]:
    words = _WORD.findall(text.casefold())
    return {" ".join(words[i:i + SHINGLE_WORDS]).encode() for i in range(len(words) - SHINGLE_WORDS + 1)}


def near_duplicate_pairs(texts: Sequence[str | None]) -> list[tuple[int, int]]:
    """Index pairs (i < j) of texts whose shingle sets are at least SIMILARITY alike."""
    candidates = {i: shingles(t) for i, t in enumerate(texts) if t and len(_WORD.findall(t)) >= MIN_WORDS}
    if len(candidates) < 2:
        return []
    indices = sorted(candidates)
    signatures = MinHash.bulk([candidates[i] for i in indices], num_perm=NUM_PERM)
    lsh = MinHashLSH(threshold=SIMILARITY, num_perm=NUM_PERM)
    pairs = set()
    for index, signature in zip(indices, signatures):
        for other in lsh.query(signature):
            # LSH proposes candidates; the exact Jaccard similarity decides.
            if _jaccard(candidates[index], candidates[other]) >= SIMILARITY:
                pairs.add((other, index))
        lsh.insert(index, signature)
    return sorted(pairs)


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0
