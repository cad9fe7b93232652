"""Text processing and feature extraction for the stance models.

Pure Python + numpy. The same functions are used at training time (by
``workers.stance.train``) and at inference time (by ``workers.stance.model``),
so the features seen by a shipped model are exactly the ones it was fit on.

Two kinds of input are handled:

* *headline pairs* (claim, article headline): short texts, a bag of words of
  the headline plus cue-word and overlap features feed a linear model;
* *document pairs* (statement/headline, article body): a fixed-length dense
  vector of similarity and cue features (``DOC_FEATURE_NAMES``) feeds two
  gradient-boosted tree ensembles (related/unrelated, then stance).

All inputs are sanitised first (``clean_text``): non-strings are coerced,
control characters are dropped and the text is truncated, so arbitrary input
never makes the extraction slow or raise.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np

# ----------------------------------------------------------------------------
# Limits
# ----------------------------------------------------------------------------

#: characters of a statement / headline / claim that are looked at
MAX_SHORT_CHARS = 2_000
#: characters of an article body that are looked at (before word truncation)
MAX_BODY_CHARS = 40_000
#: words of an article body that are looked at (the opening carries the stance)
MAX_BODY_WORDS = 2_000
#: words of a statement / headline that are looked at
MAX_SHORT_WORDS = 100
#: number of leading body sentences treated as the "lead"
LEAD_SENTENCES = 3

# ----------------------------------------------------------------------------
# Lexicons (hand-written for this project)
# ----------------------------------------------------------------------------

REFUTE_WORDS = frozenset(
    """
    fake faked fakes fakery hoax hoaxes hoaxed false falsely falsehood deny denies denied denying
    denial denials debunk debunks debunked debunking bogus untrue myth myths fabricated fabricate
    fabrication prank pranks prankster satire satirical spoof parody scam scams retract retracts
    retracted retraction refute refutes refuted refuting dismiss dismisses dismissed rejects
    rejected reject misleading nonsense baseless unfounded lie lies lied liar wrong incorrect
    contrary doubt doubts doubtful dubious skeptical sceptical fiction fictional rubbish photoshopped
    doctored fraud fraudulent erroneous mistaken
    """.split()
)

NEGATION_WORDS = frozenset(
    """
    not no never none nothing nobody neither nor without cannot nowhere
    """.split()
)

HEDGE_WORDS = frozenset(
    """
    reportedly allegedly alleged alleges allege claim claims claimed claiming rumor rumors rumour
    rumours rumored rumoured according apparently purportedly purported supposedly unconfirmed
    unverified may might could possibly possible perhaps likely unlikely appears appear appeared
    seems seem seemed suggest suggests suggested speculation speculate speculated speculating
    believed believe believes thought suspected suspect potential potentially maybe uncertain
    unclear whether if mulls considering consider rumoured report reports reported sources
    """.split()
)

CONFIRM_WORDS = frozenset(
    """
    confirm confirms confirmed confirming confirmation official officially announced announces
    announce announcement revealed reveals reveal proves proved proven proof verified verify true
    indeed admits admitted admit acknowledged acknowledges definitely certainly real genuine
    actually finally
    """.split()
)

#: words that, in an article body, mark the reported story as wrong, taken back or a joke
#: (a wider net than REFUTE_WORDS; used only in windows around the sentences about the statement)
DEBUNK_WORDS = REFUTE_WORDS | frozenset(
    """
    withdrawn withdraw withdraws withdrew quash quashed quashes rubbished rubbish slammed insists
    insisted insist joke joking jokes joked clarified clarify clarifies clarification correction
    corrected misreported misinterpreted misquoted rumours rumors speculation shenanigans laughed
    refused refuses refusing rebuffed turned actually fact truth claiming purported purportedly
    supposed supposedly viral circulating circulated conspiracy urban legend photoshop edited
    """.split()
)

#: two-word phrases (lower-cased tokens, ``n't`` already split into ``not``) that deny something
DENIAL_BIGRAMS = frozenset(
    tuple(p.split())
    for p in """
    no evidence|not true|no truth|not real|made up|turns out|turned out|in fact|not actually|is false|
    are false|was false|were false|no plans|never happened|did not|has not|have not|had not|is not|
    was not|were not|are not|does not|do not|no longer|not the|no such|no sign|no reason|not be|
    nothing to|no one|no intention|no basis|any truth|a hoax|a fake|a prank|a joke|is fake|was fake|
    fake news|april fools|not confirmed|yet to|not responded|declined to|denied the|denied that|
    denies that|denied reports|denied it|false report|false reports
    """.split("|")
    if p.strip()
)

ATTRIBUTION_WORDS = frozenset(
    """
    said says say told tells statement spokesman spokeswoman spokesperson quoted quote
    interview tweeted wrote posted
    """.split()
)

LEXICONS = (
    ("refute", REFUTE_WORDS),
    ("negation", NEGATION_WORDS),
    ("hedge", HEDGE_WORDS),
    ("confirm", CONFIRM_WORDS),
    ("attrib", ATTRIBUTION_WORDS),
)

#: individual cue words that get their own document feature
CUE_WORDS = (
    "fake", "hoax", "false", "deny", "denied", "denies", "debunked", "not", "no", "never",
    "untrue", "prank", "satire", "rumor", "rumour", "reportedly", "allegedly", "claims",
    "claimed", "unconfirmed", "may", "could", "according", "confirmed", "official",
    "announced", "said", "reports", "sources", "appears", "true", "real", "however", "but",
    "viral", "story", "photo", "video",
)

STOPWORDS = frozenset(
    """
    a an the and or but if then than so of to in on at by for from with as into onto over under
    about after before between through during is are was were be been being am do does did doing
    have has had having it its it's this that these those there here he she they we you i me my
    our your his her their them him us who whom whose which what when where why how all any both
    each few more most other some such only own same too very can will just should would also s t
    ll re ve d m o y up down out off again further once while because until against above below
    via per like new says said say one two
    """.split()
)

# Function words used to spot text that is clearly not English.
_ENGLISH_FUNCTION = frozenset(
    """
    the and of to in is are was were that this with for on as by from at be it not have has had
    which but or an will would can could been their they he she his her its who what when there
    """.split()
)
_FOREIGN_FUNCTION = frozenset(
    # common function words of other Latin-script languages; words that also occur in English
    # text or names ("die", "la", "el", "de", "al", "per", "con", ...) are left out on purpose
    """
    und ist nicht mit sich auf dem ein eine einer auch wird wurde sind werden nach bei
    les est une dans pour pas qui sur avec sont cette mais leur nous vous
    los las por una para como más pero fue muy esta este
    il di che non della sono nel gli alla anche delle questo
    em um uma não com mais foi dos das ao pelo
    het een van zijn niet wordt maar ook dat voor met
    och att det som är för inte med på av jag
    """.split()
) - {"van", "um", "il", "det", "am", "fue", "dat", "met", "av", "som"}

# ----------------------------------------------------------------------------
# Cleaning, tokenising, stemming
# ----------------------------------------------------------------------------

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]+")
_TOKEN_RE = re.compile(r"[^\W_]+", re.UNICODE)
_SENT_SPLIT_RE = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+|\n\s*\n|\n(?=[A-Z\"“])")
_NT_RE = re.compile(r"n[’']t\b")
_APOS_RE = re.compile(r"[’']s\b")


def clean_text(text, max_chars: int) -> str:
    """Coerce anything to a bounded, printable ``str`` (never raises)."""
    if text is None:
        return ""
    if isinstance(text, (bytes, bytearray, memoryview)):
        text = bytes(text[: max_chars * 4]).decode("utf-8", errors="replace")
    elif not isinstance(text, str):
        try:
            text = str(text)
        except Exception:  # pragma: no cover - exotic __str__
            return ""
    text = text[:max_chars]
    return _CONTROL_RE.sub(" ", text)


def stem(word: str) -> str:
    """A small, deterministic suffix stripper (plural / past / gerund)."""
    n = len(word)
    if n <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and n > 4:
        return word[:-3] + "y"
    if word.endswith("ied") and n > 4:
        return word[:-3] + "y"
    if word.endswith("sses"):
        return word[:-2]
    if word.endswith("es") and n > 4 and word[-3] in "sxz":
        return word[:-2]
    if word.endswith(("ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    if word.endswith("ing") and n > 5:
        base = word[:-3]
        if len(base) > 2 and base[-1] == base[-2] and base[-1] not in "lsz":
            base = base[:-1]
        return base
    if word.endswith("ed") and n > 4:
        base = word[:-2]
        if len(base) > 2 and base[-1] == base[-2] and base[-1] not in "lsz":
            base = base[:-1]
        return base
    return word


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens; ``n't`` becomes ``not``, possessive 's dropped."""
    text = text.lower()
    text = _NT_RE.sub(" not", text)
    text = _APOS_RE.sub("", text)
    return _TOKEN_RE.findall(text)


