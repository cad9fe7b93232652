"""Coreference on invented sources: pronouns and definite descriptions resolve to earlier names."""

from workers.attribution.coreference import Discourse


def test_she_is_the_last_person_named():
    text = "Ana Ruiz said the dam held. Later she said more rain was coming."
    discourse = Discourse(text)
    assert discourse.speaker("Ana Ruiz", 0) == "Ana Ruiz"
    assert discourse.speaker("she", text.index("she")) == "Ana Ruiz"


def test_an_appositive_role_resolves_a_description_to_the_person():
    text = ("Tomas Berg, the league's treasurer, said the accounts balanced. "
            "The treasurer later said an audit would follow.")
    discourse = Discourse(text)
    discourse.speaker("Tomas Berg, the league's treasurer", 0)
    assert discourse.speaker("The treasurer", text.index("The treasurer")) == "Tomas Berg"


def test_a_short_description_resolves_to_the_fuller_phrase_before_it():
    text = ("Lena Ortiz, a spokeswoman for the harbour authority, said the pier was closed. "
            "The authority said it would reopen on Monday.")
    discourse = Discourse(text)
    assert discourse.speaker("Lena Ortiz, a spokeswoman for the harbour authority", 0) == "Lena Ortiz"
    assert discourse.speaker("The authority", text.index("The authority")) == "the harbour authority"


def test_the_role_of_a_person_named_in_passing_is_found():
    text = "Kofi Mensah, the group's coordinator, arrived on Tuesday. The coordinator said talks had failed."
    discourse = Discourse(text)
    assert discourse.speaker("The group's coordinator", text.index("The coordinator")) == "Kofi Mensah"


def test_an_organisation_is_named_without_its_article_and_it_refers_to_it():
    text = "The Northern Rail Company said trains were late. It said the cause was a fault."
    discourse = Discourse(text)
    assert discourse.speaker("The Northern Rail Company", 0) == "Northern Rail Company"
    assert discourse.speaker("It", text.index("It said")) == "Northern Rail Company"


def test_a_pronoun_with_nothing_before_it_is_unresolved():
    assert Discourse("He said no.").speaker("He", 0) is None


def test_a_capitalised_fuller_phrase_is_the_organisation_s_name():
    text = "A statement from the Hadley Water Board arrived. The board said supplies were safe."
    assert Discourse(text).speaker("The board", text.index("The board")) == "Hadley Water Board"


def test_a_relative_pronoun_is_the_name_before_its_comma():
    text = "Harbour Rail, which runs the line, said the trains were late."
    assert Discourse(text).speaker("which", text.index("which")) == "Harbour Rail"
