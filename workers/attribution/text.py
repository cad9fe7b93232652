"""Tokens, sentences and paragraphs, with character offsets into the original text.

Paragraphs are the unit the taggers read: a quotation often runs over several sentences of one
paragraph, and the speaker of "“...,” she said." is named in the sentence after its content.
A paragraph longer than MAX_PARAGRAPH_TOKENS is cut at sentence ends (or hard, for markup or
text with no sentence ends), so the taggers' work stays linear in the length of the text.
"""

from __future__ import annotations

import re
from typing import NamedTuple

MAX_PARAGRAPH_TOKENS = 160
MAX_TOKEN_CHARS = 40

_TOKEN = re.compile(r"\w+(?:['’.\-]\w+)*(?:['’]s?)?|[^\w\s]", re.UNICODE)
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sen rep gov gen col lt sgt capt adm st jr sr mt vs etc inc corp co ltd
    jan feb mar apr jun jul aug sep sept oct nov dec no u.s u.n u.k d.c e.g i.e""".split()
)
OPENING_QUOTES = frozenset("“‘«\"")
CLOSING_QUOTES = frozenset("”’»\"")
# "LISBON, Portugal (Iberian Press) - ", "WASHINGTON (AP) — ": where and who filed, never a source.
_DATELINE = re.compile(r"[A-Z][A-Z .'’\-]{1,40}(?:,\s*[A-Z][\w .'’\-]{1,40})?\s*(?:\([^()\n]{1,60}\))?\s*[-–—]+\s+")


class Token(NamedTuple):  # a tuple, not a dataclass: built for every word, and cheaper so
    text: str
    start: int
    end: int
    sentence: int  # number of the sentence within its paragraph

    @property
    def lower(self) -> str:
        return self.text.lower().replace("’", "'")


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[tuple[str, int, int]]:
    found = []
    for match in _TOKEN.finditer(text, start, len(text) if end is None else end):
        a, b = match.span()
        if b - a > MAX_TOKEN_CHARS:
            b = a + MAX_TOKEN_CHARS
        found.append((text[a:b], a, b))
    return found


_SENTENCE_MARKS = frozenset(".!?")


def _ends_sentence(raw: list[tuple[str, int, int]], i: int) -> bool:
    """Does the token at i end a sentence (a full stop, ! or ?, then a capital or a quote)?"""
    word = raw[i][0]
    if word not in (".", "!", "?"):
        return False
    if i + 1 >= len(raw):
        return True
    following = raw[i + 1][0]
    if following in CLOSING_QUOTES and i + 2 < len(raw):
        following = raw[i + 2][0]
    if not (following[:1].isupper() or following[:1].isdigit() or following in OPENING_QUOTES):
        return False
    if word == "." and i > 0:
        previous = raw[i - 1][0].lower()
        if previous in _ABBREVIATIONS or (len(previous) == 1 and previous.isalpha()):
            return False
    return True


def paragraphs(text: str) -> list[list[Token]]:
    """Paragraphs (split at line breaks), each a list of tokens numbered by sentence."""
    result: list[list[Token]] = []
    for line in re.finditer(r"[^\n]+", text):
        dateline = _DATELINE.match(text, line.start(), line.end())
        raw = tokenize(text, dateline.end() if dateline else line.start(), line.end())
        if not raw:
            continue
        current: list[Token] = []
        sentence = 0
        ends = [word in _SENTENCE_MARKS and _ends_sentence(raw, i) for i, (word, _, _) in enumerate(raw)]
        for i, (word, a, b) in enumerate(raw):
            current.append(Token(word, a, b, sentence))
            if ends[i]:
                if not (i + 1 < len(raw) and raw[i + 1][0] in CLOSING_QUOTES):
                    sentence += 1
            elif i > 0 and ends[i - 1] and word in CLOSING_QUOTES:
                sentence += 1
            if len(current) >= MAX_PARAGRAPH_TOKENS and (current[-1].sentence != sentence or
                                                         len(current) >= 2 * MAX_PARAGRAPH_TOKENS):
                result.append(current)
                current, sentence = [], 0
        if current:
            result.append(current)
    return result
