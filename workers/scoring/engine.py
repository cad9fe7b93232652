"""Score one statement: evidence in, result out.

The whole pipeline, top to bottom: resolve each report's source, drop exact duplicates, group
reports into independent clusters, give each cluster a stance and a weight, update a Beta prior
with the confirming and denying clusters, and name a verdict. Nothing here touches Redis or HTTP.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone

from config.settings import SCORER_VERSION, ScoringSettings
from workers.scoring import posterior, verdict
from workers.scoring.explanation import explain
from workers.scoring.independence import Report, independent_clusters
from workers.scoring.sources import SourceDirectory, SourceProfile, merge_profiles


def score_statement(
    statement: Mapping,
    settings: ScoringSettings | None = None,
    registry: Iterable[Mapping] = (),
    statement_id: str | None = None,
    computed_at: datetime | None = None,
) -> dict:
    """The result document for `statement` ({text, evidence: [...]}) as the API returns it."""
    settings = settings or ScoringSettings()
    directory = SourceDirectory(registry, settings.default_reliability)
    evidence = list(statement.get("evidence") or ())

    profiles, reports = _resolve_reports(evidence, directory)
    clusters = independent_clusters(_distinct(reports), profiles)

    weights = defaultdict(float)
    for cluster in clusters:
        weights[cluster.stance] += cluster.weight * settings.cluster_strength
    belief = posterior.update(
        settings.prior_confirm, settings.prior_deny, weights["confirms"], weights["denies"]
    )
    score = belief.mean
    counts = {
        "confirming": sum(c.stance == "confirms" for c in clusters),
        "denying": sum(c.stance == "denies" for c in clusters),
        "neutral": sum(c.stance == "neutral" for c in clusters),
        "independent": len(clusters),
        "reports": len(evidence),
    }
    first_copy = {}
    for report in reports:
        first_copy.setdefault(report.fingerprint, report.index)
    cluster_of = {index: c.id for c in clusters for index in c.report_indices}
    names_by_stance = defaultdict(list)
    for cluster in clusters:
        names_by_stance[cluster.stance].append(_cluster_name(cluster.source_keys, profiles))

    return {
        "statement_id": statement_id,
        "text": statement["text"],
        "score": round(score, 6),
        "interval": [round(x, 6) for x in belief.credible_interval(settings.credible_mass)],
        "verdict": verdict.decide(score, counts["confirming"], counts["denying"], settings),
        "counts": counts,
        "clusters": [
            {
                "id": c.id,
                "sources": [profiles[k].id for k in c.source_keys],
                "stance": c.stance,
                "weight": round(c.weight, 6),
                "reasons": c.reasons,
            }
            for c in clusters
        ],
        "evidence": [
            {
                "index": r.index,
                "source": profiles[r.source_key].id,
                "stance": r.stance,
                "cluster": cluster_of[first_copy[r.fingerprint]],
                **({"duplicate_of": first_copy[r.fingerprint]} if first_copy[r.fingerprint] != r.index else {}),
            }
            for r in reports
        ],
        "explanation": explain(names_by_stance),
        "scorer_version": SCORER_VERSION,
        "computed_at": (computed_at or datetime.now(timezone.utc)).isoformat(),
    }


def _resolve_reports(
    evidence: list[Mapping], directory: SourceDirectory
) -> tuple[dict[str, SourceProfile], list[Report]]:
    seen: dict[str, list[SourceProfile]] = defaultdict(list)
    for item in evidence:
        profile = directory.resolve(item["source"])
        seen[profile.key].append(profile)
        for cited in item.get("cites") or ():
            cited_profile = directory.resolve(cited)
            seen[cited_profile.key].append(cited_profile)
    profiles = {key: merge_profiles(found) for key, found in seen.items()}

    reports = []
    for index, item in enumerate(evidence):
        key = directory.resolve(item["source"]).key
        cites = tuple(sorted({directory.lookup_key(c) for c in item.get("cites") or ()}))
        reports.append(
            Report(
                index=index,
                source_key=key,
                stance=item["stance"],
                reliability=profiles[key].reliability,
                cites=cites,
                fingerprint=_fingerprint(key, item),
            )
        )
    return profiles, reports


def _distinct(reports: list[Report]) -> list[Report]:
    """Exact repeats of a report add nothing: keep the first copy of each."""
    kept: dict[str, Report] = {}
    for report in reports:
        kept.setdefault(report.fingerprint, report)
    return list(kept.values())


def _fingerprint(source_key: str, item: Mapping) -> str:
    content = {k: v for k, v in item.items() if k != "source"}
    raw = json.dumps([source_key, content], sort_keys=True, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()


def _cluster_name(keys: list[str], profiles: Mapping[str, SourceProfile]) -> str:
    names = [profiles[k].name for k in keys]
    return names[0] if len(names) == 1 else " / ".join(names)
