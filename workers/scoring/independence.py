"""Which reports are independent of each other.

Reports are grouped into clusters that a careful reader would count as one source: the same
actor, actors that share an affiliation (transitively), and reports that cite another source.
Each cluster keeps the reasons it was merged, so the count can be explained.
"""

from __future__ import annotations

import math

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from workers.scoring.sources import SourceProfile, normalise_name

STANCES = ("confirms", "denies", "neutral")


@dataclass(frozen=True)
class Report:
    """One evidence item, its source resolved to a profile key."""

    index: int
    source_key: str
    stance: str
    reliability: float
    cites: tuple[str, ...] = ()
    fingerprint: str = ""
    # How much of its reliability the report's stance carries (engine.stance_weight).
    confidence: float = 1.0

    @property
    def weight(self) -> float:
        return self.reliability * self.confidence


@dataclass
class Cluster:
    id: str
    source_keys: list[str]
    report_indices: list[int]
    stance: str
    weight: float
    reasons: list[str] = field(default_factory=list)


class _Partition:
    """Union-find over source keys that remembers why two groups were joined."""

    def __init__(self):
        self.parent: dict[str, str] = {}
        self.reasons: dict[str, list[str]] = defaultdict(list)

    def add(self, key: str) -> None:
        self.parent.setdefault(key, key)

    def find(self, key: str) -> str:
        self.add(key)
        root = key
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[key] != root:
            self.parent[key], key = root, self.parent[key]
        return root

    def union(self, a: str, b: str, reason: str) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return
        keep, gone = sorted((root_a, root_b))
        self.parent[gone] = keep
        self.reasons[keep].extend(self.reasons.pop(gone, []))
        self.reasons[keep].append(reason)

    def groups(self) -> dict[str, list[str]]:
        members: dict[str, list[str]] = defaultdict(list)
        for key in self.parent:
            members[self.find(key)].append(key)
        return members


def independent_clusters(
    reports: Sequence[Report],
    profiles: Mapping[str, SourceProfile],
    extra_links: Sequence[tuple[str, str, str]] = (),
) -> list[Cluster]:
    """Group reports into independent clusters.

    `extra_links` are (source key, source key, reason) pairs found by other means, such as
    near-duplicate wording between two reports.
    """
    partition = _Partition()
    for report in reports:
        partition.add(report.source_key)

    by_affiliation: dict[str, list[str]] = defaultdict(list)
    for key in sorted({r.source_key for r in reports}):
        for affiliation in profiles[key].affiliations:
            by_affiliation[normalise_name(affiliation)].append(key)
    for affiliation_key, keys in sorted(by_affiliation.items()):
        label = profiles[keys[0]].affiliations[
            [normalise_name(a) for a in profiles[keys[0]].affiliations].index(affiliation_key)
        ]
        for other in keys[1:]:
            partition.union(
                keys[0], other, f"{_name(profiles, keys[0])} and {_name(profiles, other)} "
                f"share the affiliation '{label}'"
            )

    for report in sorted(reports, key=lambda r: (r.source_key, r.cites)):
        for cited in report.cites:
            if cited != report.source_key:
                partition.union(
                    report.source_key, cited,
                    f"{_name(profiles, report.source_key)} cites {_name(profiles, cited)}",
                )
    for a, b, reason in extra_links:
        partition.union(a, b, reason)

    reports_by_root: dict[str, list[Report]] = defaultdict(list)
    for report in reports:
        reports_by_root[partition.find(report.source_key)].append(report)

    clusters = []
    for root, members in partition.groups().items():
        cluster_reports = reports_by_root.get(root, [])
        if not cluster_reports:
            continue
        stance = majority_stance(cluster_reports)
        agreeing = [r.weight for r in cluster_reports if r.stance == stance]
        reasons = _same_source_reasons(cluster_reports, profiles) + partition.reasons.get(root, [])
        clusters.append(
            Cluster(
                id="",
                source_keys=sorted(members),
                report_indices=sorted(r.index for r in cluster_reports),
                stance=stance,
                weight=max(agreeing) if agreeing else 0.0,
                reasons=reasons or [f"only source: {_name(profiles, root)}"],
            )
        )
    # Ids follow the sorted membership, not the input order, so a reordered request reads the same.
    clusters.sort(key=lambda c: (STANCES.index(c.stance), c.source_keys))
    for number, cluster in enumerate(clusters, start=1):
        cluster.id = f"c{number}"
    return clusters


def majority_stance(reports: Sequence[Report]) -> str:
    """The majority stance, weighted by reliability and stance confidence; a tie at the top is
    neutral."""
    weights: dict[str, list[float]] = {stance: [] for stance in STANCES}
    for report in reports:
        weights[report.stance].append(report.weight)
    # fsum is exactly rounded, so a tie is a tie whatever order the reports came in.
    totals = {stance: math.fsum(values) for stance, values in weights.items()}
    best = max(totals.values())
    leaders = [stance for stance, total in totals.items() if total == best]
    return leaders[0] if len(leaders) == 1 else "neutral"


def _same_source_reasons(reports: Sequence[Report], profiles: Mapping[str, SourceProfile]) -> list[str]:
    counts: dict[str, int] = defaultdict(int)
    for report in reports:
        counts[report.source_key] += 1
    reasons = []
    for key, count in sorted(counts.items()):
        profile = profiles.get(key)
        if profile is not None and profile.one_actor_reason():
            reasons.append(profile.one_actor_reason())
        if count > 1:
            reasons.append(f"{count} reports from {_name(profiles, key)} count once")
    return reasons


def _name(profiles: Mapping[str, SourceProfile], key: str) -> str:
    profile = profiles.get(key)
    return profile.name if profile else key
