"""Interested parties: sources the statement is about, or affiliated with what it is about.

A party denying an accusation against itself is expected to deny it whether or not it is true,
so its denial tells a reader less than a disinterested one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from workers.knowledge import actor_for, country_mentions
from workers.knowledge.lexicon import country_name
from workers.scoring.sources import SourceProfile, normalise_name

_WORD = re.compile(r"\w+")


def interested_parties(
    text: str, profiles: Mapping[str, SourceProfile], known: Iterable[SourceProfile] = ()
) -> dict[str, str]:
    """Source key (of `profiles`) → the subject of the statement that makes it an interested party.

    Subjects are the sources the text mentions, among the evidence's and the registry's
    (`known`), and the states it names (by name, demonym, capital or metonym: "North Korean
    troops" is about North Korea); a source is interested when it is a subject, speaks for a
    named state, or is affiliated with either.
    """
    words = _WORD.findall(normalise_name(text))
    countries = country_mentions(text)
    subject_names: dict[str, str] = {}
    for profile in [*profiles.values(), *known]:
        # A state's own names are read by country_mentions, which knows "Jordan Peterson".
        names = {normalise_name(n) for n in (profile.id, profile.name, *profile.aliases) if not actor_for(n)}
        if any(_mentions(words, name.split()) for name in names - {""}):
            subject_names.update({name: profile.name for name in profile.names()})
    interested = {}
    for key, profile in profiles.items():
        if profile.names() & subject_names.keys():
            interested[key] = profile.name
            continue
        if profile.country in countries:
            interested[key] = country_name(profile.country)
            continue
        for affiliation in profile.affiliations:
            if normalise_name(affiliation) in subject_names:
                interested[key] = subject_names[normalise_name(affiliation)]
                break
            state = actor_for(affiliation)
            if state and state.country in countries:
                interested[key] = country_name(state.country)
                break
    return interested


def _mentions(words: list[str], name: list[str]) -> bool:
    if not name:
        return False
    size = len(name)
    for start in range(len(words) - size + 1):
        window = words[start:start + size]
        if window == name:
            return True
    return False
