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
