"""Who people and descriptions speak for, read from the article that names them."""

from __future__ import annotations

from workers.extraction import extract_attributions
from workers.extraction.attribution import _ArticleActors

STATEMENT = "The Dunvale water plant released sewage into the Arle river."


def sources(text: str, statement: str = STATEMENT) -> set[tuple[str, str]]:
    return {(e["source"], e["stance"]) for e in extract_attributions(statement, text)}


def test_a_person_introduced_with_an_organisation_speaks_for_it_later():
    actors = _ArticleActors("Nadia Ferro, a spokeswoman for Arle Water Company, said the pumps failed. "
                            "Later Ferro said repairs had begun.")
    assert actors.speaks_for("Ferro", 90) == "Arle Water Company"
    assert actors.speaks_for("Nadia Ferro", 90) == "Arle Water Company"


def test_a_definite_description_is_the_last_organisation_with_its_head_word():
    text = "Regulators fined Pellham Bank on Monday. The bank said it would appeal."
    assert _ArticleActors(text).speaks_for("The bank", text.index("said")) == "Pellham Bank"


def test_the_company_is_the_last_company_named_not_a_public_body():
    text = ("Sewage flowed from the plant run by Corvane Utilities, the Arle Environment Agency said. "
            "The company said the spill was small.")
    actors = _ArticleActors(text)
    assert actors.speaks_for("the company", text.index("The company")) == "Corvane Utilities"


def test_a_possessive_body_takes_the_fuller_name_of_its_organisation():
    text = "Staff at Hollin Royal Infirmary were told on Friday. Iris Kade, chair of the Hollin board, said so."
    assert _ArticleActors(text).people["Kade"] == "Hollin Royal Infirmary"


def test_a_capitalised_first_word_is_no_organisation():
    actors = _ArticleActors("“We did not release anything,” the operator said.")
    assert actors.speaks_for("the operator", 40) == "the operator"


def test_a_state_speaking_of_its_own_act_under_another_name_is_read_for_the_claim():
    text = "Moscow denied that any troops had been moved into the border region."
    assert sources(text, "Russia moved troops into the border region.") == {("Moscow", "denies")}


def test_a_state_named_as_the_object_is_not_the_subject():
    text = "The Kremlin said no concessions were planned."
    assert sources(text, "Poland will make concessions to Russia.") == set()


def test_a_name_may_end_in_a_number():
    text = "On Monday the Friends of Pier 4 said the Dunvale water plant had released sewage into the Arle river."
    assert sources(text) == {("Friends of Pier 4", "confirms")}


def test_a_name_before_its_description_is_the_source():
    text = "Floodwater reached the old town on Friday, Hesk Water, the company that runs the dam, said."
    assert sources(text, "Floodwater reached the old town.") == {("Hesk Water", "confirms")}


def test_lower_case_words_before_a_name_describe_it():
    text = "The sewage came from the Dunvale water plant, the regional operator Corvane said."
    assert {source for source, _ in sources(text, "Sewage came from the Dunvale water plant.")} == {"Corvane"}


def test_a_named_source_with_a_described_role_is_read_for_its_claim():
    text = "Nadia Ferro, the utility's spokeswoman, said the Dunvale water plant had released sewage into the Arle river."
    assert sources(text) == {("Nadia Ferro", "confirms")}
