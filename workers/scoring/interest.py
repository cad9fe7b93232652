"""Interested parties: sources the statement is about, or affiliated with what it is about.

A party denying an accusation against itself is expected to deny it whether or not it is true,
so its denial tells a reader less than a disinterested one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from workers.scoring.sources import SourceProfile, normalise_name

try:  # Actor resolution ("Pyongyang" and "the Kremlin" name governments) from the actors branch.
    from workers.knowledge import actor_for
except ImportError:  # pragma: no cover - until it lands, parties are matched by name alone
    actor_for = None

# Longest run of words tried as one actor name in the statement ("Democratic Republic of the Congo").
_MAX_ACTOR_WORDS = 6

# "North Korean" is about "North Korea", "Russian" about "Russia", "Chinese" about "China".
_DEMONYM_ENDINGS = ("n", "an", "ian", "ese", "i", "s")
_WORD = re.compile(r"\w+")


def interested_parties(
    text: str, profiles: Mapping[str, SourceProfile], known: Iterable[SourceProfile] = ()
) -> dict[str, str]:
    """Source key (of `profiles`) → the subject of the statement that makes it an interested party.

    Subjects are the sources the text mentions, among the evidence's and the registry's
    (`known`); a source is interested when it is a subject or affiliated with one.
    """
    words = _WORD.findall(normalise_name(text))
    subject_names: dict[str, str] = {}
    for profile in [*profiles.values(), *known]:
        if any(_mentions(words, name.split()) for name in profile.names()):
            subject_names.update({name: profile.name for name in profile.names()})
    subject_actors = _actors_mentioned(text)
    interested = {}
    for key, profile in profiles.items():
        if profile.names() & subject_names.keys():
            interested[key] = profile.name
            continue
        actor = _actor(profile.name)
        if actor is not None and actor.id in subject_actors:
            # The accused under another name: "Pyongyang" denying what "North Korea" is accused of.
            interested[key] = subject_actors[actor.id]
            continue
        for affiliation in profile.affiliations:
            if normalise_name(affiliation) in subject_names:
                interested[key] = subject_names[normalise_name(affiliation)]
                break
    return interested


def _actor(name: str):
    return actor_for(name) if actor_for is not None else None


def _actors_mentioned(text: str) -> dict:
    """Actor id → name of every actor the statement names, by any of its names."""
    if actor_for is None:
        return {}
    words = text.replace("’", "'").split()
    found = {}
    for size in range(1, _MAX_ACTOR_WORDS + 1):
        for start in range(len(words) - size + 1):
            actor = actor_for(" ".join(words[start:start + size]).strip(".,;:!?\"'()"))
            if actor is not None:
                found.setdefault(actor.id, actor.name)
    return found


def _mentions(words: list[str], name: list[str]) -> bool:
    if not name:
        return False
    size = len(name)
    for start in range(len(words) - size + 1):
        window = words[start:start + size]
        if window[:-1] == name[:-1] and _same_word(window[-1], name[-1]):
            return True
    return False


def _same_word(word: str, name_word: str) -> bool:
    if word == name_word:
        return True
    if len(name_word) < 4 or not word.startswith(name_word[:-1]):
        return False
    # Russia → Russian (ending replaces the final "a"), Korea → Korean, China → Chinese.
    return any(word in (name_word + e, name_word[:-1] + e) for e in _DEMONYM_ENDINGS)
