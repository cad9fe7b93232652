"""Interested parties: sources the statement is about, or affiliated with what it is about.

A party denying an accusation against itself is expected to deny it whether or not it is true,
so its denial tells a reader less than a disinterested one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from workers.scoring.sources import SourceProfile, normalise_name

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
    interested = {}
    for key, profile in profiles.items():
        if profile.names() & subject_names.keys():
            interested[key] = profile.name
            continue
        for affiliation in profile.affiliations:
            if normalise_name(affiliation) in subject_names:
                interested[key] = subject_names[normalise_name(affiliation)]
                break
    return interested


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
