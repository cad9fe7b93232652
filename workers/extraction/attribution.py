"""Read an article and list who it says confirms, denies or takes no side on a statement.

Who said what comes from the learned extractor (workers.attribution.find_attributions): its
speaker, resolved through "she" and "the board", is the source. What the attribution says about
the statement comes from the stance rules: where the rules read a claim at the same cue
(workers.extraction.claims) their per-claim relevance and stance decide (they know "did not
deny", "which both X and Y have denied", "dismissed the accusation"); where they read none, the
attribution's own words are rewritten as one plain sentence, "<source> <cue> <content>", and
read by infer_quote_stance. An attribution counts only when its content addresses the statement.

An unnamed source ("a source said", "officials said", "reportedly", a passive) becomes
``UNATTRIBUTED`` with ``"anonymous": True``; a pronoun no name resolves produces nothing; "both
Pyongyang and Moscow" are two sources. A sentence that mostly repeats an earlier one adds no
unattributed entry and no entry for a source already listed. One source's several attributions
in one sentence keep the most decisive stance. Each entry carries the exact spans
(`source_span`, `cue_span`, `content_span`: {text, start, end} into the text) that counted.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

from workers.attribution import Attribution, Span, find_attributions
from workers.extraction.claims import ADVERB, PASSIVE, find_claims
from workers.extraction.cues import NONCOMMIT
from workers.extraction.quote_stance import SELF_REFERENCE, Stance, better, claim_relevance, claim_stance, direct_claim, infer_quote_stance
from workers.extraction.relevance import analyse_statement, restates, sentence_signature, with_document_weights
from workers.extraction.sentences import MONTHS_AND_DAYS, content_keys, fold, split_sentences, tokenize
from workers.knowledge import actor_for
from workers.extraction.source_names import ANON_HEADS, ANONYMOUS, GENERIC, NAMED, _strip_title, titled_people

UNATTRIBUTED = "unattributed reports"
# Bounds on the work for one document: cue words are short, and an article with more
# attributions than this is not an article (repeated boilerplate, generated text).
MAX_CUE_CHARS = 200
MAX_ATTRIBUTIONS = 400
# The attribution extractor reads no further than this (workers.attribution.pipeline).
MAX_ACTOR_TEXT = 200_000
# "a group of parents, Families of Ward 6,": an unnamed description, then the name it goes by.
_NAME_AFTER_DESCRIPTION = re.compile(r"(?:[Aa]n?|[Tt]he)\s+[a-z][^,]*,\s*((?:[A-Z][\w'’&.-]*)(?:\s+(?:of|for|and|&|[A-Z0-9][\w'’&.-]*))*)\s*,?$")
_PRONOUNS = frozenset("he she they it we i you who which this that these those one someone".split())
# Words that follow the head of a source's noun phrase: "people in town", "residents who fled".
_AFTER_HEAD = frozenset("in of from at on near with who that which".split())
_UNNAMED_DETERMINERS = frozenset("a an some several many two three four other another unnamed anonymous".split())


def _name_key(name: str) -> str:
    words = "".join(ch if ch.isalnum() else " " for ch in fold(name)).split()
    return " ".join(words[1:] if words[:1] == ["the"] else words)


def _speaker(attribution: Attribution, actors: _ArticleActors | None = None) -> tuple[str, bool] | None:
    """(source name, anonymous) for an attribution, or None when it names nobody."""
    if attribution.source is None:
        return UNATTRIBUTED, True
    speaker = attribution.speaker
    if speaker is None:
        return None
    words = speaker.replace("’", "'").split()
    lowered = [w.lower().strip(".,") for w in words]
    if len(lowered) == 1 and lowered[0] in _PRONOUNS:
        return None
    capitalised = [w for w in words[1:] if w[:1].isupper()]
    named_after = _NAME_AFTER_DESCRIPTION.match(attribution.source.text.strip())
    if not capitalised and named_after:
        return named_after.group(1).strip(), False  # "A group of parents, Families of Ward 6, said"
    head = next((w for w, after in zip(lowered, lowered[1:] + [""]) if after in _AFTER_HEAD), lowered[-1])
    if not capitalised and (lowered[0] in _UNNAMED_DETERMINERS or head in ANON_HEADS):
        return UNATTRIBUTED, True  # "a source", "officials", "Reports", "Locals", "people in town"
    organisation = _affiliation(attribution.source.text)
    if organisation:
        return (actors.fullest(organisation) if actors is not None else organisation), False
    bare = _without_title(speaker)
    if actor_for(speaker) and not actor_for(bare):
        return speaker, False  # "Belarusian Defence Minister Viktar Hrabouski": the title says whose
    if actors is not None:
        resolved = actors.speaks_for(speaker, attribution.cue.start)
        if resolved != speaker:
            return resolved, False
    return _name_after_descriptor(bare), False


def _name_after_descriptor(name: str) -> str:
    """ "national rail operator Veldrail" -> "Veldrail", "opposition Civic Front" -> "Civic
    Front": lower-case words before a name describe it."""
    words = name.split()
    first_capital = next((i for i, w in enumerate(words) if w[:1].isupper()), None)
    if first_capital and all(w[:1].isupper() or w in ("of", "for", "and", "&") for w in words[first_capital:]):
        return " ".join(words[first_capital:])
    return name


