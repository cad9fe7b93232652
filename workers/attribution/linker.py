"""Tie each cue to its source and its content, within one paragraph.

Spans come from the taggers' B/I/O labels. Each content span goes to the nearest cue (a span in
the cue's own sentence or an adjacent one); each cue takes the nearest source span in its own
sentence that no other cue stands closer to. A cue left without content is no attribution.
"""

from __future__ import annotations

from dataclasses import dataclass

from workers.attribution.text import CLOSING_QUOTES, OPENING_QUOTES, Token

MAX_SENTENCE_DISTANCE = 1


@dataclass(frozen=True)
class Linked:
    cue: tuple[int, int]            # token ranges [first, last] within the paragraph
    source: tuple[int, int] | None
    content: tuple[int, int] | None  # None: the content is the next paragraph (see _introduces)


def spans(tags: list[str]) -> list[tuple[int, int]]:
    """Token ranges [first, last] of the B/I runs in `tags`."""
    found, start = [], None
    for i, tag in enumerate(tags):
        if tag == "B" or (tag == "I" and start is None):
            if start is not None:
                found.append((start, i - 1))
            start = i
        elif tag == "O" and start is not None:
            found.append((start, i - 1))
            start = None
    if start is not None:
        found.append((start, len(tags) - 1))
    return found


_FUNCTION_WORDS = frozenset(
    "perhaps yet while together also then now still just even however and but or as if when because although though".split())


def never_a_source(tokens: list[Token], span: tuple[int, int]) -> bool:
    """A lone lower-case adverb, conjunction or verb form ("perhaps", "yet", "fueling") the tagger
    took for a source (in PolNeAR train, 5 of 9,280 one-word sources look like one)."""
    if span[0] != span[1]:
        return False
    word = tokens[span[0]].text
    return word.islower() and (word in _FUNCTION_WORDS or word.endswith(("ing", "ed", "ly")))


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    if a[1] < b[0]:
        return b[0] - a[1]
    if b[1] < a[0]:
        return a[0] - b[1]
    return 0


def link(tokens: list[Token], cue_tags: list[str], source_tags: list[str], content_tags: list[str]) -> list[Linked]:
    cues = spans(cue_tags)
    if not cues:
        return []
    contents: dict[int, list[tuple[int, int]]] = {k: [] for k in range(len(cues))}
    for span in spans(content_tags):
        sentences = {tokens[span[0]].sentence, tokens[span[1]].sentence}
        best, best_key = None, None
        for k, cue in enumerate(cues):
            sentence = tokens[cue[0]].sentence
            apart = min(abs(sentence - s) for s in sentences)
            if span[0] <= cue[0] <= span[1]:
                apart = 0  # a cue inside the span: the span is (at least partly) what it reports
            if apart > MAX_SENTENCE_DISTANCE:
                continue
            key = (apart, _gap(span, cue))
            if best_key is None or key < best_key:
                best, best_key = k, key
        if best is not None:
            contents[best].append(span)
    all_sources = [span for span in spans(source_tags) if not never_a_source(tokens, span)]
    sources_by_cue: dict[int, tuple[int, int]] = {}
    for span in all_sources:
        sentence = tokens[span[0]].sentence
        candidates = [(_gap(span, cue), k) for k, cue in enumerate(cues)
                      if tokens[cue[0]].sentence == sentence or tokens[cue[1]].sentence == tokens[span[1]].sentence]
        if not candidates:
            continue
        distance, k = min(candidates)
        previous = sources_by_cue.get(k)
        if previous is None or _gap(previous, cues[k]) > distance:
            sources_by_cue[k] = span
    # "Trump tweeted ... and encouraged ...", "..., he said, adding that ...": a cue with no source
    # of its own shares the subject of the cue before it in the sentence (measured on dev: most
    # matched attributions left without a source were of this kind).
    for k, cue in enumerate(cues):
        if k in sources_by_cue:
            continue
        sentence = tokens[cue[0]].sentence
        earlier = [j for j in range(k - 1, -1, -1) if j in sources_by_cue and tokens[cues[j][0]].sentence == sentence]
        if earlier:
            sources_by_cue[k] = sources_by_cue[earlier[0]]
            continue
        left = [s for s in all_sources if s[1] < cue[0] and tokens[s[0]].sentence == sentence]
        if left:
            sources_by_cue[k] = left[-1]
    linked = []
    for k, cue in enumerate(cues):
        assigned = contents[k]
        if not assigned:
            source = sources_by_cue.get(k)
            if source and source[0] > cue[1]:
                # "According to the agency, prices rose": a source running on past a comma after
                # its cue has swallowed the content; the part after the comma is the content.
                comma = next((i for i in range(source[0] + 1, source[1]) if tokens[i].text == ","), None)
                if comma is not None and source[1] - comma >= 3:
                    sources_by_cue[k] = (source[0], comma - 1)
                    assigned = [(comma + 1, source[1])]
        if not assigned and _introduces(tokens, cue):
            linked.append(Linked(cue, sources_by_cue.get(k), None))
            continue
        if not assigned:
            fallback = _rest_of_sentence(tokens, cue, cues, sources_by_cue.get(k))
            if fallback is None:
                continue
            assigned = [fallback]
        # One side of the cue: "“…,” she said, “…”" keeps the part nearest the cue and whatever
        # lies on the same side of it, so the cue and its source never sit inside the content.
        nearest = min(assigned, key=lambda span: _gap(span, cue))
        before = nearest[1] < cue[0]
        side = [s for s in assigned if (s[1] < cue[0]) == before and not (s[0] <= cue[0] <= s[1])] or [nearest]
        other = [s for s in assigned if (s[1] < cue[0]) != before and not (s[0] <= cue[0] <= s[1])]
        if other and _split_quotation(tokens, side + other, cue, sources_by_cue.get(k)):
            side = side + other
        content = (min(s[0] for s in side), max(s[1] for s in side))
        linked.append(Linked(cue, sources_by_cue.get(k), content))
    return linked