def split_sentences(text: str) -> list[str]:
    parts = [p.strip() for p in _SENT_SPLIT_RE.split(text)]
    return [p for p in parts if p]


def looks_non_english(tokens: list[str], raw: str) -> bool:
    """Heuristic: True when the text is clearly not (mostly) English."""
    if not raw:
        return False
    letters = [c for c in raw[:5000] if c.isalpha()]
    if len(letters) >= 10:
        non_latin = sum(1 for c in letters if ord(c) > 0x24F)
        if non_latin / len(letters) > 0.3:
            return True
    if not tokens:
        return False
    sample = tokens[:2000]
    en = sum(1 for t in sample if t in _ENGLISH_FUNCTION)
    foreign = sum(1 for t in sample if t in _FOREIGN_FUNCTION)
    return foreign >= 3 and foreign > 2 * en


# ----------------------------------------------------------------------------
# Text representations
# ----------------------------------------------------------------------------


@dataclass
class ShortText:
    """A statement, claim or headline."""

    raw: str
    tokens: list[str]
    stems: list[str]
    content: list[str]  # content stems (no stopwords), in order
    caps: set[str]  # lower-cased capitalised words and numbers (names, figures)
    question: bool
    quoted: bool
    non_english: bool

    @property
    def empty(self) -> bool:
        return not self.tokens


