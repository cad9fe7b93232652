"""The content tagger: what was said, often inside quotation marks and over several sentences."""

from __future__ import annotations

from workers.attribution import crf

NAME = "content"


def tag_contents(argument_features) -> list[str]:
    return crf.tag(NAME, argument_features)
