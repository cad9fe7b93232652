"""Is a clause about the statement? Content-word coverage plus agreement on the subject.

A statement is read into content words (stop words dropped, words stemmed, demonyms joined to
their places) and split into *entities* (capitalised names: "North Korea", "Russia") and
*predicate* words (what is said of them: "troops", "provided", "weapons", "October", "27").
The statement's *subject* is its first run of entity words ("North Korean" in "North Korean
troops are in Russia"; "Poland" in "Poland will make concessions to Russia"). A statement with no
entity at all falls back on the head noun of its first noun phrase when that phrase is definite:
"ferry" in "The night ferry to the islands has been cancelled" (its modifiers, "night", count only
towards coverage). An indefinite one ("A man paid ...", "Some ferries ...") names nobody in
particular, so any clause may agree with it; the predicate and coverage rules still apply.

A clause is relevant when all three hold:

1. **subject agreement** — it names the statement's subject (any of the subject's distinctive
   words; "North"/"South"/"United" alone do not count). "no concessions are planned" is not about
   *Poland's* concessions.
2. **predicate overlap** — it shares at least one predicate word, or it speaks of the subject's
   "involvement"/"role" in general, which bears on any specific claim about the subject. A clause
   that names North Korea and Russia but speaks only of weapons is not about troops.
3. **coverage >= 0.5** — the weighted share of the statement's content words the clause
   contains. Over an article each word is weighted by its inverse document frequency across the
   article's sentences (ln((N+1)/(df+1)) + 1), so the words every sentence repeats ("North",
   "Korea", "troops") count less than the specifics ("October", "27", "combat zone") that
   distinguish one claim from another. For a lone quote every word weighs 1. Half the statement's
   weighted content is the line: below it a clause shares the topic but not the claim.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from workers.extraction import cues
from workers.extraction.sentences import MONTHS_AND_DAYS, Sentence, Token, content_keys, tokenize, word_keys
from workers.extraction.source_names import is_proper

RELEVANCE_THRESHOLD = 0.5
PLACE_PREPOSITIONS = frozenset("in into near at from across onto inside outside".split())
AUXILIARIES = frozenset("is are was were has have had will would be been".split())
GIVEN_CREDIT = 0.5
DEFINITE = frozenset("the these those such this that".split())
HEAD_FOLLOWERS = frozenset(
    "is are was were has have had will would could can may might must did does do".split()
)
# Words a statement's first noun phrase may open with before its modifiers and head.
NP_OPENERS = frozenset(
    """the a an this that these those some all many most several every each any no its their his
    her our my your both few much more""".split()
)
# Openers that pick out one particular thing ("the night ferry", "this factory"); "a man", "some
# ferries" name nobody in particular, so they fix no subject a clause must agree on.
DEFINITE_OPENERS = frozenset("the this that these those its their his her our my your".split())
MAX_NP_WORDS = 5
NP_PREPOSITIONS = frozenset("of to in at on for from near between across".split())
# Common irregular past tenses: a verb, never the head of the noun phrase before it.
IRREGULAR_PAST = frozenset(
    """sank sunk fell rose went came left lost won hit shut cut ran began broke caught built bought
    sold struck stole spent paid kept held told found gave got shot fled fought threw drove flew
    grew knew saw sent set stood wrote took made said put quit led fed hid slid swam sang rang
    drank ate became withdrew overtook underwent arose spread burst bit bled blew brought chose
    dealt dug drew forbade forgave froze hung heard laid lay lent lit meant met rode sought shook
    shone slept spoke stuck stung swore swept taught tore thought understood woke wore wound""".split()
)
RESTATEMENT_THRESHOLD = 0.7
RESTATEMENT_WINDOW = 200  # sentences; an article restates its own earlier paragraphs

GENERIC_SUBJECT_WORDS = frozenset(
    """north south east west northern southern eastern western new united great central
    democratic republic people's federal islamic kingdom""".split()
)
# Words for a party's part in events in general; they bear on any specific claim about it.
GENERIC_EVENT_KEYS = frozenset().union(
    *(word_keys(w, False) for w in
      "involvement involved role participation participating activity activities engagement "
      "interference meddling complicity".split())
)