def _caps_and_numbers(raw: str) -> set[str]:
    out = set()
    for i, m in enumerate(_TOKEN_RE.finditer(raw)):
        w = m.group(0)
        if w[0].isdigit() or (w[0].isupper() and i > 0) or (w.isupper() and len(w) > 1):
            lw = w.lower()
            if lw not in STOPWORDS:
                out.add(lw)
    return out


def short_text(text) -> ShortText:
    raw = clean_text(text, MAX_SHORT_CHARS).strip()
    tokens = tokenize(raw)[:MAX_SHORT_WORDS]
    stems = [stem(t) for t in tokens]
    content = [s for t, s in zip(tokens, stems) if t not in STOPWORDS and len(t) > 1]
    return ShortText(
        raw=raw,
        tokens=tokens,
        stems=stems,
        content=content,
        caps=_caps_and_numbers(raw),
        question="?" in raw,
        quoted=any(q in raw for q in ("'", '"', "‘", "“")),
        non_english=looks_non_english(tokens, raw),
    )


@dataclass
class Body:
    """An article body, pre-processed once and reusable for many statements."""

    raw: str
    tokens: list[str]
    stems: list[str]
    sentences: list[list[int]] = field(default_factory=list)  # token index ranges
    sent_bounds: list[tuple[int, int]] = field(default_factory=list)
    non_english: bool = False
    question_rate: float = 0.0
    # filled lazily by prepare_body_vectors
    vocab: dict | None = None
    sent_matrix: np.ndarray | None = None
    body_vec: np.ndarray | None = None
    lead_vec: np.ndarray | None = None
    stem_set: set | None = None
    lead_set: set | None = None
    bigrams: set | None = None
    trigrams: set | None = None
    caps: set | None = None
    idf_key: int | None = None
    quote_rate: float = 0.0
    _flags: tuple | None = None
    _polarity: tuple | None = None

    @property
    def empty(self) -> bool:
        return not self.tokens

    def sent_flags(self):
        """Per sentence: (has hedge word, has refuting word, has attribution word)."""
        if self._flags is None:
            hedge, refute, attrib = [], [], []
            for a, b in self.sent_bounds:
                st = self.tokens[a:b]
                hedge.append(any(t in HEDGE_WORDS for t in st))
                refute.append(any(t in REFUTE_WORDS or t in NEGATION_WORDS for t in st))
                attrib.append(any(t in ATTRIBUTION_WORDS for t in st))
            self._flags = (hedge, refute, attrib)
        return self._flags

    def sent_polarity(self):
        """Per sentence: (debunking words, denial bigrams, negation words), as int arrays."""
        if self._polarity is None:
            deb, bg, neg = [], [], []
            for a, b in self.sent_bounds:
                st = self.tokens[a:b]
                deb.append(sum(1 for t in st if t in DEBUNK_WORDS))
                bg.append(sum(1 for x, y in zip(st, st[1:]) if (x, y) in DENIAL_BIGRAMS))
                neg.append(sum(1 for t in st if t in NEGATION_WORDS))
            self._polarity = (np.asarray(deb, dtype=np.float64), np.asarray(bg, dtype=np.float64),
                              np.asarray(neg, dtype=np.float64))
        return self._polarity


