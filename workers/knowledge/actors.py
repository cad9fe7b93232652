"""Which state a name speaks for, and which states a text names.

`actor_for` reads a source's name the way a careful reader does: "Moscow", "the Kremlin",
"Russian officials" and "Russia's defence ministry" are all the government of Russia;
"Capitol Hill" is the US Congress; "KCNA" is North Korea's state news agency, so its
government. A name that is not wholly a state body ("Washington Post", "Jordan Peterson",
"Reuters") is no state actor. A ministry named without its country ("Environment Minister Jane
Doe") belongs to a government only when the caller knows which country the text is about.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from workers.knowledge.lexicon import (
    BLOCK, CAPITAL, CURATED, DEMONYM, GEORGIA_US_SIGNALS, LEGISLATURE, NAME, SEAT, STATE_MEDIA, Form, Token,
    country_name, longest_forms, tokenize,
)


@dataclass(frozen=True)
class Actor:
    id: str      # "government:ru", "legislature:us"
    name: str    # "Government of Russia"
    kind: str    # "government" or "legislature"

    @property
    def country(self) -> str:
        return self.id.partition(":")[2]


# Words that, next to a state's name, make a body of that state. An executive anchor makes it
# the government; a legislative one (and no executive one) its legislature. Portfolio and filler
# words may sit around them ("the Ministry of Foreign Affairs of", "deputy ... spokeswoman").
_EXECUTIVE = frozenset("""
    government governments administration authorities authority officials official ministry ministries
    minister ministers president presidency presidential premier chancellor chancellery cabinet
    embassy embassies consulate ambassador envoy envoys mission delegation diplomats diplomat negotiators
    military army navy police regime junta leader leadership king queen emir sultan monarch
    spokesman spokeswoman spokesperson spokespeople intelligence department secretary
    forces troops
""".split())
_EXECUTIVE_PHRASES = frozenset({
    ("state", "media"), ("state", "television"), ("state", "tv"), ("state", "broadcaster"),
    ("state", "news"), ("state", "radio"), ("state", "newspaper"), ("state", "outlets"),
    ("foreign", "office"), ("home", "office"), ("air", "force"), ("armed", "forces"),
    ("general", "staff"), ("security", "services"), ("border", "guards"), ("coast", "guard"),
})
_LEGISLATIVE = frozenset("""
    parliament parliamentary lawmakers legislators legislature mps congress congressional senate
    senators assembly duma
""".split())
_PORTFOLIOS = frozenset("""
    foreign defence defense interior home internal justice finance finances economy economic
    health environment environmental education energy trade industry agriculture transport
    labour labor culture emergency emergencies situations affairs security information
    communications digital development science technology tourism social welfare women youth
    sport sports housing water mines mining oil petroleum fisheries climate public works planning
    unification reunification commerce treasury homeland immigration natural resources
    infrastructure family children human rights relations international cooperation overseas
    territorial civil aviation maritime veterans religious
""".split())
_FILLERS = frozenset("""
    of the for and on to ' s . , - & / state national federal central media news agency television tv
    broadcaster radio newspaper outlets press first deputy vice chief head senior top acting prime
    general staff services service guard guards border air coast armed supreme office
""".split())
# Titles a person's name follows: "Environment Minister Jane Doe", "Kremlin spokesman Dmitry Peskov".
_TITLES = frozenset("""
    minister president premier chancellor spokesman spokeswoman spokesperson ambassador envoy
    secretary leader king queen emir sultan general chief director adviser advisor
""".split())
# Anchors that tie an unnamed body to the caller's context country: a ministry or a government
# is a state's; a "president" or "officials" may be a company's or a city's.
_MINISTERIAL = frozenset({"ministry", "ministries", "minister", "ministers", "government", "cabinet"})
_BODY_WORDS = _EXECUTIVE | _LEGISLATIVE | _PORTFOLIOS | _FILLERS
_NAME_WORDS = 4
_PLACE_WORDS = frozenset({"in", "at", "to"})
# Capitalised only because a sentence starts with them: "In Washington", not "Denzel Washington".
_SENTENCE_OPENERS = frozenset("""
    in from to at and but the for with by on of as after before since said says both while when if
    then so yet or a an this that today yesterday meanwhile also only even like unlike across
    inside outside near over under against between about via now here there why how what where who
