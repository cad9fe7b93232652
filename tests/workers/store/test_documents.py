from datetime import UTC, datetime, timedelta

import pytest

from workers.evidence_store import relevant_documents

STRIKE = {"source": "bbc", "url": "https://example.org/strike", "published_at": "2026-11-30",
          "text": "Rail workers went on strike across the capital on Monday, unions said."}
WEATHER = {"source": {"id": "met", "name": "Met Office"}, "text": "Heavy rain is expected in the north this weekend."}
ELECTION = {"source": "reuters", "text": "The opposition won the regional election by a narrow margin."}


def test_a_stored_document_comes_back_with_its_fields(store):
    assert store.add_document("newsroom", "doc_1", STRIKE) is True
    stored = store.get_document("newsroom", "doc_1")
    assert {k: stored[k] for k in ("document_id", "source", "url", "published_at", "text")} == {
        "document_id": "doc_1", **STRIKE}
    assert datetime.fromisoformat(stored["stored_at"]).tzinfo is not None
    store.add_document("newsroom", "doc_2", WEATHER)
    assert store.get_document("newsroom", "doc_2")["source"] == {"id": "met", "name": "Met Office"}
    assert "url" not in store.get_document("newsroom", "doc_2")


def test_storing_the_same_id_again_replaces_it_and_keeps_one_row(store):
    store.add_document("newsroom", "doc_1", STRIKE)
    assert store.add_document("newsroom", "doc_1", {**STRIKE, "text": "Corrected: the strike was called off."}) is False
    assert store.count_documents("newsroom") == 1
    assert store.get_document("newsroom", "doc_1")["text"].startswith("Corrected")
    # The index follows the replacement: the old words no longer find it, the new ones do.
    assert store.search_documents("newsroom", "rail workers monday", 5) == []
    assert [d["document_id"] for d, _ in store.search_documents("newsroom", "strike called off", 5)] == ["doc_1"]


def test_workspaces_never_see_each_other(store):
    store.add_document("newsroom", "doc_1", STRIKE)
    store.add_document("archive", "doc_1", WEATHER)
    assert store.get_document("newsroom", "doc_1")["text"] == STRIKE["text"]
    assert store.get_document("archive", "doc_1")["text"] == WEATHER["text"]
    assert store.search_documents("archive", "strike in the capital", 10) == []
    assert store.delete_document("archive", "doc_1")["text"] == WEATHER["text"]
    assert store.get_document("newsroom", "doc_1") is not None


def test_delete_returns_what_was_removed_and_unindexes_it(store):
    store.add_document("newsroom", "doc_1", STRIKE)
    assert store.delete_document("newsroom", "doc_1")["document_id"] == "doc_1"
    assert store.get_document("newsroom", "doc_1") is None
    assert store.delete_document("newsroom", "doc_1") is None
    assert store.search_documents("newsroom", "strike", 5) == []


def test_listing_pages_newest_first(store):
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for n in range(7):
        store.add_document("newsroom", f"doc_{n}", {"source": "s", "text": f"item number {n}"},
                           stored_at=start + timedelta(hours=n))
    first, total = store.list_documents("newsroom", page=1, per_page=3)
    assert total == 7
    assert [d["document_id"] for d in first] == ["doc_6", "doc_5", "doc_4"]
    last, _ = store.list_documents("newsroom", page=3, per_page=3)
    assert [d["document_id"] for d in last] == ["doc_0"]
    assert store.list_documents("newsroom", page=4, per_page=3)[0] == []


def test_listing_with_a_search_gives_matches_only(store):
    for document_id, document in (("doc_s", STRIKE), ("doc_w", WEATHER), ("doc_e", ELECTION)):
        store.add_document("newsroom", document_id, document)
    found, total = store.list_documents("newsroom", search="election results", per_page=10)
    assert [d["document_id"] for d in found] == ["doc_e"] and total == 1
    for n in range(5):
        store.add_document("newsroom", f"vote_{n}", {"source": "s", "text": f"election day {n}"})
    first, total = store.list_documents("newsroom", search="election", page=1, per_page=4)
    second, _ = store.list_documents("newsroom", search="election", page=2, per_page=4)
    assert total == 6 and len(first) == 4 and len(second) == 2
    assert not {d["document_id"] for d in first} & {d["document_id"] for d in second}


