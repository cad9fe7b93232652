"""Text into sentences, sentences into tokens, tokens into comparable word keys.

Everything here is standard library and linear in the length of the input: the regular
expressions have no nested quantifiers, and every loop walks the text once. Callers cap the
amount of text they hand in (see `MAX_TEXT_CHARS`).

A word's *keys* are the forms it is compared on. Lower-case words get one light stem
("deployment" -> "deploy", "providing" -> "provid", "Korea's" -> "korea"); capitalised words
also get a place-name root so a demonym meets its country ("Korean" and "Korea" share "kor",
"Russian" and "Russia" share "russ", "Ukrainian" and "Ukraine" share "ukrain").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from workers.extraction.paraphrases import PHRASES, paraphrase_key

# Work caps. An article longer than this is read only up to here: 200,000 characters is about
# 30,000 words, several times a long feature, and keeps a 10 MB paste to well under a second.
MAX_TEXT_CHARS = 200_000
MAX_SENTENCES = 2_000
# A "sentence" with no punctuation (junk, tables, other scripts) is cut into pieces this long so
# no single unit of work, nor the quote returned with it, grows without bound.
MAX_SENTENCE_CHARS = 1_500
MAX_TOKEN_CHARS = 64

APOSTROPHES = "'’‘ʼ`´"
_APOS_CLASS = "['’‘ʼ`´]"

# Dotted abbreviations ("U.S.", "U.N."), words (letters in any script, joined by apostrophes or
# hyphens), numbers ("12,000", "27"), then any other single non-space character.
_TOKEN_RE = re.compile(
    r"(?:[A-Z]\.){2,}"
    r"|[^\W\d_]+(?:" + _APOS_CLASS + r"[^\W\d_]+|-[^\W\d_]+)*" + _APOS_CLASS + r"?"
    r"|\d+(?:[.,:]\d+)*"
    r"|\S"
)

_PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t\r\f\v]*\n|\r\n[ \t]*\r\n")
# Runs of end punctuation only: the text after a run is examined by hand, so no pattern ever
# re-scans a long run of dots or spaces (a single "[.!?]+\s+" is quadratic on "........").
_END_PUNCT_RUN_RE = re.compile(r"[.!?。！？]+")
_CLOSERS = "\"'”’)]»"

ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof st gen col lt sgt capt maj adm cmdr gov sen rep rev jr sr inc ltd co corp
    vs etc no nos jan feb mar apr jun jul aug sep sept oct nov dec fig approx est dept univ
    assn bros mt ft e.g i.e u.s u.k u.n""".split()
)

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are aren't as at be because been
    before being below between both but by can cannot could couldn't did didn't do does doesn't
    doing don't down during each either few for from further had hadn't has hasn't have haven't
    having he her here hers herself him himself his how i if in into is isn't it it's its itself
    just let's me more most mustn't my myself neither nor not of off on once only or other ought
    our ours ourselves out over own same shan't she should shouldn't so some such than that the
    their theirs them themselves then there these they this those through to too under until up
    upon very was wasn't we were weren't what when where which while who whom why will with won't
    would wouldn't you your yours yourself yourselves
    make makes made making get gets got getting go goes went gone take takes took taken
    whose whether yet though although however also already still ever even
    mr mrs ms""".split()
)

MONTHS_AND_DAYS = frozenset(
    """january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday""".split()
)

# Demonyms whose stem does not meet their country's by suffix stripping.
_IRREGULAR_DEMONYMS = {
    "polish": "poland", "poles": "poland", "french": "france", "british": "britain",
    "english": "england", "german": "germany", "germans": "germany", "dutch": "netherlands",
    "turkish": "turkey", "spanish": "spain", "swedish": "sweden", "danish": "denmark",
    "finnish": "finland", "irish": "ireland", "greek": "greece", "swiss": "switzerland",
    "welsh": "wales", "scottish": "scotland", "norwegian": "norway", "belarusian": "belarus",
    "filipino": "philippines", "thai": "thailand", "afghan": "afghanistan", "kazakh": "kazakhstan",
    "uzbek": "uzbekistan", "emirati": "emirates", "saudi": "saudi", "yemeni": "yemen",
    "soviet": "soviet", "american": "america", "americans": "america",
}

_ROOT_SUFFIXES = ("ians", "eans", "ian", "ean", "ans", "ese", "an", "i", "s")
_VOWELS = "aeiouy"


def normalise_apostrophes(text: str) -> str:
    """Curly and other apostrophes to a plain one (for comparing, never for quoting back)."""
    for ch in APOSTROPHES[1:]:
        text = text.replace(ch, "'")
    return text


def strip_possessive(word: str) -> str:
    w = normalise_apostrophes(word)
    if w.endswith("'s") or w.endswith("'S"):
        return w[:-2]
    if w.endswith("'"):
        return w[:-1]
    return w


def fold(word: str) -> str:
    """Lower case, accents removed, apostrophes plain, possessive dropped."""
    w = strip_possessive(word[:MAX_TOKEN_CHARS])
    if not w.isascii():
        w = unicodedata.normalize("NFKD", w)
        w = "".join(ch for ch in w if not unicodedata.combining(ch))
    return w.casefold()


def light_stem(word: str) -> str:
    """A small, predictable English stemmer: plural, -ment, -ing, -ed, doubled consonant, -e, -y."""
    w = fold(word)
    if "-" in w and any(ch.isdigit() for ch in w):
        return w
    w = w.replace(",", "") if w[:1].isdigit() else w
    if len(w) <= 3 or not w.isalpha():
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    for suffix in ("ment", "ingly", "ing", "edly", "ed"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            break
    if len(w) >= 4 and w[-1] == w[-2] and w[-1] not in "lsz" + _VOWELS:
        w = w[:-1]
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    if w.endswith("y") and len(w) > 3:
        w = w[:-1] + "i"
    return w


def place_root(word: str) -> str:
    """Root shared by a place name and its demonym: Korea/Korean -> "kor", Russia/Russian -> "russ"."""
    w = fold(word)
    w = _IRREGULAR_DEMONYMS.get(w, w)
    if not w.isalpha():
        return w
    for suffix in _ROOT_SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            break
    while len(w) > 3 and w[-1] in _VOWELS:
        w = w[:-1]
    return w


# "illegally" / "legally", "unharmed" / "harmed": a word that is another's opposite by a negative
# prefix. "un-" negates almost any word it is put to; "in-", "il-", "im-" and "ir-" only
# adjectives and adverbs with these endings ("informed" and "improved" are not "not formed").
_LATINATE_ENDINGS = ("al", "ally", "ar", "ate", "ately", "ible", "ibly", "able", "ably", "ent", "ently",
                     "ant", "antly", "ect", "ectly", "id", "idly", "oper", "operly")


def positive_root(word: str) -> str | None:
    """The word a negative prefix negates ("illegally" -> "legally"), or None."""
    word = word.lower()
    if word.startswith("un") and len(word) >= 6 and word[2] != "-":
        return word[2:]
    if word[:2] in ("in", "il", "im", "ir") and len(word) >= 7 and word.endswith(_LATINATE_ENDINGS):
        return word[2:]
    return None


def word_keys(word: str, capitalised: bool | None = None) -> frozenset[str]:
    """The keys a word is matched on: its light stem, the key of its paraphrase group
    (workers.extraction.paraphrases), and its place root if it is capitalised."""
    if capitalised is None:
        capitalised = word[:1].isupper()
    keys = {light_stem(word)}
    paraphrase = paraphrase_key(next(iter(keys)))
    if paraphrase:
        keys.add(paraphrase)
    root = None if capitalised else positive_root(word)
    if root:
        keys.add(light_stem(root))  # met by its opposite; quote_stance reads the opposition
    if capitalised:
        keys.add(place_root(word))
    if "-" in word and not word[:1].isdigit():
        # "Iranian-made" also meets "Iranian"; "state-run" also "state".
        for part in word.split("-"):
            if len(part) > 2:
                keys.add(light_stem(part))
                if part[:1].isupper():
                    keys.add(place_root(part))
    keys.discard("")
    return frozenset(keys)


@dataclass
class Token:
    text: str
    start: int
    end: int
    lower: str = ""
    is_word: bool = False
    is_number: bool = False
    is_cap: bool = False
    possessive: bool = False
    _keys: frozenset[str] | None = field(default=None, repr=False)
    _bare: str | None = field(default=None, repr=False)
    _content: bool | None = field(default=None, repr=False)

    @property
    def keys(self) -> frozenset[str]:
        if self._keys is None:
            if self.is_word or self.is_number:
                self._keys = word_keys(self.text, self.is_cap)
            else:
                self._keys = frozenset()
        return self._keys

    @property
    def bare(self) -> str:
        """Lower case, plain apostrophes, possessive dropped: "Korea’s" -> "korea"."""
        if self._bare is None:
            self._bare = fold(self.text) if (self.is_word or self.is_number) else self.text
        return self._bare

    @property
    def is_content(self) -> bool:
        if self._content is None:
            bare = self.bare
            self._content = (self.is_word or self.is_number) and bare not in STOPWORDS and len(bare) > 1
        return self._content


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Words, numbers and punctuation with character offsets into the original text."""
    tokens = []
    for match in _TOKEN_RE.finditer(text):
        raw = match.group()
        first = raw[0]
        is_word = first.isalpha()
        is_number = first.isdigit()
        lower = normalise_apostrophes(raw.casefold())
        tokens.append(
            Token(
                text=raw,
                start=match.start() + offset,
                end=match.end() + offset,
                lower=lower,
                is_word=is_word,
                is_number=is_number,
                is_cap=is_word and first.isupper(),
                possessive=is_word and (lower.endswith("'s") or (lower.endswith("'") and len(lower) > 1)),
            )
        )
    for index, token in enumerate(tokens):
        for rest, key in PHRASES.get(token.lower, ()):
            if tuple(t.lower for t in tokens[index + 1:index + 1 + len(rest)]) == rest:
                token._keys = token.keys | {key}
    return tokens


