"""Words that name the same event in news reports: "leaked" and "escaped", "died" and "killed".

A statement and a report rarely use the same verb for what happened. Each group below is one
kind of event or state, written from general news usage (not from any test's sentences): every
inflection and nominalisation a light stemmer would not join ("died", "death", "dead"). A word
in a group also gets the group's key, so it meets every other word of the group; words with
several common senses ("set", "leave", "take") are left out, since one wrong meeting costs more
than one paraphrase missed.
"""

from __future__ import annotations

_GROUPS = {
    "leak": "leak leaked leaking leaks leakage escape escaped escapes escaping seep seeped seeping "
            "seeps spill spilled spilt spilling spills",
    "die": "die died dies dying dead death deaths killed kill kills killing fatal fatalities "
           "fatality perished",
    "injure": "injure injured injures injuring injury injuries hurt wounded wounding wounds",
    "steal": "steal stole stolen stealing steals theft thefts stealer",
    "evacuate": "evacuate evacuated evacuates evacuating evacuation evacuations evacuee evacuees",
    "ill": "ill illness illnesses sick sickness sickened sickening",
    "infant": "infant infants baby babies newborn newborns child children",
    "contain": "contain contained containing contains containment",
    "tamper": "tamper tampered tampering stuffed stuffing rigged rigging",
    "ignite": "arson arsonist ignite ignited igniting",
    "derail": "derail derailed derailing derailment derailments",
    "approve": "approve approved approves approving approval",
    "resign": "resign resigned resigns resigning resignation",
    "arrest": "arrest arrested arrests arresting detain detained detains detaining detention",
    "close": "close closed closes closing closure shut shuts shutting",
    "cancel": "cancel cancelled canceled cancels cancelling canceling cancellation",
    "breach": "breach breached breaches hack hacked hacking intrusion",
    "expose": "expose exposed exposes exposing exposure",
    "deploy": "deploy deployed deploying deployment deployments",
    "flood": "flood flooded flooding floods",
    "collapse": "collapse collapsed collapses collapsing",
    "explode": "explode exploded explodes exploding explosion explosions blast blasts",
    "poison": "poison poisoned poisoning poisonings",
    # Who, in general: "People died" is what "nobody had died" and "anyone had died" speak of.
    "person": "people person persons somebody someone anybody anyone nobody",
}


# Several words for one event ("came off the tracks" is "derailed"): the phrase's first word
# gets the group's key. Each phrase names its event in any context it appears in.
_PHRASES = {
    "derail": "came off the tracks|come off the tracks|comes off the tracks|coming off the tracks|"
              "jumped the tracks|jumped the rails|left the rails|left the tracks|came off the rails|"
              "came off its rails",
    "evacuate": "told to leave|ordered to leave|ordered out of|forced to leave|forced to flee|"
                "fled their homes|left their homes|leave their homes",
    "injure": "treated for|taken to hospital|hospitalised|hospitalized",
    "die": "lost their lives|lost his life|lost her life|were killed|was killed",
    "leak": "released into|poured into",
}
PHRASES: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _name, _phrases in _PHRASES.items():
    for _phrase in _phrases.split("|"):
        _words = tuple(_phrase.split())
        PHRASES.setdefault(_words[0], []).append((_words[1:], f"~{_name}"))


def _stem(word: str) -> str:
    from workers.extraction.sentences import light_stem

    return light_stem(word)


_KEY_OF: dict[str, str] | None = None


def paraphrase_key(stem: str) -> str | None:
    """The group key ("~leak") of a light-stemmed word, or None."""
    global _KEY_OF
    if _KEY_OF is None:
        _KEY_OF = {_stem(word): f"~{name}" for name, words in _GROUPS.items() for word in words.split()}
    return _KEY_OF.get(stem)
