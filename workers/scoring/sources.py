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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache

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

    def __init__(self, registry: Iterable[Mapping] = (), default_reliability: float = 0.5,
                 context_country: str | None = None):
        self.default_reliability = default_reliability
        self.context_country = context_country
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
                reliability=_reliability(record.get("reliability"), default_reliability),
                registered=True,
                actor=actor.id if actor else None,
            )
            self._by_key[profile.key] = profile
            self._aliases.setdefault(profile.key, profile.key)
        for profile in self._by_key.values():
            for alias in profile.names():
                self._aliases.setdefault(alias, profile.key)
        self._record_for_actor = self._records_standing_for_states()

    def registered(self) -> list[SourceProfile]:
        return list(self._by_key.values())

    def lookup_key(self, name: str) -> str:
        """The key `name` resolves to: a registry record's, else a state actor's, else its own."""
        key = normalise_name(name)
        if key in self._aliases:
            return self._aliases[key]
        actor = actor_for(str(name), self.context_country)
        return self._actor_key(actor) if actor else key

    def resolve(self, reference: str | Mapping) -> SourceProfile:
        """The profile for an evidence item's `source` (an id string or an inline object)."""
        inline = {"id": reference} if isinstance(reference, str) else dict(reference)
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
        return SourceProfile(
            key=self._actor_key(actor) if actor else key,
            id=without_bidi_controls(str(inline["id"]).strip()),
            name=written,
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