""".split())
_LONGEST_NAME = 300          # characters; a source's name, not an article
_LONGEST_CACHED_TEXT = 2000   # longest person's name accepted after a title


@lru_cache(maxsize=65536)
def actor_for(name: str, context_country: str | None = None) -> Actor | None:
    """The state actor `name` speaks for, or None when it is not (wholly) a state body.

    `context_country` (an ISO alpha-2 code) is the country the text is about, when the caller
    knows it; it gives an unnamed ministry ("the environment ministry") its government.
    """
    if len(name) > _LONGEST_NAME:
        return None
    words = tokenize(name)
    if not words:
        return None
    # "the Russian embassy in Washington", "the US ambassador to the UN": the body is its
    # sending state's, wherever it sits.
    cut = next((i for i, w in enumerate(words) if w.key in _PLACE_WORDS), None)
    if cut:
        return _actor_of_words(words[:cut], name, context_country)
    return _actor_of_words(words, name, context_country)


def _actor_of_words(words: list[Token], name: str, context_country: str | None) -> Actor | None:
    spans = _state_spans(words)
    context = (context_country or "").lower() or None
    codes = {code for _, _, form in spans for code in form.codes}
    if any(form.role == BLOCK for _, _, form in spans):
        return None
    if len(spans) > 1 and len(codes) > 1:
        return None   # "Russia and China", "US-Russian talks": more than one state
    rest = _outside(words, spans)
    if not spans:
        body = _body(rest)
        if context in CURATED["countries"] and body and body[0] == "government" and body[1] & _MINISTERIAL:
            return _actor(context, "government")
        return None
    form = spans[0][2]
    code = _one_code(form, context)
    if code is None or _georgia_means_the_us_state(form, name, context):
        return None
    if not rest:
        if form.role == DEMONYM:
            return None   # "Russians" are people, not their government
        return _actor(code, "legislature" if form.role == LEGISLATURE else "government")
    if form.role == STATE_MEDIA:
        return None   # "KCNA reporter Kim" is a person, not the agency
    body = _body(rest)
    if body is None:
        return None
    kind, _ = body
    if form.role == LEGISLATURE:
        kind = "legislature"
    return _actor(code, kind)


def country_mentions(text: str) -> set[str]:
    """ISO alpha-2 codes (lower case) of the states `text` names, by name, demonym, capital or metonym.

    A form shared by two states ("Korean", "Congo") counts only for a state the text also names
    unambiguously.
    """
    # Statements repeat (one per evidence item, per cluster); whole articles are read once.
    return set(_cached_mentions(text) if len(text) <= _LONGEST_CACHED_TEXT else _mentions(text))


def _mentions(text: str) -> frozenset[str]:
    words = tokenize(text)
    named: set[str] = set()
    ambiguous: set[str] = set()
    for start, end, form in _state_spans(words, in_running_text=True):
        if form.role == BLOCK or _georgia_means_the_us_state(form, text, None):
            continue
        if len(form.codes) == 1:
            named |= form.codes
        else:
            ambiguous |= form.codes
    return frozenset(named | (ambiguous & named))


_cached_mentions = lru_cache(maxsize=4096)(_mentions)


def _state_spans(words: list[Token], in_running_text: bool = False) -> list[tuple[int, int, Form]]:
    spans = []
    index = 0
    while index < len(words):
        end, forms = longest_forms(words, index, in_running_text)
        if forms:
            form = _preferred(forms)
            if not (in_running_text and form.person_like and _inside_a_persons_name(words, index, end)):
                spans.append((index, end, form))
            index = end
        else:
            index += 1
    return spans


def _preferred(forms: list[Form]) -> Form:
    order = (BLOCK, STATE_MEDIA, LEGISLATURE, NAME, CAPITAL, SEAT, DEMONYM)
    return min(forms, key=lambda f: order.index(f.role) if f.role in order else len(order))


def _inside_a_persons_name(words: list[Token], start: int, end: int) -> bool:
    """"Jordan Peterson", "Denzel Washington", "Chad Smith": a capitalised neighbour that is no
    state word and no body word makes the form part of a person's name."""
    def name_like(token: Token) -> bool:
        return (token.surface[:1].isupper() and token.surface.isalpha()
                and token.key not in _BODY_WORDS and not longest_forms([token], 0)[1])
    after = words[end] if end < len(words) else None
    if after is not None and name_like(after):
        return True
    if start == 0:
        return False
    before = words[start - 1]
    if before.surface == "." and start >= 2 and len(words[start - 2].surface) == 1:
        return words[start - 2].surface.isupper()   # an initial: "Booker T. Washington"
    sentence_start = start == 1 or words[start - 2].surface in {".", "!", "?", "\"", "“", ":"}
    return name_like(before) and not (sentence_start and before.key in _SENTENCE_OPENERS)


