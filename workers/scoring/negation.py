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
MIRRORED = {"confirms": "denies", "denies": "confirms", "neutral": "neutral", "unrelated": "unrelated"}


def affirmative_form(text: str) -> str | None:
    """The statement without its one negation, or None when it holds none (or several)."""
    rewrites = [
        (_AUXILIARY_NOT, lambda m: m.group(1)),
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
