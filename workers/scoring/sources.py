"""Who said it: resolve an evidence item's source to one actor profile.

Sources are matched on a folded key (see `fold_source_key`) against registry ids, names and
aliases. A name the registry does not know may still name a state: "Moscow" and "the Kremlin"
are both the government of Russia, "Pyongyang" and "North Korea's foreign ministry" both the
government of North Korea (workers.knowledge). The registry overrides that knowledge: a record
whose id, name or alias matches wins, and a record that stands for a state (its own names say
so) is the actor every other name of that state resolves to.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Protocol, runtime_checkable

import icu

from workers.knowledge import Actor, actor_for, actor_with_id
from workers.knowledge.lexicon import country_name

_NOT_WORD = re.compile(r"[\W_]+")
_POSSESSIVE = re.compile(r"['’]s\b")
# Default-ignorable code points outside category Cf (which holds the zero-width characters, the
# soft hyphen, the BOM and the bidi controls): combining grapheme joiner, Hangul fillers,
# Khmer inherent vowels, Mongolian and generic variation selectors.
_IGNORABLE_OUTSIDE_CF = re.compile(
    "[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\uffa0\ufe00-\ufe0f\U000e0100-\U000e01ef]")
_BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# ICU's SpoofChecker computes the Unicode TR39 skeleton: Cyrillic "е" and Latin "e" share one.
_SPOOF_CHECKER = icu.SpoofChecker()


@lru_cache(maxsize=65536)
def fold_source_key(name: str) -> str:
    """The key a source id or name is matched on; "" when nothing is left of it.

    NFKC (fullwidth "ｒｅｕｔｅｒｓ" is "reuters"), then without format and other default-ignorable
    characters (zero-width space, soft hyphen, bidi controls) and lone surrogates, case-folded, mapped to its TR39
    confusable skeleton, without accents, possessives and punctuation. Writes that would store a
    name folding to "" must be refused: such a name cannot be told from any other.
    """
    text = unicodedata.normalize("NFKC", str(name))
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cf", "Cs"))
    text = _IGNORABLE_OUTSIDE_CF.sub("", text).casefold()
    text = _SPOOF_CHECKER.getSkeleton(0, text)
    text = unicodedata.normalize("NFKD", text).casefold()
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _POSSESSIVE.sub("", text)
    return _NOT_WORD.sub(" ", text).strip()


# The name the scoring modules match on.
normalise_name = fold_source_key


def without_bidi_controls(text: str) -> str:
    """`text` for display, without the bidirectional controls that could reorder what a reader
    sees (U+202A–U+202E, U+2066–U+2069, LRM, RLM, ALM)."""
    return _BIDI_CONTROLS.sub("", str(text))


@dataclass(frozen=True)
class SourceProfile:
    key: str
    id: str
    name: str
    kind: str = "other"
    affiliations: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    reliability: float = 0.5
    registered: bool = False
    actor: str | None = None              # the state actor it speaks for: "government:ru"
    written_as: tuple[str, ...] = ()      # the names the evidence used for it

    @property
    def anonymous(self) -> bool:
        return self.kind == "anonymous"

    @property
    def country(self) -> str | None:
        """ISO alpha-2 code of the state this source speaks for, if it speaks for one."""
        return self.actor.partition(":")[2] if self.actor else None

    def names(self) -> set[str]:
        """Every normalised name this source goes by."""
        return {normalise_name(n) for n in (self.id, self.name, *self.aliases)} - {""}

    def one_actor_reason(self) -> str | None:
        """Why differently written names were counted as one source, when they were."""
        if len(self.written_as) < 2:
            return None
        if self.registered:
            who = self.name
        else:
            who = _lower_first(actor_with_id(self.actor).name) if self.actor else self.name
        return f"{_joined(self.written_as)} are one actor: {who}"


class SourceDirectory:
    """Registry snapshot plus the inline source objects of one statement's evidence.

    `context_country` (ISO alpha-2), when the caller knows which country the text is about, gives
    an unnamed ministry ("the environment ministry") its government.
    """

    def __init__(self, registry: Iterable[Mapping] | RegistryLookup = (), default_reliability: float = 0.5,
                 context_country: str | None = None):
        self.default_reliability = default_reliability
        self.context_country = context_country
        self._lookup = registry if isinstance(registry, RegistryLookup) else None
        if self._lookup is not None and context_country is not None:
            # A lookup's state index is filed without a context country, so it could miss a record.
            raise ValueError("a registry lookup cannot be read with a context country")
        self._loaded: dict[str, Mapping] = {}
        self._asked_names: set[str] = set()
        self._asked_keys: set[str] = set()
        self._asked_states: set[str] = set()
        self._index(() if self._lookup is not None else registry)

    def _index(self, registry: Iterable[Mapping]) -> None:
        self._by_key: dict[str, SourceProfile] = {}
        self._aliases: dict[str, str] = {}
        # Sorted, and ids indexed before other names, so an alias two records claim resolves the
        # same way whatever order the registry was read in.
        records = sorted(registry, key=lambda r: str(r["id"]))
        for record in records:
            aliases = tuple(record.get("aliases") or ())
            name = without_bidi_controls(record.get("name") or record["id"])
            actor = self._actor_of((record["id"], name, *aliases))
            profile = SourceProfile(
                key=normalise_name(record["id"]),
                id=without_bidi_controls(record["id"]),
                name=name,
                kind=record.get("kind") or "other",
                affiliations=tuple(record.get("affiliations") or ()),
                aliases=aliases,
                reliability=_reliability(record.get("reliability"), self.default_reliability),
                registered=True,
                actor=actor.id if actor else None,
            )
            self._by_key[profile.key] = profile
            self._aliases.setdefault(profile.key, profile.key)
        for profile in self._by_key.values():
            for alias in profile.names():
                self._aliases.setdefault(alias, profile.key)
        self._record_for_actor = self._records_standing_for_states()

    def registered(self, mentioned_in: str | None = None) -> list[SourceProfile]:
        """Every registered profile, or, read through a lookup, those fetched so far and every one
        with a name among `mentioned_in`'s word n-grams: all that text can be said to mention."""
        if self._lookup is not None and mentioned_in:
            self._load((), mention_keys(mentioned_in, self._lookup.name_word_counts()))
        return list(self._by_key.values())

    def prefetch(self, names: Iterable[str | None], text: str | None = None) -> None:
        """Fetch in a few round trips what resolving `names`, looking up their records'
        affiliations and `registered(mentioned_in=text)` will need (a lookup fetches anything
        missed when it is asked for; a list has everything already)."""
        if self._lookup is None:
            return
        keys = mention_keys(text, self._lookup.name_word_counts()) if text else ()
        found = self._load(names, keys)
        self._load([affiliation for record in found for affiliation in record.get("affiliations") or ()])

    def _load(self, names: Iterable[str | None], keys: Iterable[str] = ()) -> list[Mapping]:
        """Fetch the records `names` and `keys` can resolve to: every record going by one of their
        folded keys or standing for a state one of the names speaks for, and every record sharing
        a folded id with one of those, so that which one wins a key is what the whole registry says."""
        names = {str(name) for name in names if name} - self._asked_names
        self._asked_names |= names
        keys = ({normalise_name(name) for name in names} | set(keys)) - self._asked_keys
        states = {actor.id for name in names if (actor := actor_for(name, self.context_country))}
        states -= self._asked_states
        found: list[Mapping] = []
        while keys or states:
            self._asked_keys |= keys
            self._asked_states |= states
            new = [record for record in self._lookup.find(keys, states) if str(record["id"]) not in self._loaded]
            for record in new:
                self._loaded[str(record["id"])] = record
            found += new
            keys, states = {normalise_name(record["id"]) for record in new} - self._asked_keys, set()
        if found:
            self._index(self._loaded.values())
        return found

    def lookup_key(self, name: str) -> str:
        """The key `name` resolves to: a registry record's, else a state actor's, else its own."""
        if self._lookup is not None:
            self._load((name,))
        key = normalise_name(name)
        if key in self._aliases:
            return self._aliases[key]
        actor = actor_for(str(name), self.context_country)
        return self._actor_key(actor) if actor else key

    def resolve(self, reference: str | Mapping) -> SourceProfile:
        """The profile for an evidence item's `source` (an id string or an inline object)."""
        inline = {"id": reference} if isinstance(reference, str) else dict(reference)
        if self._lookup is not None:
            self._load((inline["id"], inline.get("name")))
        written = without_bidi_controls(str(inline.get("name") or inline["id"]).strip())
        key = normalise_name(inline["id"])
        known = self._by_key.get(self._aliases.get(key, key))
        actor = None
        if known is None and inline.get("kind") != "anonymous":
            actor = self._actor_of((inline["id"], inline.get("name")))
            known = self._by_key.get(self._record_for_actor.get(actor.id)) if actor else None
        if known is not None:
            # The registry is the authority on a known source; inline affiliations only add.
            extra = tuple(a for a in inline.get("affiliations") or () if a not in known.affiliations)
            return replace(known, affiliations=known.affiliations + extra, written_as=(written,))
        # With no record of its own, a government goes by its state's name: "Pyongyang" and
        # "North Korea's foreign ministry" are one actor, and a reader is told which.
        display = (country_name(actor.country).removeprefix("the ")
                   if actor and actor.kind == "government" and inline.get("kind") != "anonymous" else None)
        return SourceProfile(
            key=self._actor_key(actor) if actor else key,
            id=display or without_bidi_controls(str(inline["id"]).strip()),
            name=display or written,
            kind=inline.get("kind") or (actor.kind if actor else "other"),
            affiliations=tuple(inline.get("affiliations") or ()),
            reliability=_reliability(inline.get("reliability"), self.default_reliability),
            actor=actor.id if actor else None,
            written_as=(written,),
        )

    def _actor_of(self, names: Iterable[str | None]) -> Actor | None:
        for name in names:
            actor = actor_for(str(name), self.context_country) if name else None
            if actor:
                return actor
        return None

    def _actor_key(self, actor: Actor) -> str:
        """A registered record's key, else one spelled from the state's name ("ukraine",
        "south korea legislature") so that clusters sort as their names do."""
        if actor.id in self._record_for_actor:
            return self._record_for_actor[actor.id]
        label = country_name(actor.country).removeprefix("the ")
        return normalise_name(label if actor.kind == "government" else f"{label} {actor.kind}")

    def _records_standing_for_states(self) -> dict[str, str]:
        """Actor id → the key of the registry record that is that state's own voice.

        Of the records whose names name the state, only those of the actor's kind (or of no
        kind) and affiliated with nothing: KCNA, affiliated with North Korea, or an outlet such as
        RT is part of a state, not the state. Then the shortest name ("Russia" rather than
        "Russian Ministry of Defence"), then the id.
        """
        candidates: dict[str, list[SourceProfile]] = {}
        for profile in self._by_key.values():
            if profile.actor and not profile.affiliations and profile.kind in (
                    profile.actor.partition(":")[0], "other"):
                candidates.setdefault(profile.actor, []).append(profile)
        return {actor: min(profiles, key=lambda p: (p.kind == "other", len(p.name), p.id)).key
                for actor, profiles in candidates.items()}


