"""Claim-level relevance: a clause counts for a statement only when it says what the statement
says happened, not merely when it names the same subject; an article about another event is not
read; an article's own sentences count only when they address the claim."""

from __future__ import annotations

from workers.extraction import extract_attributions, read_article, tokenize
from workers.extraction.relevance import analyse_statement
from workers.extraction.sentences import word_keys
from workers.scoring.documents import read_documents

QUARRY = "The Brennock quarry blast was caused deliberately."
ARTICLE = (
    "About 200 homes near the Brennock quarry were cleared on Monday after a blast, the county "
    "police said. The quarry owner, Stonegate Minerals, denied that the blast was caused deliberately."
)


def test_naming_the_event_is_not_addressing_the_claim():
    entries = extract_attributions(QUARRY, ARTICLE)
    assert [(e["source"], e["stance"]) for e in entries] == [("Stonegate Minerals", "denies")]


def test_a_paraphrase_meets_the_statement_verb():
    assert word_keys("seeped") & word_keys("leaked")
    assert word_keys("deaths") & word_keys("died")
    assert not word_keys("set") & word_keys("ignited")  # "set" has too many senses to join
    entries = extract_attributions("Oil leaked from the Varne pipeline.",
                                   "The Varne port authority said oil had escaped from the pipeline.")
    assert [(e["source"], e["stance"]) for e in entries] == [("Varne port authority", "confirms")]


def test_a_phrase_meets_the_statement_verb_only_as_a_whole():
    entries = extract_attributions("A tram derailed in Castelmoor.",
                                   "Two carriages of a tram came off the tracks in Castelmoor, the city transport board said.")
    assert [(e["source"], e["stance"]) for e in entries] == [("city transport board", "confirms")]
    assert not tokenize("They came off the ferry.")[1].keys & word_keys("derailed")
    assert tokenize("The crowd was told to leave.")[3].keys & word_keys("evacuated")


def test_a_presupposed_event_is_another_point():
    entries = extract_attributions("Water prices in Tolmey will rise by eight percent.",
                                   "Tenant groups in Tolmey said the rise would hurt families.")
    assert entries == []


def test_an_article_states_the_claim_itself_only_in_its_own_sentences():
    entries, own = read_article("The Tolmey ferry terminal reopened after repairs.",
                                "The Tolmey ferry terminal reopened on Friday after repairs. "
                                "Harbour master Ada Quinn said queues had been short.")
    assert entries == [] and own["stance"] == "confirms"
    _, own = read_article("The Tolmey ferry terminal reopened after repairs.",
                          "Tolmey's ferry timetable changes on Friday. Passengers were told to arrive early.")
    assert own is None


def test_an_article_about_another_event_in_the_same_town_is_unrelated():
    documents = [{"source": "tolmey-post", "text": "The Tolmey library reopened after a two-year "
                  "renovation, the council said."}]
    evidence, summaries = read_documents("A Tolmey warehouse fire was started deliberately.", documents)
    assert evidence == [] and summaries[0]["stance"] == "unrelated"
    assert summaries[0]["counted_as_source"] is False


def test_a_related_article_that_only_discusses_the_event_is_no_source():
    documents = [{"source": "tolmey-post", "text": "Firefighters spent the night at the Tolmey "
                  "warehouse fire. Roads around the site stayed closed on Tuesday."}]
    evidence, summaries = read_documents("A Tolmey warehouse fire was started deliberately.", documents)
    assert evidence == [] and summaries[0]["counted_as_source"] is False


def test_a_non_answer_counts_when_what_it_leaves_open_is_the_claim():
    statement = "Residents of Lowmere were ordered to evacuate."
    text = ("Police said residents of Lowmere were ordered to evacuate on Sunday. "
            "Mayor Ilse Brandt could not be reached for comment on the evacuation.")
    entries = extract_attributions(statement, text)
    assert [(e["source"], e["stance"]) for e in entries] == [("Police", "confirms"), ("Ilse Brandt", "neutral")]
    assert entries[1]["cue"] == "could not be reached"


def test_a_non_answer_about_another_point_takes_no_side_and_is_not_counted():
    statement = "Residents of Lowmere were ordered to evacuate."
    text = ("Police said residents of Lowmere were ordered to evacuate on Sunday. "
            "The water board declined to comment on the cost of the repairs. "
            "A spokeswoman for the council said it had no comment while the inquiry continued.")
    assert [e["source"] for e in extract_attributions(statement, text)] == ["Police"]


def test_a_question_put_before_a_non_answer_is_its_topic():
    statement = "The Lowmere dam has been repaired."
    text = ("Engineers worked on the Lowmere dam all week. "
            "Asked whether the dam had been repaired, the water board declined to comment.")
    entries = extract_attributions(statement, text)
    assert [(e["stance"], e["cue"]) for e in entries] == [("neutral", "declined to comment")]


def test_a_possessive_before_a_full_stop_ends_the_sentence():
    from workers.extraction import split_sentences

    text = "Nine cases were found at St. Brigid's. Asked about them, the board declined to comment."
    assert len(split_sentences(text)) == 2