@dataclass(frozen=True)
class StatementItem:
    text: str
    keys: frozenset[str]
    entity: bool
    # Part of a name-less subject phrase ("night", "ferry", "islands" in "The night ferry to the
    # islands has been cancelled"): like an entity word, it says what the statement is about,
    # not what it says of it.
    in_subject: bool = False
    # In the place phrase after what happened ("into the Ostby river"): like a name, the article
    # may have given it once for all its sentences.
    in_place: bool = False


@dataclass(frozen=True)
class StatementProfile:
    text: str
    items: tuple[StatementItem, ...]
    subject_keys: frozenset[str]
    weights: tuple[float, ...] = ()
    all_keys: frozenset[str] = field(default_factory=frozenset)
    # The noun the subject's names modify: "troops" in "North Korean troops".
    subject_head_keys: frozenset[str] = field(default_factory=frozenset)
    # What the statement says happened: its main verb and the object or complement before any
    # preposition ("leaked" in "Chlorine gas leaked from the works"; "set", "deliberately" in
    # "The wildfire was set deliberately"). A clause must name one of them to be about the claim.
    head_keys: tuple[frozenset[str], ...] = ()
    # How it happened, when the statement says so ("illegally", "deliberately"): that is the
    # claim, so a clause that leaves it out ("a fishing trawler was seized") is about another point.
    manner_keys: frozenset[str] = field(default_factory=frozenset)
    # The subject is a thing, not a name ("Chlorine gas", "Customer records"): an article that
    # has named it may go on without repeating it ("none of its wagons had leaked").
    common_subject: bool = False
    common_subject_keys: frozenset[str] = field(default_factory=frozenset)
    # The statement says something did not happen, in words the engine could not turn into an
    # affirmative form ("Corvex said that no crashes had been linked"): a clause that negates it
    # too agrees with it.
    negated: bool = False

    @property
    def has_predicate(self) -> bool:
        return any(not item.entity and not item.in_subject for item in self.items)


@dataclass(frozen=True)
class Relevance:
    relevant: bool
    coverage: float
    subject_ok: bool
    predicate_ok: bool


