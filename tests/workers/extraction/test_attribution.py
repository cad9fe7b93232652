"""Attributed claims read from articles: the seed article's hand-labelled counts, and the rules
behind them on sentences written for these tests."""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workers.extraction import STANCES, UNATTRIBUTED, extract_attributions

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus"
SEED_TEXT = CORPUS / "seed-article.txt"
SEED_EXPECTED = CORPUS / "seed-article.expected.json"

KEYS = {"source", "stance", "confidence", "cue", "quote", "sentence_index", "anonymous",
        "source_span", "cue_span", "content_span", "about_itself"}


def check_shape(entries, text=None):
    last = -1
    for entry in entries:
        assert set(entry) == KEYS
        assert entry["stance"] in STANCES
        assert 0.0 <= entry["confidence"] <= 1.0
        assert isinstance(entry["source"], str) and entry["source"]
        assert entry["cue"] is None or isinstance(entry["cue"], str)
        assert isinstance(entry["anonymous"], bool)
        assert entry["sentence_index"] >= last  # text order
        last = entry["sentence_index"]
        if text is not None:
            assert entry["quote"] in text
    return entries


def by_source(entries):
    return {(e["source"], e["stance"]) for e in entries if not e["anonymous"]}


# ---------------------------------------------------------------------------------------------
# The seed article


def _key(name: str) -> str:
    """Case-, apostrophe- and punctuation-insensitive key; a leading "the" does not matter."""
    text = name.casefold().replace("’", "'").replace("'s ", " ").replace("'s", "")
    words = "".join(ch if ch.isalnum() else " " for ch in text).split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def _actor_map(actors):
    mapping = {}
    for actor in actors:
        for name in [actor["name"], *actor["same_as"]]:
            mapping[_key(name)] = actor["name"]
    return mapping


def _actor_stances(entries, mapping):
    """Each actor's stance: the majority of its entries, a tie taking no side (as the scoring
    engine's clusters do with equal reliabilities)."""
    votes: dict[str, Counter] = {}
    for entry in entries:
        if entry["anonymous"]:
            continue
        actor = mapping.get(_key(entry["source"]))
        assert actor is not None, f"source {entry['source']!r} is not one of the article's actors"
        votes.setdefault(actor, Counter())[entry["stance"]] += 1
    sides = {"confirms": set(), "denies": set(), "neutral": set()}
    for actor, counter in votes.items():
        top = max(counter.values())
        leaders = [s for s, n in counter.items() if n == top]
        sides[leaders[0] if len(leaders) == 1 else "neutral"].add(actor)
    return sides


def _seed():
    if not (SEED_TEXT.exists() and SEED_EXPECTED.exists()):
        pytest.skip(f"seed corpus not found at {CORPUS} (shared/corpus is laid beside the checkout)")
    return SEED_TEXT.read_text(encoding="utf-8"), json.loads(SEED_EXPECTED.read_text(encoding="utf-8"))


def _statements():
    if not SEED_EXPECTED.exists():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"seed corpus not found at {CORPUS}"))]
    expected = json.loads(SEED_EXPECTED.read_text(encoding="utf-8"))
    return [pytest.param(i, id=s["text"]) for i, s in enumerate(expected["statements"])]


@pytest.mark.parametrize("number", _statements())
def test_seed_article_counts(number):
    text, expected = _seed()
    statement = expected["statements"][number]
    entries = check_shape(extract_attributions(statement["text"], text), text)
    sides = _actor_stances(entries, _actor_map(expected["actors"]))
    assert sides["confirms"] == set(statement["confirming"]), entries
    assert sides["denies"] == set(statement["denying"]), entries
    assert sides["neutral"] == set(statement["no_side"]), entries


def test_seed_article_unattributed_support():
    text, expected = _seed()
    for statement in expected["statements"]:
        entries = extract_attributions(statement["text"], text)
        anonymous = [e for e in entries if e["anonymous"]]
        for e in anonymous:
            assert e["source"] == UNATTRIBUTED
        for wanted in statement.get("unattributed_support", []):
            parts = [p.strip() for p in wanted.split("...")]
            hits = [e for e in anonymous if e["stance"] == "confirms" and all(p in e["quote"] for p in parts)]
            assert hits, (wanted, anonymous)
            assert hits[0]["confidence"] < 0.5
        if not statement.get("unattributed_support"):
            assert not [e for e in anonymous if e["stance"] == "confirms" and e["confidence"] > 0.5]


