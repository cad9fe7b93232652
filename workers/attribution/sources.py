"""The source tagger: who is speaking, read against the cues found in the paragraph."""

from __future__ import annotations

from workers.attribution import crf

NAME = "source"


def tag_sources(argument_features) -> list[str]:
    return crf.tag(NAME, argument_features)