def analyse_statement(statement: str, vocabulary: frozenset[str] | set[str] = frozenset()) -> StatementProfile:
    """Content words of `statement`, which of them are entities, and its subject's keys.

    `vocabulary` (lower-case words seen in lower case in the text being read) tells a common word
    that happens to start the statement from a name.
    """
    tokens = tokenize(statement[:2000]) if isinstance(statement, str) else []
    items: list[StatementItem] = []
    seen: set[frozenset[str]] = set()
    subject: list[Token] = []
    head: list[Token] = []
    subject_done = False
    in_place = False
    words = [t for t in tokens if t.is_word or t.is_number]
    for position, token in enumerate(words):
        initial = position == 0
        nxt = words[position + 1] if position + 1 < len(words) else None
        entity = token.is_word and token.bare not in MONTHS_AND_DAYS and (
            is_proper(token, initial, vocabulary)
            or (initial and token.is_cap and nxt is not None and nxt.is_cap and token.is_content)
        )
        if entity and not subject_done:
            if not subject and position >= 2 and words[position - 2].bare in DEFINITE_OPENERS \
                    and words[position - 1].is_content and not words[position - 1].is_cap:
                head.append(words[position - 1])  # "the ferry Solveig": "the ferry" is Solveig
            subject.append(token)
            if token.possessive:
                subject_done = True
        elif subject and not subject_done:
            subject_done = True
            following = words[position + 1].bare if position + 1 < len(words) else ""
            # The noun the names modify ("North Korean troops are"), not a verb ("Boeing found").
            if token.is_content and (token.bare.endswith("s") or following in HEAD_FOLLOWERS):
                head.append(token)
        if token.bare in PLACE_PREPOSITIONS and any(t.bare in AUXILIARIES or t.bare.endswith("ed")
                                                    for t in words[:position]):
            in_place = True
            # "Nobody was injured in the Cedar Hollow wildfire": a name after the verb, in a
            # place phrase, is where it happened, not what the statement is about.
            subject_done = subject_done or not subject
        if (not subject and token.bare in NP_PREPOSITIONS and token.bare != "of"
                and any(t.is_content for t in words[:position])):
            # "Chlorine levels near the Halvorsen plant exceeded ...": the name modifies the
            # common noun the statement is about.
            subject_done = True
        if not token.is_content and not entity:
            continue
        if token.keys in seen:
            continue
        seen.add(token.keys)
        items.append(StatementItem(token.text, token.keys, entity, in_place=in_place))
    distinctive = [t for t in subject if t.bare not in GENERIC_SUBJECT_WORDS] or subject
    subject_keys = frozenset().union(*(t.keys for t in distinctive)) if distinctive else frozenset()
    if not subject:
        # No name anywhere: the subject is what the first noun phrase is about ("ferry"), if
        # it is a particular thing ("the night ferry", not "a man").
        noun, phrase = first_noun_phrase(tokens, definite_only=True)
        if noun is not None:
            subject_keys = noun.keys
            phrase_keys = [t.keys for t in phrase]
            items = [replace(item, in_subject=item.keys in phrase_keys) for item in items]
    all_keys = frozenset().union(*(item.keys for item in items)) if items else frozenset()
    head_words, common_noun = _predicate_head(tokens, vocabulary)
    head_keys = tuple(t.keys for t in head_words)
    return StatementProfile(
        negated=any(t.bare in cues.NEGATORS for t in words),
        text=statement if isinstance(statement, str) else "",
        items=tuple(items),
        subject_keys=subject_keys,
        weights=tuple(1.0 for _ in items),
        all_keys=all_keys,
        # "the hackers" for "Chinese hackers"; "the tower" for "the Eiffel Tower".
        subject_head_keys=(head[0].keys if head else frozenset())
        | (subject[-1].keys if len(subject) > 1 and subject[-1].bare not in GENERIC_SUBJECT_WORDS else frozenset()),
        head_keys=head_keys,
        manner_keys=frozenset().union(*(k for k, word in zip(head_keys, head_words) if word.bare.endswith("ly")),
                                      *_circumstance_keys(words, vocabulary)),
        common_subject=common_noun is not None,
        common_subject_keys=common_noun.keys if common_noun is not None else frozenset(),
    )


MAX_HEAD_WORDS = 3
# Verbs that say little of their own ("Iranian drones were used in the attack"): the claim is in
# their arguments, so they are no head a clause must repeat.
LIGHT_VERBS = frozenset("used use uses using involved present seen held carried given put happened occurred took".split())


def _predicate_head(tokens: list[Token], vocabulary) -> tuple[tuple[Token, ...], Token | None]:
    """(the predicate's head words, the subject's common noun if it names no one): see
    StatementProfile.head_keys. "X confirmed that P" is read for P's head: the saying is checked
    elsewhere (workers.scoring.speech_acts), the content here."""
    words = [t for t in tokens if t.is_word or t.is_number]
    start = 0
    for _ in range(2):
        verb = _first_verb(words, start)
        if verb is None:
            return (), None
        if words[verb].bare in cues.VERBS and verb + 1 < len(words) and words[verb + 1].bare == "that":
            start = verb + 2  # "Lumera Bank confirmed that ...": the content's own predicate
            continue
        break
    noun, _ = first_noun_phrase(words[start:verb])
    common_noun = noun if noun is not None and not is_proper(noun, noun is words[start], vocabulary) else None
    head: list[Token] = []
    for i in range(verb, len(words)):
        token = words[i]
        after = words[i + 1] if i + 1 < len(words) else None
        # "linked to the fault", "sold to Russia": "to" before a noun phrase ends the head; "ordered
        # to evacuate" goes on to the verb.
        to_phrase = token.bare == "to" and after is not None and (after.bare in DEFINITE_OPENERS or after.is_cap
                                                                  or after.bare in ("a", "an"))
        if token.bare in NP_PREPOSITIONS and token.bare != "to" or to_phrase or token.bare in ("by", "with", "after", "because", "over", "into", "during", "when", "while", "before", "since", "until"):
            break
        if token.is_content and not is_proper(token, False, vocabulary) and token.bare not in LIGHT_VERBS:
            head.append(token)
        if len(head) >= MAX_HEAD_WORDS:
            break
    return tuple(head), common_noun


