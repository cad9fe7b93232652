"""Each reason two reports count as one source, alias resolution, and interested parties."""

from __future__ import annotations

from config.settings import ScoringSettings
from workers.scoring import score_statement

REGISTRY = [
    {"id": "north-korea", "name": "North Korea", "kind": "government",
     "aliases": ["Pyongyang", "North Korea's foreign ministry", "DPRK"]},
    {"id": "russia", "name": "Russia", "kind": "government", "aliases": ["Moscow", "the Kremlin"]},
    {"id": "kcna", "name": "KCNA", "kind": "agency", "affiliations": ["North Korea"]},
]


def score(text, *evidence, registry=REGISTRY, **settings):
    return score_statement({"text": text, "evidence": list(evidence)}, ScoringSettings(**settings), registry)


def test_aliases_resolve_case_and_punctuation_insensitively():
    result = score(
        "Troops were sent.",
        {"source": "PYONGYANG", "stance": "neutral"},
        {"source": "north korea’s Foreign Ministry", "stance": "neutral"},
        {"source": "dprk.", "stance": "neutral"},
    )

    assert result["counts"]["independent"] == 1
    assert result["clusters"][0]["sources"] == ["north-korea"]
    assert {e["source"] for e in result["evidence"]} == {"north-korea"}


def test_registry_affiliation_merges_an_agency_with_its_government():
    result = score("Troops were sent.", {"source": "kcna", "stance": "neutral"},
                   {"source": "Pyongyang", "stance": "neutral"})

    assert result["counts"]["independent"] == 1


def test_according_to_in_a_quote_joins_the_cited_source():
    result = score(
        "The plant closed.",
        {"source": "paper-a", "stance": "confirms", "quote": "The plant closed, according to the Labour Ministry."},
        {"source": "paper-b", "stance": "confirms", "quote": "According to Labour Ministry officials, it shut."},
        {"source": "paper-c", "stance": "confirms", "quote": "Workers said the plant closed."},
        registry=[],
    )

    assert result["counts"]["confirming"] == 2
    merged = next(c for c in result["clusters"] if "paper-a" in c["sources"])
    assert merged["sources"] == ["Labour Ministry", "paper-a", "paper-b"]
    assert "paper-a cites Labour Ministry" in merged["reasons"]


def test_near_identical_wording_is_one_source():
    wire = ("The regional governor said on Tuesday that flood waters had reached the old bridge "
            "and that three villages were being evacuated overnight.")
    result = score(
        "Villages were evacuated.",
        {"source": "outlet-a", "stance": "confirms", "quote": wire},
        {"source": "outlet-b", "stance": "confirms", "quote": "UPDATE: " + wire + " More soon."},
        {"source": "outlet-c", "stance": "confirms",
         "quote": "Our reporter saw buses leaving two villages near the river as the water rose."},
        registry=[],
    )

    assert result["counts"]["confirming"] == 2
    merged = next(c for c in result["clusters"] if "outlet-a" in c["sources"])
    assert merged["sources"] == ["outlet-a", "outlet-b"]
    assert any("near-identical wording" in reason for reason in merged["reasons"])


def test_unattributed_reports_are_one_weak_cluster_that_never_corroborates_alone():
    anonymous = [{"source": {"id": f"sources-{n}", "kind": "anonymous"}, "stance": "confirms"} for n in range(6)]

    result = score("A minister resigned.", *anonymous, registry=[])

    assert result["counts"]["unattributed"] == 1 and result["counts"]["confirming"] == 0
    assert result["clusters"][0]["anonymous"] is True
    assert result["verdict"] == "unverified"
    assert "unattributed reports" in result["explanation"]


def test_anonymous_support_adds_to_named_sources_but_does_not_count_towards_the_verdict():
    named = [{"source": "a", "stance": "confirms"}, {"source": "b", "stance": "confirms"}]
    anonymous = {"source": {"id": "insiders", "kind": "anonymous"}, "stance": "confirms"}

    with_anonymous = score("X.", *named, anonymous, registry=[])
    one_named = score("X.", named[0], anonymous, registry=[])

    assert with_anonymous["score"] > score("X.", *named, registry=[])["score"]
    assert one_named["verdict"] == "unverified"


def test_an_interested_party_denial_weighs_less_and_is_explained():
    accusation = "North Korea has provided weapons to Russia."
    evidence = [
        {"source": "ukraine", "stance": "confirms"},
        {"source": "western-governments", "stance": "confirms"},
        {"source": "Pyongyang", "stance": "denies"},
        {"source": "Moscow", "stance": "denies"},
    ]

    result = score(accusation, *evidence)
    disinterested = score("Some other country has provided weapons.", *evidence)

    assert result["score"] > disinterested["score"]
    deniers = [c for c in result["clusters"] if c["stance"] == "denies"]
    assert all(c["interested"] for c in deniers)
    assert all(any("interested party" in r for r in c["reasons"]) for c in deniers)
    assert "interested parties (North Korea; Russia) weigh less" in result["explanation"]
    assert result["verdict"] == "contested"


def test_an_affiliate_of_the_subject_is_interested_too():
    result = score("North Korean troops are in Russia.", {"source": "kcna", "stance": "denies"})

    assert result["clusters"][0]["interested"] is True


def test_explanation_names_the_independent_sources_on_each_side():
    result = score(
        "North Korean troops are in Russia.",
        {"source": {"id": "us", "name": "United States"}, "stance": "confirms"},
        {"source": {"id": "skl", "name": "South Korean lawmakers"}, "stance": "confirms"},
        {"source": {"id": "ua", "name": "Ukraine"}, "stance": "confirms"},
        {"source": "Pyongyang", "stance": "neutral"},
        {"source": "Moscow", "stance": "neutral"},
    )

    assert result["explanation"] == (
        "3 independent sources confirm (South Korean lawmakers; Ukraine; United States); none deny; "
        "2 take no side (North Korea; Russia)."
    )
