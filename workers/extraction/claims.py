"""Find the attributed claims in one sentence: who (source), how (cue), and what (content).

Patterns read, each from the reporting verb outwards:

* ``X said/denied/ruled out/accused Y of ... that ...``   source on the left, content on the right;
* ``..., X said.`` / ``..., said X.``                     content before the attribution;
* ``as announced by X`` / ``was confirmed by X``          agent after "by", content before;
* ``according to X, ...``                                 source after, content after (or before);
* ``..., which X (have) denied``                          relative clause: X's verb applies to the
                                                          clause the "which" refers back to;
* ``X stated ..., but did not confirm ...``               an elided subject inherits X;
* ``X referenced intelligence reports suggesting ...``    an unnamed nested source is folded into X;
* ``Reports indicated ...``, ``sources said``, ``reportedly``, ``it was reported`` — unattributed;
* ``We did not deny ...``, ``They denied ...``                a pronoun speaker: a speaker for the
                                                          stance of a quote, but no name for an
                                                          article's list; ``X said it ...`` and
                                                          ``“We ...,” X said`` give it X's name.

X may be a common noun phrase: "the coastguard said", "the harbour authority confirmed", "said the
operator" — a definite phrase before (or after) a verb of saying, not of showing ("the inspection
found" names no speaker).

The work per sentence is linear in its length (each outward walk is bounded by a constant).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workers.extraction import cues
from workers.extraction.sentences import Sentence, Token, light_stem
from workers.extraction.source_names import (
    ANONYMOUS,
    DETERMINERS,
    GENERIC,
    NAMED,
    PREPOSITIONS,
    PRONOUN,
    PRONOUN_SPEAKERS,
    SourceName,
    classify,
    definite_phrase_left,
    definite_phrase_right,
    scan_left,
    scan_right,
    split_conjuncts,
)

MAX_TOKENS_PER_SENTENCE = 400
MAX_GAP = 6
MAX_RELAYED = 10  # pronoun claims one trailing attribution can name ("“We ..., we ...,” X said")
MAX_PRONOUN_DISTANCE = 8  # "said on Monday that it ...": how far a pronoun may follow the verb

LEFT = "left"
INHERIT = "inherit"
RELATIVE = "relative"
AGENT = "agent"
INVERTED = "inverted"
ACCORDING = "according"
ADVERB = "adverb"
PASSIVE = "passive"
DIRECT = "direct"

_QUOTES = frozenset("\"“”'‘’«»")
_TRAILING_MARKS = frozenset({","} | set(_QUOTES))
_SOFT_BETWEEN = frozenset({"that", ",", ":"} | set(_QUOTES))
_OWN_DETERMINERS = frozenset("its their his her our my".split())
# Words that end the clause a speaker's verb governs: what follows is not (only) theirs.
_CLAUSE_BREAKS = frozenset(", ; : but and while although though whereas because as since after before".split())
_MAX_NESTED_SUBJECT = 10
_ANAPHORIC_PRONOUNS = frozenset("it this these those such them".split())
_ANAPHORIC_NOUNS = frozenset(
    """claim claims report reports allegation allegations accusation accusations charge charges
    story stories account accounts video videos post posts clip clips rumour rumours rumor
    rumors assertion assertions suggestion suggestions speculation""".split()
)
_ANAPHORIC_DETERMINERS = frozenset("the these those such this that".split())
_NOUN_TO_VERB = {
    "accusation": "accus", "allegation": "alleg", "assertion": "assert", "suggestion": "suggest",
    "speculation": "speculat", "rumour": "rumor", "charg": "charg", "claim": "claim",
}
_TRIVIAL_CONTENT = frozenset(
    """reporters journalists press statement interview conference briefing television tv radio
    monday tuesday wednesday thursday friday saturday sunday today yesterday tonight week weekend
    month earlier later news agency told separately post posted social media online""".split()
)
_TELL_VERBS = frozenset("told tell tells telling informed briefed assured warned".split())
_PARTICIPLE_ENDINGS = ("ed", "en", "wn")
_IRREGULAR_PARTICIPLES = frozenset("said told found thought shown seen known held".split())
_SUBJECT_PRONOUNS = frozenset("he she".split())
# Reporting verbs that say what a finding or a document shows as readily as what a speaker says
# ("the inspection found", "the figures suggest"): they do not make an unlisted noun a speaker.
_EVIDENTIAL_VERBS = frozenset(
    """show shows showed shown showing found find finds reveal revealed reveals revealing
    conclude concluded concludes concluding highlight highlighted highlights highlighting cite
    cited cites citing referenced referencing assessed assesses described describes describing
    called calls labelled labeled branded contradicted contradicts corroborated corroborates
    signalled signaled signals""".split()
)


@dataclass
class Claim:
    """One attributed claim in a sentence."""

    sentence_index: int
    sources: list[SourceName]
    cls: str
    strength: float
    cue: str
    mode: str
    verb_first: int
    verb_last: int
    claim_first: int
    negated: bool = False
    hedged_adverb: bool = False
    weak: bool = False
    np_range: tuple[int, int] | None = None
    content: tuple[int, int] = (0, 0)
    antecedent: list[Token] = field(default_factory=list)
    context: list[Token] = field(default_factory=list)
    nested_into: int | None = None

    @property
    def anonymous(self) -> bool:
        """No named speaker. A pronoun ("we denied") is a speaker, though it names nobody."""
        return not self.sources or all(s.kind not in (NAMED, PRONOUN) for s in self.sources)

    @property
    def pronoun_only(self) -> bool:
        return bool(self.sources) and all(s.kind == PRONOUN for s in self.sources)

    def content_tokens(self, tokens: list[Token]) -> list[Token]:
        a, b = self.content
        return tokens[a:b]

    def source_tokens(self, tokens: list[Token]) -> list[Token]:
        if self.np_range is None:
            return []
        return tokens[self.np_range[0]: self.np_range[1] + 1]


def _bare(tokens: list[Token], i: int) -> str:
    return tokens[i].bare if 0 <= i < len(tokens) else ""


def _is_participle(word: str) -> bool:
    return word in _IRREGULAR_PARTICIPLES or word.endswith(_PARTICIPLE_ENDINGS)


def _detect_cues(tokens: list[Token]) -> list[dict]:
    """Cue words in order: reporting verbs, "according to", refusals, unattributed adverbs."""
    found = []
    consumed: set[int] = set()
    n = len(tokens)
    for i in range(n):
        if i in consumed or not tokens[i].is_word:
            continue
        b = tokens[i].bare
        nxt = _bare(tokens, i + 1)
        prev = _bare(tokens, i - 1)
        if prev in ("the", "a", "an", "its", "their", "his", "her", "this", "these", "those"):
            continue  # "the reported presence", "a warning": a modifier or a noun, not a verb
        if prev == "nor":
            continue  # second half of "neither confirmed nor denied"
        if prev == "to" and _bare(tokens, i - 2) in cues.REFUSAL_VERBS:
            continue
        cue = None
        if b == "according" and nxt == "to":
            cue = dict(cls=cues.ASSERT, strength=cues.MEDIUM, first=i, last=i + 1, text="according to", kind=ACCORDING)
        elif b in cues.REFUSAL_VERBS and nxt == "to" and i + 2 < n:
            act = _bare(tokens, i + 2)
            if act in cues.SPEECH_ACTS:
                cue = dict(cls=cues.NONCOMMIT, strength=cues.NONCOMMIT_CONFIDENCE, first=i, last=i + 2,
                           text=f"{b} to {act}")
            else:
                cue = dict(cls=cues.REFUSE_ACTION, strength=0.75, first=i, last=i + 1, text=f"{b} to")
        elif b in cues.REFUSAL_VERBS:
            cue = dict(cls=cues.DENY, strength=cues.MEDIUM, first=i, last=i, text=b)
        elif b in ("reached", "contacted") and prev in ("be", "been") and any(
                _bare(tokens, k) in cues.NEGATORS for k in (i - 2, i - 3)):
            # "could not be reached", "has not been contacted": a non-answer
            cue = dict(cls=cues.NONCOMMIT, strength=cues.NONCOMMIT_CONFIDENCE, first=i, last=i,
                       text=b)
        elif b == "no" and nxt in ("comment", "comments"):
            cue = dict(cls=cues.NONCOMMIT, strength=cues.NONCOMMIT_CONFIDENCE, first=i, last=i + 1, text="no comment")
        elif b == "neither" and nxt in cues.VERBS:
            last = i + 1
            for k in range(i + 2, min(n, i + 6)):
                if _bare(tokens, k) == "nor":
                    last = min(n - 1, k + 1)
                    break
            text = " ".join(t.bare for t in tokens[i:last + 1])
            cue = dict(cls=cues.NONCOMMIT, strength=cues.NONCOMMIT_CONFIDENCE, first=i, last=last, text=text)
        elif b in cues.PARTICLE_VERBS and nxt == cues.PARTICLE_VERBS[b][0]:
            particle, cls, strength = cues.PARTICLE_VERBS[b]
            cue = dict(cls=cls, strength=strength, first=i, last=i + 1, text=f"{b} {particle}")
        elif b in cues.CONCERN_VERBS and (
            nxt in cues.CONCERN_NOUNS or _bare(tokens, i + 2) in cues.CONCERN_NOUNS
        ):
            last = i + 1 if nxt in cues.CONCERN_NOUNS else i + 2
            cue = dict(cls=cues.ASSERT, strength=cues.WEAK, first=i, last=last,
                       text=f"{b} {tokens[last].bare}")
        elif b in cues.CALL_VERBS and nxt in cues.NOT_AFTER_CALL:
            continue
        elif b in cues.VERBS:
            cls, strength = cues.VERBS[b]
            cue = dict(cls=cls, strength=strength, first=i, last=i, text=b)
        elif b in cues.VERB_ONLY_BEFORE_THAT and nxt == "that":
            cls, strength = cues.VERB_ONLY_BEFORE_THAT[b]
            cue = dict(cls=cls, strength=strength, first=i, last=i, text=b)
        elif b in cues.UNATTRIBUTED_ADVERBS:
            cue = dict(cls=cues.ASSERT, strength=cues.ANONYMOUS_CONFIDENCE, first=i, last=i, text=b, kind=ADVERB)
        elif b in cues.EVIDENCE_VERBS and (
            nxt in cues.EVIDENCE_NOUNS or _bare(tokens, i + 2) in cues.EVIDENCE_NOUNS
        ):
            # "noted evidence of", "found no evidence of" (the "no" is read with the content)
            cue = dict(cls=cues.ASSERT, strength=cues.MEDIUM, first=i, last=i, text=b)
        if cue is None:
            continue
        # "noted evidence of", "found clear evidence that": a strong assertion.
        if cue["cls"] == cues.ASSERT and cue.get("kind") is None and cue["last"] == i:
            for k in (i + 1, i + 2):
                if _bare(tokens, k) in cues.EVIDENCE_NOUNS and _bare(tokens, i + 1) not in cues.NEGATORS:
                    cue.update(strength=cues.STRONG, last=k, text=f"{b} {tokens[k].bare}")
                    break
        consumed.update(range(cue["first"], cue["last"] + 1))
        found.append(cue)
    return found


def _speech_cue(cue: dict, tokens: list[Token]) -> bool:
    """Is the cue a verb of saying, whose subject is a speaker even when it is a common noun
    ("the coastguard said", "the operator declined to comment")?"""
    if cue.get("kind") is not None:
        return False
    if cue["cls"] == cues.ASSERT and (cue["strength"] <= cues.WEAK or "evidence" in cue["text"]):
        return False
    return tokens[cue["first"]].bare not in _EVIDENTIAL_VERBS


def _continues(tokens: list[Token], j: int, prev: Claim) -> bool:
    """Is the pronoun at `j` the subject of a clause that goes on from `prev`'s claim: "said it
    ...", "said on Monday that they ...", "..., but it did not confirm ..."?"""
    end = prev.verb_last
    if prev.np_range is not None and prev.np_range[0] > prev.verb_last:
        end = prev.np_range[1]  # "according to X, it ...", "said X, adding that it ..."
    if end >= j:
        return False
    link = tokens[j - 1]
    if link.bare in ("but", "and", "yet") or link.text == ";":
        return True
    if link.bare == "that" or link.text in (",", ":") or link.text in _QUOTES:
        return j - end <= MAX_PRONOUN_DISTANCE
    return j - 1 == end


