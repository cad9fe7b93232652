"""Who is speaking: find the noun phrase that names a claim's source and tidy it into a name.

The phrase is found by walking out from the reporting verb over words a source's name is made
of: capitalised words, possessives ("North Korea’s"), organisation and role words ("foreign
ministry", "lawmakers", "officials"), and "and" between two such runs, so "The United States and
South Korean lawmakers" is two sources. Titles are dropped ("Russian President Vladimir Putin"
-> "Vladimir Putin"); names are otherwise returned as the article writes them. Mapping names to
actors ("Pyongyang" = "North Korea’s foreign ministry") is not done here: that is the source
registry's job.

A phrase is one of four kinds:

* ``named``      a particular source ("Poland", "South Korean lawmakers", "Vladimir Putin",
                 "the harbour authority", "the coastguard", "police");
* ``anonymous``  an unnamed one ("reports", "sources", "officials", "intelligence reports");
* ``generic``    not a source at all ("the international community", "the situation");
* ``pronoun``    a speaker named only by a pronoun ("we", "they", "it"): a speaker for the stance
                 of a quote, whose source the caller knows, but no name to list.

A phrase with no name in it is anonymous, except:

* a definite singular organisation or role word ("the company", "the operator", "the harbour
  authority") is a particular source: in a trailing attribution it stands for the name its
  sentence opens with ("Boeing has found cracks ..., the company said"), otherwise it is
  returned as written ("harbour authority");
* a bare institution word ("Police said ...", see BARE_INSTITUTIONS) is a particular source;
* a definite noun phrase next to a verb of saying whose head is in no word list ("the
  coastguard said", see `definite_phrase_left`) is a particular source when singular, unnamed
  when plural ("the islanders said"), unnamed when it is a document or a finding ("the
  inspection confirmed"), and no source when it is an event or an abstraction ("the decision").
"""

from __future__ import annotations

from dataclasses import dataclass

from workers.extraction import cues
from workers.extraction.sentences import MONTHS_AND_DAYS, STOPWORDS, Sentence, Token

NAMED = "named"
ANONYMOUS = "anonymous"
GENERIC = "generic"
PRONOUN = "pronoun"

MAX_NP_TOKENS = 12

ROLE_WORDS = frozenset(
    """directorate inspectorate bureau secretariat watchdog company companies firm airline airlines carrier manufacturer maker group bank
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
    general's prime deputy top senior air coast guard guards coastguard coastguards border
    management municipality inspectorate ombudsman insurer retailer supplier employer landlord
    contractor utility unnamed anonymous several some many two three four five
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
    posters bloggers influencers locals villagers neighbours neighbors bystanders onlookers
    passersby townspeople eyewitnesses survivors relatives employees staffers passengers
    commuters shoppers protesters demonstrators campaigners activists""".split()
)
GENERIC_HEADS = frozenset(
    """community world public everyone everybody someone somebody nobody situation it this that
    they we i you he she there who which what developments tensions conflict war""".split()
)
# Institutions named without an article: "Police said ...", "Parliament voted ...".
BARE_INSTITUTIONS = frozenset(
    """police coastguard management parliament congress customs military army navy government
    cabinet""".split()
)
MAX_DEFINITE_MODIFIERS = 3  # "the lifeboat crew", "the regional harbour authority"
TIME_WORDS = MONTHS_AND_DAYS | frozenset("today yesterday tonight tomorrow now earlier later".split())
# Speakers named only by a pronoun ("We did not deny ...", "They denied ...").
PRONOUN_SPEAKERS = frozenset("i we they he she it".split())
DEFINITE_DETERMINERS = frozenset("the its their".split())
# A definite phrase after one of these is its object ("passengers on the ferry said"), not a source.
PREPOSITIONS = frozenset(
    """of on for in at from with by to about near aboard onto into over under between among
    against via per across behind beyond inside outside than around through during toward
    towards upon within without off along""".split()
)
# Heads of definite phrases that are documents or findings: an unnamed source at most.
DOCUMENT_HEADS = frozenset(
    """inspection inspections investigation investigations inquiry inquiries probe audit audits
    review reviews test tests testing result results finding findings figures numbers
    statistics record records recording recordings transcript minutes survey poll assessment
    notice website webpage page filing bulletin leaflet note notes email emails announcement
    timetable""".split()
)
# Heads of definite phrases that name no speaker at all: events, plans, abstractions.
NON_SOURCE_HEADS = frozenset(
    """decision decisions move moves ruling verdict judgment judgement order law laws rule rules
    policy policies plan plans proposal proposals agreement deal schedule forecast map sign
    incident accident attack attacks event events change changes outcome case cases process
    same former latter other others rest first second last one two both whole idea fact truth
    problem issue issues question answer reason cause effect impact way time day year night
    morning evening week month weather storm fire news story""".split()
)
UNNAMED_MARKERS = frozenset("unnamed anonymous unidentified unconfirmed unverified various several some many".split())
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


