"""Stance of a single quote toward a statement: each cue, negation, hedges, relevance, junk.

Every sentence here is written for the test; none comes from the seed article.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workers.extraction import STANCES, infer_quote_stance

DRONES = "Iranian drones were used in the attack on Kharkiv."
HACK = "Chinese hackers breached the Dutch defence ministry."
CONCESSIONS = "Poland will make concessions to Russia."


def stance(statement, quote):
    result = infer_quote_stance(statement, quote)
    assert set(result) == {"stance", "confidence", "cue"}
    assert result["stance"] in STANCES
    assert 0.0 <= result["confidence"] <= 1.0
    return result


@pytest.mark.parametrize(
    "quote, expected, cue",
    [
        # confirmations
        ("The Pentagon confirmed that Iranian drones were used in the attack on Kharkiv.", "confirms", "confirmed"),
        ("Dutch intelligence said Chinese hackers breached the Dutch defence ministry.", "confirms", "said"),
        ("Kyiv accused Iran of supplying the drones used in the attack on Kharkiv.", "confirms", "accused"),
        ("The Ukrainian air force noted evidence of Iranian drones in the attack on Kharkiv.", "confirms", "noted evidence"),
        ("According to the Ukrainian air force, Iranian drones were used in the attack on Kharkiv.",
         "confirms", "according to"),
        ("Iranian drones were used in the attack on Kharkiv, said Ukraine's air force.", "confirms", "said"),
        # denials
        ("Tehran denied that Iranian drones were used in the attack on Kharkiv.", "denies", "denied"),
        ("Tehran ruled out any use of Iranian drones in the attack on Kharkiv.", "denies", "ruled out"),
        ("China rejected allegations that Chinese hackers breached the Dutch defence ministry.", "denies", "rejected"),
        ("Full Fact debunked claims that Iranian drones were used in the Kharkiv attack.", "denies", "debunked"),
        ("Claims that Iranian drones were used in the attack on Kharkiv are false.", "denies", "are false"),
        ("The story about Iranian drones in the Kharkiv attack is a hoax.", "denies", "is a hoax"),
        ("No Iranian drones were used in the attack on Kharkiv, Tehran insisted.", "denies", "insisted … no"),
        ("The Dutch government said Chinese hackers did not breach the defence ministry.", "denies", "said … not"),
        ("Poland refused to make concessions to Russia.", "denies", "refused to"),
        # no side
        ("Tehran did not deny that Iranian drones were used in the attack on Kharkiv.", "neutral", "did not deny"),
        ("The Pentagon did not confirm whether Iranian drones were used in the Kharkiv attack.",
         "neutral", "did not confirm"),
        ("A spokesperson for Iran declined to comment on reports that Iranian drones were used in the Kharkiv attack.",
         "neutral", "declined to comment"),
        ("Tehran refused to comment on the use of Iranian drones in the Kharkiv attack.", "neutral", "refused to comment"),
        ("Beijing neither confirmed nor denied that Chinese hackers breached the Dutch defence ministry.",
         "neutral", "neither confirmed nor denied"),
        ("The minister failed to confirm that Chinese hackers had breached the Dutch defence ministry.",
         "neutral", "failed to confirm"),
        ("The Dutch defence ministry stopped short of confirming that Chinese hackers breached its network.",
         "neutral", "stopped short of confirming"),
    ],
)
def test_cues(quote, expected, cue):
    statement = DRONES if "Kharkiv" in quote else HACK if "hackers" in quote else CONCESSIONS
    result = stance(statement, quote)
    assert result["stance"] == expected, result
    assert result["cue"] == cue, result


def test_non_denial_is_not_a_confirmation():
    result = stance(DRONES, "Moscow has not denied that Iranian drones were used in the attack on Kharkiv.")
    assert result["stance"] == "neutral"
    assert "not denied" in result["cue"]


def test_reportedly_is_a_weak_confirmation():
    result = stance(DRONES, "Iranian drones were reportedly used in the attack on Kharkiv.")
    assert result == {"stance": "confirms", "confidence": result["confidence"], "cue": "reportedly"}
    assert result["confidence"] < 0.5
    named = stance(DRONES, "The Pentagon said Iranian drones were used in the attack on Kharkiv.")
    assert named["confidence"] > result["confidence"]


def test_unnamed_sources_are_weak():
    result = stance(DRONES, "Sources said Iranian drones were used in the Kharkiv attack.")
    assert result["stance"] == "confirms"
    assert result["cue"] == "sources said"
    assert result["confidence"] < 0.5


@pytest.mark.parametrize(
    "quote, hedge",
    [
        ("Officials worried about the potential use of Iranian drones in attacks on Kharkiv.", "potential"),
        ("Kyiv raised the possibility that Iranian drones were used in the attack on Kharkiv.", "possibility"),
        ("The Pentagon said it was unclear whether Iranian drones were used in the attack on Kharkiv.", "whether"),
    ],
)
def test_hypotheticals_take_no_side(quote, hedge):
    result = stance(DRONES, quote)
    assert result["stance"] == "neutral"
    assert hedge in result["cue"]


def test_weak_modal_lowers_confidence():
    firm = stance(HACK, "Dutch intelligence said Chinese hackers breached the Dutch defence ministry.")
    soft = stance(HACK, "Dutch intelligence said Chinese hackers may have breached the Dutch defence ministry.")
    assert soft["stance"] == "confirms"
    assert soft["confidence"] < firm["confidence"]


def test_denying_a_negation_is_no_denial():
    result = stance(DRONES, "Kyiv denied that no Iranian drones were used in the attack on Kharkiv.")
    assert result["stance"] == "confirms"
    assert result["confidence"] < 0.85


def test_speaker_speaking_of_itself_counts_as_the_subject():
    # "its drones": Tehran speaks of Iran's drones without naming Iran.
    result = stance(DRONES, "Tehran denied that its drones were used in the attack on Kharkiv.")
    assert result["stance"] == "denies"


def test_no_doubt_is_not_a_negation():
    result = stance(HACK, "Dutch officials said there was no doubt that Chinese hackers breached the defence ministry.")
    assert result["stance"] == "confirms"


@pytest.mark.parametrize(
    "quote",
    [
        "The weather in Lisbon was pleasant on Tuesday.",
        "Chinese hackers stole recipes from a bakery in Amsterdam, police said.",  # same subject, other claim
        "Tehran denied that it had raised fuel prices.",
        "The drones were launched from Belgorod, officials said.",  # no subject, too little overlap
    ],
)
def test_irrelevant_quote_is_neutral_with_low_confidence(quote):
    statement = HACK if "hackers" in quote else DRONES
    result = stance(statement, quote)
    assert result["stance"] == "neutral"
    assert result["confidence"] <= 0.2


def test_refusal_of_an_action_denies_only_that_action():
    assert stance(CONCESSIONS, "Poland refused to make any concessions to Russia, the prime minister said.")[
        "stance"] == "denies"
    assert stance(CONCESSIONS, "Poland said it would make concessions to Russia.")["stance"] == "confirms"


@pytest.mark.parametrize(
    "quote",
    ["", "   ", "\x00\xff\ufffd ### %%%", "Иранские беспилотники были использованы при атаке на Харьков.",
     "伊朗无人机被用于袭击哈尔科夫。", "." * 50_000, "said " * 20_000],
)
def test_junk_and_foreign_text_is_neutral(quote):
    result = stance(DRONES, quote)
    assert result["stance"] == "neutral"
    assert result["confidence"] <= 0.2


@pytest.mark.parametrize("bad", [None, 42, b"\xff\xfe", ["list"]])
def test_wrong_types_do_not_raise(bad):
    assert infer_quote_stance(DRONES, bad)["stance"] == "neutral"
    assert infer_quote_stance(bad, "Tehran denied it.")["stance"] == "neutral"


CUE_WORDS = st.sampled_from(
    """said denied confirmed did not deny ruled out declined to comment refused to reportedly
    according to is false hoax accused noted evidence which both and Iranian drones Kharkiv
    attack used Tehran Kyiv , . the no not potential whether “ ” 's""".split()
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(statement=st.text(max_size=200), quote=st.text(max_size=2000))
def test_arbitrary_text_never_raises(statement, quote):
    stance(statement, quote)


@settings(max_examples=300, deadline=None)
@given(words=st.lists(CUE_WORDS, max_size=60))
def test_cue_soup_never_raises(words):
    result = stance(DRONES, " ".join(words))
    if not words:
        assert result["stance"] == "neutral"
