"""Articles read by the engine: relays are not sources, one actor quoted by many is one source."""

from workers.scoring import score_statement

STATEMENT = "Russian forces have withdrawn from Kherson."
RELAYS = [
    "The Ukrainian Defence Ministry said on Friday that Russian forces have withdrawn from Kherson. "
    "Residents celebrated in the streets.",
    "Russian forces have withdrawn from Kherson, the Ukrainian Defence Ministry said. Traffic was light.",
    "In a statement, the Ukrainian Defence Ministry confirmed that Russian forces have withdrawn from Kherson.",
    "According to the Ukrainian Defence Ministry, Russian forces have withdrawn from Kherson.",
    "The Ukrainian Defence Ministry said Russian forces have withdrawn from Kherson.",
]


def test_five_outlets_quoting_one_ministry_are_one_source():
    documents = [{"source": f"outlet-{n}", "text": text} for n, text in enumerate(RELAYS)]

    result = score_statement({"text": STATEMENT, "documents": documents})

    assert result["counts"]["independent"] == 1 and result["counts"]["reports"] == 5
    (cluster,) = result["clusters"]
    assert cluster["sources"] == ["Ukraine"] and cluster["stance"] == "confirms"
    assert not any(d["counted_as_source"] for d in result["documents"])
    assert result["verdict"] == "unverified"  # one source, however often repeated


def test_an_article_quoting_nobody_counts_for_its_publisher():
    document = {"source": "city-desk", "text": "Russian forces have withdrawn from Kherson, our reporters "
                                               "saw on Friday as the last convoys left the city."}

    result = score_statement({"text": STATEMENT, "documents": [document]})

    (summary,) = result["documents"]
    assert summary["attributed_sources"] == 0
    assert summary["counted_as_source"] is (summary["stance"] != "unrelated")


def test_a_source_denying_its_own_conduct_has_a_stake_even_when_the_statement_does_not_name_it():
    documents = [
        {"source": "wire", "text": "The Arle Environment Agency said sewage had leaked into the Arle river from a broken main."},
        {"source": "paper", "text": "Corvane Utilities said none of its pipes had leaked sewage into the Arle river."},
    ]

    result = score_statement({"text": "Sewage leaked into the Arle river.", "documents": documents})

    (denial,) = [c for c in result["clusters"] if c["stance"] == "denies"]
    assert denial["interested"] is True
    assert result["verdict"] == "contested"


def test_one_quoted_party_against_another_is_contested_but_a_debunking_still_refutes():
    statement = "Nitrate levels in the Tarrow reservoir exceeded the safe limit."
    documents = [
        {"source": "valley-gazette", "text": "The Tarrow Water Trust, an independent testing group, said its samples "
                                             "showed nitrate levels in the Tarrow reservoir exceeded the safe limit."},
        {"source": "county-radio", "text": "Water Minister Edda Lorn said nitrate levels in the Tarrow reservoir "
                                           "never exceeded the safe limit."},
    ]
    disputed = score_statement({"text": statement, "documents": documents})
    assert (disputed["counts"]["confirming"], disputed["counts"]["denying"]) == (1, 1)
    assert disputed["verdict"] == "contested"

    # The same counts as stances given directly (a debunking article, as in Emergent) still refute.
    debunked = score_statement({"text": statement, "evidence": [{"source": "gazette", "stance": "confirms"},
                                                                {"source": "fact-desk", "stance": "denies"}]})
    assert debunked["verdict"] == "refuted"