def test_seed_article_restating_paragraphs_add_no_source():
    text, expected = _seed()
    paragraphs = [p for p in text.split("\n") if p.strip()]
    first_three = "\n".join(paragraphs[:3])
    for statement in expected["statements"]:
        whole = {(_key(e["source"]), e["stance"]) for e in extract_attributions(statement["text"], text)}
        head = {(_key(e["source"]), e["stance"]) for e in extract_attributions(statement["text"], first_three)}
        assert {s for s, _ in whole} <= {s for s, _ in head} | {_key("North Korea's foreign ministry")}
        assert {st for _, st in whole - head} <= {"neutral"}


def test_seed_article_names_read_as_written_without_titles():
    text, expected = _seed()
    names = {e["source"] for s in expected["statements"] for e in extract_attributions(s["text"], text)}
    assert "Vladimir Putin" in names and "Volodymyr Zelensky" in names
    assert "North Korea’s foreign ministry" in names
    assert not any(n.lower().startswith(("president", "russian president")) for n in names)
    generic = ("international community", "various sources", "intelligence reports")
    assert not any(g in n.lower() for n in names for g in generic)


# ---------------------------------------------------------------------------------------------
# Rules, on sentences written for these tests

ELECTION = "Venezuela rigged the presidential election."


def test_compound_subject_gives_each_source():
    text = "The European Union and Japanese diplomats accused Venezuela of rigging the presidential election."
    entries = check_shape(extract_attributions(ELECTION, text), text)
    assert by_source(entries) == {("European Union", "confirms"), ("Japanese diplomats", "confirms")}


def test_relative_clause_denial_applies_to_what_it_refers_back_to():
    text = ("Observers from Brazil and Colombia accused Venezuela of rigging the presidential election, "
            "which both Caracas and the Venezuelan electoral council have denied.")
    entries = check_shape(extract_attributions(ELECTION, text), text)
    got = by_source(entries)
    assert ("Caracas", "denies") in got
    assert ("Venezuelan electoral council", "denies") in got
    assert not any(stance == "confirms" for name, stance in got if name in ("Caracas", "Venezuelan electoral council"))


def test_subject_relative_and_elided_subject():
    text = ("Caracas, which has long rejected claims that Venezuela rigged the presidential election, "
            "said the accusations were a fabrication.")
    entries = check_shape(extract_attributions(ELECTION, text), text)
    assert by_source(entries) == {("Caracas", "denies")}


def test_stated_but_did_not_confirm_takes_no_side():
    text = ("Venezuela's foreign ministry stated that any review of the presidential election would follow the law, "
            "but did not confirm whether such irregularities had occurred.")
    entries = check_shape(extract_attributions(ELECTION, text), text)
    assert by_source(entries) == {("Venezuela's foreign ministry", "neutral")}
    assert entries[0]["cue"] == "did not confirm"


def test_non_denial_is_not_confirmation():
    text = "Venezuelan President Nicolás Maduro did not deny reports that Venezuela rigged the presidential election."
    entries = check_shape(extract_attributions(ELECTION, text), text)
    assert by_source(entries) == {("Nicolás Maduro", "neutral")}
    assert entries[0]["cue"] == "did not deny"


def test_titles_dropped_and_particles_kept():
    text = ("Brazilian President Luiz Inácio Lula da Silva said Venezuela rigged the presidential election. "
            "Secretary of State Antony Blinken also said Venezuela rigged the presidential election.")
    names = {e["source"] for e in extract_attributions(ELECTION, text)}
    assert names == {"Luiz Inácio Lula da Silva", "Antony Blinken"}


def test_passive_agent_and_trailing_attribution():
    text = ("The rigging of the presidential election in Venezuela was confirmed by the Carter Center. "
            "Venezuela rigged the presidential election, Colombian officials told reporters. "
            "“Venezuela did not rig the presidential election,” Maduro said.")
    entries = check_shape(extract_attributions(ELECTION, text), text)
    assert by_source(entries) == {
        ("Carter Center", "confirms"), ("Colombian officials", "confirms"), ("Maduro", "denies"),
    }


def test_he_refers_to_the_last_titled_person():
    text = ("Chilean President Gabriel Boric spoke in Santiago on Monday. "
            "He said Venezuela rigged the presidential election.")
    entries = check_shape(extract_attributions(ELECTION, text), text)
    assert by_source(entries) == {("Gabriel Boric", "confirms")}


def test_anaphoric_denial_reaches_back_one_sentence():
    text = ("Argentina said Venezuela rigged the presidential election. "
            "Caracas dismissed the accusation as baseless.")
    entries = check_shape(extract_attributions(ELECTION, text), text)
    assert by_source(entries) == {("Argentina", "confirms"), ("Caracas", "denies")}


