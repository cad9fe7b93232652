"""Who is speaking: find the noun phrase that names a claim's source and tidy it into a name.

The phrase is found by walking out from the reporting verb over words a source's name is made
of: capitalised words, possessives ("North Korea’s"), organisation and role words ("foreign
ministry", "lawmakers", "officials"), and "and" between two such runs, so "The United States and
South Korean lawmakers" is two sources. Titles are dropped ("Russian President Vladimir Putin"
-> "Vladimir Putin"); names are otherwise returned as the article writes them. Mapping names to
actors ("Pyongyang" = "North Korea’s foreign ministry") is not done here: that is the source
registry's job.

A phrase is one of three kinds:

* ``named``      a particular source ("Poland", "South Korean lawmakers", "Vladimir Putin");
* ``anonymous``  an unnamed one ("reports", "sources", "officials", "intelligence reports");
* ``generic``    not a source at all ("the international community", "the situation").

A phrase with no name in it is anonymous, except "the company"/"the ministry", which stands for
the name its sentence opens with ("Boeing has found cracks ..., the company said") and is
generic when there is none.
"""

from __future__ import annotations

from dataclasses import dataclass

from workers.extraction.sentences import STOPWORDS, Sentence, Token

NAMED = "named"
ANONYMOUS = "anonymous"
GENERIC = "generic"

MAX_NP_TOKENS = 12

ROLE_WORDS = frozenset(
    """company companies firm airline airlines carrier manufacturer maker group bank
    university hospital union party campaign organisation organization association
    foundation charity network channel executive executives ceo chairman chairwoman founder
    board regulator head heads hall operator operators owner owners organisers organizers
    fact-checkers fact-checker factcheckers scientist researcher economist doctor physician lawyer professor adviser
    advisor aide consultant epidemiologist engineer editor correspondent reporter journalist
    economists doctors physicians lawyers aides epidemiologists engineers journalists reporters
    ministry ministries government governments lawmakers lawmaker legislators legislator
    officials official spokesperson spokesman spokeswoman spokespeople minister ministers
    president office department agency agencies military army navy forces force media foreign
    defense defence state state-run state-owned interior intelligence leader leaders leadership
    authorities authority diplomats diplomat ambassador embassy council committee parliament
    senator senators commander commanders chief chiefs secretary administration prosecutors
    prosecutor police court researchers scientists experts analysts sources source reports report
    envoy press service services news outlet outlets newspaper newspapers broadcaster
    counterparts allies regime cabinet security national general staff headquarters observers
    monitors investigators officers spy team spokesperson's military's government's ministry's
    central bank bureau institute think-tank tank watchdog regulator regulators inspectors
    general's prime deputy top senior air coast guard guards border unnamed anonymous several some many two three four five
    various numerous multiple other western eastern""".split()
)
ANON_HEADS = frozenset(
    """statement statements study studies analysis paper letter memo document filing release
    reports report sources source officials official analysts analyst experts expert
    observers insiders witnesses people intelligence media diplomats diplomat investigators
    residents accounts rumors rumours statements assessments estimates documents footage images
    data studies surveys polls critics commentators insider witness monitors officers
    researchers scientists evidence economists doctors physicians lawyers aides epidemiologists
    engineers journalists reporters video videos post posts tweet tweets message messages
    article articles clip clips photo photos image users user fact-checkers fact-checker
    posters bloggers influencers""".split()
)
GENERIC_HEADS = frozenset(
    """community world public everyone everybody someone somebody nobody situation it this that
    they we i you he she there who which what developments tensions conflict war""".split()
)
UNNAMED_MARKERS = frozenset("unnamed anonymous unidentified various several some many".split())
DETERMINERS = frozenset("the a an both all its their his her this these those".split())
TITLE_WORDS = frozenset(
    """executive ceo president vice prime minister chancellor secretary senator sen rep representative governor
    mayor general gen colonel col lt lieutenant admiral commander dr mr mrs ms prof professor king
    queen prince princess pope ambassador spokesperson spokesman spokeswoman chairman chairwoman
    chair director premier chief leader foreign defense defence deputy supreme justice judge
    envoy ceo founder captain capt sergeant sgt major maj marshal field head speaker attorney
    sheikh emir sultan ayatollah commissioner state national security adviser advisor interior
    finance trade minister's president's""".split()
)
CONNECTORS_IN_NAME = frozenset("of for".split())
LOCATIVE_CONNECTORS = frozenset("in at from".split())
# Words that may precede a role word but are verbs, not modifiers ("referenced intelligence").
VERB_LIKE = frozenset(
    """said says told cited cites quoted quotes accused accuses warned warns urged urges asked asks
    told tells met meets called calls blamed blames sent sends""".split()
)
NAME_PARTICLES = frozenset("da de del della di dos das du van von der den ter ten al el bin ibn la le".split())


