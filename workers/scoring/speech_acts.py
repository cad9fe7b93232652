"""Statements about what someone said: "North Korea confirmed that it sent troops".

Such a statement is true when its subject said so, whatever the facts. Evidence that the troops
are there bears on the content, not on the saying: only the subject's own words confirm or deny
that it said it. Everyone else's inferred evidence does not address the statement's claim, so it
takes no side and is not counted at all (not even as a neutral source): inference compares a
quote's words with the statement's, and cannot tell the saying from the facts. A stance the caller
gave was judged against the whole statement (an outlet reporting that the subject said
so), and stands.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from workers.scoring.sources import normalise_name

try:  # Actor resolution ("Pyongyang" is North Korea) lands from the actors branch.
    from workers.knowledge import actor_for
except ImportError:  # pragma: no cover - until it does, names are compared as written
    actor_for = None

# Reporting verbs whose complement is what was said. "accused X of" takes its content after "of".
_REPORTING_VERBS = (
    "confirmed|confirms|acknowledged|acknowledges|admitted|admits|announced|announces|said|says|"
    "stated|states|claimed|claims|declared|declares|denied|denies|insisted|insists|told|reported|"
    "reports|revealed|reveals|asserted|asserts|alleged|alleges|warned|warns"
)
# Subject: up to seven words, the first capitalised ("The Kremlin", "Lumera Bank", "Lithuania's
# defence ministry"); then the verb; then "that", or an object and "of" for "accused".
_SPEECH_ACT = re.compile(
    rf"^\s*(?P<subject>(?:[Tt]he\s+)?[A-Z][\w'’.&-]*(?:\s+[\w'’.&-]+){{0,6}}?)\s+"
    rf"(?:(?:has|have|had)\s+)?(?:(?:{_REPORTING_VERBS})\s+(?:\w+\s+){{0,2}}?that\b|"
    rf"(?:accused|accuses|has accused)\s+.+?\s+of\b)"
)
_LEADING_ARTICLE = re.compile(r"^the\s+")


def speech_act_subject(text: str) -> str | None:
    """The subject of a statement about a speech act, or None when the statement is not one."""
    match = _SPEECH_ACT.match(text or "")
    return match.group("subject") if match else None


def _key(name: str) -> str:
    return _LEADING_ARTICLE.sub("", normalise_name(name))


def _actor_id(name: str):
    if actor_for is None:
        return None
    actor = actor_for(name)
    return actor.id if actor else None


def speaks_as(source_name: str, subject: str) -> bool:
    """Is `source_name` the subject itself, or someone speaking for it ("Lumera Bank" and
    "Lumera's chief information security officer", once actors are known)?"""
    source, wanted = _key(source_name), _key(subject)
    if not source or not wanted:
        return False
    if source == wanted or f" {wanted} " in f" {source} " or f" {source} " in f" {wanted} ":
        return True
    subject_actor = _actor_id(subject)
    return subject_actor is not None and subject_actor == _actor_id(source_name)


def restrict_to_subject(text: str, evidence: Sequence[Mapping]) -> list[dict]:
    """Evidence for `text`: when it is about a speech act, other sources' inferred evidence is left out."""
    subject = speech_act_subject(text)
    if subject is None:
        return [dict(item) for item in evidence]
    restricted = []
    for item in evidence:
        source = item["source"]
        name = source if isinstance(source, str) else source.get("name") or source.get("id", "")
        if item.get("stance_inferred") and not speaks_as(str(name), subject):
            continue  # speaks to the content, not to whether the subject said so
        restricted.append(dict(item))
    return restricted
