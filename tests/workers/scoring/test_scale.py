"""10,000 reports score correctly (their time is printed by benchmarks/scoring_scale.py)."""

from benchmarks.evidence import synthetic_evidence
from workers.scoring import score_statement


def test_ten_thousand_reports():
    evidence = synthetic_evidence(10_000)

    result = score_statement({"text": "A statement under test.", "evidence": evidence})

    assert result["counts"]["reports"] == 10_000
    assert [e["index"] for e in result["evidence"]] == list(range(10_000))
    cluster_ids = {c["id"] for c in result["clusters"]}
    assert {e["cluster"] for e in result["evidence"]} == cluster_ids
    # 2,500 outlets in 97 affiliation groups, citing 50 officials, syndicating wire texts:
    # far fewer independent sources than reports.
    assert result["counts"]["independent"] <= 97
    assert 0 <= result["interval"][0] <= result["score"] <= result["interval"][1] <= 1
