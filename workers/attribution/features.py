"""Every feature the three taggers read, in one place.

A token's own features (word, suffix, shape, quotation state, how often the word is a cue in the
training data) are computed once per paragraph; the source and content taggers add where the
token stands relative to the cues the cue tagger found (side, distance, same sentence, a comma
or a quotation mark between).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from workers.attribution.text import CLOSING_QUOTES, OPENING_QUOTES, Token

PRONOUNS = frozenset("he she they it we i you who which that this these those".split())


def _shape(word: str) -> str:
    if word.isdigit():
        return "d"
    if word.isalpha():
        if word.isupper():
            return "X" if len(word) > 1 else "A"
        if word[0].isupper():
            return "Xx"
        return "x" if word.islower() else "xX"
    if any(ch.isalnum() for ch in word):
        return "mixed"
    return word if len(word) == 1 else "p"


def _cue_bucket(word: str, lexicon: Mapping[str, float]) -> str:
    share = lexicon.get(word)
    if share is None:
        return "0"
    if share >= 0.5:
        return "high"
    if share >= 0.2:
        return "mid"
    if share >= 0.05:
        return "low"
    return "rare"


def _distance_bucket(distance: int) -> str:
    if distance <= 3:
        return str(distance)
    if distance <= 6:
        return "4-6"
    if distance <= 12:
        return "7-12"
    if distance <= 25:
        return "13-25"
    return "far"


def quotation_state(tokens: Sequence[Token]) -> list[bool]:
    """Whether each token stands inside quotation marks (opened earlier in the paragraph)."""
    inside, states = False, []
    for token in tokens:
        word = token.text
        if word == "\"":
            inside = not inside
            states.append(True)
        elif word in OPENING_QUOTES and word != "’":
            inside = True
            states.append(True)
        elif word in CLOSING_QUOTES and word not in ("’",):
            states.append(True)
            inside = False
        else:
            states.append(inside)
    return states


# Each distinct word's own features (and those it gives its neighbours) are built once and kept:
# news text repeats its words, so most tokens of an article are looked up, not rebuilt. The
# cache is dropped when it grows past _CACHE_LIMIT words (random bytes, say) or the lexicon changes.
# The features are the "lean" set: no 2-letter suffix, 3-letter prefix, cue-lexicon bucket of the
# words two away or quotation state of the neighbours (fewer lookups per token in the CRFs).
_CACHE_LIMIT = 100_000
_cache: dict[str, tuple] = {}
_cache_lexicon: list = [None]
_Q = ("q=0", "q=1")
_EDGE = {offset: (f"{offset}edge",) for offset in (-2, -1, 1, 2)}


def _word_entry(text: str, lexicon: Mapping[str, float]) -> tuple:
    word = text.lower().replace("’", "'")
    shape, cue = _shape(text), _cue_bucket(word, lexicon)
    own = ["b", "w=" + word, "s3=" + word[-3:], "s4=" + word[-4:], "sh=" + shape, "cue=" + cue]
    if word in PRONOUNS:
        own.append("pron")
    # What this word gives the tokens two before, one before, one after and two after it.
    as_neighbour = ((f"2w={word}",), (f"1w={word}", f"1cue={cue}", f"1sh={shape}"),
                    (f"-1w={word}", f"-1cue={cue}", f"-1sh={shape}"), (f"-2w={word}",))
    return word, own, as_neighbour, shape


def shape_of(text: str) -> str:
    """A word's shape, from the cache when token_features has seen it."""
    entry = _cache.get(text)
    return entry[3] if entry is not None else _shape(text)