def body_text(text) -> Body:
    raw = clean_text(text, MAX_BODY_CHARS).strip()
    sents = split_sentences(raw)
    tokens: list[str] = []
    bounds: list[tuple[int, int]] = []
    for s in sents:
        if len(tokens) >= MAX_BODY_WORDS:
            break
        toks = tokenize(s)
        if not toks:
            continue
        start = len(tokens)
        tokens.extend(toks[: MAX_BODY_WORDS - start])
        bounds.append((start, len(tokens)))
    stems = [stem(t) for t in tokens]
    n_q = raw.count("?")
    return Body(
        raw=raw,
        tokens=tokens,
        stems=stems,
        sent_bounds=bounds,
        non_english=looks_non_english(tokens, raw),
        question_rate=n_q / max(1, len(bounds)),
        quote_rate=min(5.0, sum(raw.count(q) for q in ('"', "“", "”")) / max(1, len(bounds))),
    )


# ----------------------------------------------------------------------------
# IDF
# ----------------------------------------------------------------------------


class Idf:
    """Inverse document frequency over stems; unseen stems get the maximum idf."""

    def __init__(self, table: dict[str, float], default: float):
        self.table = table
        self.default = float(default)

    @classmethod
    def fit(cls, documents, min_df: int = 2) -> "Idf":
        df: dict[str, int] = {}
        n = 0
        for stems in documents:
            n += 1
            for s in set(stems):
                df[s] = df.get(s, 0) + 1
        table = {s: math.log((1 + n) / (1 + c)) + 1.0 for s, c in df.items() if c >= min_df}
        default = math.log((1 + n) / 2.0) + 1.0
        return cls(table, default)

    def __call__(self, s: str) -> float:
        return self.table.get(s, self.default)

    def to_json(self) -> dict:
        return {"default": self.default, "table": self.table}

    @classmethod
    def from_json(cls, d: dict) -> "Idf":
        return cls(dict(d["table"]), d["default"])


# ----------------------------------------------------------------------------
# Document-pair features
# ----------------------------------------------------------------------------


def _lex_counts(tokens, lexicon) -> int:
    return sum(1 for t in tokens if t in lexicon)


def _ngrams(seq, n):
    return {tuple(seq[i : i + n]) for i in range(len(seq) - n + 1)}