def _gap(tokens: list[Token], verb_first: int) -> tuple[int, bool, bool, bool, list[str]]:
    """Walk left from the verb over auxiliaries, negators and adverbs.

    Returns (index of the first token left of the gap, negated, passive, reportedly, gap words).
    """
    j = verb_first - 1
    negated = passive = hedged = False
    while j >= 0 and verb_first - j <= MAX_GAP:
        b = tokens[j].bare
        if b in cues.NEGATORS and b not in ("no", "none", "nothing"):
            negated = True
        elif b in cues.AUXILIARIES:
            passive = passive or b in cues.BE_FORMS
        elif b in cues.UNATTRIBUTED_ADVERBS:
            hedged = True
        elif b in cues.GAP_ADVERBS:
            pass
        elif b == "to" and _bare(tokens, j - 1) in ("failed", "fails", "fail"):
            negated = True  # "failed to confirm"
            j -= 1
        elif b == "of" and _bare(tokens, j - 1) == "short" and _bare(tokens, j - 2).startswith("stop"):
            negated = True  # "stopped short of confirming"
            j -= 2
        else:
            break
        j -= 1
    words = [t.bare for t in tokens[j + 1:verb_first]]
    return j, negated, passive, hedged, words


def _sources(sentence: Sentence, np: tuple[int, int], vocabulary) -> list[SourceName]:
    names = []
    for a, b in split_conjuncts(sentence.tokens, np[0], np[1]):
        source = classify(sentence, a, b, vocabulary)
        if source is not None:
            names.append(source)
    return names


