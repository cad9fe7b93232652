"""Stance of a claim, or of a whole quote, toward a statement.

The stance of an attributed claim is the reporting verb's class applied to the polarity of what
is claimed:

* a negated verb is a non-commitment: "did not deny" and "did not confirm" take no side;
* "declined to comment", "refused to confirm", "neither confirmed nor denied" take no side;
* "refused to <do X>" denies that the source does X;
* an assertion ("said", "accused ... of", "noted evidence of") confirms what it asserts, unless
  the content is negated where it meets the statement ("said no troops were sent"), or calls it
  untrue ("is false", "a hoax", "debunked"), when it denies;
* a denial ("denied", "ruled out", "rejected") denies; denying a negation confirms, weakly;
* a hypothetical before the matter ("the potential deployment", "the possibility of", "any
  decision to", "whether") leaves an assertion at no side;
* "reportedly", "reports indicated", "sources said" are unattributed: a weak confirmation.

A quote's speaker may be a pronoun ("We did not deny that ...", "They denied ..."): the quote's
source is known from the evidence item, so the pronoun is read as that speaker, exactly like a
named one ("The operator did not deny that ...").

Confidence is the cue's base strength (strong 0.85, plain 0.7, weak 0.5, unattributed 0.35),
lowered by a weak modal or a hedging adverb. A quote that is not about the statement is neutral
with confidence 0.1.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from workers.extraction import cues
from workers.extraction.claims import DIRECT, INHERIT, LEFT, Claim, definite_reference, find_claims
from workers.extraction.relevance import Relevance, StatementProfile, analyse_statement, assess, refers_to_subject
from workers.extraction.sentences import STOPWORDS, Sentence, Token, content_keys, positive_root, split_sentences
from workers.extraction.source_names import NAMED, titled_people
from workers.knowledge import actor_for, country_mentions

CONFIRMS = "confirms"
DENIES = "denies"
NEUTRAL = "neutral"
STANCES = (CONFIRMS, DENIES, NEUTRAL)

NEGATION_WINDOW = 6
HEDGE_WINDOW = 6
MAX_QUOTE_CHARS = 20_000
MAX_QUOTE_SENTENCES = 50
DIRECT_STRENGTH = 0.6
# Words of a non-answer itself, not of what it leaves open.
NONANSWER_WORDS = frozenset(
    """comment comments commenting request requests repeated calls call messages message email
    emails phone telephone immediately reached contacted available""".split()
)
# Pronouns by which a source speaks of itself.
SELF_REFERENCE = frozenset("its our we us their".split())

# Ranks used when one source has several claims in a sentence: a side taken outranks an explicit
# non-commitment, which outranks a hedge.
RANK_SIDE = 3
RANK_NONCOMMIT = 2
RANK_HEDGED = 1


@dataclass(frozen=True)
class Stance:
    stance: str
    confidence: float
    cue: str | None
    rank: int

    def as_dict(self) -> dict:
        return {"stance": self.stance, "confidence": round(min(1.0, max(0.0, self.confidence)), 3), "cue": self.cue}


@dataclass(frozen=True)
class Polarity:
    negator: str | None
    denial: str | None
    hedge: str | None
    weak: bool
    matched: bool


def _matches(profile: StatementProfile, tokens: list[Token]) -> list[int]:
    return [i for i, t in enumerate(tokens) if t.is_content and t.keys & profile.all_keys]


def _opposite(profile: StatementProfile, tokens: list[Token], hits: list[int]) -> str | None:
    """A word of the content that meets a statement word as its opposite ("legally" against
    "illegally", "harmed" against "unharmed"), or None."""
    for i in hits:
        token = tokens[i]
        negative = positive_root(token.bare) is not None
        for item in profile.items:
            if not item.entity and item.keys & token.keys and (positive_root(item.text) is not None) != negative:
                return token.bare
    return None


def polarity(profile: StatementProfile, content: list[Token], antecedent: list[Token] = ()) -> Polarity:
    """Is the content negated where it meets the statement, called untrue, or only hypothetical?"""
    tokens = list(content)
    hits = _matches(profile, tokens)
    if not hits and antecedent:
        tokens = list(antecedent) + tokens
        hits = _matches(profile, tokens)
    negator = None
    for i, token in enumerate(tokens):
        b = token.bare
        if b not in cues.NEGATORS or b in ("neither", "nor"):
            continue
        if i + 1 < len(tokens) and tokens[i + 1].bare in cues.NEGATION_EXCEPTIONS:
            continue
        for k in range(i + 1, min(len(tokens), i + 1 + NEGATION_WINDOW)):
            if tokens[k].text == ";" or tokens[k].bare == "but":
                break
            if k in hits:
                negator = b
                break
        if negator:
            break
    opposite = _opposite(profile, tokens, hits)
    if profile.negated and hits:
        opposite = None if opposite else "without the statement's negation"
    if opposite and negator:
        negator = None  # "were not harmed" against "unharmed": two negations agree
    elif opposite:
        negator = opposite
    denial = None
    for i, token in enumerate(tokens):
        if token.bare in cues.DENIAL_WORDS:
            if any(t.bare in cues.NEGATORS for t in tokens[max(0, i - 2):i]):
                continue
            prev = tokens[i - 1].bare if i else ""
            if prev in cues.BE_FORMS:
                denial = f"{prev} {token.bare}"
            elif prev in ("a", "an") and i >= 2 and tokens[i - 2].bare in cues.BE_FORMS:
                denial = f"{tokens[i - 2].bare} a {token.bare}"
            else:
                denial = token.bare
            break
    hedge = None
    if hits:
        first = hits[0]
        for k in range(max(0, first - HEDGE_WINDOW), first):
            if tokens[k].bare in cues.HYPOTHETICAL:
                hedge = tokens[k].bare
                break
    weak = any(t.bare in cues.WEAK_MODALS and not t.is_cap for t in tokens)
    return Polarity(negator, denial, hedge, weak, bool(hits))


def claim_stance(claim: Claim, profile: StatementProfile, tokens: list[Token]) -> Stance:
    """Stance of one claim toward the statement (relevance is the caller's business)."""
    cue = claim.cue
    if claim.cls == cues.NONCOMMIT:
        return Stance(NEUTRAL, cues.NONCOMMIT_CONFIDENCE, cue, RANK_NONCOMMIT)
    if claim.negated and claim.cls in (cues.ASSERT, cues.DENY):
        return Stance(NEUTRAL, cues.NONCOMMIT_CONFIDENCE, cue, RANK_NONCOMMIT)
    content = claim.content_tokens(tokens)
    pol = polarity(profile, content, claim.antecedent)
    strength = claim.strength
    if claim.anonymous and claim.mode != DIRECT:
        strength = min(strength, cues.ANONYMOUS_CONFIDENCE)
    if claim.weak or claim.hedged_adverb:
        strength *= 0.7
    if pol.weak:
        strength *= 0.7
    if claim.cls == cues.DENY:
        if pol.negator:
            return Stance(CONFIRMS, strength * 0.6, f"{cue} … {pol.negator}", RANK_SIDE)
        return Stance(DENIES, strength, cue, RANK_SIDE)
    if claim.cls == cues.REFUSE_ACTION:
        if pol.negator:
            return Stance(NEUTRAL, cues.HEDGED_CONFIDENCE, cue, RANK_HEDGED)
        return Stance(DENIES, strength, cue, RANK_SIDE)
    # An assertion (or a bare statement of fact).
    if pol.denial:
        return Stance(DENIES, max(strength, cues.MEDIUM) if not claim.anonymous else strength,
                      pol.denial, RANK_SIDE)
    if pol.negator:
        label = f"{cue} … {pol.negator}" if cue else pol.negator
        return Stance(DENIES, strength, label, RANK_SIDE)
    if pol.hedge:
        label = f"{cue} … {pol.hedge}" if cue else pol.hedge
        return Stance(NEUTRAL, cues.HEDGED_CONFIDENCE, label, RANK_HEDGED)
    return Stance(CONFIRMS, strength, cue, RANK_SIDE)


def relevance_tokens(claim: Claim, tokens: list[Token]) -> list[Token]:
    """The words a claim is judged on: its source, its content and what it refers back to."""
    return claim.source_tokens(tokens) + claim.content_tokens(tokens) + list(claim.antecedent)


def claim_relevance(claim: Claim, tokens: list[Token], profile: StatementProfile,
                    given: frozenset[str] | set[str] = frozenset()) -> Relevance:
    """Is the claim about the statement?

    A non-commitment or a denial with little content of its own ("declined to comment on the
    origin of the drones", "whether Iranian drones were involved", "dismissed the reports") is
    about what the sentences before it were about, so it is judged with them.
    """
    own = relevance_tokens(claim, tokens)
    if claim.cls == cues.NONCOMMIT or claim.negated:
        # "Asked whether anyone had died, the hospital declined to comment": the question a
        # non-answer leaves open is often put before it.
        own = tokens[:claim.claim_first] + own
    known = speaker_is_subject(claim, tokens) or speaker_is_a_named_state(claim, profile) or refers_to_subject(
        profile, own, list(claim.context) + list(claim.antecedent)
    )
    result = assess(profile, own, known, given)
    if result.relevant or not claim.context or claim.antecedent:
        return result
    a, b = claim.content
    # A clause that names a party the statement does not ("Chile denied that Bolivia rigged
    # ...") is about that party, not a reference back.
    source = range(claim.np_range[0], claim.np_range[1] + 1) if claim.np_range else range(0)
    foreign = any(t.is_cap and i > 0 and i not in source and not (t.keys & profile.all_keys)
                  and t.bare not in STOPWORDS for i, t in enumerate(tokens[a:b], start=a))
    # "declined to comment on the images", "no comment while the inquiry continued": a
    # non-answer that says what it leaves open is about that, not about the sentences before.
    # "The trawler's owner, Havbris Fiskeri, declined to comment": words set off just before the
    # source describe it; they are no topic.
    appositive = (bool(claim.np_range) and b <= claim.np_range[0] < len(tokens) - 1
                  and all(t.text == "," for t in tokens[b:claim.np_range[0]])
                  and tokens[claim.np_range[1] + 1].text == ",")
    own_topic = not appositive and any(t.is_content and t.bare not in NONANSWER_WORDS for t in tokens[a:b])
    refers_back = not foreign and not (own_topic and (claim.cls == cues.NONCOMMIT or claim.negated)) and (
        claim.cls == cues.NONCOMMIT or claim.negated or (
            claim.cls in (cues.DENY, cues.REFUSE_ACTION)
            and definite_reference(tokens, a, b, profile.all_keys)
        )
    )
    if refers_back:
        return assess(profile, own + list(claim.context), known, given)
    about = profile.subject_keys or frozenset().union(*(i.keys for i in profile.items if i.entity))
    if own_topic and (claim.cls == cues.NONCOMMIT or claim.negated) and about & given:
        # "could not be reached for comment on the evacuation", in an article about the town:
        # what a non-answer leaves open is short, so naming the claim's head is enough.
        topic = assess(profile, own, True, given)
        keys = content_keys(own)
        named = sum(1 for head in profile.head_keys if head & keys)
        return replace(topic, relevant=bool(profile.head_keys) and named * 2 >= len(profile.head_keys))
    return result


def speaker_is_subject(claim: Claim, tokens: list[Token]) -> bool:
    """Does a named source speak of itself ("Tehran denied that its drones ...")? Then the
    source stands in for the statement's subject, which the registry may know under another name."""
    if claim.anonymous or claim.mode not in (LEFT, INHERIT):
        return False
    a, b = claim.content
    return any(t.bare in SELF_REFERENCE for t in tokens[a:min(b, a + 6)])


def speaker_is_a_named_state(claim: Claim, profile: StatementProfile) -> bool:
    """ "Moscow denied that any launchers had been moved", of "Russia moved launchers": the
    speaker is a state the statement names, under another of its names."""
    leading = []
    for item in profile.items:
        if not (item.in_subject or item.entity):
            break
        leading.append(item.text)
    subject = " ".join(leading)
    named = country_mentions(subject) if subject else set()
    return bool(named) and any(
        source.kind == NAMED and (actor := actor_for(source.name)) and actor.country in named
        for source in claim.sources)


def better(a: Stance | None, b: Stance) -> Stance:
    """The more decisive of two stances for one source."""
    if a is None:
        return b
    if (b.rank, b.confidence) > (a.rank, a.confidence):
        return b
    return a


def direct_claim(sentence: Sentence) -> Claim:
    """A sentence nobody is said to say, as a claim of whoever wrote it."""
    n = min(len(sentence.tokens), 400)
    return Claim(sentence_index=sentence.index, sources=[], cls=cues.ASSERT, strength=DIRECT_STRENGTH,
                 cue=None, mode=DIRECT, verb_first=0, verb_last=0, claim_first=0, content=(0, n))


def _vocabulary(sentences: list[Sentence]) -> set[str]:
    return {t.bare for s in sentences for t in s.tokens if t.is_word and not t.is_cap}


def infer_quote_stance(statement: str, quote: str, given: frozenset[str] | set[str] = frozenset(),
                       about_the_claim: bool = False) -> dict:
    """Stance of `quote` toward `statement`.

    Returns {"stance": "confirms"|"denies"|"neutral", "confidence": float in [0, 1], "cue": str|None}.
    Only the first MAX_QUOTE_CHARS characters (and MAX_QUOTE_SENTENCES sentences) of the quote are read.
    `about_the_claim`: the quote is any sentence of an article, so a non-answer in it counts only
    when what it leaves open addresses the statement's claim.
    """
    if isinstance(quote, (bytes, bytearray)):
        quote = bytes(quote).decode("utf-8", errors="replace")
    if isinstance(statement, (bytes, bytearray)):
        statement = bytes(statement).decode("utf-8", errors="replace")
    if not isinstance(statement, str) or not isinstance(quote, str) or not quote.strip() or not statement.strip():
        return {"stance": NEUTRAL, "confidence": 0.0, "cue": None}
    sentences = split_sentences(quote[:MAX_QUOTE_CHARS], max_sentences=MAX_QUOTE_SENTENCES)
    vocabulary = _vocabulary(sentences)
    profile = analyse_statement(statement, vocabulary)
    best: Stance | None = None
    sides: dict[str, float] = {}
    noncommit_cue = None
    recent: list = []
    for number, sentence in enumerate(sentences):
        tokens = sentence.tokens
        claims = find_claims(sentence, sentences[max(0, number - 3):number], vocabulary, recent)
        if not claims:
            claims = [direct_claim(sentence)]
        for claim in claims:
            stance = claim_stance(claim, profile, tokens)
            if stance.stance == NEUTRAL and stance.rank == RANK_NONCOMMIT and noncommit_cue is None:
                noncommit_cue = stance.cue
            if not claim_relevance(claim, tokens, profile, given).relevant:
                continue
            best = better(best, stance)
            if stance.stance != NEUTRAL:
                sides[stance.stance] = max(sides.get(stance.stance, 0.0), stance.confidence)
        recent.extend(titled_people(sentence))
        for claim in claims:
            recent.extend(s for s in claim.sources if s.kind == NAMED)
    if best is None:
        # A quote given as evidence for the statement is taken to be about it, so its
        # non-answer takes no side on it; a sentence of an article is not (`about_the_claim`).
        if noncommit_cue and not about_the_claim:
            return {"stance": NEUTRAL, "confidence": 0.2, "cue": noncommit_cue}
        return {"stance": NEUTRAL, "confidence": cues.IRRELEVANT_CONFIDENCE, "cue": None}
    if CONFIRMS in sides and DENIES in sides and abs(sides[CONFIRMS] - sides[DENIES]) < 0.1:
        return {"stance": NEUTRAL, "confidence": 0.3, "cue": "conflicting"}
    return best.as_dict()


__all__ = ["infer_quote_stance", "claim_stance", "polarity", "STANCES", "CONFIRMS", "DENIES", "NEUTRAL"]
