"""Source keys that survive spoofing, and actors known without a registry."""

from __future__ import annotations

import pytest

from config.settings import ScoringSettings
from workers.scoring import score_statement
from workers.scoring.sources import SourceDirectory, fold_source_key, without_bidi_controls


@pytest.mark.parametrize("spelling", [
    "reuters", "Reuters", "REUTERS", "reu\u200bters", "reu\u00adters", "r\u0435uters",  # Cyrillic е
    "ｒｅｕｔｅｒｓ", "re\u200duters", "\ufeffreuters", "reuters\u202e", "reu\u2060ters", "re\u034futers",
    "ʀeuters".replace("ʀ", "r"), "reuters.", " reuters ", "Reuters’s",
])
def test_spellings_of_one_name_fold_to_one_key(spelling):
    assert fold_source_key(spelling) == fold_source_key("reuters") == "reuters"


def test_lookalikes_from_other_scripts_fold_to_the_latin_skeleton():
    assert fold_source_key("Аssосiаtеd Рrеss") == fold_source_key("Associated Press")   # Cyrillic А о с е Р
    assert fold_source_key("Bloomberg") != fold_source_key("Reuters")


@pytest.mark.parametrize("nothing", ["", "   ", "\u200b", "\u00ad\u200b\u200c\u200d", "___", "\u202e\u2066", "!!", "\ufe0f"])
def test_a_name_of_nothing_folds_to_nothing(nothing):
    assert fold_source_key(nothing) == ""


def test_bidi_controls_are_stripped_for_display():
    assert without_bidi_controls("Reu\u202eters\u2066 \u200fAgency\u061c") == "Reuters Agency"
    assert without_bidi_controls("Agence France-Presse") == "Agence France-Presse"


def test_seven_spoofed_reuters_count_as_one_outlet():
    spellings = ["reuters", "reu\u200bters", "reu\u00adters", "r\u0435uters", "ｒｅｕｔｅｒｓ", "Reuters", "REUTERS"]
    result = score_statement({"text": "A dam burst.", "evidence": [
        {"source": s, "stance": "confirms", "quote": f"report {n}"} for n, s in enumerate(spellings)]})

    assert result["counts"]["independent"] == 1