def prepare_body(body: Body, idf: Idf) -> Body:
    """Attach tf-idf sentence vectors etc. to ``body`` (idempotent per idf)."""
    if body.idf_key == id(idf):
        return body
    content_idx = [i for i, t in enumerate(body.tokens) if t not in STOPWORDS and len(t) > 1]
    vocab: dict[str, int] = {}
    for i in content_idx:
        s = body.stems[i]
        if s not in vocab:
            vocab[s] = len(vocab)
    nv = max(1, len(vocab))
    ns = max(1, len(body.sent_bounds))
    tf = np.zeros((ns, nv), dtype=np.float64)
    ci = 0
    for si, (a, b) in enumerate(body.sent_bounds):
        while ci < len(content_idx) and content_idx[ci] < b:
            i = content_idx[ci]
            if i >= a:
                tf[si, vocab[body.stems[i]]] += 1.0
            ci += 1
    w = np.ones(nv)
    for s, j in vocab.items():
        w[j] = idf(s)
    sent = np.sqrt(tf) * w  # sublinear tf within a sentence
    norms = np.linalg.norm(sent, axis=1)
    norms[norms == 0] = 1.0
    body.sent_matrix = sent / norms[:, None]
    whole = (1.0 + np.log1p(tf.sum(axis=0))) * w * (tf.sum(axis=0) > 0)
    body.body_vec = whole / (np.linalg.norm(whole) or 1.0)
    lead = tf[:LEAD_SENTENCES].sum(axis=0)
    leadv = (1.0 + np.log1p(lead)) * w * (lead > 0)
    body.lead_vec = leadv / (np.linalg.norm(leadv) or 1.0)
    body.vocab = vocab
    body.stem_set = set(body.stems)
    lead_end = body.sent_bounds[min(LEAD_SENTENCES, len(body.sent_bounds)) - 1][1] if body.sent_bounds else 0
    body.lead_set = set(body.stems[:lead_end])
    content_stems = [body.stems[i] for i in content_idx]
    body.bigrams = _ngrams(content_stems, 2)
    body.trigrams = _ngrams(body.stems, 3)
    body.caps = set(body.tokens)
    body.idf_key = id(idf)
    return body


def _doc_feature_names() -> list[str]:
    names = [
        "cos_body", "cos_lead", "cos_max_sent", "cos_top3", "cos_first_sent", "best_sent_pos",
        "n_sim_sents", "frac_sim_sents", "cov", "cov_idf", "cov_lead", "cov_lead_idf",
        "bigram_cov", "trigram_cov", "caps_cov", "caps_n", "h_len", "b_len", "b_sents",
        "h_question", "h_quoted", "b_question_rate", "neg_near_overlap", "neg_near_overlap_top",
        "idf_mass_missing", "max_idf_missing",
    ]
    for name, _ in LEXICONS:
        names += [f"h_{name}", f"b_{name}_rate", f"lead_{name}", f"top_{name}", f"first_{name}"]
    for w in CUE_WORDS:
        names += [f"h_w_{w}", f"b_w_{w}_rate", f"top_w_{w}"]
    names += ["h_refute_parity", "b_refute_parity"]
    names += [
        "sent_frac_hedge", "sent_frac_refute", "sent_frac_attrib", "quote_rate",
        "max_sim_x_hedge", "max_sim_x_refute", "max_sim_x_plain", "n_sim_plain", "n_sim_hedge",
        "first_hedge_pos", "first_refute_pos",
    ]
    names += POLARITY_FEATURE_NAMES
    return names


#: features of the sentences most similar to the statement and their neighbours (the "window")
POLARITY_FEATURE_NAMES = [
    "win_debunk", "win_debunk_rate", "win_denial_bg", "lead_denial_bg", "body_denial_bg_rate",
    "body_debunk_rate", "h_neg", "top1_neg", "neg_parity_mismatch", "top3_parity_mismatch",
    "h_debunk", "h_and_win_debunk", "h_only_debunk", "win_only_debunk", "win_neg_near_head",
    "lead_neg_near_head", "simw_debunk", "simw_denial_bg", "max_sim_x_debunk", "max_sim_x_denial",
    "first_debunk_pos", "first_denial_pos", "win_hedge", "win_confirm", "top1_debunk", "top1_denial_bg",
]


DOC_FEATURE_NAMES: list[str] = _doc_feature_names()
N_DOC_FEATURES = len(DOC_FEATURE_NAMES)
_CUE_INDEX = {w: i for i, w in enumerate(CUE_WORDS)}