@pytest.mark.parametrize(
    "text, cue",
    [
        ("Reports indicated that Venezuela rigged the presidential election.", "reports indicated"),
        ("Venezuela reportedly rigged the presidential election in several states.", "reportedly"),
        ("Sources said the presidential election in Venezuela was rigged.", "sources said"),
        ("It was reported that Venezuela rigged the presidential election.", "was reported"),
        ("According to reports, Venezuela rigged the presidential election.", "according to reports"),
    ],
)
def test_unattributed_reports_are_anonymous_and_weak(text, cue):
    entries = check_shape(extract_attributions(ELECTION, text), text)
    assert len(entries) == 1
    assert entries[0]["cue"] == cue
    for entry in entries:
        assert entry["anonymous"] is True
        assert entry["source"] == UNATTRIBUTED
        assert entry["stance"] == "confirms"
        assert entry["confidence"] < 0.5


def test_generic_phrases_are_not_sources():
    text = ("The international community said Venezuela rigged the presidential election. "
            "With intelligence reports and statements from various sources, the situation remains uncertain.")
    entries = check_shape(extract_attributions(ELECTION, text), text)
    assert entries == []


def test_irrelevant_sentences_produce_nothing():
    text = ("Peru said Venezuela rigged the football league. "  # same subject, other claim
            "Chile denied that Bolivia rigged the presidential election. "  # other subject
            "Colombia accused Venezuela of closing the border. "
            "Ecuador announced record banana exports.")
    assert extract_attributions(ELECTION, text) == []


def test_restated_sentence_adds_no_unattributed_report():
    first = "Reports indicated that Venezuela rigged the presidential election in three states."
    text = first + " Other news followed.\n" + "Reports indicated that Venezuela had rigged the presidential election in three states."
    entries = check_shape(extract_attributions(ELECTION, text), text)
    assert len([e for e in entries if e["anonymous"]]) == 1


def test_names_come_back_as_written():
    text = "Colombia’s foreign ministry said Venezuela rigged the presidential election."
    entries = extract_attributions(ELECTION, text)
    assert entries[0]["source"] == "Colombia’s foreign ministry"
    assert entries[0]["quote"] == text
    assert entries[0]["sentence_index"] == 0


# ---------------------------------------------------------------------------------------------
# Robustness


@pytest.mark.parametrize(
    "text",
    ["", "   \n\n  ", "\x00\x01\xff\ufffd" * 1000, "." * 100_000, "\n" * 100_000,
     "Venezuela " * 50_000, "said and the " * 30_000,
     "Venezuela hat die Präsidentschaftswahl manipuliert, sagte die Regierung.",
     "委内瑞拉操纵了总统选举。" * 1000],
)
def test_junk_empty_and_foreign_text(text):
    entries = check_shape(extract_attributions(ELECTION, text))
    assert all(e["confidence"] <= 0.5 or e["stance"] == "neutral" for e in entries)


def test_binary_bytes_do_not_raise():
    check_shape(extract_attributions(ELECTION, os.urandom(200_000)))
    check_shape(extract_attributions(ELECTION, os.urandom(200_000).decode("latin-1")))


@pytest.mark.parametrize("bad", [None, 42, ["a"], {"text": "x"}])
def test_wrong_types_return_nothing(bad):
    assert extract_attributions(ELECTION, bad) == []
    assert extract_attributions(bad, "Caracas denied it.") == []


def test_ten_megabytes_is_capped_and_quick():
    sentence = "Colombian officials said Venezuela rigged the presidential election. "
    text = (sentence + "Filler words follow here without any claim at all. ") * (10_000_000 // 120)
    assert len(text) >= 9_000_000
    started = time.perf_counter()
    entries = check_shape(extract_attributions(ELECTION, text))
    assert time.perf_counter() - started < 10
    assert entries  # the start of the text is read
    assert max(e["sentence_index"] for e in entries) < 2_000


SOUP = st.sampled_from(
    """said denied confirmed did not deny ruled out declined to comment refused to reportedly
    according to is false hoax accused noted evidence which both and Venezuela rigged election
    presidential Caracas Bogotá President Minister , . ; the no not potential whether “ ” 's
    he she it which who by as""".split()
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(statement=st.text(max_size=200), text=st.text(max_size=3000))
def test_arbitrary_text_never_raises(statement, text):
    check_shape(extract_attributions(statement, text), text)


@settings(max_examples=300, deadline=None)
@given(words=st.lists(SOUP, max_size=80))
def test_cue_soup_never_raises(words):
    text = " ".join(words)
    check_shape(extract_attributions(ELECTION, text), text)


def test_hard_wrapped_names_are_one_line():
    text = "Colombia and Western\ngovernments said Venezuela rigged the presidential\nelection."
    names = {e["source"] for e in extract_attributions(ELECTION, text)}
    assert names == {"Colombia", "Western governments"}
