"""Sentence splitting, word keys, and the relevance rule."""

from __future__ import annotations

from workers.extraction import analyse_statement, assess, light_stem, place_root, split_sentences, tokenize, word_keys
from workers.extraction.relevance import with_document_weights


def keys_meet(a: str, b: str) -> bool:
    return bool(word_keys(tokenize(a)[0].text) & word_keys(tokenize(b)[0].text))


def test_possessives_curly_quotes_and_demonyms_meet():
    assert keys_meet("Korea’s", "Korean")
    assert keys_meet("Korea's", "Korea")
    assert keys_meet("Russian", "Russia")
    assert keys_meet("Ukrainian", "Ukraine")
    assert keys_meet("Iranian-made", "Iran")
    assert keys_meet("Polish", "Poland")
    assert not keys_meet("Iran", "Iraq")
    assert tokenize("North Korea’s ministry")[1].bare == "korea"


def test_light_stem():
    assert light_stem("deployment") == light_stem("deploy") == light_stem("deployed")
    assert light_stem("providing") == light_stem("provided") == light_stem("provides")
    assert light_stem("planned") == light_stem("plans")
    assert light_stem("denies") == light_stem("denied") == light_stem("deny")
    assert light_stem("troops") == "troop"
    assert place_root("Korean") == place_root("Korea")


def test_split_sentences_keeps_abbreviations_and_paragraphs():
    text = ("Mr. Smith met U.S. officials on Oct. 3 in Washington. They talked.\n"
            "A new paragraph starts here! Does it? Yes.")
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Mr. Smith met U.S. officials on Oct. 3 in Washington.", "They talked.",
        "A new paragraph starts here!", "Does it?", "Yes.",
    ]
    assert [s.paragraph for s in sentences] == [0, 0, 1, 1, 1]
    assert all(text[s.start:s.end] == s.text for s in sentences)


def test_hard_wrapped_lines_are_joined():
    sentences = split_sentences("Officials said the talks\nwould resume on Monday.\nNothing else was said.")
    assert [s.text for s in sentences] == ["Officials said the talks\nwould resume on Monday.", "Nothing else was said."]


def test_split_is_linear_on_pathological_input():
    assert split_sentences("." * 200_000) != []
    assert split_sentences(" " * 1000) == []
    assert split_sentences(None) == []


def test_statement_analysis():
    profile = analyse_statement("North Korean troops are in Russia.")
    assert [(i.text, i.entity) for i in profile.items] == [
        ("North", True), ("Korean", True), ("troops", False), ("Russia", True)]
    assert "kor" in profile.subject_keys and "north" not in profile.subject_keys
    dated = analyse_statement("Russia plans to deploy troops on October 27-28.")
    assert ("October", False) in [(i.text, i.entity) for i in dated.items]


def _tokens(text):
    return tokenize(text)


def test_relevance_needs_subject_predicate_and_coverage():
    profile = analyse_statement("Poland will make concessions to Russia.")
    assert assess(profile, _tokens("Poland ruled out any concessions to Russia")).relevant
    # no subject: not about *Poland's* concessions
    r = assess(profile, _tokens("Putin said no concessions to Russia are planned"))
    assert not r.relevant and not r.subject_ok
    # the subject and Russia, but nothing of concessions
    r = assess(profile, _tokens("Poland criticised Russia over the border"))
    assert not r.relevant and not r.predicate_ok


def test_involvement_bears_on_any_specific_claim():
    profile = analyse_statement("North Korean troops are in Russia.")
    assert assess(profile, _tokens("Russian President Putin did not deny reports of North Korean involvement")).relevant


def test_document_weights_favour_specific_words():
    text = ("North Korean troops are in Russia, officials said. North Korean troops train in Russia. "
            "North Korean troops will go to the combat zone on October 27, Kyiv said.")
    profile = with_document_weights(
        analyse_statement("Russia will send North Korean troops to the combat zone on October 27."),
        split_sentences(text),
    )
    weights = dict(zip((i.text for i in profile.items), profile.weights))
    assert weights["October"] > weights["troops"]
    assert not assess(profile, _tokens("North Korean troops are in Russia")).relevant