@runtime_checkable
class RegistryLookup(Protocol):
    """A registry read by key rather than whole (see SourceDirectory._load)."""

    def find(self, keys: Collection[str], states: Collection[str]) -> list[Mapping]:
        """Every record filed under one of `keys` or `states` by `index_entries` (a superset is fine)."""

    def name_word_counts(self) -> Collection[int]:
        """How many words the registry's folded names have, each count once."""


def index_entries(record: Mapping) -> tuple[set[str], set[str], list[int]]:
    """What a record is filed under: its folded names (its folded id always, even ""), every
    state actor one of its names speaks for, and the word count of each folded name.

    The states are a superset of the one SourceDirectory gives the record (the first of its
    names' states, read raw and without bidi controls), so no state's own record is missed."""
    names = [str(record["id"]), str(record.get("name") or record["id"]),
             *(str(alias) for alias in record.get("aliases") or ())]
    folded = {normalise_name(name) for name in names} - {""}
    states = {actor.id for name in names for form in {name, without_bidi_controls(name)}
              if (actor := actor_for(form))}
    return folded | {normalise_name(record["id"])}, states, [len(name.split()) for name in folded]


class RegistryIndex:
    """The in-memory RegistryLookup over a list of records (the last of a repeated id wins, as
    it does in SourceDirectory)."""

    def __init__(self, records: Iterable[Mapping]):
        self._records = {str(record["id"]): record for record in records}
        self._filed: dict[str, set[str]] = {}
        self._word_counts: set[int] = set()
        for record_id, record in self._records.items():
            names, states, word_counts = index_entries(record)
            for entry in [*(f"name:{name}" for name in names), *(f"state:{state}" for state in states)]:
                self._filed.setdefault(entry, set()).add(record_id)
            self._word_counts.update(word_counts)

    def find(self, keys: Collection[str], states: Collection[str]) -> list[Mapping]:
        entries = [*(f"name:{key}" for key in keys), *(f"state:{state}" for state in states)]
        ids = set().union(*(self._filed.get(entry, ()) for entry in entries))
        return [self._records[record_id] for record_id in sorted(ids)]

    def name_word_counts(self) -> Collection[int]:
        return self._word_counts


