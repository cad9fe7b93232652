"""The scoring engine on hand-made evidence: clustering, stance, score, verdict, explanation."""

from __future__ import annotations

import pytest

from config.settings import ScoringSettings
from workers.scoring import score_statement


def evidence(source, stance, **extra):
    return {"source": source, "stance": stance, **extra}


def score(*items, **settings):
    return score_statement({"text": "A statement.", "evidence": list(items)}, ScoringSettings(**settings))


def test_no_evidence_is_unverified_with_the_prior_interval():
    result = score()

    assert result["verdict"] == "unverified"
    assert result["score"] == pytest.approx(0.5)
    assert result["interval"] == pytest.approx([0.05, 0.95])
    assert result["counts"] == {"confirming": 0, "denying": 0, "neutral": 0, "unattributed": 0, "independent": 0,
                               "reports": 0}


def test_reports_from_one_source_are_one_cluster():
    result = score(evidence("reuters", "confirms"), evidence("reuters", "confirms", quote="again"))

    assert result["counts"]["confirming"] == 1 and result["counts"]["reports"] == 2
    assert result["clusters"][0]["reasons"] == ["2 reports from reuters count once"]


def test_shared_affiliation_merges_transitively():
    result = score(
        evidence({"id": "a", "affiliations": ["ministry"]}, "confirms"),
        evidence({"id": "b", "affiliations": ["ministry", "party"]}, "confirms"),
        evidence({"id": "c", "affiliations": ["party"]}, "confirms"),
        evidence("d", "confirms"),
    )

    assert result["counts"]["confirming"] == 2
    merged = next(c for c in result["clusters"] if len(c["sources"]) == 3)
    assert merged["sources"] == ["a", "b", "c"]
    assert any("share the affiliation 'party'" in reason for reason in merged["reasons"])


def test_five_outlets_quoting_one_official_are_one_source():
    result = score(*[evidence(f"outlet-{n}", "confirms", cites=["official"]) for n in range(5)])

    assert result["counts"]["confirming"] == 1
    (cluster,) = result["clusters"]
    assert "official" in cluster["sources"]
    assert "outlet-0 cites official" in cluster["reasons"]


def test_cluster_stance_is_the_reliability_weighted_majority():
    heavy = {"id": "x", "reliability": 0.9}
    light = {"id": "y", "reliability": 0.2, "affiliations": ["group"]}
    result = score(evidence({**heavy, "affiliations": ["group"]}, "denies"), evidence(light, "confirms"))

    assert [c["stance"] for c in result["clusters"]] == ["denies"]


def test_a_tie_inside_a_cluster_is_neutral():
    result = score(evidence("x", "confirms"), evidence("x", "denies"))

    assert result["clusters"][0]["stance"] == "neutral"
    assert result["verdict"] == "unverified"


def test_three_independent_confirmations_corroborate_and_explain_themselves():
    result = score(*(evidence({"id": i, "name": i.upper()}, "confirms") for i in ("ap", "afp", "dpa")))

    assert result["verdict"] == "corroborated"
    assert result["explanation"] == "3 independent sources confirm (AFP; AP; DPA); none deny."


def test_two_confirmations_are_not_yet_corroboration_by_default():
    assert score(evidence("ap", "confirms"), evidence("afp", "confirms"))["verdict"] == "unverified"


def test_one_disinterested_denial_outweighs_a_few_confirmations():
    result = score(evidence("a", "confirms"), evidence("b", "confirms"), evidence("c", "denies"))

    assert result["verdict"] == "refuted"
    assert result["score"] < 0.35


def test_one_confirmation_is_not_enough():
    assert score(evidence("ap", "confirms", ), )["verdict"] == "unverified"


def test_two_denials_refute():
    assert score(evidence("a", "denies"), evidence("b", "denies"))["verdict"] == "refuted"


def test_both_sides_without_a_winner_is_contested():
    result = score(evidence("a", "confirms"), evidence("b", "confirms"), evidence("c", "denies"), deny_strength=2.0)

    assert result["verdict"] == "contested"
    assert result["explanation"].startswith("2 independent sources confirm (a; b); 1 independent source denies (c)")


def test_reliability_moves_the_score():
    trusted = score(evidence({"id": "a", "reliability": 0.95}, "confirms"))
    doubtful = score(evidence({"id": "a", "reliability": 0.1}, "confirms"))

    assert trusted["score"] > doubtful["score"] > 0.5


def test_each_evidence_entry_keeps_its_index_and_cluster():
    result = score(evidence("a", "confirms"), evidence("b", "denies"), evidence("a", "confirms"))

    assert [e["index"] for e in result["evidence"]] == [0, 1, 2]
    assert result["evidence"][2]["duplicate_of"] == 0
    assert result["evidence"][0]["cluster"] == result["evidence"][2]["cluster"]


def test_thresholds_come_from_settings():
    three = (evidence("a", "confirms"), evidence("b", "confirms"), evidence("c", "confirms"))

    assert score(*three)["verdict"] == "corroborated"
    assert score(*three, corroborated_min_score=0.99)["verdict"] == "unverified"
    assert score(*three, min_independent_clusters=4)["verdict"] == "unverified"
    assert score(*three[:2], corroborated_min_score=0.75)["verdict"] == "corroborated"