def document_features(head: ShortText, body: Body, idf: Idf) -> np.ndarray:
    """Fixed-length feature vector for a (statement/headline, body) pair."""
    prepare_body(body, idf)
    f: list[float] = []
    vocab = body.vocab
    hc = head.content
    nv = body.sent_matrix.shape[1]
    hvec = np.zeros(nv)
    missing_mass = 0.0
    max_missing = 0.0
    total_mass = 0.0
    for s in set(hc):
        wt = idf(s)
        total_mass += wt
        j = vocab.get(s)
        if j is None:
            missing_mass += wt
            max_missing = max(max_missing, wt)
        else:
            hvec[j] = wt
    hn = np.linalg.norm(hvec)
    if hn > 0:
        hvec /= hn
    sims = body.sent_matrix @ hvec if hn > 0 else np.zeros(body.sent_matrix.shape[0])
    ns = len(sims)
    order = np.argsort(-sims, kind="stable")
    top = [int(i) for i in order[:3]] if ns else []
    cos_body = float(body.body_vec @ hvec) if hn > 0 else 0.0
    cos_lead = float(body.lead_vec @ hvec) if hn > 0 else 0.0
    cos_max = float(sims[top[0]]) if top else 0.0
    cos_top3 = float(np.mean(sims[top])) if top else 0.0
    cos_first = float(sims[0]) if ns else 0.0
    best_pos = top[0] / max(1, ns - 1) if top and cos_max > 0 else 1.0
    n_sim = float(np.sum(sims > 0.2))
    f += [cos_body, cos_lead, cos_max, cos_top3, cos_first, best_pos, math.log1p(n_sim), n_sim / max(1, ns)]

    hset = set(hc)
    if hset:
        cov = sum(1 for s in hset if s in body.stem_set) / len(hset)
        covi = sum(idf(s) for s in hset if s in body.stem_set) / (total_mass or 1.0)
        covl = sum(1 for s in hset if s in body.lead_set) / len(hset)
        covli = sum(idf(s) for s in hset if s in body.lead_set) / (total_mass or 1.0)
    else:
        cov = covi = covl = covli = 0.0
    hb = _ngrams(hc, 2)
    ht = _ngrams(head.stems, 3)
    bg = len(hb & body.bigrams) / len(hb) if hb else 0.0
    tg = len(ht & body.trigrams) / len(ht) if ht else 0.0
    caps = head.caps
    capc = sum(1 for c in caps if c in body.caps) / len(caps) if caps else 0.0
    f += [cov, covi, covl, covli, bg, tg, capc, float(len(caps))]
    f += [math.log1p(len(head.tokens)), math.log1p(len(body.tokens)), math.log1p(ns)]
    f += [float(head.question), float(head.quoted), min(body.question_rate, 5.0)]

    # negation near words shared with the headline
    toks = body.tokens
    stems = body.stems
    near = 0
    top_near = 0
    top_ranges = [body.sent_bounds[i] for i in top] if body.sent_bounds else []
    for i, t in enumerate(toks):
        if t in NEGATION_WORDS or t in REFUTE_WORDS:
            lo, hi = max(0, i - 4), min(len(toks), i + 5)
            if any(stems[k] in hset for k in range(lo, hi)):
                near += 1
                if any(a <= i < b for a, b in top_ranges):
                    top_near += 1
    nb = max(1, len(toks))
    f += [100.0 * near / nb, float(top_near)]
    f += [missing_mass / (total_mass or 1.0), max_missing]

    # lexicon counts: headline, body rate, lead, top-similar sentences, first sentence
    lead_end = body.sent_bounds[min(LEAD_SENTENCES, len(body.sent_bounds)) - 1][1] if body.sent_bounds else 0
    first_end = body.sent_bounds[0][1] if body.sent_bounds else 0
    top_tokens = [toks[k] for a, b in top_ranges for k in range(a, b)]
    lead_tokens = toks[:lead_end]
    first_tokens = toks[:first_end]
    for _, lex in LEXICONS:
        f += [
            float(_lex_counts(head.tokens, lex)),
            100.0 * _lex_counts(toks, lex) / nb,
            float(_lex_counts(lead_tokens, lex)),
            float(_lex_counts(top_tokens, lex)),
            float(_lex_counts(first_tokens, lex)),
        ]
    hcount = [0] * len(CUE_WORDS)
    bcount = [0] * len(CUE_WORDS)
    tcount = [0] * len(CUE_WORDS)
    for t in head.tokens:
        j = _CUE_INDEX.get(t)
        if j is not None:
            hcount[j] += 1
    for t in toks:
        j = _CUE_INDEX.get(t)
        if j is not None:
            bcount[j] += 1
    for t in top_tokens:
        j = _CUE_INDEX.get(t)
        if j is not None:
            tcount[j] += 1
    for j in range(len(CUE_WORDS)):
        f += [float(hcount[j]), 100.0 * bcount[j] / nb, float(tcount[j])]
    f += [float(_lex_counts(head.tokens, REFUTE_WORDS) % 2), float(_lex_counts(toks, REFUTE_WORDS) % 2)]

    # sentence-level structure: which sentences hedge / refute, and how similar they are
    sh, sr, sa = body.sent_flags()
    n_sent = max(1, ns)
    f += [sum(sh) / n_sent, sum(sr) / n_sent, sum(sa) / n_sent, body.quote_rate]
    mh = mr = mp = 0.0
    n_plain = n_hedge = 0
    for i in range(min(ns, len(sh))):  # an empty body has one all-zero row and no sentences
        v = float(sims[i])
        if sh[i]:
            mh = max(mh, v)
        if sr[i]:
            mr = max(mr, v)
        if not sh[i] and not sr[i]:
            mp = max(mp, v)
        if v > 0.25:
            if sh[i] or sr[i]:
                n_hedge += 1
            else:
                n_plain += 1
    fh = next((i for i in range(len(sh)) if sh[i]), None)
    fr = next((i for i in range(len(sr)) if sr[i]), None)
    f += [mh, mr, mp, float(n_plain), float(n_hedge),
          1.0 if fh is None else fh / n_sent, 1.0 if fr is None else fr / n_sent]
    f += _polarity_features(head, body, sims, order, hset)
    return np.asarray(f, dtype=np.float64)