@dataclass
class Sentence:
    index: int
    paragraph: int
    start: int
    end: int
    text: str
    tokens: list[Token]


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Paragraphs: split at blank lines, and at single line breaks that follow the end of a sentence
    (a hard-wrapped line that stops mid-sentence is joined to the next)."""
    spans = []
    start = 0
    for match in _PARAGRAPH_BREAK_RE.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    result = []
    for a, b in spans:
        line_start = a
        pos = text.find("\n", a, b)
        while pos != -1:
            before = text[line_start:pos].rstrip()
            if before and before[-1] in ".!?:\"”’)]。！？":
                result.append((line_start, pos))
                line_start = pos + 1
            pos = text.find("\n", pos + 1, b)
        result.append((line_start, b))
    return [(a, b) for a, b in result if text[a:b].strip()]


def _is_abbreviation(text: str, dot_pos: int) -> bool:
    """Is the full stop at `dot_pos` part of an abbreviation or an initial rather than an ending?"""
    if text[dot_pos] != ".":
        return False
    start = dot_pos
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
        if dot_pos - start > 12:
            return False
    word = text[start:dot_pos].casefold()
    if not word or (start > 0 and text[start - 1] in "'’"):
        return False  # "... at St. Brigid's. Asked ...": a possessive's "s" is no initial
    if len(word) == 1 and word.isalpha():
        return True  # an initial: "J. Smith"
    return word in ABBREVIATIONS or (("." in word) and len(word) <= 6)


def _chunks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut an over-long span at whitespace into pieces of at most MAX_SENTENCE_CHARS."""
    pieces = []
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
        if cut == -1:
            cut = start + MAX_SENTENCE_CHARS
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