def test_no_bidi_control_reaches_the_explanation():
    result = score_statement({"text": "A dam burst.", "evidence": [
        {"source": "Daily\u202e Planet", "stance": "confirms"},
        {"source": {"id": "x", "name": "Evening\u2067 Star"}, "stance": "denies"}]})

    assert not any(ch in result["explanation"] for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    assert "Daily Planet" in result["explanation"]


def score(text, *evidence, registry=()):
    return score_statement({"text": text, "evidence": list(evidence)}, ScoringSettings(), registry)


def test_names_of_one_state_are_one_actor_without_a_registry():
    result = score(
        "Troops were sent.",
        {"source": "Moscow", "stance": "denies"},
        {"source": "the Kremlin", "stance": "denies"},
        {"source": "Russia's defence ministry", "stance": "denies"},
        {"source": "Pyongyang", "stance": "denies"},
        {"source": "North Korea's foreign ministry", "stance": "denies"},
        {"source": "KCNA", "stance": "denies"},
    )

    assert result["counts"]["independent"] == 2
    reasons = [r for c in result["clusters"] for r in c["reasons"]]
    assert ("KCNA, North Korea's foreign ministry and Pyongyang are one actor: the government of North Korea"
            in reasons)
    assert "Moscow, Russia's defence ministry and the Kremlin are one actor: the government of Russia" in reasons


def test_a_registered_record_overrides_knowledge():
    registry = [{"id": "russia", "name": "Russia", "kind": "government", "aliases": ["Moscow"]},
                {"id": "kremlin-watch", "name": "Kremlin Watch", "kind": "ngo", "aliases": ["the Kremlin"]}]

    result = score("Troops were sent.", {"source": "Moscow", "stance": "denies"},
                   {"source": "the Kremlin", "stance": "denies"},
                   {"source": "Russia's defence ministry", "stance": "denies"}, registry=registry)

    by_source = {s: c for c in result["clusters"] for s in c["sources"]}
    # The alias wins over what the name would mean; other names of Russia join the registered Russia.
    assert set(by_source) == {"russia", "kremlin-watch"}
    assert "Moscow and Russia's defence ministry are one actor: Russia" in by_source["russia"]["reasons"]


def test_a_state_agency_in_the_registry_is_not_taken_for_its_government():
    registry = [{"id": "kcna", "name": "KCNA", "kind": "agency", "affiliations": ["North Korea"]},
                {"id": "north-korea", "name": "North Korea", "kind": "government"}]
    directory = SourceDirectory(registry)

    assert directory.resolve("North Korea's defence ministry").id == "north-korea"
    assert directory.resolve("Pyongyang").id == "north-korea"
    assert directory.resolve("KCNA").id == "kcna"


def test_what_is_no_state_stays_its_own_source():
    directory = SourceDirectory()

    for name in ("Reuters", "Washington Post", "Jordan Peterson", "Maria Lopez", "City General"):
        profile = directory.resolve(name)
        assert profile.actor is None and profile.key == fold_source_key(name)
    assert directory.resolve("Washington").actor == "government:us"


def test_an_unattributed_source_is_not_taken_for_a_government():
    directory = SourceDirectory()

    assert directory.resolve({"id": "Russian officials", "kind": "anonymous"}).actor is None


def test_context_country_gives_an_unnamed_ministry_its_government():
    directory = SourceDirectory(context_country="pt")

    assert directory.resolve("Environment Minister Jane Doe").key == directory.resolve("Lisbon").key
    assert SourceDirectory().resolve("Environment Minister Jane Doe").actor is None


def test_cited_state_names_join_the_state():
    result = score(
        "The plant closed.",
        {"source": "paper-a", "stance": "confirms", "quote": "The plant closed, according to the Kremlin."},
        {"source": "Moscow", "stance": "confirms"},
        {"source": "paper-b", "stance": "confirms", "quote": "Workers said the plant closed."},
    )

    assert result["counts"]["confirming"] == 2


def test_a_state_named_by_demonym_or_metonym_makes_its_government_interested_without_a_registry():
    result = score("Russian troops shelled the town.", {"source": "the Kremlin", "stance": "denies"},
                   {"source": "Reuters", "stance": "confirms"}, {"source": "Kyiv", "stance": "confirms"})

    interested = {s for c in result["clusters"] if c["interested"] for s in c["sources"]}
    assert interested == {"Russia"}
    (denial,) = [c for c in result["clusters"] if c["stance"] == "denies"]
    assert "Russia is an interested party: the statement is about Russia; its denial weighs less" in denial["reasons"]


def test_an_affiliate_of_a_named_state_is_interested_without_the_state_in_the_registry():
    registry = [{"id": "sputnik", "name": "Sputnik Radio Hour", "affiliations": ["Russia"]}]
    result = score("Moscow sent weapons.", {"source": "sputnik", "stance": "denies"}, registry=registry)

    assert result["clusters"][0]["interested"] is True


def test_a_false_friend_makes_no_state_interested():
    result = score("Jordan Peterson gave a talk in the Washington Post building.",
                   {"source": "Jordan", "stance": "denies"}, {"source": "Washington", "stance": "denies"})

    assert not any(c["interested"] for c in result["clusters"])


def test_a_registered_outlet_is_not_taken_for_its_state():
    directory = SourceDirectory([{"id": "rt", "name": "RT", "kind": "outlet"}])

    assert directory.resolve("Moscow").id == "Russia"
    assert directory.resolve("Moscow").key == directory.resolve("the Kremlin").key != directory.resolve("RT").key
