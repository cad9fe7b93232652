"""Statements with no name in them, speakers named by a common noun ("the coastguard", "the
harbour authority", "police"), and speakers named only by a pronoun ("We did not deny ...").

Every sentence here is written for the test; none comes from the seed article.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.workers.extraction.test_quote_stance import stance
from workers.extraction import (
    STANCES,
    UNATTRIBUTED,
    analyse_statement,
    assess,
    extract_attributions,
    tokenize,
    word_keys,
)

FERRY = "The night ferry to the islands has been cancelled."
FERRY_ARTICLE = (
    "The harbour authority confirmed on Monday that the night ferry to the islands has been cancelled "
    "for the winter. The coastguard also said the night ferry was cancelled after an inspection. "
    "The operator declined to comment."
)
FACTORY = "The factory will close next year."
KEYS = {"source", "stance", "confidence", "cue", "quote", "sentence_index", "anonymous",
        "source_span", "cue_span", "content_span", "about_itself"}


def entries_of(statement, text):
    entries = extract_attributions(statement, text)
    for entry in entries:
        assert set(entry) == KEYS
        assert entry["stance"] in STANCES
        assert 0.0 <= entry["confidence"] <= 1.0
        assert entry["quote"] in text
    return entries


def named(entries):
    return {(e["source"], e["stance"]) for e in entries if not e["anonymous"]}



# ---------------------------------------------------------------------------------------------
# The statement's subject when it names nobody


def test_subject_falls_back_to_the_head_of_a_definite_first_noun_phrase():
    profile = analyse_statement(FERRY)
    assert profile.subject_keys == word_keys("ferry", False)
    # "night" and "islands" belong to the subject's phrase; only "cancelled" is said of it.
    assert [(i.text, i.in_subject) for i in profile.items] == [
        ("night", True), ("ferry", True), ("islands", True), ("cancelled", False)]
    assert analyse_statement(FACTORY).subject_keys == word_keys("factory", False)
    assert analyse_statement("The factory's workers went on strike.").subject_keys == word_keys("workers", False)
    assert analyse_statement("The flooded highway was closed.").subject_keys == word_keys("highway", False)


def test_indefinite_or_named_subjects_are_unchanged():
    # "a man" is nobody in particular: no subject a clause must name.
    assert analyse_statement("A man paid 300 pounds for surgery on his goldfish.").subject_keys == frozenset()
    # a name anywhere still wins
    assert "kor" in analyse_statement("North Korean troops are in Russia.").subject_keys


def test_a_clause_must_name_the_fallback_subject_and_say_something_of_it():
    profile = analyse_statement(FERRY)
    assert assess(profile, tokenize("the night ferry to the islands was cancelled")).relevant
    # the subject is missing
    r = assess(profile, tokenize("the night bus to the islands was cancelled"))
    assert not r.relevant and not r.subject_ok
    # only the subject's own words, nothing said of it
    r = assess(profile, tokenize("the night ferry to the islands will run as usual"))
    assert not r.relevant and not r.predicate_ok


# ---------------------------------------------------------------------------------------------
# Common-noun speakers


def test_ferry_article_finds_each_common_noun_source():
    entries = entries_of(FERRY, FERRY_ARTICLE)
    assert named(entries) == {
        ("harbour authority", "confirms"), ("coastguard", "confirms"), ("operator", "neutral"),
    }
    by_name = {e["source"]: e for e in entries}
    assert by_name["harbour authority"]["cue"] == "confirmed"
    assert by_name["coastguard"]["cue"] == "said"
    assert by_name["operator"]["cue"] == "declined to comment"
    assert [e["sentence_index"] for e in entries] == [0, 1, 2]
    assert not any(e["anonymous"] for e in entries)


def test_factory_article_with_a_lower_case_subject():
    text = (
        "Acme Steel said on Tuesday that the factory will close next year. "
        "The union confirmed that the factory would close next year. "
        "The regional council denied that the factory would close next year. "
        "The mayor said the bakery will close next year."  # another subject: nothing
    )
    entries = entries_of(FACTORY, text)
    assert named(entries) == {
        ("Acme Steel", "confirms"), ("union", "confirms"), ("regional council", "denies"),
    }


@pytest.mark.parametrize(
    "text, source",
    [
        ("The night ferry to the islands has been cancelled, the coastguard said.", "coastguard"),
        ("The night ferry to the islands has been cancelled, said the lifeboat crew.", "lifeboat crew"),
        ("According to the coastguard, the night ferry to the islands has been cancelled.", "coastguard"),
        ("The cancelled night ferry to the islands was confirmed by the harbour authority.", "harbour authority"),
        ("A spokesperson for the operator said the night ferry to the islands has been cancelled.", "operator"),
        ("Police said the night ferry to the islands has been cancelled.", "Police"),
        ("The police said the night ferry to the islands has been cancelled.", "police"),
        ("The Scottish coastguard said the night ferry to the islands has been cancelled.", "Scottish coastguard"),
    ],
)
def test_common_noun_source_in_each_position(text, source):
    entries = entries_of(FERRY, text)
    assert named(entries) == {(source, "confirms")}, entries


def test_a_definite_role_word_closing_the_sentence_stands_for_its_opening_name():
    text = "Acme Steel will close the factory next year, the company said."
    assert named(entries_of(FACTORY, text)) == {("Acme Steel", "confirms")}
    # but not when it is the subject of a clause of its own
    text = "Acme Steel said the regulator confirmed that the factory will close next year."
    assert ("regulator", "confirms") in named(entries_of(FACTORY, text))


@pytest.mark.parametrize(
    "text",
    [
        "It said the night ferry to the islands has been cancelled.",
        "This said the night ferry to the islands has been cancelled.",
        "They denied that the night ferry to the islands has been cancelled.",
        "The decision said the night ferry to the islands has been cancelled.",
        "The international community said the night ferry to the islands has been cancelled.",
        # an object of a preposition, not the speaker
        "Passengers on the night ferry said the night ferry to the islands had been cancelled.",
        # a finding, not a speaker
        "The inspection found that the night ferry to the islands has been cancelled.",
        "According to the law, the night ferry to the islands has been cancelled.",
    ],
)
def test_generic_words_pronouns_and_findings_name_no_source(text):
    entries = entries_of(FERRY, text)
    assert named(entries) == set(), entries
    assert all(e["source"] == UNATTRIBUTED for e in entries)


@pytest.mark.parametrize(
    "text, cue",
    [
        ("Reports said the night ferry to the islands has been cancelled.", "reports said"),
        ("Officials said the night ferry to the islands has been cancelled.", "officials said"),
        ("The islanders said the night ferry to the islands has been cancelled.", "islanders said"),
        ("According to the timetable, the night ferry to the islands has been cancelled.", "according to timetable"),
    ],
)
def test_unnamed_people_and_documents_stay_unattributed(text, cue):
    entries = entries_of(FERRY, text)
    assert len(entries) == 1
    assert entries[0]["anonymous"] is True and entries[0]["source"] == UNATTRIBUTED
    assert entries[0]["cue"] == cue
    assert entries[0]["confidence"] < 0.5


# ---------------------------------------------------------------------------------------------
# Pronoun speakers


@pytest.mark.parametrize(
    "statement, quote, expected, cue",
    [
        (FERRY, "We did not deny that the night ferry has been cancelled.", "neutral", "did not deny"),
        (FERRY, "The operator did not deny that the night ferry has been cancelled.", "neutral", "did not deny"),
        (FACTORY, "We did not deny that the factory will close next year.", "neutral", "did not deny"),
        (FACTORY, "They denied that the factory will close next year.", "denies", "denied"),
        (FACTORY, "They have not confirmed that the factory will close next year.", "neutral", "have not confirmed"),
        (FACTORY, "We will not comment on whether the factory will close next year.", "neutral", "will not comment"),
        (FACTORY, "I can confirm that the factory will close next year.", "confirms", "confirm"),
        (FACTORY, "It said the factory would not close next year.", "denies", "said … not"),
        (FACTORY, "She denied that the factory would close next year.", "denies", "denied"),
        (FERRY, "We confirmed that the night ferry to the islands has been cancelled.", "confirms", "confirmed"),
    ],
)
def test_pronoun_speaker_in_a_quote(statement, quote, expected, cue):
    result = stance(statement, quote)
    assert (result["stance"], result["cue"]) == (expected, cue), result


def test_pronoun_speaker_is_as_strong_as_a_named_one():
    pronoun = stance(FACTORY, "They denied that the factory will close next year.")
    named_ = stance(FACTORY, "The company denied that the factory will close next year.")
    assert pronoun == named_
    assert pronoun["confidence"] > 0.5


def test_a_pronoun_takes_the_name_of_the_source_it_speaks_for():
    text = "“We did not deny that the night ferry to the islands has been cancelled,” the operator said."
    entries = entries_of(FERRY, text)
    assert named(entries) == {("operator", "neutral")}
    assert entries[0]["cue"] == "did not deny"
    text = "The operator said it had not cancelled the night ferry to the islands."
    assert named(entries_of(FERRY, text)) == {("operator", "denies")}
    text = ("The coastguard said on Monday that it could not confirm that the night ferry to the "
            "islands has been cancelled.")
    assert named(entries_of(FERRY, text)) == {("coastguard", "neutral")}


def test_a_pronoun_inside_what_another_source_reports_is_no_speaker():
    # "they" are the passengers, not the harbour authority
    text = ("The harbour authority said the night ferry to the islands has been cancelled for passengers "
            "who they believe missed the notice.")
    assert named(entries_of(FERRY, text)) == {("harbour authority", "confirms")}


# ---------------------------------------------------------------------------------------------
# Robustness


@pytest.mark.parametrize(
    "text",
    ["We said " * 20_000, "the coastguard said " * 20_000, "the night ferry " * 20_000,
     "The " * 50_000 + "said", "they denied it " * 20_000, "“We did,” " * 20_000],
)
def test_pathological_repetition_is_quick(text):
    started = time.perf_counter()
    entries_of(FERRY, text)
    stance(FERRY, text)
    assert time.perf_counter() - started < 10


SOUP = st.sampled_from(
    """we they it I he she said denied did not deny confirmed declined to comment the harbour
    authority coastguard operator police officials night ferry islands cancelled , . “ ” that but
    and on by according passengers inspection found""".split()
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(words=st.lists(SOUP, max_size=80))
def test_soup_never_raises(words):
    text = " ".join(words)
    entries_of(FERRY, text)
    stance(FERRY, text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(statement=st.lists(SOUP, max_size=20))
def test_any_statement_profile_never_raises(statement):
    analyse_statement(" ".join(statement))


@pytest.mark.parametrize("speaker", ["Locals", "Villagers", "Neighbours", "Eyewitnesses"])
def test_a_crowd_named_by_a_common_noun_is_nobody_in_particular(speaker):
    entries = extract_attributions("The Brannock barn fire was started on purpose.",
                                   f"{speaker} say the Brannock barn fire was started on purpose.")
    assert [(e["source"], e["anonymous"]) for e in entries] == [(UNATTRIBUTED, True)]


def test_whoever_was_told_is_no_speaker():
    from workers.extraction.claims import find_claims
    from workers.extraction.sentences import split_sentences

    sentence = split_sentences("Harbour police said 3,000 residents had been told to leave Selby Point.")[0]
    claims = find_claims(sentence)
    assert [(c.cue, [s.name for s in c.sources]) for c in claims] == [("said", ["Harbour police"])]
    assert "residents had been told to leave" in " ".join(t.text for t in claims[0].content_tokens(sentence.tokens))


def test_a_speaker_citing_its_own_data_is_the_source():
    from workers.extraction.claims import find_claims
    from workers.extraction.sentences import split_sentences

    sentence = split_sentences("Norway's fisheries directorate said its radar logs showed the Kestrel was in port.")[0]
    claims = find_claims(sentence)
    assert [(c.cue, [s.name for s in c.sources]) for c in claims] == [("said", ["Norway's fisheries directorate"])]


def test_the_organisers_are_the_party_behind_the_event_not_a_crowd():
    entries = extract_attributions("The Varn kite festival drew 3,000 visitors.",
                                   "The Varn kite festival drew 3,000 visitors on Sunday, the organisers said.")
    assert [(e["source"], e["anonymous"]) for e in entries] == [("organisers", False)]
    entries = extract_attributions("The Varn kite festival drew 3,000 visitors.",
                                   "The Varn kite festival drew 3,000 visitors on Sunday, the islanders said.")
    assert [e["anonymous"] for e in entries] == [True]


def test_unconfirmed_reports_name_nobody():
    entries = extract_attributions("A second quake is expected near Varn.", "Unconfirmed reports say a second quake is expected near Varn.")
    assert [(e["source"], e["anonymous"]) for e in entries] == [(UNATTRIBUTED, True)]


def test_a_speaker_named_after_a_long_description_keeps_what_was_said():
    # The rules stop at "defence" and find the cue with nothing said; the learned reading has it.
    entries = extract_attributions("At least 9 people were killed in the Varn flood.",
                                   "At least 9 people were killed in the Varn flood, civil defence spokesman Omar Reiss said.")
    assert [(e["source"], e["stance"]) for e in entries] == [("Omar Reiss", "confirms")]


def test_a_plural_possessive_classifies_the_speaker():
    entries = extract_attributions("The Varn grape harvest was the largest in a decade.",
                                   "The Varn grape harvest was the largest in a decade, the growers' cooperative said.")
    assert [(e["source"], e["stance"]) for e in entries] == [("growers' cooperative", "confirms")]