#: sentences (by similarity to the statement) whose neighbourhood forms the window
WINDOW_TOP = 5


def _polarity_features(head: ShortText, body: Body, sims, order, hset) -> list[float]:
    """Refutation / denial / negation cues around the sentences about the statement, and
    whether the statement's polarity (negation count parity, debunking words) matches them."""
    ns = len(body.sent_bounds)  # an empty body has one all-zero similarity row and no sentences
    sims = sims[:ns]
    order = [i for i in order if i < ns]
    deb, bg, neg = body.sent_polarity()
    top = [int(i) for i in order[:WINDOW_TOP] if sims[int(i)] > 0] if ns else []
    win = sorted({j for i in top for j in (i - 1, i, i + 1) if 0 <= j < ns})
    toks = body.tokens
    win_tokens = [toks[k] for j in win for k in range(*body.sent_bounds[j])]
    n_win = max(1, len(win_tokens))
    win_deb = float(deb[win].sum()) if win else 0.0
    win_bg = float(bg[win].sum()) if win else 0.0
    lead = min(LEAD_SENTENCES, ns)
    nb = max(1, len(toks))
    h_neg = sum(1 for t in head.tokens if t in NEGATION_WORDS)
    h_deb = sum(1 for t in head.tokens if t in DEBUNK_WORDS)
    top1 = top[0] if top else None
    top1_neg = float(neg[top1]) if top1 is not None else 0.0
    mismatch = float((h_neg % 2) != (int(top1_neg) % 2)) if top1 is not None else 0.0
    top3 = top[:3]
    top3_mis = float(np.mean([(h_neg % 2) != (int(neg[i]) % 2) for i in top3])) if top3 else 0.0

    # negation / refutation within 5 tokens of a statement word, in the window and in the lead
    stems = body.stems

    def near_count(sent_ids):
        c = 0
        for j in sent_ids:
            a, b = body.sent_bounds[j]
            for i in range(a, b):
                t = toks[i]
                if t in NEGATION_WORDS or t in DEBUNK_WORDS:
                    lo, hi = max(a, i - 5), min(b, i + 6)
                    if any(stems[k] in hset for k in range(lo, hi) if k != i):
                        c += 1
        return float(c)

    w = np.clip(sims, 0.0, None)
    wsum = float(w.sum()) or 1.0
    has_deb = deb > 0
    has_bg = bg > 0
    first_deb = int(np.argmax(has_deb)) if has_deb.any() else None
    first_bg = int(np.argmax(has_bg)) if has_bg.any() else None
    return [
        win_deb,
        100.0 * win_deb / n_win,
        win_bg,
        float(bg[:lead].sum()),
        100.0 * float(bg.sum()) / nb,
        100.0 * float(deb.sum()) / nb,
        float(h_neg),
        top1_neg,
        mismatch,
        top3_mis,
        float(h_deb),
        float(h_deb > 0 and win_deb > 0),
        float(h_deb > 0 and win_deb == 0),
        float(h_deb == 0 and win_deb > 0),
        near_count(win),
        near_count(range(lead)),
        float((w * has_deb).sum()) / wsum,
        float((w * bg).sum()) / wsum,
        float(sims[has_deb].max()) if has_deb.any() else 0.0,
        float(sims[has_bg].max()) if has_bg.any() else 0.0,
        1.0 if first_deb is None else first_deb / max(1, ns),
        1.0 if first_bg is None else first_bg / max(1, ns),
        float(sum(1 for t in win_tokens if t in HEDGE_WORDS)),
        float(sum(1 for t in win_tokens if t in CONFIRM_WORDS)),
        float(deb[top1]) if top1 is not None else 0.0,
        float(bg[top1]) if top1 is not None else 0.0,
    ]


