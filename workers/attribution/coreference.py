"""Who a source is: the named actor behind "she", "the board" or "the group's coordinator".

Read in text order. Each named source (and each "Name, the/a description," in the text) is
remembered with the words that describe it. Then:

* "he"/"she" is the last person named before it;
* "they"/"it"/"we" is the last organisation or group named (a phrase not headed by a person's
  name), else unresolved;
* a definite description ("the board", "the group's coordinator") is the last person it describes
  ("Maria Lopez, the board's spokeswoman" is "the spokeswoman"), else the fullest earlier phrase
  with the same head noun ("a spokeswoman for the election board" gives "the election board"),
  else the description itself.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

PERSON_PRONOUNS = frozenset("he she him her his".split())
GROUP_PRONOUNS = frozenset("they them it we its their our".split())
OTHER_PRONOUNS = frozenset("i you one someone".split())
RELATIVE_PRONOUNS = frozenset("who which".split())
_DETERMINERS = frozenset("the a an this that these those its their his her our".split())
_TITLES = frozenset("dr dr. mr mr. mrs mrs. ms ms. prof prof. sen sen. rep rep. gov gov. gen gen. president senator".split())
_NAME = r"(?:[A-Z][\w’'\-]*\.?)(?:\s+(?:[A-Z][\w’'\-]*\.?|de|da|van|von|al|bin|la|le|del)){0,5}"
_APPOSITIVE = re.compile(rf"({_NAME})\s*,\s+((?:the|a|an)\s+[^,.;:“”\"]{{2,80}}?)\s*[,.;]")
_NAME_BEFORE_COMMA = re.compile(rf"({_NAME})\s*,\s*$")
_WORD = re.compile(r"[\w’'\-]+\.?")


@dataclass
class Actor:
    name: str
    person: bool
    described_by: set[str] = field(default_factory=set)
    position: int = 0


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _is_name_word(word: str) -> bool:
    return word[:1].isupper() and word.lower().rstrip(".") not in _DETERMINERS


def _head(source: str) -> str:
    """The source up to an appositive: "Maria Lopez, a spokeswoman for X" -> "Maria Lopez"."""
    return source.split(",")[0].strip()


# Last words that make a capitalised name an organisation, not a person.
_ORGANISATION_WORDS = frozenset(
    """company corporation corp inc ltd group ministry department office board council committee
    commission agency authority party union bank court army police service government house
    university college hospital institute foundation association federation league campaign
    times post news press journal network radio tv television center centre general senate
    congress parliament assembly administration bureau organisation organization fund trust""".split()
)


def _looks_like_person(name: str) -> bool:
    words = _words(name)
    if words and words[-1].lower().rstrip(".") in _ORGANISATION_WORDS:
        return False
    capitalised = [w for w in words if _is_name_word(w)]
    if any(w.lower() in _TITLES for w in words):
        return True
    return len(capitalised) >= 2 and len(capitalised) == len(words) and len(words) <= 4


_PREPOSITIONS = frozenset("at for of in with from on to and who which".split())


def _role(description: str) -> str:
    """The head noun of a description: "a spokeswoman for the board" -> "spokeswoman"."""
    words = [w.lower().replace("’", "'").rstrip(".") for w in _words(description)]
    for i, word in enumerate(words):
        if word in _PREPOSITIONS and i > 0:
            return words[i - 1].removesuffix("'s")
    return words[-1].removesuffix("'s") if words else ""


class Discourse:
    """The actors named so far in one text, and who each later mention stands for."""

    def __init__(self, text: str):
        self.text = text
        self.actors: list[Actor] = []
        self._phrases: dict[str, tuple[list[int], list[tuple[int, str]]]] = {}
        self._appositives = [(m.start(), m.group(1), m.group(2)) for m in _APPOSITIVE.finditer(text)]
        self._next_appositive = 0

    def _remember(self, name: str, person: bool, position: int, description: str = "") -> Actor:
        for actor in self.actors:
            if actor.name == name:
                break
        else:
            actor = Actor(name, person)
            self.actors.append(actor)
        actor.position = position
        actor.person = actor.person or person
        if description:
            actor.described_by.add(_role(description))
        return actor

    def _catch_up(self, position: int) -> None:
        while self._next_appositive < len(self._appositives) and self._appositives[self._next_appositive][0] < position:
            start, name, description = self._appositives[self._next_appositive]
            words = _words(name)
            if words and words[0].lower() not in _DETERMINERS:
                self._remember(name, True, start, description)
            self._next_appositive += 1

    def speaker(self, source: str, position: int) -> str | None:
        """The actor `source` (found at character `position`) refers to, as named in the text."""
        self._catch_up(position)
        head = _head(source)
        words = _words(head)
        if not words:
            return None
        first = words[0].lower()
        if len(words) == 1 and first in PERSON_PRONOUNS:
            people = [a for a in self.actors if a.person]
            return max(people, key=lambda a: a.position).name if people else None
        if len(words) == 1 and first in GROUP_PRONOUNS:
            groups = [a for a in self.actors if not a.person]
            return max(groups, key=lambda a: a.position).name if groups else None
        if len(words) == 1 and first in RELATIVE_PRONOUNS:
            # "Caracas, which has long rejected ...": the name just before the comma.
            before = _NAME_BEFORE_COMMA.search(self.text, max(0, position - 200), position)
            return before.group(1) if before else None
        if len(words) == 1 and first in OTHER_PRONOUNS:
            return None
        if first in _DETERMINERS and not any(_is_name_word(w) for w in words[1:]):
            return self._description(head, position)
        description = source[len(head):].strip(" ,")
        if first in _DETERMINERS:
            head = head[len(words[0]):].strip()  # "The Ukrainian Defence Ministry": the name
        self._remember(head, _looks_like_person(head), position, description)
        return head

    def _description(self, description: str, position: int) -> str:
        head_noun = _role(description)
        people = [a for a in self.actors if a.person and head_noun in a.described_by]
        if people:
            return max(people, key=lambda a: a.position).name
        earlier = self._fuller_phrase(head_noun, position)
        name = earlier or description
        self._remember(name, False, position)
        return name

    def _fuller_phrase(self, head_noun: str, position: int) -> str | None:
        """The last "the <modifiers> <head noun>" before `position` with at least one modifier."""
        found = self._phrases.get(head_noun)
        if found is None:
            # Every such phrase in the text, found once per head noun: an article that says "the
            # coastguard said" ten thousand times must not rescan itself ten thousand times.
            pattern = re.compile(rf"\b[Tt]he\s+((?:[\w’'\-]+\s+){{1,3}}){re.escape(head_noun)}\b", re.IGNORECASE)
            found = ([], [])
            for match in pattern.finditer(self.text):
                modifiers = match.group(1).split()
                if any(m.lower() in _DETERMINERS or m.lower() in ("of", "for", "and", "to", "in") for m in modifiers):
                    continue
                found[0].append(match.start())
                found[1].append((match.end(), match.group(0)))
            self._phrases[head_noun] = found
        starts, phrases = found
        k = bisect_left(starts, position)
        while k > 0 and phrases[k - 1][0] > position:
            k -= 1  # a phrase must end before the reference to it
        if k == 0 or starts[k - 1] < position - 3_000:
            return None
        best = phrases[k - 1][1]
        rest = best.split(None, 1)[1]
        # "the Hadley Water Board" is named as "Hadley Water Board"; "the election board" keeps its article.
        return rest if all(_is_name_word(w) for w in rest.split()) else "the " + rest