def _outside(words: list[Token], spans) -> list[Token]:
    covered = {i for start, end, _ in spans for i in range(start, end)}
    rest = [w for i, w in enumerate(words) if i not in covered]
    while rest and rest[0].key == "the":
        rest = rest[1:]
    return rest


def _body(rest: list[Token]) -> tuple[str, set[str]] | None:
    """("government" | "legislature", anchor words) when `rest` is wholly a state body's words,
    with perhaps a person's name after a title (or before a comma); otherwise None."""
    keys = [w.key for w in rest]
    keys = _without_a_persons_name(keys)
    if keys is None:
        return None
    if any(k not in _BODY_WORDS for k in keys):
        return None
    executive = {k for k in keys if k in _EXECUTIVE}
    executive |= {" ".join(p) for p in zip(keys, keys[1:]) if p in _EXECUTIVE_PHRASES}
    legislative = {k for k in keys if k in _LEGISLATIVE}
    if executive:
        return "government", executive
    if legislative:
        return "legislature", legislative
    return None


def _without_a_persons_name(keys: list[str]) -> list[str] | None:
    """Drop "Jane Doe" from "environment minister Jane Doe" or from "Jane Doe, the environment
    minister"; a name with no title beside it is no state body (None)."""
    vocabulary = _BODY_WORDS
    if "," in keys:
        cut = keys.index(",")
        head, tail = keys[:cut], keys[cut + 1:]
        if 0 < len(head) <= _NAME_WORDS and not any(k in vocabulary for k in head) and set(tail) & _TITLES:
            return tail
    last_title = max((i for i, k in enumerate(keys) if k in _TITLES), default=None)
    if last_title is None:
        return keys
    trailing = keys[last_title + 1:]
    unknown = [k for k in trailing if k not in vocabulary]
    if unknown and len(trailing) <= _NAME_WORDS and all(k not in vocabulary for k in trailing):
        return keys[:last_title + 1]
    return keys


def _one_code(form: Form, context: str | None) -> str | None:
    if len(form.codes) == 1:
        return next(iter(form.codes))
    return context if context in form.codes else None


def _georgia_means_the_us_state(form: Form, text: str, context: str | None) -> bool:
    if form.codes != {"ge"} or form.role not in (NAME, DEMONYM):
        return False
    return context == "us" or GEORGIA_US_SIGNALS.search(text) is not None


def actor_with_id(actor_id: str) -> Actor:
    """The actor an id names: "government:kp" is the Government of North Korea."""
    kind, _, code = actor_id.partition(":")
    return _actor(code, kind)


def _actor(code: str, kind: str) -> Actor:
    label = "Government" if kind == "government" else "Legislature"
    return Actor(f"{kind}:{code}", f"{label} of {country_name(code)}", kind)