def _without_title(name: str) -> str:
    """ "Russian President Vladimir Putin" -> "Vladimir Putin": the registry knows people by name."""
    tokens = tokenize(name)
    if len(tokens) < 2:
        return name
    return name[tokens[_strip_title(tokens, 0, len(tokens) - 1)].start:]


_ORG = r"(?:the\s+)?((?:[A-Z][\w.'’&-]*)(?:\s+(?:of\s+|for\s+|and\s+|&\s+)?[A-Z][\w.'’&-]*)*)"
_ROLE = (r"(?:spokes(?:man|woman|person)|representative|official|officer|chief|head|director|president|"
         r"chair(?:man|woman)?|executive|CEO|manager|secretary|commissioner|superintendent|commander|"
         r"leader|surgeon|adviser|advisor|counsel)")
# "X, a spokeswoman for Y", "Dr. X, chief of infectious diseases at Y", "X, chair of the Y board":
# the person speaks for the organisation, so the organisation is the source.
_ROLE_FOR = re.compile(rf",\s*(?:the|a|an)?\s*(?:[\w-]+\s+){{0,3}}?{_ROLE}\b[^,;]*?\b(?:for|at|of)\s+"
                       r"((?:the\s+)?[A-Z][^,;:“”\"()]*)")
# "X, Lumera's chief information security officer".
_ORG_ROLE = re.compile(rf",\s*{_ORG}['’]s\s+(?:[\w-]+\s+){{0,3}}?{_ROLE}\b")


_PERSON = r"((?:[A-Z][\w'’-]*\.?\s+){0,3}[A-Z][\w'’-]+)"
_PERSON_ROLE_FOR = re.compile(_PERSON + _ROLE_FOR.pattern)
_PERSON_ORG_ROLE = re.compile(_PERSON + _ORG_ROLE.pattern)
# Capitalised names of organisations, and the words a definite description ("the company")
# may use for any company rather than for one kind of body.
# A run of capitalised words, joined by "of", "for" or "&": "Families of Ward", "Procter & Gamble".
_CAPITALISED_NAME = r"(?:[A-Z][\w'’&.-]*)(?:\s+(?:of\s+|for\s+|&\s+)?[A-Z][\w'’&.-]*)*"
_ORGANISATION = re.compile(rf"(?<![\w'’])((?:St\.\s+)?{_CAPITALISED_NAME})")
_ANY_COMPANY = frozenset("company firm operator business group".split())
_PUBLIC_BODIES = frozenset("""agency ministry office department council police service authority commission
    board government court parliament committee brigade""".split())