def _clause_start(tokens: list[Token], index: int) -> int:
    """Start of the clause holding `index`: just after the nearest ";" (or the sentence start)."""
    j = index - 1
    while j >= 0:
        if tokens[j].text in (";",):
            return j + 1
        j -= 1
    return 0


def _trim(tokens: list[Token], a: int, b: int) -> tuple[int, int]:
    """Drop leading "that", commas and quote marks, and trailing punctuation, from a range."""
    while a < b and (tokens[a].bare in ("that",) or not (tokens[a].is_word or tokens[a].is_number)):
        a += 1
    while b > a and not (tokens[b - 1].is_word or tokens[b - 1].is_number):
        b -= 1
    return a, b


def _is_trivial(tokens: list[Token], a: int, b: int) -> bool:
    words = [t for t in tokens[a:b] if t.is_content]
    if any(t.bare == "that" for t in tokens[a:b]):
        return False
    return len(words) <= 5 and all(t.bare in _TRIVIAL_CONTENT or t.is_number for t in words)


def definite_reference(tokens: list[Token], a: int, b: int, keys: frozenset[str]) -> bool:
    """Does the content point back with a definite phrase about one of `keys` ("the drones")?"""
    for i in range(a, b):
        if tokens[i].bare in _ANAPHORIC_DETERMINERS:
            for k in range(i + 1, min(b, i + 4)):
                if tokens[k].is_content and tokens[k].keys & keys:
                    return True
    return False


