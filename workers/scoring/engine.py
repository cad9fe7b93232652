"""Score one statement: evidence in, result out.

The whole pipeline, top to bottom: resolve each report's source through the registry, drop exact
duplicates, group reports into independent clusters (same actor, shared affiliation, citation,
near-identical wording, unattributed), give each cluster a stance and a weight (discounting
unattributed clusters and interested parties' denials), update a Beta prior with the confirming
and denying clusters, and name a verdict. Nothing here touches Redis or HTTP.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime, timezone

from config.settings import SCORER_VERSION, ScoringSettings
from workers.scoring import negation, posterior, verdict
from workers.scoring.documents import read_documents, with_inferred_stances
from workers.scoring.explanation import explain
from workers.scoring.independence import Cluster, Report, independent_clusters
from workers.scoring.interest import interested_parties
from workers.scoring.near_duplicates import near_duplicate_pairs
from workers.scoring.sources import RegistryLookup, SourceDirectory, SourceProfile, merge_profiles
from workers.scoring.speech_acts import restrict_to_subject, speech_act_subject

# Chance for a three-way stance, and the confidence from which a stance is taken as decided
# (documents.DECISIVE_CUE: the rules' clear cues, trusted over the stance model).
_CHANCE_STANCE = 1 / 3
_DECIDED_STANCE = 0.7

# "according to the Foreign Ministry", "according to Reuters": the report relays that source.
# The name runs over capitalised words (and the small words inside names); it is cut before
# trailing role words, so "according to Labour Ministry officials" cites the Labour Ministry.
_ACCORDING_TO = re.compile(
    r"\b[Aa]ccording to (?:[Tt]he )?([A-Z][\w'’.&-]*(?: (?:of|for|and|the|[A-Z][\w'’.&-]*))*)"
)
_ROLE_WORDS = re.compile(
    r"(?: (?:officials?|sources?|spokes(?:man|woman|person)|statements?|reports?|"
    r"Officials?|Sources?|Spokes(?:man|woman|person)))+$"
)


def score_statement(
    statement: Mapping,
    settings: ScoringSettings | None = None,
    registry: Iterable[Mapping] | RegistryLookup = (),
    statement_id: str | None = None,
    computed_at: datetime | None = None,
) -> dict:
    """The result document for `statement` ({text, evidence: [...]}) as the API returns it.

    `registry` is every record, or a lookup that fetches only those this statement can name."""
    settings = settings or ScoringSettings()
    directory = SourceDirectory(registry, settings.default_reliability)
    affirmative = negation.affirmative_form(statement["text"])
    reading = affirmative or statement["text"]
    evidence = with_inferred_stances(reading, statement.get("evidence") or ())
    given = len(evidence)
    found, document_summaries = read_documents(reading, statement.get("documents") or ())
    evidence += found
    if affirmative:
        evidence = [{**item, "stance": negation.mirrored(item["stance"])} if item.get("stance_inferred") else item
                    for item in evidence]
        document_summaries = [{**summary, "stance": negation.mirrored(summary["stance"])}
                              for summary in document_summaries]

    evidence = restrict_to_subject(statement["text"], evidence)
    directory.prefetch(_names_looked_up(evidence), statement["text"])
    profiles, reports = _resolve_reports(evidence, directory)
    distinct = _distinct(reports)
    links = _extra_links(distinct, evidence, profiles, directory, statement.get("documents") or ())
    clusters = independent_clusters(distinct, profiles, links)
    known = directory.registered(mentioned_in=statement["text"])
    interested = interested_parties(statement["text"], profiles, known)
    about_a_saying = speech_act_subject(statement["text"]) is not None
    if about_a_saying:
        # Whether the subject said something is for the subject to confirm or deny: on that
        # question it is the authority, not a party with a stake.
        interested = {}
    anonymous = {c.id for c in clusters if all(profiles[k].anonymous for k in c.source_keys)}
    # Belief and verdict are decided for the affirmative claim and mirrored back for a negated
    # statement, so that "X did not happen" is judged by the same rules as "X happened": one
    # independent denial refutes, two confirmations corroborate, and an interested party's
    # self-serving side (denying the accusation, or confirming that it did not happen) weighs less.
    side = {c.id: negation.mirrored(c.stance) if affirmative else c.stance for c in clusters}

    # A source that denies something of its own conduct ("none of its wagons had leaked") has a
    # stake in the answer even where the statement does not name it (not on a saying, above).
    for c in [] if about_a_saying else clusters:
        if side[c.id] == "denies" and any(evidence[i].get("about_itself") for i in c.report_indices):
            interested.update({k: profiles[k].name for k in c.source_keys if k not in interested})
    interested_denials = {c.id for c in clusters
                          if side[c.id] == "denies" and any(k in interested for k in c.source_keys)}
    # Unattributed clusters and interested parties' denials weigh less in the score and never
    # carry a verdict on their own.
    qualifying = [c for c in clusters if c.id not in anonymous and c.id not in interested_denials]
    weights = {
        c.id: c.weight
        * (settings.anonymous_discount if c.id in anonymous else 1.0)
        * (settings.interested_denial_discount if c.id in interested_denials else 1.0)
        for c in clusters
    }

    belief = posterior.update(
        settings.prior_confirm,
        settings.prior_deny,
        confirming=settings.confirm_strength * sum(weights[c.id] for c in clusters if side[c.id] == "confirms"),
        denying=settings.deny_strength * sum(weights[c.id] for c in clusters if side[c.id] == "denies"),
    )
    # A denial quoted from a named party in an article is one side of a dispute between
    # parties, not a debunking: deny_strength was fitted on articles that debunk (Emergent).
    quoted = {c.id for c in qualifying if all(evidence[i].get("cue_span") for i in c.report_indices)}
    decided = verdict.decide(
        belief.mean,
        sum(side[c.id] == "confirms" for c in qualifying),
        sum(side[c.id] == "denies" for c in qualifying),
        settings,
        any_confirming=sum(side[c.id] == "confirms" for c in clusters),
        any_denying=sum(side[c.id] == "denies" for c in clusters),
        quoted_denying=sum(side[c.id] == "denies" for c in qualifying if c.id in quoted),
    )
    low, high = belief.credible_interval(settings.credible_mass)
    score, interval = belief.mean, (low, high)
    if affirmative:
        score, interval, decided = 1.0 - score, (1.0 - high, 1.0 - low), verdict.mirrored(decided)
        if decided == "corroborated" and sum(c.stance == "confirms" for c in qualifying) < settings.min_independent_clusters:
            # X refuted by one independent denial does not make "not X" corroborated: one source
            # is never corroboration, whichever way the statement is worded.
            decided = "unverified"
    # One policy for the counts and the sentence: `confirming`, `denying` and `neutral` count
    # named clusters; the one cluster of unattributed reports is counted apart as
    # `unattributed`, and the sentence names it apart ("unattributed reports also confirm").
    named = [c for c in clusters if c.id not in anonymous]
    counts = {
        "confirming": sum(c.stance == "confirms" for c in named),
        "denying": sum(c.stance == "denies" for c in named),
        "neutral": sum(c.stance == "neutral" for c in named),
        "unattributed": len(clusters) - len(named),
        "independent": len(clusters),
        "reports": len(evidence),
    }
    first_copy: dict[str, int] = {}
    for report in reports:
        first_copy.setdefault(report.fingerprint, report.index)
    cluster_of = {index: c.id for c in clusters for index in c.report_indices}

    return {
        "statement_id": statement_id,
        "text": statement["text"],
        "score": round(score, 6),
        "interval": [round(x, 6) for x in interval],
        "verdict": decided,
        "counts": counts,
        "clusters": [_cluster_document(c, profiles, interested, weights[c.id], c.id in anonymous,
                                       c.id in interested_denials) for c in clusters],
        "evidence": [_evidence_document(r, evidence[r.index], given, profiles, cluster_of, first_copy)
                     for r in reports],
        **({"documents": document_summaries} if "documents" in statement else {}),
        "explanation": _explanation(clusters, profiles, interested, anonymous, interested_denials),
        "scorer_version": SCORER_VERSION,
        "computed_at": (computed_at or datetime.now(timezone.utc)).isoformat(),
    }


def _evidence_document(report: Report, item: Mapping, given: int, profiles, cluster_of, first_copy) -> dict:
    """One result entry per report: input items keep their index; items read from a document
    have none and say which document they came `via`."""
    first = first_copy[report.fingerprint]
    document = {
        "index": report.index if report.index < given else None,
        "source": profiles[report.source_key].id,
        "stance": report.stance,
        "cluster": cluster_of[first],
    }
    if first != report.index:
        document["duplicate_of"] = first if first < given else None
    for key in ("stance_inferred", "confidence", "cue", "via", "source_span", "cue_span", "content_span",
                "document_id", "url", "published_at"):
        if key in item:
            document[key] = item[key]
    if report.index >= given:
        document["quote"] = item.get("quote")
    return document


def _resolve_reports(
    evidence: list[Mapping], directory: SourceDirectory
) -> tuple[dict[str, SourceProfile], list[Report]]:
    seen: dict[str, list[SourceProfile]] = defaultdict(list)
    cited_names = [_cited_names(item) for item in evidence]
    for item, cited in zip(evidence, cited_names):
        profile = directory.resolve(item["source"])
        seen[profile.key].append(profile)
        for name in cited:
            cited_profile = directory.resolve(name)
            seen[cited_profile.key].append(cited_profile)
    profiles = {key: merge_profiles(found) for key, found in seen.items()}

    reports = []
    for index, (item, cited) in enumerate(zip(evidence, cited_names)):
        key = directory.resolve(item["source"]).key
        reports.append(
            Report(
                index=index,
                source_key=key,
                stance=item["stance"],
                reliability=profiles[key].reliability,
                cites=tuple(sorted({directory.lookup_key(name) for name in cited})),
                fingerprint=_fingerprint(key, item),
                confidence=stance_weight(item),
            )
        )
    return profiles, reports


def _names_looked_up(evidence: list[Mapping]) -> Iterator[str | None]:
    """The names resolving `evidence` looks up in the registry (its sources' ids, names and
    affiliations, and whom each report cites), so a lookup can fetch their records at once."""
    for item in evidence:
        source = item["source"]
        if isinstance(source, str):
            yield source
        else:
            yield from (source["id"], source.get("name"), *(source.get("affiliations") or ()))
        yield from _cited_names(item)


def stance_weight(item: Mapping) -> float:
    """How much of a report's weight its stance carries: 1 for a stance given by the caller;
    for an inferred one, its confidence rescaled so that chance (1/3: three stances) weighs
    nothing and a decided stance (0.7 and up) weighs fully.

    Why not the raw confidence: the rules' confidences are cue strengths (0.7 for a plain
    "said"), not probabilities, and weighting by them would take 30 % off every clearly
    reported claim; a linear ramp from chance keeps those whole while a 0.4 stance, barely
    above a guess, weighs 0.18 of a certain one.
    """
    if not item.get("stance_inferred") or "confidence" not in item:
        return 1.0
    confidence = float(item["confidence"])
    return min(1.0, max(0.0, (confidence - _CHANCE_STANCE) / (_DECIDED_STANCE - _CHANCE_STANCE)))


def _cited_names(item: Mapping) -> list[str]:
    """Sources a report relays: its `cites`, and any "according to X" in its quote."""
    names = list(item.get("cites") or ())
    for match in _ACCORDING_TO.finditer(item.get("quote") or ""):
        name = _ROLE_WORDS.sub("", match.group(1).rstrip(".,"))
        name = re.sub(r" (?:of|for|and|the)$", "", name)
        if name:
            names.append(name)
    return names


def _extra_links(reports: list[Report], evidence: list[Mapping], profiles: Mapping[str, SourceProfile],
                 directory: SourceDirectory, documents: Sequence[Mapping] = ()):
    """Links the independence rules cannot see from sources alone."""
    links = []
    for key, profile in sorted(profiles.items()):
        for affiliation in profile.affiliations:
            parent = directory.lookup_key(affiliation)
            if parent != key and parent in profiles:
                links.append((key, parent, f"{profile.name} is affiliated with {profiles[parent].name}"))
    quotes = [_wording(evidence[r.index], documents) for r in reports]
    for i, j in near_duplicate_pairs(quotes):
        a, b = reports[i].source_key, reports[j].source_key
        # Two sources named in one sentence of one article ("X and Y said") share that
        # sentence as their quote: a joint statement, not one outlet copying another.
        document = _document_of(evidence[reports[i].index])
        same_document = document is not None and document == _document_of(evidence[reports[j].index])
        if a != b and not same_document:
            links.append((a, b, f"{profiles[a].name} and {profiles[b].name} carry near-identical wording"))
    unattributed = sorted({r.source_key for r in reports if profiles[r.source_key].anonymous})
    for other in unattributed[1:]:
        links.append((unattributed[0], other, "unattributed reports cannot be shown to be independent"))
    return links


def _wording(item: Mapping, documents: Sequence[Mapping]) -> str | None:
    """What a report says, to compare with others: its quote, or, for a publisher counted on
    its own account (no quote), its whole article, so that two copies of one article are one
    source whoever publishes them."""
    if item.get("quote"):
        return item["quote"]
    document = _document_of(item)
    if document is not None and document < len(documents):
        return documents[document].get("text")
    return None


def _document_of(item: Mapping) -> int | None:
    via = item.get("via")
    return via["document"] if via else None


def _cluster_document(cluster: Cluster, profiles, interested: Mapping[str, str], weight: float,
                      anonymous: bool, discounted: bool) -> dict:
    reasons = list(cluster.reasons)
    parties = [k for k in cluster.source_keys if k in interested]
    for key in parties:
        reasons.append(f"{profiles[key].name} is an interested party: the statement is about "
                       f"{interested[key]}"
                       + ((f"; its {'denial' if cluster.stance == 'denies' else 'claim'} weighs less") if discounted else ""))
    if anonymous:
        reasons.append("unattributed: weighs less and never corroborates or refutes on its own")
    return {
        "id": cluster.id,
        "sources": [profiles[k].id for k in cluster.source_keys],
        "stance": cluster.stance,
        "weight": round(weight, 6),
        "reasons": reasons,
        "interested": bool(parties),
        "anonymous": anonymous,
    }


def _explanation(clusters: list[Cluster], profiles, interested: Mapping[str, str], anonymous: set[str],
                 discounted: set[str]) -> str:
    names_by_stance = defaultdict(list)
    notes = []
    for cluster in clusters:
        if cluster.id in anonymous:
            verb = {"confirms": "confirm", "denies": "deny", "neutral": "take no side"}[cluster.stance]
            notes.append(f"unattributed reports also {verb}")
        else:
            names_by_stance[cluster.stance].append(" / ".join(profiles[k].name for k in cluster.source_keys))
    parties = [profiles[k].name for c in clusters if c.id in discounted for k in c.source_keys if k in interested]
    if parties:
        side = "denials" if all(c.stance == "denies" for c in clusters if c.id in discounted) else "self-serving claims"
        notes.append(f"{side} by interested parties ({'; '.join(parties)}) weigh less")
    return explain(names_by_stance, notes)


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