def split_sentences(text: str, max_sentences: int = MAX_SENTENCES) -> list[Sentence]:
    """Sentences of `text` in order, each with its paragraph number, offsets and tokens.

    Only the first MAX_TEXT_CHARS characters are read, and at most `max_sentences` are returned.
    """
    if not isinstance(text, str):
        return []
    text = text[:MAX_TEXT_CHARS]
    sentences: list[Sentence] = []
    for paragraph, (p_start, p_end) in enumerate(_paragraph_spans(text)):
        bounds = []
        s_start = p_start
        for match in _END_PUNCT_RUN_RE.finditer(text, p_start, p_end):
            stop = match.end()
            while stop < p_end and stop - match.end() < 3 and text[stop] in _CLOSERS:
                stop += 1
            end = stop
            while end < p_end and text[end].isspace():
                end += 1
            western = match.group()[0] in ".!?"
            if western and end == stop and end < p_end:
                continue  # "3.5", "U.S.A", "e.g.," — no space after
            nxt = text[end:end + 1]
            if match.group()[0] == "." and _is_abbreviation(text, match.start()):
                continue
            if western and nxt and not (nxt.isupper() or nxt.isdigit() or nxt in "\"'“‘(["):
                continue
            bounds.append((s_start, stop))
            s_start = end
        bounds.append((s_start, p_end))
        for a, b in bounds:
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if a >= b:
                continue
            for c, d in _chunks(text, a, b):
                chunk = text[c:d].strip()
                if not chunk:
                    continue
                lead = len(text[c:d]) - len(text[c:d].lstrip())
                c += lead
                sentences.append(
                    Sentence(
                        index=len(sentences),
                        paragraph=paragraph,
                        start=c,
                        end=c + len(chunk),
                        text=chunk,
                        tokens=tokenize(chunk, offset=c),
                    )
                )
                if len(sentences) >= max_sentences:
                    return sentences
    return sentences


def content_keys(tokens: list[Token]) -> set[str]:
    """Union of the keys of the content words (stop words and punctuation left out)."""
    keys: set[str] = set()
    for token in tokens:
        if token.is_content:
            keys |= token.keys
    return keys
