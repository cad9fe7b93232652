"""Reports whose wording is nearly the same: syndicated or copied copy, one source in fact.

Exact repeats are grouped first by a hash of their shingles; candidate pairs among the distinct
texts come from MinHash locality-sensitive hashing (datasketch). The cost grows with the number of
reports, not with the number of pairs: 10,000 reports never means 50 million comparisons, and
10,000 copies of one quote are one LSH entry, not 10,000 entries in one bucket.
"""

from __future__ import annotations

import re
import zlib
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
    """Index pairs (i < j) of texts whose shingle sets are at least SIMILARITY alike.

    Enough pairs to connect every group of near-duplicates, not every pair within one: a wire
    story copied a thousand times costs a thousand checks, not half a million.
    """
    candidates = {i: shingles(t) for i, t in enumerate(texts) if t and len(_WORD.findall(t)) >= MIN_WORDS}
    # Identical shingle sets are one text: chain each repeat to the first of its group.
    first_of: dict[frozenset, int] = {}
    pairs = []
    for index in sorted(candidates):
        key = frozenset(candidates[index])
        if key in first_of:
            pairs.append((first_of[key], index))
        else:
            first_of[key] = index
    distinct = sorted(first_of.values())
    if len(distinct) < 2:
        return sorted(pairs)
    # CRC32 is deterministic across processes (unlike hash()) and much cheaper than SHA-1.
    signatures = MinHash.bulk([candidates[i] for i in distinct], num_perm=NUM_PERM, hashfunc=zlib.crc32)
    lsh = MinHashLSH(threshold=SIMILARITY, num_perm=NUM_PERM)
    group: dict[int, int] = {}

    def root(i: int) -> int:
        while group.get(i, i) != i:
            i = group[i]
        return i

    for index, signature in zip(distinct, signatures):
        for other in sorted(lsh.query(signature)):
            if root(other) == root(index):
                continue
            # LSH proposes candidates; the exact Jaccard similarity decides.
            if _jaccard(candidates[index], candidates[other]) >= SIMILARITY:
                group[root(index)] = root(other)
                pairs.append((other, index))
        lsh.insert(index, signature)
    return sorted(pairs)


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0