def _first_verb(words: list[Token], start: int) -> int | None:
    """Index of the statement's main verb (or auxiliary) from `start`: after the subject's noun
    phrase, skipping participles that modify it ("chicken served by ...")."""
    for i in range(start + 1, len(words)):
        token = words[i]
        bare = token.bare
        nxt = words[i + 1].bare if i + 1 < len(words) else ""
        if bare in cues.AUXILIARIES or bare in cues.NEGATORS:
            # "were stolen", "has been contained", "did not move": the verb after them
            j = i
            while j < len(words) and (words[j].bare in cues.AUXILIARIES or words[j].bare in cues.NEGATORS):
                j += 1
            return j if j < len(words) else None
        if nxt == "by" and bare.endswith("ed"):
            continue  # "served by Greenplate": a participle modifying the subject
        if bare in IRREGULAR_PAST or bare in cues.VERBS or (
            bare.endswith("ed") and len(bare) > 3 and not token.is_cap
        ):
            return i
    return None


def _verb_like(token: Token, run_length: int) -> bool:
    bare = token.bare
    if bare in cues.AUXILIARIES or bare in IRREGULAR_PAST or bare in cues.VERBS:
        return True
    # "-ed" and "-ing" after a noun are verbs ("The factory closed", "workers striking");
    # before one they are modifiers ("the flooded highway", "striking workers").
    return run_length > 0 and bare.endswith(("ed", "ing")) and len(bare) > 4


def first_noun_phrase(tokens: list[Token], definite_only: bool = False) -> tuple[Token | None, list[Token]]:
    """Head noun of the first noun phrase, and the phrase's content words: ("ferry", [night,
    ferry, islands]) for "The night ferry to the islands has been cancelled".

    Skips the determiners and numbers it opens with, then takes content words up to the first
    stop word, punctuation, auxiliary or verb; the last of them is the head. After a possessive
    the phrase goes on ("workers" in "The factory's workers went on strike"); prepositional
    phrases after the head ("to the islands") belong to it. With `definite_only`, a phrase that
    does not open with a definite determiner gives (None, []).
    """
    n = len(tokens)
    i = 0
    while i < n and not (tokens[i].is_word or tokens[i].is_number):
        i += 1  # an opening quote mark
    if definite_only and (i >= n or tokens[i].bare not in DEFINITE_OPENERS):
        return None, []
    head = None
    phrase: list[Token] = []
    while i < n:
        i, run = _np_run(tokens, i)
        if run:
            head = run[-1]
            phrase.extend(run)
        if head is None or not head.possessive or not run:
            break
    if head is None:
        return None, []
    # "to the islands", "of the company": post-modifiers, as long as no verb intervenes.
    while i + 1 < n and tokens[i].bare in NP_PREPOSITIONS and len(phrase) < 3 * MAX_NP_WORDS:
        i, run = _np_run(tokens, i + 1)
        if not run:
            break
        phrase.extend(run)
    return head, phrase


def _np_run(tokens: list[Token], i: int) -> tuple[int, list[Token]]:
    """Determiners and numbers skipped, then the content words of one noun phrase from `i`."""
    n = len(tokens)
    while i < n and (tokens[i].bare in NP_OPENERS or tokens[i].is_number):
        i += 1
    run: list[Token] = []
    while i < n and len(run) < MAX_NP_WORDS:
        token = tokens[i]
        if not token.is_word or not token.is_content or token.bare in MONTHS_AND_DAYS:
            break
        if _verb_like(token, len(run)) or token.bare.endswith("ly"):
            break
        run.append(token)
        i += 1
        if token.possessive:
            break
    return i, run


