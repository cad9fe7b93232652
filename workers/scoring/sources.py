"""Who said it: resolve an evidence item's source to one actor profile.

Sources are matched on a normalised key (case, accents and punctuation folded) against registry
ids, names and aliases, so "Pyongyang" and "North Korea's foreign ministry" resolve to one actor
once a registry entry declares them aliases of each other.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

_NOT_WORD = re.compile(r"[\W_]+")
_POSSESSIVE = re.compile(r"['’]s\b")


@lru_cache(maxsize=65536)
def normalise_name(name: str) -> str:
    """Fold a source name or id to the key it is matched on."""
    text = unicodedata.normalize("NFKD", str(name)).casefold()
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _POSSESSIVE.sub("", text)
    return _NOT_WORD.sub(" ", text).strip()


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

    @property
    def anonymous(self) -> bool:
        return self.kind == "anonymous"

    def names(self) -> set[str]:
        """Every normalised name this source goes by."""
        return {normalise_name(n) for n in (self.id, self.name, *self.aliases)} - {""}


class SourceDirectory:
    """Registry snapshot plus the inline source objects of one statement's evidence."""

    def __init__(self, registry: Iterable[Mapping] = (), default_reliability: float = 0.5):
        self.default_reliability = default_reliability
        self._by_key: dict[str, SourceProfile] = {}
        self._aliases: dict[str, str] = {}
        # Sorted, and ids indexed before other names, so an alias two records claim resolves the
        # same way whatever order the registry was read in.
        records = sorted(registry, key=lambda r: str(r["id"]))
        for record in records:
            profile = SourceProfile(
                key=normalise_name(record["id"]),
                id=record["id"],
                name=record.get("name") or record["id"],
                kind=record.get("kind") or "other",
                affiliations=tuple(record.get("affiliations") or ()),
                aliases=tuple(record.get("aliases") or ()),
                reliability=_reliability(record.get("reliability"), default_reliability),
                registered=True,
            )
            self._by_key[profile.key] = profile
            self._aliases.setdefault(profile.key, profile.key)
        for profile in self._by_key.values():
            for alias in profile.names():
                self._aliases.setdefault(alias, profile.key)

    def registered(self) -> list[SourceProfile]:
        return list(self._by_key.values())

    def lookup_key(self, name: str) -> str:
        key = normalise_name(name)
        return self._aliases.get(key, key)

    def resolve(self, reference: str | Mapping) -> SourceProfile:
        """The profile for an evidence item's `source` (an id string or an inline object)."""
        inline = {"id": reference} if isinstance(reference, str) else dict(reference)
        key = self.lookup_key(inline["id"])
        known = self._by_key.get(key)
        if known is not None:
            # The registry is the authority on a known source; inline affiliations only add.
            extra = tuple(a for a in inline.get("affiliations") or () if a not in known.affiliations)
            return replace(known, affiliations=known.affiliations + extra) if extra else known
        return SourceProfile(
            key=key,
            id=str(inline["id"]).strip(),
            name=inline.get("name") or str(inline["id"]).strip(),
            kind=inline.get("kind") or "other",
            affiliations=tuple(inline.get("affiliations") or ()),
            reliability=_reliability(inline.get("reliability"), self.default_reliability),
        )


def merge_profiles(profiles: Iterable[SourceProfile]) -> SourceProfile:
    """One profile for a source that several evidence items describe, whatever their order."""
    profiles = sorted(profiles, key=lambda p: (p.id, p.name))
    first = profiles[0]
    affiliations = tuple(sorted({a for p in profiles for a in p.affiliations}))
    kinds = sorted({p.kind for p in profiles} - {"other"})
    return replace(
        first,
        affiliations=affiliations,
        reliability=max(p.reliability for p in profiles),
        kind=kinds[0] if kinds else first.kind,
    )


def _reliability(value, default: float) -> float:
    return default if value is None else float(value)
