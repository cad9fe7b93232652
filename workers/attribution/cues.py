"""The cue tagger: which words report speech or thought ("said", "according to", "told")."""

from __future__ import annotations

from workers.attribution import crf

NAME = "cue"
# A token is a cue when the CRF gives it at least this probability of being one, not only when
# it is in the most likely labelling: on PolNeAR dev, 0.4 gained recall for less precision lost
# (F1 0.742 with the labelling alone, 0.747 at 0.4, 0.746 at 0.32 and at 0.25).
RECALL_THRESHOLD = 0.4


def tag_cues(base_features: list[list[str]]) -> list[str]:
    return crf.tag(NAME, base_features, RECALL_THRESHOLD)
