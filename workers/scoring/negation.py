"""A statement and its negation must be read from one evidence with the sides swapped.

Stance inference (the rules and the stance models) is trained and tuned on affirmative claims,
and reads "X denied that the dam released water" against "The dam did not release water" as a
denial. So a negated statement is read as its affirmative form and every inferred stance is
mirrored: the same evidence then gives mirrored counts whatever the inference gets right.
"""

from __future__ import annotations

import re

_AUXILIARY_NOT = re.compile(
    r"\b(do|does|did|has|have|had|is|are|was|were|will|would|could|can|should|may|might|must)"
    r"(?:\s+not\b|n['’]t\b)", re.IGNORECASE)
_CANNOT = re.compile(r"\bcannot\b", re.IGNORECASE)
_NEVER = re.compile(r"\s+never\b", re.IGNORECASE)
_LEADING_NO = re.compile(r"^(\s*)no\s+(?=[a-z])", re.IGNORECASE)
_NOBODY = re.compile(r"^(\s*)(?:nobody|no one|no-one)\b", re.IGNORECASE)
# "did not close" must become "closed", not "did close": the stance model reads the emphatic form
# differently from the plain one, and the affirmative statement a user writes is the plain one.
_DO_NOT_VERB = re.compile(r"\b(do|does|did)(?:\s+not\b|n['’]t\b)\s+([a-z]+)\b", re.IGNORECASE)
_IRREGULAR_PAST = {
    "be": "was", "become": "became", "begin": "began", "break": "broke", "bring": "brought",
    "build": "built", "buy": "bought", "catch": "caught", "choose": "chose", "come": "came",
    "cut": "cut", "do": "did", "draw": "drew", "drive": "drove", "eat": "ate", "fall": "fell",
    "feel": "felt", "fight": "fought", "find": "found", "fly": "flew", "forget": "forgot",
    "get": "got", "give": "gave", "go": "went", "grow": "grew", "have": "had", "hear": "heard",
    "hide": "hid", "hit": "hit", "hold": "held", "keep": "kept", "know": "knew", "lead": "led",
    "leave": "left", "lend": "lent", "let": "let", "lose": "lost", "make": "made", "mean": "meant",
    "meet": "met", "pay": "paid", "put": "put", "quit": "quit", "read": "read", "ride": "rode",
    "rise": "rose", "run": "ran", "say": "said", "see": "saw", "seek": "sought", "sell": "sold",
    "send": "sent", "set": "set", "shoot": "shot", "shut": "shut", "sink": "sank", "sit": "sat",
    "speak": "spoke", "spend": "spent", "stand": "stood", "steal": "stole", "strike": "struck",
    "swear": "swore", "take": "took", "teach": "taught", "tell": "told", "think": "thought",
    "throw": "threw", "understand": "understood", "win": "won", "withdraw": "withdrew",
    "write": "wrote",
}
_IRREGULAR_THIRD_PERSON = {"be": "is", "have": "has", "do": "does", "go": "goes"}


def _past(verb: str) -> str:
    if verb in _IRREGULAR_PAST:
        return _IRREGULAR_PAST[verb]
    if verb.endswith("e"):
        return verb + "d"
    if verb.endswith("y") and len(verb) > 2 and verb[-2] not in "aeiou":
        return verb[:-1] + "ied"
    return verb + "ed"


def _third_person(verb: str) -> str:
    if verb in _IRREGULAR_THIRD_PERSON:
        return _IRREGULAR_THIRD_PERSON[verb]
    if verb.endswith(("s", "sh", "ch", "x", "z", "o")):
        return verb + "es"
    if verb.endswith("y") and len(verb) > 2 and verb[-2] not in "aeiou":
        return verb[:-1] + "ies"
    return verb + "s"


def _plain_verb(match: re.Match) -> str:
    auxiliary, verb = match.group(1).lower(), match.group(2)
    lowered = verb.lower()
    if auxiliary == "did":
        return _past(lowered)
    if auxiliary == "does":
        return _third_person(lowered)
    return lowered


MIRRORED = {"confirms": "denies", "denies": "confirms", "neutral": "neutral", "unrelated": "unrelated"}


def affirmative_form(text: str) -> str | None:
    """The statement without its one negation, or None when it holds none (or several)."""
    rewrites = [
        (_DO_NOT_VERB, _plain_verb) if _DO_NOT_VERB.search(text) else (_AUXILIARY_NOT, lambda m: m.group(1)),
        (_CANNOT, lambda m: "can"),
        (_NEVER, lambda m: ""),
        (_LEADING_NO, lambda m: m.group(1)),
        (_NOBODY, lambda m: m.group(1) + "Somebody"),
    ]
    found = [(pattern, replace) for pattern, replace in rewrites if pattern.search(text)]
    if len(found) != 1 or len(found[0][0].findall(text)) != 1:
        return None
    pattern, replace = found[0]
    affirmative = pattern.sub(replace, text, count=1).strip()
    return affirmative[:1].upper() + affirmative[1:]


def mirrored(stance: str) -> str:
    return MIRRORED.get(stance, stance)