def _anaphor(tokens: list[Token], a: int, b: int) -> Token | None:
    """The word by which the content opens by pointing back: "it", "such", "the reports"."""
    for i in range(a, min(b, a + 4)):
        bare = tokens[i].bare
        if bare in _ANAPHORIC_PRONOUNS:
            # "denied it", "confirmed this" — but not "it was still examining ...", where the
            # pronoun starts a clause of its own.
            if i + 1 >= b or tokens[i + 1].bare not in cues.AUXILIARIES:
                return tokens[i]
            return None
        if bare in _ANAPHORIC_NOUNS and i > 0 and tokens[i - 1].bare in _ANAPHORIC_DETERMINERS:
            return tokens[i]
    return None


def _anaphoric(tokens: list[Token], a: int, b: int) -> bool:
    return _anaphor(tokens, a, b) is not None


def _referent(anaphor: Token, previous: list[Sentence]) -> list[Token]:
    """Tokens of the earlier sentence an anaphor points to: for a noun ("the video", "the
    accusation") the nearest sentence using that word or its verb ("accused"); for a pronoun the
    sentence just before."""
    if not previous:
        return []
    if anaphor.bare not in _ANAPHORIC_PRONOUNS:
        wanted = {light_stem(anaphor.text), _NOUN_TO_VERB.get(light_stem(anaphor.text), "")} - {""}
        for sentence in reversed(previous):
            if any(light_stem(t.text) in wanted for t in sentence.tokens if t.is_word):
                return list(sentence.tokens[:MAX_TOKENS_PER_SENTENCE])
    return list(previous[-1].tokens[:MAX_TOKENS_PER_SENTENCE])