def mention_keys(text: str, word_counts: Collection[int]) -> set[str]:
    """The folded word n-grams of `text` as long as registered names are: a name is mentioned
    (interest._mentions) exactly when its folded form is one of them."""
    words = normalise_name(text).split()
    return {" ".join(words[start:start + size]) for size in set(word_counts) if size > 0
            for start in range(len(words) - size + 1)}


def merge_profiles(profiles: Iterable[SourceProfile]) -> SourceProfile:
    """One profile for a source that several evidence items describe, whatever their order."""
    profiles = sorted(profiles, key=lambda p: (p.id, p.name))
    first = profiles[0]
    affiliations = tuple(sorted({a for p in profiles for a in p.affiliations}))
    kinds = sorted({p.kind for p in profiles} - {"other"})
    written: dict[str, str] = {}
    for name in sorted(n for p in profiles for n in p.written_as):
        written.setdefault(normalise_name(name), name)
    return replace(
        first,
        affiliations=affiliations,
        reliability=max(p.reliability for p in profiles),
        kind=kinds[0] if kinds else first.kind,
        actor=next((p.actor for p in profiles if p.actor), None),
        written_as=tuple(sorted(written.values(), key=str.casefold)),
    )


def _joined(names: tuple[str, ...]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _lower_first(name: str) -> str:
    return "the " + name[:1].lower() + name[1:]


def _reliability(value, default: float) -> float:
    return default if value is None else float(value)