def token_features(tokens: Sequence[Token], lexicon: Mapping[str, float]) -> list[list[str]]:
    """Each token's own features and its neighbours', for the cue tagger (and the base of the others)."""
    if _cache_lexicon[0] is not lexicon or len(_cache) > _CACHE_LIMIT:
        _cache.clear()
        _cache_lexicon[0] = lexicon
    entries = []
    for token in tokens:
        entry = _cache.get(token.text)
        if entry is None:
            entry = _cache[token.text] = _word_entry(token.text, lexicon)
        entries.append(entry)
    quoted = quotation_state(tokens)
    n = len(tokens)
    words = [entry[0] for entry in entries]
    # Token i reads the word at i+2 as "2w=", at i-1 as "-1w=" and so on; the sentinels stand
    # beyond either end of the paragraph.
    after2 = [entry[2][0] for entry in entries[2:]] + [_EDGE[2]] * min(2, n)
    after1 = [entry[2][1] for entry in entries[1:]] + [_EDGE[1]]
    before1 = [_EDGE[-1]] + [entry[2][2] for entry in entries[:-1]]
    before2 = ([_EDGE[-2]] * min(2, n) + [entry[2][3] for entry in entries[:-2]])[:n]
    pairs = [f"{words[i - 1]}|{words[i]}" for i in range(1, n)]
    features = []
    previous_sentence = -1
    for i, entry in enumerate(entries):
        f = [*entry[1], _Q[quoted[i]], *before2[i], *before1[i], *after1[i], *after2[i]]
        sentence = tokens[i].sentence
        if sentence != previous_sentence:
            f.append("first")
            previous_sentence = sentence
        if i > 0:
            f.append("bi-=" + pairs[i - 1])
        if i + 1 < n:
            f.append("bi+=" + pairs[i])
        features.append(f)
    return features


def argument_features(tokens: Sequence[Token], base: list[list[str]], cue_tags: Sequence[str]) -> list[list[str]]:
    """Base features plus where each token stands relative to the nearest cue on either side."""
    n = len(tokens)
    in_cue = [tag != "O" for tag in cue_tags]
    # Nearest cue token to the left and to the right of every token, in one pass each way.
    left = [-1] * n
    last = -1
    for i in range(n):
        left[i] = last
        if in_cue[i]:
            last = i
    right = [-1] * n
    last = -1
    for i in range(n - 1, -1, -1):
        right[i] = last
        if in_cue[i]:
            last = i
    # Prefix counts of commas and quotation marks, to ask "is there one between i and the cue?"
    commas, quotes = [0] * (n + 1), [0] * (n + 1)
    for i, token in enumerate(tokens):
        commas[i + 1] = commas[i] + (token.text in (",", ";", ":"))
        quotes[i + 1] = quotes[i] + (token.text in OPENING_QUOTES or token.text in CLOSING_QUOTES)
    result = []
    for i in range(n):
        f = list(base[i])
        shape = shape_of(tokens[i].text)
        if in_cue[i]:
            f.append("incue")
        for side, j in (("L", left[i]), ("R", right[i])):
            if j < 0:
                f.append(side + "none")
                continue
            lo, hi = (j, i) if j < i else (i, j)
            sentence_gap = tokens[i].sentence - tokens[j].sentence
            key = (side, min(hi - lo, 26), max(-2, min(2, sentence_gap)), shape)
            where = _where.get(key)
            if where is None:
                where = _where[key] = _where_features(*key)
            f.extend(where)
            if commas[hi] - commas[lo + 1] > 0:
                f.append(side + "comma")
            if quotes[hi] - quotes[lo + 1] > 0:
                f.append(side + "quote")
            if hi - lo <= 3:
                f.append(f"{side}cw={tokens[j].lower}")
        result.append(f)
    return result


# (side, distance, sentence gap, shape) -> the features saying so; a few hundred keys in all.
_where: dict[tuple, tuple[str, ...]] = {}


def _where_features(side: str, distance: int, sentence_gap: int, shape: str) -> tuple[str, ...]:
    bucket = _distance_bucket(distance)
    gap = "0" if sentence_gap == 0 else ("-" if sentence_gap < 0 else "+")
    gap = gap if abs(sentence_gap) <= 1 else "far"
    return (f"{side}d={bucket}", f"{side}s={gap}", f"{side}d={bucket}|s={gap}", f"{side}s={gap}|sh={shape}")


