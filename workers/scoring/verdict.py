"""From counts and posterior to a word a reader acts on."""

from __future__ import annotations

from config.settings import ScoringSettings

VERDICTS = ("corroborated", "contested", "refuted", "unverified")


def decide(
    score: float,
    confirming: int,
    denying: int,
    settings: ScoringSettings,
    *,
    any_confirming: int | None = None,
    any_denying: int | None = None,
    quoted_denying: int = 0,
) -> str:
    """`confirming` and `denying` count clusters that may carry a verdict on their own;
    `any_confirming` and `any_denying` (default: the same) also count those that may not —
    unattributed reports, interested parties' denials — which still make a statement contested.

    The two sides need not ask for the same number of clusters: `min_refuting_clusters` is set
    apart from `min_independent_clusters` because one independent debunking tells more than one
    more outlet repeating a claim (config/settings.py says where both values come from).
    `quoted_denying` counts the denying clusters that are named parties quoted in articles
    (not debunking articles): while the denials are all such quotes and do not outnumber the
    confirming clusters, the statement is disputed between parties, so contested, not refuted.
    """
    if confirming >= settings.min_independent_clusters and score >= settings.corroborated_min_score:
        return "corroborated"
    disputed = confirming and quoted_denying == denying and denying <= confirming
    if denying >= settings.min_refuting_clusters and score <= settings.refuted_max_score and not disputed:
        return "refuted"
    if (confirming if any_confirming is None else any_confirming) and (
        denying if any_denying is None else any_denying
    ):
        return "contested"
    return "unverified"


def mirrored(decided: str) -> str:
    """The verdict on a statement's negation, given the verdict on the statement."""
    return {"corroborated": "refuted", "refuted": "corroborated"}.get(decided, decided)