_DESCRIPTION_DETERMINERS = frozenset("the its their".split())
_SENTENCE_END = re.compile(r"(?<!\bSt)(?<!\bDr)(?<!\bMr)(?<!\bMs)(?<!\bMrs)(?<!\bJr)(?<!\b[A-Z])\.\s+")


class _ArticleActors:
    """Who the people and descriptions of one article speak for: "Kenji Ota, Lumera's chief
    information security officer" makes a later "Ota said" Lumera's; "the bank" is the last
    organisation named with that head word ("Lumera Bank"), "the hospital board" the hospital's,
    "the company" the last company named."""

    def __init__(self, text: str):
        text = text[:MAX_ACTOR_TEXT]
        self.text = text
        self.people: dict[str, str] = {}
        for pattern in (_PERSON_ROLE_FOR, _PERSON_ORG_ROLE):
            for match in pattern.finditer(text):
                organisation = _affiliation(text[match.end(1):match.end()])
                if organisation:
                    person = match.group(1).split()
                    self.people.setdefault(" ".join(person[-2:]), organisation)
                    self.people.setdefault(person[-1], organisation)
        self.organisations: list[tuple[int, str]] = []
        for match in _ORGANISATION.finditer(text):
            name = _SENTENCE_END.split(match.group(1).strip())[0].rstrip(".")
            words = name.split()
            # One capitalised word is a name only inside a sentence ("the operator Veldrail"), not
            # where every word is capitalised (a sentence's or a quotation's first word).
            before = text[max(0, match.start() - 3):match.start()].rstrip()
            if words[-1].lower() in MONTHS_AND_DAYS:
                continue  # "on Tuesday": a date, not a body
            if len(words) >= 2 or (before and before[-1] not in '.!?“"‘\'(' and words[0].lower() not in _PRONOUNS):
                self.organisations.append((match.start(), name))
        self._starts = [start for start, _ in self.organisations]
        self.people = {person: self.fullest(organisation) for person, organisation in self.people.items()}

    def fullest(self, organisation: str) -> str:
        """ "Lumera" -> "Lumera Bank", "St. Brigid's board" -> "St. Brigid's Hospital": the
        longest organisation the article names that starts with the same name."""
        stem = re.sub(r"(?:['’]s)?\s+[a-z]\w*$", "", organisation)  # "St. Brigid's board", "the Hollin board"
        longer = [name for _, name in self.organisations if name.startswith(stem) and len(name) > len(stem)]
        return max(longer, key=len) if longer else organisation

    def speaks_for(self, speaker: str, position: int) -> str:
        if speaker in self.people:
            return self.people[speaker]
        words = speaker.replace("’", "'").split()
        if len(words) >= 2 and words[0].lower() not in _DESCRIPTION_DETERMINERS:
            words = ["the", *words]  # "hospital board", as the rules name "the hospital board"
        if len(words) >= 2 and words[0].lower() in _DESCRIPTION_DETERMINERS and not any(
                w[:1].isupper() for w in words[1:]):
            before = bisect_left(self._starts, position)
            earlier = [name for _, name in self.organisations[max(0, before - 200):before]]
            for word in reversed([w.lower() for w in words[1:]]):
                named = [name for name in earlier if name.split()[-1].lower() == word]
                if named:
                    return named[-1]
                if word in _ANY_COMPANY:
                    companies = [n for n in earlier if n.split()[-1].lower() not in _PUBLIC_BODIES
                                 and not actor_for(n)]
                    if companies:
                        return companies[-1]
        return speaker


# An article is read once per statement scored against it; who its people speak for is not.
_article_actors = lru_cache(maxsize=64)(_ArticleActors)


