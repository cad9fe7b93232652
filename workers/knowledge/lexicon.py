"""Every way the news names a state, as one token trie built once at import.

ISO codes and official names come from pycountry (ISO 3166-1); everything else — the short
names people use, capitals and seats of government, demonyms, metonyms, legislatures and state
media — from the one reviewed file beside this module, curated.json, which cites its sources.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import pycountry

CURATED = json.loads((Path(__file__).with_name("curated.json")).read_text(encoding="utf-8"))

# Roles a form can play. A "block" form ("Washington Post", "New Mexico") names no state and
# keeps its words from matching a shorter form inside it.
NAME, CAPITAL, SEAT, METONYM, DEMONYM, LEGISLATURE, STATE_MEDIA, BLOCK = (
    "name", "capital", "seat", "metonym", "demonym", "legislature", "state_media", "block")

_TOKEN = re.compile(r"\w+|[^\w\s]")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"})
# Plural of a demonym used as a noun: Russians, Israelis, Poles. Not for the forms that are
# their own plural (Chinese, Swiss) or are adjectives only (French, British, Danish).
_NO_PLURAL = re.compile(r"(?:s|sh|ch|ese|x|z)$", re.IGNORECASE)


class Token(NamedTuple):
    key: str       # case- and accent-folded, what the trie is keyed on
    surface: str   # as written, for the case checks
    start: int
    end: int


@dataclass(frozen=True)
class Form:
    codes: frozenset[str]
    role: str
    surface: tuple[str, ...]
    case_sensitive: bool
    person_like: bool   # also a given name or surname: "Jordan", "Chad", "Washington"


def fold(text: str) -> str:
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def tokenize(text: str) -> list[Token]:
    text = text.translate(_APOSTROPHES)
    return [Token(fold(m.group()), m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def country_name(code: str) -> str:
    """The short name a sentence uses: "Russia", "the United States"."""
    return CURATED["countries"][code]["names"][0]


def _pycountry_names(code: str) -> list[str]:
    if code == "xk":   # user-assigned code; ISO 3166 has no record for Kosovo
        return []
    record = pycountry.countries.get(alpha_2=code.upper())
    names = [getattr(record, attr, None) for attr in ("name", "official_name", "common_name")]
    # "Korea, Republic of" is a sorting form that no sentence uses.
    return [n for n in names if n and "," not in n]


def _forms_of(code: str, entry: dict) -> list[tuple[str, str]]:
    forms = [(n, NAME) for n in [*entry.get("names", ()), *_pycountry_names(code)]]
    forms.append((entry["capital"], CAPITAL))
    forms += [(seat, SEAT) for seat in entry.get("seats", ())]
    forms += [(m, METONYM) for m in entry.get("metonyms", ())]
    # An office-holder speaks for the government as its buildings do ("the Kremlin", "Putin").
    forms += [(person, METONYM) for person in entry.get("leaders", ())]
    forms += [(m, LEGISLATURE) for m in entry.get("legislature", ())]
    forms += [(m, STATE_MEDIA) for m in entry.get("state_media", ())]
    for demonym in entry.get("demonyms", ()):
        forms.append((demonym, DEMONYM))
        if not _NO_PLURAL.search(demonym):
            forms.append((demonym + "s", DEMONYM))
    return forms


def _is_acronym(surface: str) -> bool:
    letters = [ch for ch in surface if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


END = "\0"   # the trie key under which a node keeps the forms that end there


def _build() -> dict:
    not_metonyms = {fold(n) for n in CURATED["not_metonyms"]}
    case_sensitive = set(CURATED["case_sensitive"])
    person_like = set(CURATED["given_names_and_surnames"])
    merged: dict[tuple[tuple[str, ...], str, bool], set[str]] = {}
    surfaces: dict[tuple[tuple[str, ...], str, bool], tuple[str, ...]] = {}
    entries = [(code, form, role) for code, entry in CURATED["countries"].items()
               for form, role in _forms_of(code, entry)]
    entries += [("", form, BLOCK) for form in CURATED["not_countries"]]
    for code, form, role in entries:
        if role in (CAPITAL, SEAT) and fold(form) in not_metonyms:
            continue
        words = tokenize(form)
        if words and words[0].key == "the" and role != BLOCK:
            words = words[1:]   # "the Kremlin": the article is optional, and matched apart
        key = tuple(t.key for t in words)
        surface = tuple(t.surface for t in words)
        sensitive = _is_acronym(form) or form in case_sensitive
        slot = (key, role, sensitive)
        merged.setdefault(slot, set())
        if code:
            merged[slot].add(code)
        surfaces[slot] = surface
    trie: dict = {}
    for (key, role, sensitive), codes in merged.items():
        node = trie
        for word in key:
            node = node.setdefault(word, {})
        surface = surfaces[(key, role, sensitive)]
        node.setdefault(END, []).append(
            Form(frozenset(codes), role, surface, sensitive, " ".join(surface) in person_like))
    return trie


TRIE = _build()
GEORGIA_US_SIGNALS = re.compile(
    "|".join(r"(?<!\w)" + re.escape(s) + r"(?!\w)" for s in CURATED["georgia_us_signals"]))


def written_as(form: Form, words: list[Token], running_text: bool = True) -> bool:
    """Whether the text spells a case-sensitive form as the form does: "US", not "us", always;
    "Turkey", not "turkey", in running text (a source's name "turkey" is still the country)."""
    if not form.case_sensitive:
        return True
    if all(_is_acronym(s) or not s.isalpha() for s in form.surface):
        return all(w.surface == s for w, s in zip(words, form.surface))
    if not running_text:
        return True
    return all(w.surface[:1].isupper() for w, s in zip(words, form.surface) if s[:1].isupper())


def longest_forms(words: list[Token], start: int, running_text: bool = True) -> tuple[int, list[Form]]:
    """The longest run of words from `start` that names something, and the forms it can be."""
    node, best_end, best = TRIE, start, []
    for index in range(start, len(words)):
        node = node.get(words[index].key)
        if node is None:
            break
        forms = [f for f in node.get(END, ()) if written_as(f, words[start:index + 1], running_text)]
        if forms:
            best_end, best = index + 1, forms
    return best_end, best
