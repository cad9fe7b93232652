"""One plain sentence that says what was counted."""

from __future__ import annotations

from collections.abc import Sequence

# Bidirectional controls (embeddings, overrides, isolates, marks) in a source's name could
# reorder the text around it when a client displays the explanation ("Trojan Source").
_BIDI_CONTROLS = dict.fromkeys(
    [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)


def strip_bidi_controls(text: str) -> str:
    return text.translate(_BIDI_CONTROLS)

_PHRASES = {
    "confirms": ("confirms", "confirm", "none confirm"),
    "denies": ("denies", "deny", "none deny"),
    "neutral": ("takes no side", "take no side", "none take no side"),
}


def explain(names_by_stance: dict[str, Sequence[str]], notes: Sequence[str] = ()) -> str:
    """e.g. "2 independent sources confirm (A; B); none deny; 1 takes no side (C)."."""
    parts = []
    for stance in ("confirms", "denies", "neutral"):
        names = list(names_by_stance.get(stance, ()))
        singular, plural, nothing = _PHRASES[stance]
        if not names:
            if stance != "neutral":
                parts.append(nothing)
            continue
        noun = "independent source" if len(names) == 1 else "independent sources"
        verb = singular if len(names) == 1 else plural
        if stance == "neutral":
            parts.append(f"{len(names)} {verb} ({'; '.join(names)})")
        else:
            parts.append(f"{len(names)} {noun} {verb} ({'; '.join(names)})")
    if not any(names_by_stance.get(s) for s in ("confirms", "denies", "neutral")):
        parts = ["No named source confirms or denies it" if notes
                 else "No evidence was given, so nothing confirms or denies it"]
    sentence = "; ".join(parts)
    if notes:
        sentence += "; " + "; ".join(notes)
    sentence = strip_bidi_controls(sentence)
    return sentence[0].upper() + sentence[1:] + "."