def _appositive_source(tokens: list[Token], comma: int) -> tuple[int, int] | None:
    """Source phrase for a verb right after a comma that closes an aside."""
    # ", Maria Lopez, said": a name between two commas.
    np = scan_left(tokens, comma - 1)
    if (
        np is not None and np[0] >= 2 and tokens[np[0] - 1].text == ","
        and tokens[np[0] - 2].is_word and any(t.is_cap for t in tokens[np[0]:np[1] + 1])
    ):
        return np
    # ", who spoke at a conference in Geneva, said": the phrase before ", who".
    for k in range(comma - 1, max(-1, comma - 25), -1):
        if tokens[k].text in (";",):
            break
        if tokens[k].bare in ("who", "which") and k >= 2 and tokens[k - 1].text == ",":
            np = scan_left(tokens, k - 2)
            if np is not None and (np[0] == 0 or not tokens[np[0] - 1].is_word):
                return np
            break
    return None


def _content_before(claim: Claim, end: int, live: list[Claim], k: int, tokens: list[Token]) -> None:
    """Content for an attribution that follows its claim ("..., Zelensky said", "as announced by
    X"). If another source's claim already sits in that stretch ("Poland refused ..., the prime
    minister said"), the attribution only relays it and is dropped in its favour."""
    start = _clause_start(tokens, end)
    prev = live[k - 1] if k > 0 else None
    if prev is not None and prev.mode != ADVERB and prev.claim_first >= start:
        if claim.sources:
            # "“We did not deny it, and we will not comment,” the operator said": the pronouns
            # are the source's own voice.
            for p in range(k - 1, max(-1, k - 1 - MAX_RELAYED), -1):
                earlier = live[p]
                if earlier.claim_first < start or not earlier.pronoun_only:
                    break
                earlier.sources = list(claim.sources)
                earlier.np_range = claim.np_range
        claim.nested_into = -1
        claim.content = (end, end)
        return
    claim.content = _trim(tokens, start, end)