def with_document_weights(profile: StatementProfile, sentences: list[Sentence]) -> StatementProfile:
    """Weight each statement word by its inverse document frequency over `sentences`."""
    if not sentences or not profile.items:
        return profile
    sentence_keys = [content_keys(s.tokens) for s in sentences]
    n = len(sentence_keys)
    weights = []
    for item in profile.items:
        df = sum(1 for keys in sentence_keys if item.keys & keys)
        # A word the article never uses tells none of its clauses from another: it weighs as
        # little as a word every sentence repeats, not as the rarest specific.
        weights.append(math.log((n + 1) / (df + 1)) + 1.0 if df else 1.0)
    return replace(profile, weights=tuple(weights),
                   subject_head_keys=profile.subject_head_keys | _descriptions_of_subject(profile, sentences))


def _descriptions_of_subject(profile: StatementProfile, sentences: list[Sentence]) -> frozenset[str]:
    """ "the Norwegian fishing trawler Havbris": the article's common noun just before the
    subject's name, by which it may go on to call it ("the trawler")."""
    if not profile.subject_keys:
        return frozenset()
    found: set[str] = set()
    for sentence in sentences:
        tokens = sentence.tokens
        for i in range(1, len(tokens)):
            before = tokens[i - 1]
            if (tokens[i].is_cap and tokens[i].keys & profile.subject_keys and before.is_word
                    and not before.is_cap and before.is_content):
                found.update(before.keys)
    return frozenset(found)


def assess(profile: StatementProfile, tokens: list[Token], subject_known: bool = False,
           given: frozenset[str] | set[str] = frozenset()) -> Relevance:
    """How `tokens` (a clause, with its source and any antecedent) bear on the statement.

    `subject_known`: the subject is referred to without being named — the source speaks of
    itself ("Tehran denied that its drones ...") or the clause says "the hackers" after earlier
    sentences named them "Chinese hackers".
    `given`: the keys of the article the clause stands in. A name the article has already given
    (the place, the company) need not be repeated in each sentence about it, so such a statement
    word counts half towards coverage; what the statement says happened (its head) and the
    thing it happened to must be in the clause itself.
    """
    if not profile.items:
        return Relevance(False, 0.0, False, False)
    keys = content_keys(tokens)
    total = sum(profile.weights) or 1.0
    covered = 0.0
    predicate_hit = False
    for item, weight in zip(profile.items, profile.weights):
        if item.keys & keys:
            covered += weight
            if not item.entity and not item.in_subject:
                predicate_hit = True
        elif (item.entity or item.in_subject or item.keys & profile.common_subject_keys
              or (item.in_place and not any(item.keys & head for head in profile.head_keys))) and item.keys & given:
            # A name or the subject the article has already given; never what is said of it
            # ("the football league" is not "the presidential election").
            covered += weight * GIVEN_CREDIT
    coverage = covered / total
    subject_ok = (not profile.subject_keys or bool(profile.subject_keys & keys) or subject_known
                  or (profile.common_subject and bool(profile.common_subject_keys & keys)))
    if profile.head_keys:
        asserted = _without_time_clauses(tokens)
        main_keys = keys if len(asserted) == len(tokens) else content_keys(asserted)
        predicate_hit = any(head & main_keys for head in profile.head_keys[1:]) or _names_event(
            profile.head_keys[0], asserted)
        if profile.manner_keys and not any(profile.manner_keys & t.keys for t in tokens):  # "before" is a stop word
            predicate_hit = False
    # "involvement", "role": a clause may name what happened in general words, but not when the
    # statement says what was done to what ("provided weapons"): then that thing must be named.
    generic_ok = bool(GENERIC_EVENT_KEYS & keys) and len(profile.head_keys) <= 1
    predicate_ok = not profile.has_predicate or predicate_hit or generic_ok
    relevant = subject_ok and predicate_ok and coverage >= RELEVANCE_THRESHOLD
    return Relevance(relevant, round(coverage, 4), subject_ok, predicate_ok)