def _affiliation(source_text: str) -> str | None:
    """The organisation a named person speaks for, read from the appositive after the name."""
    for pattern in (_ROLE_FOR, _ORG_ROLE):
        match = pattern.search(source_text)
        if match:
            organisation = _SENTENCE_END.split(match.group(1).strip())[0].rstrip(".,")
            if organisation.lower().startswith("the "):
                organisation = organisation[4:]
            last = organisation.split()[-1].lower().strip("'’")
            if organisation.lower() in _PRONOUNS or last in ("s",):
                return None
            return organisation
    return None


def _is_dateline(name: str, text: str) -> bool:
    """ "MARROW BAY" in "MARROW BAY, Pellaria (Coastline Press) - ...": a place, never a source."""
    return not any(ch.islower() for ch in name) and text.lstrip().startswith(name)


def _conjuncts(name: str) -> list[str]:
    """ "both Pyongyang and Moscow" -> Pyongyang, Moscow; "The United States and South Korean
    lawmakers" -> United States, South Korean lawmakers: each named part is its own source."""
    words = name.split()
    bare = " ".join(words[1:]) if words and words[0].lower() in ("both", "the") else name
    parts = [p.strip() for p in re.split(r",\s*(?:and\s+)?|\s+and\s+", bare) if p.strip()]
    if len(parts) > 1 and all(p[:1].isupper() for p in parts):
        return [p[4:] if p.lower().startswith("the ") else p for p in parts]
    return [name]


def _claim_sentence(attribution: Attribution) -> str:
    """The attribution as one plain sentence the stance rules read: "X said that Y"."""
    cue, content = attribution.cue.text, attribution.content.text.strip()
    speaker = attribution.source.text if attribution.source else "It"
    named_after = _NAME_AFTER_DESCRIPTION.match(speaker.strip())
    if named_after:
        speaker = named_after.group(1)  # the rules read "Families of Ward 6 said", not the appositive
    elif re.match(r"[A-Z][^,]*,\s*(?:the|a|an)\s", speaker):
        speaker = speaker.split(",")[0]  # "Lucia Ferrant, the commission's spokeswoman," said
    if cue.lower().startswith("according to"):
        return f"According to {speaker}, {content}"
    return f"{speaker} {cue} {content}"




class _RuleReading:
    """The rules' claims in every sentence, found by the character span of their cue words."""

    def __init__(self, statement: str, text: str):
        self.text = text
        self.actors = _article_actors(text)
        self.sentences = split_sentences(text)
        vocabulary = {t.bare for s in self.sentences for t in s.tokens if t.is_word and not t.is_cap}
        self.profile = with_document_weights(analyse_statement(statement, vocabulary), self.sentences)
        # What the article names anywhere: a sentence about the claim need not repeat it.
        self.given = frozenset().union(*(content_keys(s.tokens) for s in self.sentences)) if self.sentences else frozenset()
        self.starts = [s.start for s in self.sentences]
        self.claims = []  # (cue start, cue end, claim, sentence)
        self.restated = []
        signatures: list = []
        recent_named: list = []
        for number, sentence in enumerate(self.sentences):
            signature = sentence_signature(sentence, self.profile)
            self.restated.append(restates(signature, signatures))
            signatures.append(signature)
            found = find_claims(sentence, self.sentences[max(0, number - 3):number], vocabulary, recent_named)
            tokens = sentence.tokens
            for claim in found:
                self.claims.append((tokens[claim.verb_first].start, tokens[claim.verb_last].end, claim, sentence))
            recent_named.extend(titled_people(sentence))
            recent_named.extend(s for claim in found for s in claim.sources if s.kind == NAMED)
            del recent_named[:-5]
        self.claim_starts = [c[0] for c in self.claims]

    def sentence_at(self, position: int) -> int:
        return max(0, bisect_right(self.starts, position) - 1)

    def quote(self, attribution: Attribution) -> str:
        """The sentence or sentences the attribution stands in."""
        parts = [p for p in (attribution.source, attribution.cue, attribution.content) if p is not None]
        first = self.sentences[self.sentence_at(min(p.start for p in parts))]
        last = self.sentences[self.sentence_at(max(p.end for p in parts) - 1)]
        return self.text[first.start:last.end]

    def claim_at(self, start: int, end: int):
        first = bisect_left(self.claim_starts, start - MAX_CUE_CHARS)
        for a, b, claim, sentence in self.claims[first:]:
            if a >= end:
                break
            if start < b:
                return claim, sentence
        return None