# ----------------------------------------------------------------------------
# Headline-pair features (sparse, for a linear model)
# ----------------------------------------------------------------------------


def headline_features(claim: ShortText, head: ShortText) -> dict[str, float]:
    """Named (sparse) features of a (claim, article headline) pair."""
    f: dict[str, float] = {}
    stems = head.stems
    cstems = set(claim.stems)
    # words shared with the claim are topic words: replace them by a placeholder
    # so that patterns such as "<c> is a hoax" generalise across claims
    masked = ["<c>" if (s in cstems and s not in STOPWORDS) else s for s in stems]
    for s in set(masked):
        f["w=" + s] = 1.0
    for a, b in zip(masked, masked[1:]):
        if a == b == "<c>":
            continue
        f["b=" + a + "_" + b] = 1.0
    if masked:
        f["first=" + masked[0]] = 1.0
    for name, lex in LEXICONS:
        hcount = _lex_counts(head.tokens, lex)
        ccount = _lex_counts(claim.tokens, lex)
        if hcount:
            f["h_lex=" + name] = min(hcount, 3)
        if ccount:
            f["c_lex=" + name] = min(ccount, 3)
        if hcount and not ccount:
            f["h_only_lex=" + name] = 1.0
        if ccount and not hcount:
            f["c_only_lex=" + name] = 1.0
    if head.question:
        f["h_question"] = 1.0
    if head.raw.rstrip().endswith("?"):
        f["h_ends_question"] = 1.0
    if head.quoted:
        f["h_quoted"] = 1.0
    if ":" in head.raw:
        f["h_colon"] = 1.0
    cset, hset = set(claim.content), set(head.content)
    if cset and hset:
        inter = len(cset & hset)
        f["cov_claim"] = inter / len(cset)
        f["cov_head"] = inter / len(hset)
        f["jaccard"] = inter / len(cset | hset)
    # negation / refutation words attached to claim words in the headline
    toks = head.tokens
    for i, t in enumerate(toks):
        if t in NEGATION_WORDS or t in REFUTE_WORDS:
            lo, hi = max(0, i - 3), min(len(toks), i + 4)
            if any(stems[k] in cset for k in range(lo, hi) if k != i):
                f["neg_near_claim"] = f.get("neg_near_claim", 0.0) + 1.0
    f["bias_len"] = min(len(toks), 30) / 30.0
    return f
