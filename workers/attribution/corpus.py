"""PolNeAR's brat standoff files read into attributions, and tokens labelled for training.

`T<n>\tSource|Cue|Content|Attribution <a> <b>[;<a> <b>...]\t<text>` gives character spans (one or
several fragments); `E<n>\tAttribution:T.. Source:T.. Cue:T.. Content:T..` ties one attribution's
parts together. An article annotated by several people has several .ann files: the first by name
is used.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from workers.attribution.text import Token

Fragments = tuple[tuple[int, int], ...]
ROLES = ("source", "cue", "content")


@dataclass(frozen=True)
class GoldAttribution:
    cue: Fragments
    content: Fragments
    source: Fragments | None


def read_ann(raw: str) -> list[GoldAttribution]:
    spans: dict[str, Fragments] = {}
    events = []
    for line in raw.splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if parts[0].startswith("T"):
            _, _, ranges = parts[1].partition(" ")
            fragments = []
            for piece in ranges.split(";"):
                a, b = piece.split()
                fragments.append((int(a), int(b)))
            spans[parts[0]] = tuple(fragments)
        elif parts[0].startswith("E"):
            events.append(dict(arg.split(":", 1) for arg in parts[1].split()))
    attributions = []
    for event in events:
        cue, content = spans.get(event.get("Cue", "")), spans.get(event.get("Content", ""))
        if not cue or not content:
            continue
        attributions.append(GoldAttribution(cue, content, spans.get(event.get("Source", ""))))
    return sorted(attributions, key=lambda g: g.cue[0])


def read_folder(folder: str | Path) -> list[tuple[str, str, list[GoldAttribution]]]:
    """(name, text, gold attributions) for every article in a PolNeAR split folder."""
    folder = Path(folder)
    articles = []
    for text_path in sorted((folder / "text").glob("*.txt")):
        annotations = sorted((folder / "attributions").glob(text_path.stem + "_*.ann"))
        if not annotations:
            continue
        text = text_path.read_text(encoding="utf-8")
        articles.append((text_path.stem, text, read_ann(annotations[0].read_text(encoding="utf-8"))))
    return articles


def bio_labels(tokens: list[Token], spans: list[Fragments]) -> list[str]:
    """B/I/O per token: inside a fragment of one of `spans`; B where a new fragment starts."""
    owner: list[tuple[int, int] | None] = [None] * len(tokens)
    for fragments in spans:
        for a, b in fragments:
            for i, token in enumerate(tokens):
                if token.start < b and token.end > a and owner[i] is None:
                    owner[i] = (a, b)
    labels = []
    for i, fragment in enumerate(owner):
        if fragment is None:
            labels.append("O")
        elif i > 0 and owner[i - 1] == fragment:
            labels.append("I")
        else:
            labels.append("B")
    return labels