def _rule_names(claim) -> list[tuple[str, bool]] | None:
    """The rules' (name, anonymous) for a claim, or None when they name nobody."""
    named = [(source.name, False) for source in claim.sources if source.kind == NAMED]
    if named:
        return named
    if claim.mode in (ADVERB, PASSIVE) or any(source.kind == ANONYMOUS for source in claim.sources):
        return [(UNATTRIBUTED, True)]
    return None


def _learned(reading: _RuleReading, statement: str, attribution: Attribution):
    """(names, stance) for a learned attribution that addresses the statement, else None."""
    if "asked" in attribution.cue.text.lower().split():
        return None  # "Asked whether anyone had died, ...": a question put, not a report
    found = reading.claim_at(attribution.cue.start, attribution.cue.end)
    if (found is not None and found[0].content[1] <= found[0].content[0] and found[0].cls != NONCOMMIT
            and attribution.content.text.strip()):
        # "At least 14 were killed ..., civil defence spokesman Amir Talbi said": the rules found
        # the cue but not what was said; the learned reading has it.
        found = None
    if found is None:
        judged = infer_quote_stance(statement, _claim_sentence(attribution), reading.given, about_the_claim=True)
        if judged["cue"] is None or judged["cue"] == "conflicting":
            return None
        stance = Stance(judged["stance"], judged["confidence"], judged["cue"], 3 if judged["stance"] != "neutral" else 2)
        speaker = _speaker(attribution, reading.actors)
        return ([speaker] if speaker else None), stance
    claim, sentence = found
    if not claim_relevance(claim, sentence.tokens, reading.profile, reading.given).relevant:
        return None
    stance = claim_stance(claim, reading.profile, sentence.tokens)
    if any(source.kind == GENERIC for source in claim.sources):
        return None  # "the international community said": the rules know it names nobody
    rules = [(name, anonymous) for name, anonymous in _rule_names(claim) or ()
             if not _is_dateline(name, reading.text)] or None
    resolved = (attribution.source is not None and attribution.speaker is not None
                and attribution.speaker not in attribution.source.text)
    if (rules and all(anonymous for _, anonymous in rules) and attribution.source is not None
            and claim.mode not in (ADVERB, PASSIVE) and not _overlaps_rule_source(attribution, claim, sentence)):
        # "The ministry said satellite images showed ...": the rules read the images as an
        # unattributed report; the learned reading names who reported them.
        speaker = _speaker(attribution, reading.actors)
        if speaker and not speaker[1] and any(w[:1].isupper() for w in speaker[0].split()
                                             if w.lower() not in _DESCRIPTION_DETERMINERS):
            return [speaker], stance
    if rules and not resolved and not (attribution.source and _affiliation(attribution.source.text)):
        # The rules' reading of the same cue names the source ("as announced by Zelensky",
        # "Ukraine and Western governments", "Reports indicated"): theirs is kept, unless the
        # learned reading resolved a pronoun or a description ("she", "the board") to a name.
        return [(name if anonymous else _named_by_the_rules(name, attribution, reading), anonymous)
                for name, anonymous in rules], stance
    speaker = _speaker(attribution, reading.actors)
    return ([speaker] if speaker else None), stance


def _overlaps_rule_source(attribution: Attribution, claim, sentence) -> bool:
    """Is the learned source the same words the rules took for an unnamed one ("Reports")?"""
    if not claim.np_range:
        return False
    first, last = claim.np_range
    start, end = sentence.tokens[first].start, sentence.tokens[last].end
    return attribution.source.start < end and start < attribution.source.end


