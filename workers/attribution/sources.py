"""The source tagger: who is speaking, read against the cues found in the paragraph."""

from __future__ import annotations

from workers.attribution import crf
from workers.attribution.features import cue_source_features, cue_window
from workers.attribution.linker import never_a_source, spans

NAME = "source"
# A token is (in) a source when the paragraph tagger gives it at least this probability of being
# one: dev source overlap (cue threshold 0.4) 0.946 with the most likely labelling alone, 0.947
# at 0.35 and 0.1, 0.949 at 0.25 and 0.2 (attribution F1 0.747 -> 0.748).
RECALL_THRESHOLD = 0.25


def tag_sources(argument_features) -> list[str]:
    return crf.tag(NAME, argument_features, RECALL_THRESHOLD)


PER_CUE = "cue_source"
# Tokens whose probability of being in the cue's source exceeds this are taken as source (dev
# source overlap 0.939 at 0.15, 0.941 at 0.1 and 0.05, 0.942 at 0.02).
PER_CUE_THRESHOLD = 0.05


def source_for_cue(tokens, base, cue_tags, cue: tuple[int, int]) -> tuple[int, int] | None:
    """The source of one cue (token range [first, last]) by the per-cue tagger, nearest the cue."""
    window = cue_window(tokens, cue)
    tags = crf.tag(PER_CUE, cue_source_features(tokens, base, cue_tags, cue, window), PER_CUE_THRESHOLD)
    found = [(first + window[0], last + window[0]) for first, last in spans(tags)]
    found = [s for s in found if (s[1] < cue[0] or s[0] > cue[1]) and not never_a_source(tokens, s)]
    if not found:
        return None
    return min(found, key=lambda s: cue[0] - s[1] if s[1] < cue[0] else s[0] - cue[1])