def find_claims(
    sentence: Sentence,
    previous: Sentence | list[Sentence] | None = None,
    vocabulary: frozenset[str] | set[str] = frozenset(),
    recent_named: list[SourceName] | None = None,
) -> list[Claim]:
    """The claims attributed in `sentence`, in text order.

    `previous` (the sentence or sentences just before) supplies the antecedent of "denied it" or
    "dismissed the claims"; `recent_named` the referent of a he/she subject.
    """
    if isinstance(previous, Sentence):
        previous = [previous]
    previous = list(previous or [])
    # What a non-commitment or a short denial is read against: the two sentences before.
    context = [t for s in previous[-2:] for t in s.tokens[:MAX_TOKENS_PER_SENTENCE]]
    tokens = sentence.tokens[:MAX_TOKENS_PER_SENTENCE]
    n = len(tokens)
    claims: list[Claim] = []
    spoken: Claim | None = None  # the last claim so far with a speaker (not "reportedly")
    for cue in _detect_cues(tokens):
        if claims and claims[-1].mode != ADVERB:
            spoken = claims[-1]
        first, last = cue["first"], cue["last"]
        kind = cue.get("kind")
        base = dict(sentence_index=sentence.index, cls=cue["cls"], strength=cue["strength"],
                    cue=cue["text"], verb_first=first, verb_last=last)
        if kind == ACCORDING:
            np = scan_right(tokens, last + 1) or definite_phrase_right(tokens, last + 1)
            if np is None:
                continue
            claims.append(Claim(sources=_sources(sentence, np, vocabulary), mode=ACCORDING,
                                claim_first=first, np_range=np, **base))
            continue
        if kind == ADVERB:
            claims.append(Claim(sources=[], mode=ADVERB, claim_first=first, **base))
            continue
        j, negated, passive, hedged, gap_words = _gap(tokens, first)
        if gap_words:
            aux = [w for w in gap_words if w in cues.NEGATORS or w in cues.AUXILIARIES
                   or w in ("failed", "fails", "fail", "to", "short", "of") or w.startswith("stop")]
            if negated:
                base["cue"] = " ".join(aux + [cue["text"]])
        passive = passive and _is_participle(tokens[first].bare)
        base.update(negated=negated, hedged_adverb=hedged)
        speech = _speech_cue(cue, tokens)
        # Agent after "by": "as announced by Zelensky", "was denied by Moscow".
        if _bare(tokens, last + 1) == "by":
            np = scan_right(tokens, last + 2)
            if np is None and speech:
                np = definite_phrase_right(tokens, last + 2)
            if np is not None:
                claim_first = j + 1
                if _bare(tokens, j) == "as":
                    claim_first = j
                    base["cue"] = f"as {base['cue']} by"
                else:
                    base["cue"] = f"{base['cue']} by"
                relative = _bare(tokens, j) in ("which", "that")
                claims.append(Claim(sources=_sources(sentence, np, vocabulary),
                                    mode=RELATIVE if relative else AGENT,
                                    claim_first=j if relative else claim_first, np_range=np, **base))
                continue
        left = _bare(tokens, j)
        # ", said Zelensky." — source after the verb, content before.
        if j >= 0 and tokens[j].text in (",", "”", "\"", "’") and cue["cls"] == cues.ASSERT:
            np = scan_right(tokens, last + 1)
            if np is None and speech:
                np = definite_phrase_right(tokens, last + 1)
            tail = [t for t in tokens[(np[1] + 1) if np else n:] if t.is_content]
            if np is not None and len(tail) <= 3 and all(
                t.bare in _TRIVIAL_CONTENT or t.is_number for t in tail
            ):
                claims.append(Claim(sources=_sources(sentence, np, vocabulary), mode=INVERTED,
                                    claim_first=first, np_range=np, **base))
                continue
        if left == ",":
            # "Pfizer's chief scientist, who spoke in Geneva, said ..." and "The agency's head,
            # Maria Lopez, said ...": the source stands before or inside the commas.
            np = _appositive_source(tokens, j)
            if np is not None:
                sources = _sources(sentence, np, vocabulary)
                if sources:
                    claims.append(Claim(sources=sources, mode=LEFT, claim_first=j, np_range=np, **base))
                    continue
        people = [s for s in (recent_named or []) if s.person] if left in _SUBJECT_PRONOUNS else []
        if people:
            # "he said": the last titled person named shortly before.
            claims.append(Claim(sources=[people[-1]], mode=LEFT, claim_first=j,
                                np_range=(j, j), **base))
            continue
        if left in PRONOUN_SPEAKERS and not passive and not hedged:
            if spoken is not None:
                if _continues(tokens, j, spoken):
                    # "The operator said it did not deny ...", "..., but they did not confirm":
                    # the speaker of the claim before.
                    claims.append(Claim(sources=[], mode=INHERIT, claim_first=j, **base))
                # else "The Mirror reported that police are hunting a man who they believe ...":
                # part of what the earlier claim reports, not a claim of its own.
            else:
                # "We did not deny ...", "They denied ...": a speaker known only to whoever
                # reports the quote; no name for an article's list of sources.
                claims.append(Claim(sources=[SourceName(tokens[j].text, PRONOUN)], mode=LEFT,
                                    claim_first=j, np_range=(j, j), **base))
            continue
        if left in _SUBJECT_PRONOUNS:
            continue  # "he was told": nobody the sentence names
        if left in ("who", "which") and j >= 1 and tokens[j - 1].text == ",":
            # "Beijing, which has long denied ...": the source is before the comma.
            np = scan_left(tokens, j - 2)
            if np is not None:
                claims.append(Claim(sources=_sources(sentence, np, vocabulary), mode=LEFT,
                                    claim_first=j - 1, np_range=np, **base))
                continue
        # "3,000 residents had been told to leave": whoever was told is no speaker.
        told = passive and tokens[cue["last"]].bare in _TELL_VERBS
        np = scan_left(tokens, j) if j >= 0 and not told else None
        if np is None and speech and j >= 0 and not told:
            # "the coastguard said", "the night-shift supervisor denied": a definite noun phrase
            # before a verb of saying is a speaker even if its head is in no word list.
            np = definite_phrase_left(tokens, j)
        if np is not None:
            sources = _sources(sentence, np, vocabulary)
            if np[0] > 0 and tokens[np[0] - 1].bare in PREPOSITIONS and tokens[np[0]].bare in DETERMINERS \
                    and not any(t.is_cap for t in tokens[np[0] + 1:np[1] + 1]):
                # "Social media sites used by the group said": the phrase is an object; the
                # speaker is further left, and not a name this reading can give.
                sources = [SourceName(s.name, GENERIC) if s.kind == NAMED else s for s in sources]
            if left == "it" or not sources:
                np = None
            else:
                before = np[0] - 1
                relative = _bare(tokens, before) in ("which", "that") and not passive
                mode = RELATIVE if relative else LEFT
                claims.append(Claim(sources=sources, mode=mode,
                                    claim_first=before if relative else np[0],
                                    np_range=np, **base))
                continue
        if passive or left == "it":
            # "troops were reported in Russia", "it was reported that": nobody in particular.
            if not negated:
                base["cue"] = " ".join([w for w in gap_words if w in cues.AUXILIARIES] + [cue["text"]])
            claims.append(Claim(sources=[SourceName("", ANONYMOUS)], mode=PASSIVE,
                                claim_first=_clause_start(tokens, first), **base))
            continue
        if left in ("but", "and", "yet", "or", ","):
            # "stated ..., but did not confirm", ", maintaining ...": the subject is elided.
            claims.append(Claim(sources=[], mode=INHERIT, claim_first=j, **base))
            continue
    claims.sort(key=lambda c: (c.verb_first, c.claim_first))
    for claim in claims:
        claim.context = context
    _resolve(claims, tokens, context, previous)
    return [c for c in claims if c.nested_into is None]