# Plural heads that, with "the", name the one party behind the thing reported ("the organisers
# said" of a festival), unlike "the islanders", who are anybody on the island.
EVENT_PARTIES = frozenset("organisers organizers owners operators promoters hosts".split())
# "Asked whether anyone had died, the hospital ...": how a reporter's question opens a sentence.
PARTICIPLE_OPENERS = frozenset("""asked pressed questioned contacted reached approached quizzed interviewed
    speaking responding replying writing""".split())


def is_proper(token: Token, sentence_initial: bool, vocabulary: frozenset[str] | set[str] = frozenset()) -> bool:
    """A capitalised word that is a name, not just a word that starts the sentence."""
    if not token.is_cap:
        return False
    bare = token.bare
    if bare in STOPWORDS:
        return False
    if sentence_initial and (
        bare in ROLE_WORDS or bare in ANON_HEADS or bare in GENERIC_HEADS or bare in vocabulary
        or bare in PARTICIPLE_OPENERS
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
    if last >= 1 and tokens[last].is_number and tokens[last - 1].is_cap and tokens[last - 1].is_word:
        # "Families of Ward 6", "Channel 4": a number ends a name after a capitalised word.
        found = scan_left(tokens, last - 1)
        return (found[0], last) if found else None
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


def _plural(word: str) -> bool:
    return word.endswith("s") and not word.endswith(("ss", "us", "is", "'s"))


def _trailing(tokens: list[Token], first: int) -> bool:
    """Does the phrase starting at `first` close its sentence's claim (", the company said",
    ", said the company", "” the company said")?"""
    for k in (first - 1, first - 2):
        if k < 0:
            return False
        text = tokens[k].text
        if text in (",", "\"", "”", "’", "'", ":"):
            return True
        if k == first - 1 and not (tokens[k].is_word and tokens[k].bare in cues.VERBS):
            return False
    return False


def _head_word(token: Token) -> bool:
    """A lower-case word that may head a noun phrase naming a speaker ("coastguard", "operator")."""
    if not token.is_word or token.is_cap or token.possessive:
        return False
    bare = token.bare
    return bare not in TIME_WORDS and (
        len(bare) > 1 and bare not in STOPWORDS and bare not in cues.NEGATORS
        and bare not in cues.VERBS and bare not in VERB_LIKE and bare not in cues.GAP_ADVERBS
        and bare not in PRONOUN_SPEAKERS and not bare.endswith(("ly", "ing"))
        and bare.replace("-", "").isalpha()
    )


def _modifier_word(token: Token) -> bool:
    """A word that may stand between a determiner and the head: "the night", "the Scottish"."""
    if not token.is_word:
        return False
    if token.possessive:
        # "the farmers' cooperative", "the workers' union": a plural possessive classifies the head.
        return token.text.endswith(("s'", "s’")) and not token.is_cap
    bare = token.bare
    if bare in TIME_WORDS:
        return False  # "said the operator on Monday", "the operator yesterday"
    if token.is_cap:
        return bare not in STOPWORDS
    return (
        len(bare) > 1 and bare not in STOPWORDS and bare not in cues.NEGATORS
        and bare not in cues.VERBS and bare not in VERB_LIKE and bare not in cues.GAP_ADVERBS
        and not bare.endswith("ly") and bare.replace("-", "").isalpha()
    )


def definite_phrase_left(tokens: list[Token], last: int) -> tuple[int, int] | None:
    """"the coastguard", "the harbour authority", "its owner": a definite noun phrase ending at
    token `last` whose head is a lower-case noun in no word list, as (first, last), or None.

    The phrase must not be a preposition's object ("passengers on the ferry said").
    """
    if last < 0 or last >= len(tokens) or not _head_word(tokens[last]):
        return None
    j = last - 1
    while j >= 0 and last - j <= MAX_DEFINITE_MODIFIERS + 1:
        token = tokens[j]
        if token.bare in DEFINITE_DETERMINERS:
            if j > 0 and (tokens[j - 1].bare in PREPOSITIONS or tokens[j - 1].possessive):
                return None
            return j, last
        if not _modifier_word(token):
            return None
        j -= 1
    return None


def definite_phrase_right(tokens: list[Token], first: int) -> tuple[int, int] | None:
    """"said the coastguard", "confirmed by the harbour authority": a definite noun phrase
    starting at token `first` ("the"), ending at its lower-case head, as (first, last), or None."""
    n = len(tokens)
    if first < 0 or first >= n or tokens[first].bare not in DEFINITE_DETERMINERS:
        return None
    last = None
    k = first + 1
    while k < n and k - first <= MAX_DEFINITE_MODIFIERS + 1:
        token = tokens[k]
        if _head_word(token):
            last = k
        elif not _modifier_word(token):
            break
        k += 1
    if last is None:
        return None
    return first, last


def classify(
    sentence: Sentence,
    first: int,
    last: int,
    vocabulary: frozenset[str] | set[str] = frozenset(),
) -> SourceName | None:
    """Name and kind of the phrase tokens[first..last] of `sentence`, or None if nothing is left."""
    tokens = sentence.tokens
    definite = tokens[first].bare in DEFINITE_DETERMINERS
    determined = tokens[first].bare in DETERMINERS
    trailing = _trailing(tokens, first)
    first, last = _trim_determiners(tokens, first, last)
    if first > last:
        return None
    # "a spokesperson for the Kremlin", "a spokesperson for the operator": the organisation is
    # the source.
    for i in range(first, last + 1):
        if tokens[i].bare in CONNECTORS_IN_NAME or tokens[i].bare in LOCATIVE_CONNECTORS:
            left_proper = any(is_proper(tokens[j], j == 0, vocabulary) for j in range(first, i))
            right_first, right_last = _trim_determiners(tokens, i + 1, last)
            right_proper = any(
                is_proper(tokens[j], j == 0, vocabulary) for j in range(right_first, right_last + 1)
            )
            right_definite = i + 1 < len(tokens) and tokens[i + 1].bare in DEFINITE_DETERMINERS
            right_role = (
                right_definite and right_first <= right_last and tokens[right_last].bare in ROLE_WORDS
                and tokens[right_last].bare not in ANON_HEADS and not _plural(tokens[right_last].bare)
            )
            if not left_proper and (right_proper or right_role):
                first, last = right_first, right_last
                definite, determined, trailing = right_definite, right_definite, False
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
    if head in ROLE_WORDS and head not in ANON_HEADS and not _plural(head):
        if definite:
            # "Boeing has found cracks ..., the company said": a definite role word closing the
            # sentence stands for the name the sentence opens with; otherwise it is a source of
            # its own ("The harbour authority confirmed ...", "the operator declined ...").
            opener = _opening_name(sentence, vocabulary) if trailing else None
            return SourceName(opener or name, NAMED)
        if not determined and head in BARE_INSTITUTIONS:
            return SourceName(name, NAMED)  # "Police said ...": the institution
        return SourceName(name, ANONYMOUS)  # "a spokesperson said"
    if definite and head in EVENT_PARTIES:
        return SourceName(name, NAMED)  # "the organisers": the party that runs it
    if head in ROLE_WORDS or head in ANON_HEADS:
        return SourceName(name, ANONYMOUS)
    # A head in no word list ("Passengers said", "the coastguard said", "the decision said").
    if head in DOCUMENT_HEADS or not definite:
        return SourceName(name, ANONYMOUS)
    if head in NON_SOURCE_HEADS:
        return SourceName(name, GENERIC)
    if _plural(head):
        return SourceName(name, ANONYMOUS)  # "the islanders said": unnamed people
    return SourceName(name, NAMED)


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
