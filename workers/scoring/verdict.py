"""From counts and posterior to a word a reader acts on."""

from __future__ import annotations

from config.settings import ScoringSettings

VERDICTS = ("corroborated", "contested", "refuted", "unverified")


def decide(score: float, confirming: int, denying: int, settings: ScoringSettings) -> str:
    """`confirming` and `denying` count clusters that may carry a verdict on their own.

    The two sides need not ask for the same number of clusters: `min_refuting_clusters` is set
    apart from `min_independent_clusters` because one independent debunking tells more than one
    more outlet repeating a claim (config/settings.py says where both values come from).
    """
    if confirming >= settings.min_independent_clusters and score >= settings.corroborated_min_score:
        return "corroborated"
    if denying >= settings.min_refuting_clusters and score <= settings.refuted_max_score:
        return "refuted"
    if confirming and denying:
        return "contested"
    return "unverified"