# "were injured when it ran aground": what a time clause says is taken as known, not reported.
TIME_CLAUSE_OPENERS = frozenset("when after before while until since once".split())
CLAUSE_ENDS = frozenset(", ; : . — –".split())


# Words that say a thing happened again, which a report of it happening once does not say.
ITERATION_WORDS = frozenset("before again previously twice repeatedly".split())


def _circumstance_keys(words: list[Token], vocabulary) -> list[frozenset[str]]:
    """ "detained while trying to cross the border": what was being done is the claim's point,
    as a manner is, so a clause must name some of it."""
    # "before" only as an adverb, at the end ("had failed a test before"), not "before the race".
    again = [t.keys for i, t in enumerate(words[1:], start=1) if t.bare in ITERATION_WORDS
             and (t.bare != "before" or i == len(words) - 1)]
    if again:
        return again  # "had failed a test before": that it happened again is the point
    for i, token in enumerate(words):
        if token.bare == "while":
            return [t.keys for t in words[i + 1:] if t.is_content and not is_proper(t, False, vocabulary)
                    and t.bare not in LIGHT_VERBS and t.bare not in ("trying", "attempting")]
    return []


def _without_time_clauses(tokens: list[Token]) -> list[Token]:
    if not any(t.bare in TIME_CLAUSE_OPENERS for t in tokens):
        return tokens
    kept, inside = [], False
    for token in tokens:
        if token.bare in TIME_CLAUSE_OPENERS:
            inside = True
        elif inside and token.text in CLAUSE_ENDS:
            inside = False
        if not inside:
            kept.append(token)
    return kept


def _names_event(verb_keys: frozenset[str], tokens: list[Token]) -> bool:
    """Does the clause say what the statement's verb says? "The rise would hurt commuters" names
    the rise only to say something else of it: a verb met as a definite noun is presupposed,
    not reported."""
    for i, token in enumerate(tokens):
        if token.is_content and token.keys & verb_keys:
            if i == 0 or tokens[i - 1].bare not in DEFINITE_OPENERS or token.bare.endswith(("ed", "en")):
                return True  # "the cancelled ferry" still says it was cancelled
            if i >= 2 and tokens[i - 2].bare in AUXILIARIES:
                return True  # "was the largest": a predicate, not a thing presupposed
            if i + 1 < len(tokens) and tokens[i + 1].bare in ("toll", "tally"):
                return True  # "the death toll rose to 19" says how many died
    return False


def refers_to_subject(profile: StatementProfile, tokens: list[Token], context: list[Token]) -> bool:
    """"the hackers" in a clause, with "Chinese" in the sentences just before: the statement's
    subject is meant even though the clause does not name it."""
    if not profile.subject_head_keys or not profile.subject_keys:
        return False
    if not profile.subject_keys & content_keys(context):
        return False
    for i in range(1, len(tokens)):
        if tokens[i].keys & profile.subject_head_keys and tokens[i - 1].bare in DEFINITE:
            return True
    return False


def sentence_signature(sentence: Sentence, profile: StatementProfile | None = None) -> frozenset[str]:
    """Content-word stems of a sentence, for spotting restatements.

    The statement's own words are left out: every sentence about the claim shares them, so only
    what a sentence says besides the claim tells a restatement from a new report.
    """
    skip = profile.all_keys if profile is not None else frozenset()
    return frozenset(
        min(t.keys) for t in sentence.tokens if t.is_content and t.keys and not (t.keys & skip)
    )


def restates(signature: frozenset[str], earlier: list[frozenset[str]]) -> bool:
    """Does a sentence with `signature` mostly repeat one earlier sentence (>= 70% of its words)?

    Only the last RESTATEMENT_WINDOW sentences are compared, which keeps a long text linear.
    """
    if len(signature) < 3:
        return False
    for other in earlier[-RESTATEMENT_WINDOW:]:
        if len(signature & other) / len(signature) >= RESTATEMENT_THRESHOLD:
            return True
    return False