MAX_WINDOW_SIDE = 50  # tokens either side of the cue at most (a bound on the work per cue)


def cue_window(tokens: Sequence[Token], cue: tuple[int, int]) -> tuple[int, int]:
    """Token range [first, last) of the cue's sentence(s) and the sentence either side of them:
    where the per-cue source tagger looks for the source of that one cue."""
    low, high = tokens[cue[0]].sentence - 1, tokens[cue[1]].sentence + 1
    first = cue[0]
    while first > 0 and tokens[first - 1].sentence >= low and cue[0] - first < MAX_WINDOW_SIDE:
        first -= 1
    last = cue[1] + 1
    while last < len(tokens) and tokens[last].sentence <= high and last - cue[1] <= MAX_WINDOW_SIDE:
        last += 1
    return first, last


def _signed_bucket(distance: int) -> str:
    return ("-" if distance < 0 else "+") + _distance_bucket(abs(distance))


def cue_source_features(tokens: Sequence[Token], base: list[list[str]], cue_tags: Sequence[str],
                        cue: tuple[int, int], window: tuple[int, int]) -> list[list[str]]:
    """For the tokens of `window`: base features plus where each stands relative to the one cue
    `cue` (token range [first, last]) whose source is sought; other cues are marked as such."""
    first, last = window
    cue_word = tokens[cue[0]].lower
    head = tokens[cue[1]].lower
    before = tokens[cue[0] - 1].lower if cue[0] > 0 else "<s>"
    after = tokens[cue[1] + 1].lower if cue[1] + 1 < len(tokens) else "</s>"
    cue_sentence = tokens[cue[0]].sentence
    n = last - first
    commas, quotes, cues = [0] * (n + 1), [0] * (n + 1), [0] * (n + 1)
    for k in range(n):
        i = first + k
        word = tokens[i].text
        commas[k + 1] = commas[k] + (word in (",", ";", ":"))
        quotes[k + 1] = quotes[k] + (word in OPENING_QUOTES or word in CLOSING_QUOTES)
        cues[k + 1] = cues[k] + (cue_tags[i] != "O" and not cue[0] <= i <= cue[1])
    a, b = cue[0] - first, cue[1] - first
    result = []
    for k in range(n):
        i = first + k
        f = list(base[i])
        if a <= k <= b:
            f.append("thiscue")
            f.append("thiscue|w=" + tokens[i].lower)
            result.append(f)
            continue
        if cue_tags[i] != "O":
            f.append("othercue")
        side = "L" if k < a else "R"
        distance = k - a if k < a else k - b
        lo, hi = (k, a) if k < a else (b, k)
        bucket = _signed_bucket(distance)
        gap = tokens[i].sentence - cue_sentence
        gap_name = str(gap) if abs(gap) <= 1 else "far"
        f.append("d=" + bucket)
        f.append(f"d={bucket}|s={gap_name}")
        f.append(f"cw={cue_word}|{side}")
        f.append(f"cw={cue_word}|d={bucket}")
        f.append(f"ch={head}|{side}")
        f.append(f"cs3={cue_word[-3:]}|{side}")
        f.append(f"cb={before}|{side}")
        f.append(f"ca={after}|{side}")
        between = []
        if commas[hi] - commas[lo + 1] > 0:
            between.append("comma")
        if quotes[hi] - quotes[lo + 1] > 0:
            between.append("quote")
        if cues[hi] - cues[lo + 1] > 0:
            between.append("cue")
        between_name = "+".join(between) or "none"
        f.append(f"{side}btw={between_name}")
        f.append(f"{side}btw={between_name}|d={bucket}")
        f.append(f"{side}btw={between_name}|sh={shape_of(tokens[i].text)}")
        result.append(f)
    return result