def _own_phrase(words: list[Token]) -> bool:
    """ "its tracking": the speaker's own (data, reports), at most two modifiers after "its"."""
    return bool(words) and words[0].bare in _OWN_DETERMINERS and len(words) <= 3 and all(
        t.is_word and not t.is_cap for t in words[1:])


def _only_soft_or_own(between: list[Token]) -> bool:
    """Only "that", punctuation and the speaker's own determiner between a verb and what it
    cites: "said its tracking data showed", "referenced intelligence reports suggesting"."""
    rest = [t for t in between if not (t.bare in _SOFT_BETWEEN or t.text in _SOFT_BETWEEN)]
    return not rest or _own_phrase(rest)


def _resolve(claims: list[Claim], tokens: list[Token], context: list[Token], previous: list[Sentence]) -> None:
    """Fill in content ranges, inherited sources, nesting and antecedents, in one pass."""
    n = len(tokens)
    # Nesting: an unnamed source right after another claim's verb ("referenced intelligence
    # reports suggesting ...") is what that source cites, not a source of its own.
    for k, claim in enumerate(claims):
        if claim.mode != LEFT or claim.np_range is None or claim.sources and not claim.anonymous:
            continue
        for p in range(k - 1, -1, -1):
            outer = claims[p]
            if outer.mode in (LEFT, INHERIT) and outer.verb_last < claim.np_range[0]:
                between = tokens[outer.verb_last + 1: claim.np_range[0]]
                if _only_soft_or_own(between):
                    claim.nested_into = p
                    outer.weak = outer.weak or claim.strength <= cues.WEAK
                break
    # "The governor said no injuries had been reported", "police said residents had been told
    # to leave": a passive report right after a speaker's verb is part of what the speaker said.
    for k, claim in enumerate(claims):
        if claim.mode != PASSIVE or claim.nested_into is not None:
            continue
        for p in range(k - 1, -1, -1):
            outer = claims[p]
            if outer.nested_into is None and outer.mode in (LEFT, INHERIT) and outer.verb_last < claim.verb_first:
                between = tokens[outer.verb_last + 1: claim.verb_first]
                if (outer.sources and len(between) <= _MAX_NESTED_SUBJECT
                        and not any(t.bare in _CLAUSE_BREAKS or t.text in _CLAUSE_BREAKS for t in between)):
                    claim.nested_into = p
                break
    live = [c for c in claims if c.nested_into is None]
    for k, claim in enumerate(live):
        nxt_first = live[k + 1].claim_first if k + 1 < len(live) else n
        prev = live[k - 1] if k > 0 else None
        if claim.mode in (LEFT, INHERIT):
            begin = claim.verb_last + 1
            if tokens[claim.verb_last].bare in _TELL_VERBS and begin < nxt_first:
                # "told CNN that ...", "told reporters": skip who was told.
                recipient = scan_right(tokens, begin) or definite_phrase_right(tokens, begin)
                if recipient is not None and recipient[1] < nxt_first:
                    begin = recipient[1] + 1
            a, b = _trim(tokens, begin, max(begin, nxt_first))
            claim.content = (a, b)
            if claim.mode == INHERIT:
                if prev is None:
                    claim.sources = []
                else:
                    claim.sources = list(prev.sources)
                    claim.np_range = prev.np_range
                    anaphor = _anaphor(tokens, *claim.content)
                    if anaphor is not None:
                        # "..., but did not confirm whether such a deployment had occurred"
                        pa = prev.np_range[0] if prev.np_range else prev.claim_first
                        claim.antecedent = _referent(anaphor, previous) + tokens[
                            min(pa, prev.content[0]):prev.content[1]]
            elif (
                claim.np_range is not None
                and claim.np_range[0] > 0
                and tokens[claim.np_range[0] - 1].text in _TRAILING_MARKS
                and not _anaphoric(tokens, a, b)
                and _is_trivial(tokens, a, b)
            ):
                # "..., Zelensky told reporters." — the claim is what came before.
                _content_before(claim, claim.np_range[0], live, k, tokens)
            anaphor = _anaphor(tokens, *claim.content)
            if claim.mode == LEFT and not claim.antecedent and anaphor is not None:
                if prev is not None:
                    claim.antecedent = tokens[prev.claim_first:prev.content[1]]
                else:
                    claim.antecedent = _referent(anaphor, previous)
        elif claim.mode == RELATIVE:
            # ", which X denied": X's verb applies to the clause "which" refers back to.
            if prev is not None:
                claim.antecedent = tokens[prev.claim_first:prev.content[1]]
                claim.content = prev.content
            else:
                start = _clause_start(tokens, claim.claim_first)
                claim.content = _trim(tokens, start, claim.claim_first)
                claim.antecedent = tokens[claim.content[0]:claim.content[1]]
        elif claim.mode in (AGENT, INVERTED):
            _content_before(claim, claim.claim_first, live, k, tokens)
        elif claim.mode == ACCORDING:
            np_last = claim.np_range[1]
            after = _trim(tokens, np_last + 1, max(np_last + 1, nxt_first))
            # "According to X, CONTENT" — else "CONTENT, according to X."
            if after[1] - after[0] >= 3 and _bare(tokens, np_last + 1) in (",", ":"):
                claim.content = after
            else:
                _content_before(claim, claim.claim_first, live, k, tokens)
        elif claim.mode in (ADVERB, PASSIVE):
            start = prev.content[1] if prev and prev.content[1] <= claim.verb_first else (
                _clause_start(tokens, claim.verb_first))
            if claim.mode == PASSIVE and _bare(tokens, claim.verb_last + 1) == "that":
                start = claim.verb_last + 1
            claim.content = _trim(tokens, start, max(start, nxt_first))
    # An adverb inside another claim's content or gap hedges that claim instead.
    for claim in live:
        if claim.mode != ADVERB:
            continue
        for other in live:
            if other is claim or other.mode == ADVERB:
                continue
            lo = other.np_range[0] if other.np_range else other.claim_first
            hi = other.content[1]
            if lo <= claim.verb_first < hi:
                other.weak = True
                claim.nested_into = -1
                break
    for claim in live:
        if claim.mode == INHERIT and not claim.sources:
            claim.nested_into = -1
        elif (claim.sources and claim.sources[0].kind == ANONYMOUS and claim.sources[0].name
              and claim.mode != INHERIT):
            # "reports indicated", "sources said", "according to reports"
            if claim.mode == ACCORDING:
                claim.cue = f"according to {claim.sources[0].name.lower()}"
            elif claim.mode == LEFT:
                claim.cue = f"{claim.sources[0].name.lower()} {claim.cue}"