def test_retention_drops_only_documents_older_than_the_limit(store):
    now = datetime(2026, 6, 1, tzinfo=UTC)
    store.add_document("newsroom", "old", STRIKE, stored_at=now - timedelta(days=31))
    store.add_document("newsroom", "recent", WEATHER, stored_at=now - timedelta(days=29))
    store.add_document("archive", "old", ELECTION, stored_at=now - timedelta(days=400))
    assert store.delete_documents_older_than(30, now=now, workspace="newsroom") == 1
    assert store.get_document("newsroom", "old") is None
    assert store.get_document("archive", "old") is not None
    assert store.delete_documents_older_than(30, now=now) == 1
    assert [d["document_id"] for d in store.list_documents("newsroom")[0]] == ["recent"]
    assert store.search_documents("newsroom", "strike capital", 5) == []


def test_search_ranks_the_document_sharing_most_words_first(store):
    store.add_document("w", "one_word", {"source": "a", "text": "A strike is planned somewhere, some day."})
    store.add_document("w", "many_words", {"source": "b", "text": "Rail workers strike in the capital: rail unions "
                                                               "say the capital will see more strikes."})
    store.add_document("w", "none", WEATHER)
    found = store.search_documents("w", "Rail unions strike in the capital", 10)
    assert [d["document_id"] for d, _ in found] == ["many_words", "one_word"]
    assert found[0][1] > found[1][1]
    assert len(store.search_documents("w", "Rail unions strike in the capital", 1)) == 1


@pytest.mark.parametrize("query", ['"unbalanced quote', "NOT NEAR AND OR", "strike*) (", "colon: strike -minus",
                                   "l'étranger grève", "the of and", ""])
def test_search_never_fails_on_user_text(store, query):
    store.add_document("w", "doc_1", STRIKE)
    found = store.search_documents("w", query, 5)
    assert all(d["document_id"] == "doc_1" for d, _ in found)
    if query in ("the of and", ""):
        assert found == []  # stop words only: nothing to search for


def test_stemming_matches_other_forms_of_a_word(store):
    store.add_document("w", "doc_1", {"source": "a", "text": "Protesters marched through the city."})
    assert [d["document_id"] for d, _ in store.search_documents("w", "protester marches", 5)] == ["doc_1"]


def test_search_candidates_feed_todays_relevance_check(store):
    for document_id, document in (("doc_s", STRIKE), ("doc_w", WEATHER), ("doc_e", ELECTION)):
        store.add_document("w", document_id, document)
    statement = "Rail workers are on strike in the capital"
    candidates = [document for document, _ in store.search_documents("w", statement, 50)]
    assert [d["text"] for d in relevant_documents(statement, candidates)] == [STRIKE["text"]]


def test_only_the_newest_matches_are_ranked_past_the_scan_limit(store, monkeypatch):
    from workers.store import search

    monkeypatch.setattr(search, "SCANNED_MATCHES", 3)
    store.add_document("w", "old_best", {"source": "a", "text": "harbour fire harbour fire warehouse harbour"})
    for n in range(4):
        store.add_document("w", f"new_{n}", {"source": "a", "text": f"a fire somewhere, report {n}"})
    store.add_document("other", "elsewhere", {"source": "a", "text": "fire fire fire"})
    found = [d["document_id"] for d, _ in store.search_documents("w", "harbour warehouse fire", 2)]
    assert len(found) == 2 and set(found) <= {"new_1", "new_2", "new_3"}
    monkeypatch.setattr(search, "SCANNED_MATCHES", 100)
    assert store.search_documents("w", "harbour warehouse fire", 10)[0][0]["document_id"] == "old_best"