def _introduces(tokens, cue) -> bool:
    """"The governor added:" ending its paragraph: what he added is the next paragraph (in PolNeAR
    train, 30 of 32 cues ending a line with a colon have their content in the next one)."""
    rest = [t.text for t in tokens[cue[1]:]]
    if rest[0] != ":":
        rest = rest[1:]
    return rest[:1] == [":"] and all(word in CLOSING_QUOTES for word in rest[1:])


_BRIDGE = frozenset({",", ".", ":", ";", "“", "”", "\"", "‘", "’", "'", "—", "-", "–"})
MAX_BRIDGE_WORDS = 5  # dev content char F1: 0.835 with 0, 0.837 with 2, 5 or 12


def _split_quotation(tokens, spans, cue, source) -> bool:
    """“A,” she said, “B.”: one quotation interrupted by its cue and source. True when the content
    just before and just after the cue are separated by nothing but the cue, its source and
    punctuation (up to MAX_BRIDGE_WORDS other words), with a quotation mark at the seam."""
    left = max((s for s in spans if s[1] < cue[0]), key=lambda s: s[1], default=None)
    right = min((s for s in spans if s[0] > cue[1]), key=lambda s: s[0], default=None)
    if left is None or right is None:
        return False
    between = range(left[1] + 1, right[0])
    others = 0
    quoted = tokens[left[1]].text in CLOSING_QUOTES or tokens[right[0]].text in OPENING_QUOTES
    for i in between:
        word = tokens[i].text
        if word in OPENING_QUOTES or word in CLOSING_QUOTES:
            quoted = True
        if cue[0] <= i <= cue[1] or (source and source[0] <= i <= source[1]) or word in _BRIDGE:
            continue
        others += 1
    return quoted and others <= MAX_BRIDGE_WORDS


_SKIP = frozenset({"that", ",", ":", "“", "\"", "‘"})
_CLAUSE_END = frozenset({".", "!", "?", ";"})


def _rest_of_sentence(tokens, cue, cues, source) -> tuple[int, int] | None:
    """A cue the content tagger left bare: the words that follow it to the end of its sentence
    ("Palmieri said Clinton will address ..."), or those before it back to the sentence start
    ("..., a source said."). Measured on dev, this beats dropping the cue."""
    sentence = tokens[cue[0]].sentence
    later = [c[0] for c in cues if c[0] > cue[1] and tokens[c[0]].sentence == sentence]
    start = max(cue[1], source[1] if source and source[0] > cue[1] else -1) + 1
    while start < len(tokens) and tokens[start].text in _SKIP and tokens[start].sentence == sentence:
        start += 1
    end = start
    # Through a later cue that does not open the rest: "He said Obama hopes that ..." says all of
    # "Obama hopes that ...", but "X raises questions about Y" does not raise "questions about Y".
    limit = later[0] if later and later[0] <= start else len(tokens)
    while end < limit and tokens[end].sentence == sentence and tokens[end].text not in _CLAUSE_END:
        end += 1
    if end - start >= 3:
        return (start, end - 1)
    first = (source[0] if source and source[1] < cue[0] else cue[0]) - 1
    while first >= 0 and tokens[first].text in _SKIP | {"”", "’"}:
        first -= 1
    begin = first
    while begin > 0 and tokens[begin - 1].sentence == sentence and tokens[begin - 1].text not in _CLAUSE_END:
        begin -= 1
    if first >= 0 and tokens[first].sentence == sentence and first - begin >= 2:
        return (begin, first)
    return None