@dataclass(frozen=True)
class SourceName:
    name: str
    kind: str  # NAMED, ANONYMOUS or GENERIC
    person: bool = False  # a titled person ("President Volodymyr Zelensky"): a he/she referent


def is_proper(token: Token, sentence_initial: bool, vocabulary: frozenset[str] | set[str] = frozenset()) -> bool:
    """A capitalised word that is a name, not just a word that starts the sentence."""
    if not token.is_cap:
        return False
    bare = token.bare
    if bare in STOPWORDS:
        return False
    if sentence_initial and (
        bare in ROLE_WORDS or bare in ANON_HEADS or bare in GENERIC_HEADS or bare in vocabulary
    ):
        return False
    return True


def _np_word(token: Token) -> bool:
    if not token.is_word:
        return False
    if token.is_cap:
        return token.bare not in STOPWORDS or token.bare in DETERMINERS
    return token.bare in ROLE_WORDS or token.bare in ANON_HEADS or token.bare in DETERMINERS


def scan_left(tokens: list[Token], last: int) -> tuple[int, int] | None:
    """The source phrase ending at token index `last` (inclusive), as (first, last), or None."""
    if last < 0 or not _np_word(tokens[last]) or tokens[last].bare in DETERMINERS:
        return None
    first = last
    pending = 0
    j = last - 1
    while j >= 0 and last - j < MAX_NP_TOKENS:
        token = tokens[j]
        bare = token.bare
        if bare in DETERMINERS:
            first = j
            # "China's embassy in The Hague", "a spokesperson for the Kremlin": go on past the
            # determiner when a connector and a role word or name stand before it.
            if (
                j >= 2
                and tokens[j - 1].bare in LOCATIVE_CONNECTORS | CONNECTORS_IN_NAME
                and _np_word(tokens[j - 2])
                and tokens[j - 2].bare not in DETERMINERS
                and (tokens[j - 2].bare in ROLE_WORDS or tokens[j - 1].bare in CONNECTORS_IN_NAME)
            ):
                j -= 2
                first = j
                j -= 1
                continue
            # "both Caracas and the electoral council": go on over "and".
            if j >= 2 and tokens[j - 1].bare in ("and", "&") and _np_word(tokens[j - 2]) \
                    and tokens[j - 2].bare not in DETERMINERS:
                j -= 2
                first = j
                j -= 1
                continue
            # "both Pyongyang and Moscow", "the United States": a determiner ends the phrase.
            break
        if bare in NAME_PARTICLES and not token.is_cap:
            # "Luiz Inácio Lula da Silva", "Ursula von der Leyen"
            left_ok = j >= 1 and (tokens[j - 1].is_cap or tokens[j - 1].bare in NAME_PARTICLES)
            if left_ok and (tokens[j + 1].is_cap or tokens[j + 1].bare in NAME_PARTICLES):
                j -= 1
                continue
            break
        if bare in LOCATIVE_CONNECTORS and not token.is_cap:
            # "officials in Kyiv", "the embassy in Seoul": only after a role word.
            if j >= 1 and tokens[j - 1].bare in ROLE_WORDS:
                j -= 1
                continue
            break
        if bare == "and" or bare == "&" or (bare in CONNECTORS_IN_NAME and not token.is_cap):
            if j - 1 >= 0 and _np_word(tokens[j - 1]) and tokens[j - 1].bare not in DETERMINERS:
                j -= 1
                continue
            if j - 1 >= 0 and tokens[j - 1].bare in ("the",) and bare in CONNECTORS_IN_NAME:
                j -= 1
                continue
            break
        if _np_word(token):
            first = j
            pending = 0
            j -= 1
            continue
        if (
            token.is_word and not token.is_cap and bare not in STOPWORDS and pending < 2
            and not bare.endswith(("ed", "ing", "ly")) and bare not in VERB_LIKE
            and (tokens[j + 1].bare in ROLE_WORDS or tokens[j + 1].bare in ANON_HEADS or pending)
        ):
            # "the Venezuelan electoral council": a modifier before a role word, kept only if a
            # name or determiner turns up further left.
            pending += 1
            j -= 1
            continue
        break
    return first, last