def test_a_passive_report_inside_what_a_speaker_said_is_the_speakers():
    # The speaker's verb governs the whole clause; "had been reported" opens no clause of its own.
    # (The engine reads a negated statement on its affirmative form, as here.)
    entries = extract_attributions("People were hurt in the Dunmore mine collapse.",
                                   "Mine inspector Petra Lind said no injuries had been reported after the Dunmore collapse.")
    assert [(e["source"], e["stance"]) for e in entries] == [("Petra Lind", "denies")]
    entries = extract_attributions("Residents of Velm were told to leave.",
                                   "Velm police said about 400 residents had been told to leave their homes.")
    assert [(e["source"], e["stance"]) for e in entries] == [("Velm police", "confirms")]


def test_a_name_in_a_place_phrase_is_not_the_statement_subject():
    profile = analyse_statement("Nobody was hurt in the Dunmore mine collapse.")
    assert not profile.subject_keys & word_keys("Dunmore", True)
    assert analyse_statement("Russia moved launchers into Belarus.").subject_keys == word_keys("Russia", True)
    # "Chlorine levels near the Halvorsen plant": the name modifies what the statement is about.
    assert not analyse_statement("Nitrate levels near the Tarrow dam exceeded the limit.", {"nitrate", "levels"}).subject_keys


def test_what_a_time_clause_says_is_taken_as_known_not_reported():
    # In the statement: the head is "injured", not the grounding the "when" clause presupposes.
    grounded = "The trawler Marit ran aground off Skarvik, the harbour police said."
    assert extract_attributions("Four crew were injured when the trawler Marit ran aground.", grounded) == []
    # In the clause: "injured when it ran aground" reports the injuries, and presupposes the grounding.
    hurt = "Four crew of the trawler Marit were injured when it ran aground off Skarvik, the Skarvik hospital said."
    assert extract_attributions("The trawler Marit ran aground off Skarvik.", hurt) == []


def test_the_common_noun_before_a_name_refers_to_it():
    text = ("The trawler Marit ran aground off Skarvik on Monday. Harbourmaster Olle Berg said the trawler "
            "had been overloaded with ice.")
    entries = extract_attributions("The trawler Marit was overloaded.", text)
    assert [(e["source"], e["stance"]) for e in entries] == [("Harbourmaster Olle Berg", "confirms")]


def test_an_opposite_by_a_negative_prefix_flips_the_stance():
    statement = "The Kestrel was fishing illegally off Varn."
    entries = extract_attributions(statement, "“The Kestrel was fishing legally off Varn,” the owners said.")
    assert [e["stance"] for e in entries] == ["denies"]
    entries = extract_attributions("The crew of the Kestrel were unharmed.",
                                   "The coastguard said the crew of the Kestrel were not harmed.")
    assert [e["stance"] for e in entries] == ["confirms"]  # two negations agree


def test_a_manner_the_statement_names_must_be_in_the_clause():
    from workers.extraction.relevance import assess

    profile = analyse_statement("The Kestrel was fishing illegally off Varn.")
    assert profile.manner_keys == word_keys("illegally")
    assert not assess(profile, tokenize("the coastguard seized the Kestrel, which was fishing off Varn")).predicate_ok
    assert assess(profile, tokenize("the Kestrel was fishing legally off Varn")).predicate_ok


def test_a_reporters_question_opens_no_name():
    entries = extract_attributions("People died in the Ostmark fire.",
                                   "Fire crews fought the Ostmark fire all night. Asked whether anyone had died, "
                                   "the hospital declined to comment.")
    assert [e["source"] for e in entries] == ["hospital"]


def test_a_negation_the_engine_cannot_turn_round_is_agreed_with_by_a_negated_clause():
    # A saying: "X said that no P" has no affirmative form the engine could mirror.
    statement = "The Varn ferry company said that no sailings had been cancelled."
    entries = extract_attributions(statement, "The Varn ferry company said no sailings had been cancelled.")
    assert [e["stance"] for e in entries] == ["confirms"]


def test_to_before_a_noun_phrase_ends_what_happened():
    profile = analyse_statement("Two crashes were linked to the Varn brake fault.", {"crashes", "brake", "fault"})
    assert profile.head_keys == (word_keys("linked"),)
    profile = analyse_statement("Residents were ordered to evacuate.", {"residents"})
    assert word_keys("evacuate") in profile.head_keys


def test_what_was_being_done_is_the_point_of_a_while_clause():
    statement = "The Varn skipper was arrested while trying to flee the port."
    assert extract_attributions(statement, "The Varn skipper was arrested on Monday, his lawyer Ana Holm said.") == []
    entries = extract_attributions(statement, "The Varn skipper was arrested as he tried to flee the port, "
                                              "the harbour police said.")
    assert [e["stance"] for e in entries] == ["confirms"]


def test_that_it_happened_again_is_the_point():
    statement = "The Varn ferry had run aground before."
    assert extract_attributions(statement, "The Varn ferry ran aground on Monday, the coastguard said.") == []
    entries = extract_attributions(statement, "The coastguard said the Varn ferry had run aground twice before.")
    assert [e["stance"] for e in entries] == ["confirms"]
    assert not analyse_statement("The Varn ferry ran aground before the storm.").manner_keys


def test_a_death_toll_says_how_many_died():
    entries = extract_attributions("People were killed in the Varn landslide.",
                                   "The death toll from the Varn landslide rose to 7, the county coroner said.")
    assert [e["stance"] for e in entries] == ["confirms"]