# "..., Graywater Security, the firm that investigated the attack, said": a name, then what it is.
_APPOSITIVE_BEFORE_CUE = re.compile(
    rf",\s*({_CAPITALISED_NAME})\s*,\s*(?:the|a|an)\s+[^,.;:“”\"]{{2,80}},\s*$")


_NAME_BEFORE_DESCRIPTION = re.compile(
    rf",\s*({_CAPITALISED_NAME})\s*,\s*$")


def _with_appositive_source(attribution: Attribution, text: str) -> Attribution:
    """A learned attribution whose source the tagger missed, or took from the description, when
    the cue follows "Name, a description,": the name is the source."""
    source = attribution.source
    if source is None:
        match = _APPOSITIVE_BEFORE_CUE.search(text, max(0, attribution.cue.start - 160), attribution.cue.start)
    elif re.match(r"(?:the|a|an)\s+[a-z]", source.text):
        # The tagger took the description for the source: the name is just before it.
        match = _NAME_BEFORE_DESCRIPTION.search(text, max(0, source.start - 80), source.start)
    else:
        return attribution
    if match is None:
        return attribution
    name = match.group(1)
    start = match.start(1)
    return Attribution(Span(name, start, start + len(name)), attribution.cue, attribution.content, name)


def _named_by_the_rules(name: str, attribution: Attribution, reading: _RuleReading) -> str:
    """The rules' name for a source, kept whole where its title says whose voice it is
    ("Belarusian Defence Minister Viktar Hrabouski") and resolved through the article's actors."""
    source = attribution.source.text if attribution.source else ""
    if name in source and actor_for(source) and not actor_for(name):
        return source
    return _name_after_descriptor(reading.actors.speaks_for(name, attribution.cue.start))


def _span_of(tokens, first: int, last: int, text: str) -> Span:
    start, end = tokens[first].start, tokens[last].end
    return Span(text[start:end], start, end)


def _rule_only(reading: _RuleReading, text: str, learned_cues: list[tuple[int, int]]):
    """Claims bearing on the statement that the rules read at a cue the learned extractor missed
    ("Poland ruled out any concessions"): (attribution, names, stance)."""
    learned_starts = [a for a, _ in learned_cues]
    for start, end, claim, sentence in reading.claims[:MAX_ATTRIBUTIONS]:
        k = bisect_left(learned_starts, start - MAX_CUE_CHARS)
        if any(a < end and start < b for a, b in learned_cues[k:k + 8]):
            continue
        names = _rule_names(claim)
        tokens = sentence.tokens
        if names is None or not claim_relevance(claim, tokens, reading.profile, reading.given).relevant:
            continue
        a, b = claim.content
        if b <= a:
            continue
        source = _span_of(tokens, *claim.np_range, text) if claim.np_range else None
        attribution = Attribution(source, _span_of(tokens, claim.verb_first, claim.verb_last, text),
                                  _span_of(tokens, a, b - 1, text), None)
        yield attribution, names, claim_stance(claim, reading.profile, tokens)


def extract_attributions(statement: str, text: str) -> list[dict]:
    """Attributions in `text` that bear on `statement`, in text order.

    Each entry: {"source", "stance", "confidence", "cue", "quote", "sentence_index", "anonymous",
    "source_span", "cue_span", "content_span", "about_itself"} (`about_itself`: the named source
    speaks of its own conduct, "none of its wagons had leaked").
    """
    return read_article(statement, text)[0]