def scan_right(tokens: list[Token], first: int) -> tuple[int, int] | None:
    """The source phrase starting at token index `first`, as (first, last), or None."""
    n = len(tokens)
    i = first
    while i < n and tokens[i].bare in DETERMINERS:
        i += 1
    if i >= n or not _np_word(tokens[i]):
        return None
    last = i
    j = i + 1
    while j < n and j - first < MAX_NP_TOKENS:
        token = tokens[j]
        bare = token.bare
        locative = bare in LOCATIVE_CONNECTORS and tokens[j - 1].bare in ROLE_WORDS | ANON_HEADS
        if bare in ("and", "&") or (bare in CONNECTORS_IN_NAME and not token.is_cap) or locative:
            k = j + 1
            while k < n and tokens[k].bare in DETERMINERS:
                k += 1
            if k < n and _np_word(tokens[k]) and (tokens[k].is_cap or bare in ("and", "&")):
                j = k
                continue
            break
        if bare in NAME_PARTICLES and not token.is_cap and j + 1 < n and tokens[j + 1].is_cap:
            j += 1
            continue
        if _np_word(token) and bare not in DETERMINERS:
            last = j
            j += 1
            continue
        break
    return first, last


def split_conjuncts(tokens: list[Token], first: int, last: int) -> list[tuple[int, int]]:
    """"The United States and South Korean lawmakers" -> two phrases."""
    parts = []
    start = first
    for i in range(first, last + 1):
        if tokens[i].bare in ("and", "&"):
            if (
                0 < i < len(tokens) - 1 and tokens[i - 1].is_cap and tokens[i + 1].is_cap
                and any(tokens[k].bare in CONNECTORS_IN_NAME for k in range(start, i))
            ):
                continue  # "Centre for Disease Prevention and Control": one name
            if i > start:
                parts.append((start, i - 1))
            start = i + 1
    if start <= last:
        parts.append((start, last))
    return parts


def _trim_determiners(tokens: list[Token], first: int, last: int) -> tuple[int, int]:
    while first <= last and tokens[first].bare in DETERMINERS:
        first += 1
    while last >= first and (tokens[last].bare in CONNECTORS_IN_NAME or tokens[last].bare in DETERMINERS):
        last -= 1
    return first, last


def _strip_title(tokens: list[Token], first: int, last: int) -> int:
    """Index where the personal name starts once titles are dropped: "President Volodymyr Zelensky"."""
    cut = None
    for t in range(first, last):
        if tokens[t].bare in TITLE_WORDS:
            rest = tokens[t + 1:last + 1]
            if rest and rest[0].is_cap and all(
                (tok.is_cap and tok.bare not in TITLE_WORDS and tok.bare not in STOPWORDS
                 and tok.bare not in ROLE_WORDS and not tok.possessive)
                or tok.bare in NAME_PARTICLES
                for tok in rest
            ):
                cut = t + 1
                break
    return first if cut is None else cut


