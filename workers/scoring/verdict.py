"""From counts and posterior to a word a reader acts on."""

from __future__ import annotations

from config.settings import ScoringSettings

VERDICTS = ("corroborated", "contested", "refuted", "unverified")


def decide(score: float, confirming: int, denying: int, settings: ScoringSettings) -> str:
    """`confirming` and `denying` count clusters that may carry a verdict on their own."""
    enough = settings.min_independent_clusters
    if confirming >= enough and score >= settings.corroborated_min_score:
        return "corroborated"
    if denying >= enough and score <= settings.refuted_max_score:
        return "refuted"
    if confirming and denying:
        return "contested"
    return "unverified"