def read_article(statement: str, text: str) -> tuple[list[dict], dict | None]:
    """(the attributions bearing on `statement`, as extract_attributions lists them; the
    article's own report on it). The own report is read from the sentences nobody is said to
    say: {"stance", "confidence", "cue", "quote", "sentence_index"} of the most decisive one
    that addresses the statement's claim, or None when none does."""
    if isinstance(text, (bytes, bytearray)):
        text = bytes(text).decode("utf-8", errors="replace")
    if isinstance(statement, (bytes, bytearray)):
        statement = bytes(statement).decode("utf-8", errors="replace")
    if not isinstance(statement, str) or not isinstance(text, str) or not statement.strip():
        return [], None
    reading = _RuleReading(statement, text)
    if not reading.profile.items:
        return [], None
    attributions = [_with_appositive_source(a, text) for a in find_attributions(text)[:MAX_ATTRIBUTIONS]]
    candidates = []
    for attribution in attributions:
        judged = _learned(reading, statement, attribution)
        if judged is not None and judged[0]:
            candidates.append((attribution, *judged))
    candidates.extend(_rule_only(reading, text, [(a.cue.start, a.cue.end) for a in attributions]))
    candidates.sort(key=lambda c: c[0].cue.start)

    entries: list[dict] = []
    chosen: dict[tuple[int, str], tuple[Stance, dict]] = {}
    emitted: set[str] = set()
    for attribution, names, stance in candidates:
        if stance.stance == "neutral" and all(anonymous for _, anonymous in names):
            continue  # nobody in particular taking no side tells a reader nothing
        index = reading.sentence_at(attribution.cue.start)
        for name, anonymous in names:
            for each in ([name] if anonymous else _conjuncts(name)):
                key = (index, _name_key(each))
                if reading.restated[index] and (anonymous or key[1] in emitted):
                    continue
                entry = {
                    "source": each, "quote": reading.quote(attribution), "sentence_index": index,
                    "anonymous": anonymous,
                    "source_span": attribution.source.as_dict() if attribution.source else None,
                    "cue_span": attribution.cue.as_dict(), "content_span": attribution.content.as_dict(),
                    "about_itself": not anonymous and _speaks_of_itself(attribution),
                }
                if key in chosen:
                    kept, kept_entry = chosen[key]
                    if better(kept, stance) is kept:
                        continue
                    entries.remove(kept_entry)
                chosen[key] = (stance, entry)
                entries.append(entry)
                if not anonymous:
                    emitted.add(key[1])
    for stance, entry in chosen.values():
        entry.update(stance.as_dict())
    attributed = {reading.sentence_at(a.cue.start) for a in attributions}
    attributed.update(sentence.index for _, _, _, sentence in reading.claims)
    own = _own_report(reading, attributed)
    return [{key: entry[key] for key in ("source", "stance", "confidence", "cue", "quote", "sentence_index",
                                         "anonymous", "source_span", "cue_span", "content_span", "about_itself")}
            for entry in entries], own


def _speaks_of_itself(attribution: Attribution) -> bool:
    """ "Veldrail said none of its wagons had leaked", "we did not release anything": the source
    speaks of its own conduct, so it has a stake in the answer."""
    words = [t.bare for t in tokenize(attribution.content.text[:200]) if t.is_word][:6]
    return any(word in SELF_REFERENCE for word in words)




def _own_report(reading: _RuleReading, attributed: set[int]) -> dict | None:
    """The article's own voice on the statement: its sentences that attribute nothing, read as
    plain statements of fact, judged for the claim like any attribution."""
    best, where = None, None
    for position, sentence in enumerate(reading.sentences):
        if position in attributed or reading.restated[position] or not sentence.tokens:
            continue
        claim = direct_claim(sentence)
        claim.context = [t for s in reading.sentences[max(0, position - 2):position] for t in s.tokens]
        if not claim_relevance(claim, sentence.tokens, reading.profile, reading.given).relevant:
            continue
        stance = claim_stance(claim, reading.profile, sentence.tokens)
        if better(best, stance) is stance:
            best, where = stance, position
    if best is None or best.stance == "neutral":
        return None
    sentence = reading.sentences[where]
    return {**best.as_dict(), "quote": reading.text[sentence.start:sentence.end], "sentence_index": where}


__all__ = ["extract_attributions", "read_article", "UNATTRIBUTED"]
