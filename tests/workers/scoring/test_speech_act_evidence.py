"""A statement about what someone said: only the subject's own words are counted."""

from __future__ import annotations

from workers.scoring.speech_acts import restrict_to_subject

STATEMENT = "The Harbour Authority confirmed that the pier was closed."


def test_other_sources_inferred_evidence_is_left_out_not_counted_neutral():
    evidence = [
        {"source": "Harbour Authority", "stance": "confirms", "stance_inferred": True},
        {"source": "Dock Workers Union", "stance": "confirms", "stance_inferred": True},
        {"source": "City Council", "stance": "neutral", "stance_inferred": True},
    ]
    assert [item["source"] for item in restrict_to_subject(STATEMENT, evidence)] == ["Harbour Authority"]


def test_a_stance_the_caller_gave_stands():
    evidence = [{"source": "Port Gazette", "stance": "confirms"}]
    assert restrict_to_subject(STATEMENT, evidence) == evidence


def test_other_statements_keep_all_evidence():
    evidence = [{"source": "Dock Workers Union", "stance": "confirms", "stance_inferred": True}]
    assert restrict_to_subject("The pier was closed.", evidence) == evidence