def classify(
    sentence: Sentence,
    first: int,
    last: int,
    vocabulary: frozenset[str] | set[str] = frozenset(),
) -> SourceName | None:
    """Name and kind of the phrase tokens[first..last] of `sentence`, or None if nothing is left."""
    tokens = sentence.tokens
    definite = tokens[first].bare in ("the", "its", "their")
    first, last = _trim_determiners(tokens, first, last)
    if first > last:
        return None
    # "a spokesperson for the Kremlin": the organisation is the source.
    for i in range(first, last + 1):
        if tokens[i].bare in CONNECTORS_IN_NAME or tokens[i].bare in LOCATIVE_CONNECTORS:
            left_proper = any(is_proper(tokens[j], j == 0, vocabulary) for j in range(first, i))
            right_first, right_last = _trim_determiners(tokens, i + 1, last)
            right_proper = any(
                is_proper(tokens[j], j == 0, vocabulary) for j in range(right_first, right_last + 1)
            )
            if not left_proper and right_proper:
                first, last = right_first, right_last
            break
    proper = [
        tokens[j] for j in range(first, last + 1)
        if is_proper(tokens[j], j == 0, vocabulary)
        and not (tokens[j].bare in TITLE_WORDS and j == 0)
    ]
    bares = {tokens[j].bare for j in range(first, last + 1)}
    head = tokens[last].bare
    start = _strip_title(tokens, first, last)
    offset = sentence.start
    name = " ".join(sentence.text[tokens[start].start - offset: tokens[last].end - offset].split())
    if not name:
        return None
    if proper:
        if bares & UNNAMED_MARKERS and head in ANON_HEADS:
            return SourceName(name, ANONYMOUS)
        return SourceName(name, NAMED, person=start > first)
    if head in GENERIC_HEADS or bares & GENERIC_HEADS:
        return SourceName(name, GENERIC)
    if definite and head in ROLE_WORDS and head not in ANON_HEADS and not head.endswith("s"):
        # "Boeing has found cracks ..., the company said": a definite role word stands for the
        # name the sentence opens with; with no such name it says nobody in particular.
        opener = _opening_name(sentence, vocabulary)
        return SourceName(opener, NAMED) if opener else SourceName(name, GENERIC)
    return SourceName(name, ANONYMOUS)


def _opening_name(sentence: Sentence, vocabulary) -> str | None:
    """The run of capitalised words a sentence opens with ("Boeing", "The Pentagon"), if any."""
    tokens = sentence.tokens
    i = 1 if tokens and tokens[0].bare == "the" else 0
    k = i
    while k < len(tokens) and tokens[k].is_cap and is_proper(tokens[k], k == 0, vocabulary) \
            and tokens[k].bare not in ROLE_WORDS and tokens[k].bare not in ANON_HEADS:
        k += 1
        if tokens[k - 1].possessive:
            break
    if k == i:
        return None
    offset = sentence.start
    return " ".join(sentence.text[tokens[i].start - offset: tokens[k - 1].end - offset].split())


def titled_people(sentence: Sentence) -> list[SourceName]:
    """People introduced with a title anywhere in the sentence ("Chilean President Gabriel Boric
    spoke ..."), as referents for a later "he" or "she"."""
    tokens = sentence.tokens
    people = []
    i = 0
    while i < len(tokens):
        if tokens[i].bare in TITLE_WORDS and (tokens[i].is_cap or i + 1 < len(tokens)):
            while i + 1 < len(tokens) and tokens[i + 1].bare in TITLE_WORDS:
                i += 1
            k = i + 1
            while k < len(tokens) and (
                (tokens[k].is_cap and tokens[k].bare not in TITLE_WORDS and tokens[k].bare not in ROLE_WORDS
                 and tokens[k].bare not in STOPWORDS)
                or (tokens[k].bare in NAME_PARTICLES and k + 1 < len(tokens) and tokens[k + 1].is_cap)
            ):
                k += 1
                if tokens[k - 1].possessive:
                    break
            if k > i + 1 and not tokens[k - 1].possessive:
                offset = sentence.start
                name = " ".join(sentence.text[tokens[i + 1].start - offset: tokens[k - 1].end - offset].split())
                people.append(SourceName(name, NAMED, person=True))
            i = k
        else:
            i += 1
    return people
