"""Invariants of the scoring engine, checked over generated evidence (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from workers.scoring import score_statement

SOURCES = [f"s{n}" for n in range(8)]
AFFILIATIONS = ["gov", "party", "wire"]

source_object = st.builds(
    lambda id_, affiliations, reliability: {
        "id": id_, "affiliations": affiliations, **({"reliability": reliability} if reliability is not None else {})
    },
    st.sampled_from(SOURCES),
    st.lists(st.sampled_from(AFFILIATIONS), max_size=2, unique=True),
    st.none() | st.floats(0.05, 1.0),
)
evidence_item = st.builds(
    lambda source, stance, cites: {"source": source, "stance": stance, **({"cites": cites} if cites else {})},
    st.sampled_from(SOURCES) | source_object,
    st.sampled_from(["confirms", "denies", "neutral"]),
    st.lists(st.sampled_from(SOURCES), max_size=2, unique=True),
)
evidence_lists = st.lists(evidence_item, max_size=12)


def scored(evidence: list[dict]) -> dict:
    return score_statement({"text": "S.", "evidence": evidence})


def essence(result: dict) -> tuple:
    counts = {k: v for k, v in result["counts"].items() if k != "reports"}
    return result["score"], tuple(result["interval"]), result["verdict"], tuple(sorted(counts.items()))


def _consistent(evidence):
    """Give every mention of a source the same inline object, as one real source would have."""
    first = {}
    for item in evidence:
        source = item["source"]
        key = source if isinstance(source, str) else source["id"]
        first.setdefault(key, source)
    return [{**item, "source": first[item["source"] if isinstance(item["source"], str) else item["source"]["id"]]}
            for item in evidence]


@given(evidence_lists, st.randoms())
@settings(max_examples=200, deadline=None)
def test_evidence_order_changes_nothing(evidence, random):
    evidence = _consistent(evidence)
    shuffled = list(evidence)
    random.shuffle(shuffled)
    assert essence(scored(shuffled)) == essence(scored(evidence))


@given(evidence_lists, st.data())
@settings(max_examples=200, deadline=None)
def test_duplicate_reports_change_nothing(evidence, data):
    evidence = _consistent(evidence)
    if not evidence:
        return
    repeated = evidence + data.draw(st.lists(st.sampled_from(evidence), min_size=1, max_size=5))
    assert essence(scored(repeated)) == essence(scored(evidence))


@given(evidence_lists)
@settings(max_examples=200, deadline=None)
def test_renamed_source_ids_change_nothing(evidence):
    evidence = _consistent(evidence)
    rename = {name: f"renamed-{name[::-1]}-x" for name in SOURCES}

    def renamed(item):
        source = item["source"]
        source = rename[source] if isinstance(source, str) else {**source, "id": rename[source["id"]]}
        return {**item, "source": source, **({"cites": [rename[c] for c in item["cites"]]} if "cites" in item else {})}

    assert essence(scored([renamed(i) for i in evidence])) == essence(scored(evidence))


@given(evidence_lists, st.sampled_from(["confirms", "denies"]), st.floats(0.05, 1.0))
@settings(max_examples=200, deadline=None)
def test_an_extra_independent_cluster_moves_the_score_its_way(evidence, stance, reliability):
    evidence = _consistent(evidence)
    before = scored(evidence)
    extra = {"source": {"id": "newcomer", "reliability": reliability}, "stance": stance}

    after = scored(evidence + [extra])

    assert after["counts"]["independent"] == before["counts"]["independent"] + 1
    if stance == "confirms":
        assert after["score"] >= before["score"]
    else:
        assert after["score"] <= before["score"]


@given(evidence_lists, st.data())
@settings(max_examples=200, deadline=None)
def test_citing_a_source_already_present_adds_no_independent_source(evidence, data):
    evidence = _consistent(evidence)
    present = sorted({i["source"] if isinstance(i["source"], str) else i["source"]["id"] for i in evidence})
    if not present:
        return
    cited = data.draw(st.sampled_from(present))
    stance = data.draw(st.sampled_from(["confirms", "denies", "neutral"]))

    after = scored(evidence + [{"source": "fresh-outlet", "stance": stance, "cites": [cited]}])

    assert after["counts"]["independent"] == scored(evidence)["counts"]["independent"]


@given(evidence_lists)
@settings(max_examples=200, deadline=None)
def test_score_and_interval_are_probabilities(evidence):
    result = scored(_consistent(evidence))
    low, high = result["interval"]
    assert 0 <= low <= result["score"] <= high <= 1
