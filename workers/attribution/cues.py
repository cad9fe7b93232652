"""The cue tagger: which words report speech or thought ("said", "according to", "told")."""

from __future__ import annotations

from workers.attribution import crf

NAME = "cue"
# A token is a cue when the CRF gives it at least this probability of being one, not only when
# it is in the most likely labelling (a cue found so with no source is dropped: see pipeline).
# PolNeAR dev, attribution F1 / source overlap: 0.749 / 0.953 at 0.38, 0.750 / 0.951 at 0.36,
# 0.749 / 0.950 at 0.34, 0.750 / 0.949 at 0.32, 0.752 / 0.950 at 0.3; the middle of that flat
# stretch is taken (lower buys recall with sources, whose overlap falls).
RECALL_THRESHOLD = 0.35


def tag_cues(base_features: list[list[str]], weak: set[int] | None = None) -> list[str]:
    """B/I/O per token; `weak`, when given, receives the tokens labelled a cue only by the threshold."""
    return crf.tag(NAME, base_features, RECALL_THRESHOLD, weak)
