"""The learned extractor on sentences invented for these tests (not from any corpus)."""

from __future__ import annotations

import os
import time

import pytest

from workers.attribution import Attribution, Span, find_attributions


def _only(text: str) -> Attribution:
    found = find_attributions(text)
    assert len(found) == 1, [a.as_dict() for a in found]
    return found[0]


def _offsets_hold(text: str, found: list[Attribution]) -> None:
    for attribution in found:
        for span in (attribution.source, attribution.cue, attribution.content):
            if span is not None:
                assert text[span.start:span.end] == span.text


def test_a_quote_before_an_inverted_said_with_an_appositive():
    text = "“We found no evidence of tampering,” said Rosa Almeida, a spokeswoman for the transit board."
    attribution = _only(text)
    assert attribution.cue.text == "said"
    assert "Rosa Almeida" in attribution.source.text
    assert attribution.speaker == "Rosa Almeida"
    assert "no evidence of tampering" in attribution.content.text


def test_a_title_and_an_appositive_before_the_cue():
    text = "Prof. Ingrid Solberg, head of cardiology at Westmoor Clinic, confirmed that two nurses had resigned."
    attribution = _only(text)
    assert attribution.cue.text == "confirmed"
    assert "Ingrid Solberg" in attribution.source.text and "Ingrid Solberg" in attribution.speaker
    assert attribution.content.text.endswith("two nurses had resigned")


def test_pronouns_and_descriptions_resolve_to_earlier_actors():
    text = ("Omar Farouk, the union's negotiator, said the strike would go ahead. "
            "Later he said talks could resume next week.\n"
            "The Hadley Water Board said supplies were safe. The board said tests would continue.")
    found = find_attributions(text)
    _offsets_hold(text, found)
    speakers = [a.speaker for a in found]
    assert speakers[:2] == ["Omar Farouk", "Omar Farouk"]
    assert speakers[2:] == ["Hadley Water Board", "Hadley Water Board"]


def test_a_dateline_is_never_a_source():
    text = "OPORTO, Portugal (Douro Wire) - The fire brigade said the blaze was under control by dawn."
    found = find_attributions(text)
    assert found and all("OPORTO" not in (a.source.text if a.source else "") for a in found)
    assert all(a.speaker in (None, "fire brigade", "The fire brigade") for a in found)


def test_every_attribution_in_text_order():
    text = ("The mayor said the bridge was closed. Police told residents to stay indoors. "
            "According to the weather service, the storm will pass by noon.")
    found = find_attributions(text)
    assert len(found) == 3
    assert [a.cue.start for a in found] == sorted(a.cue.start for a in found)
    assert found[2].cue.text.lower().startswith("according")
    _offsets_hold(text, found)


def test_as_dict_has_the_wire_shape():
    attribution = Attribution(None, Span("said", 3, 7), Span("yes", 8, 11), None)
    assert attribution.as_dict() == {"source": None, "cue": {"text": "said", "start": 3, "end": 7},
                                     "content": {"text": "yes", "start": 8, "end": 11}, "speaker": None}


@pytest.mark.parametrize("text", [
    "",
    "   \n\n ",
    "Der Bürgermeister sagte, die Brücke sei gesperrt. La policía dijo que no hubo heridos.",
    "<html><head><script>var said = 'x';</script></head><body><p>a</p>" * 50 + "</body></html>",
    "said " * 40_000,
    "He said no, she said yes, they said maybe, " * 4_000,
    os.urandom(100_000).decode("latin-1"),
    "x" * 200_000,
])
def test_bad_input_never_crashes_or_hangs(text):
    started = time.perf_counter()
    found = find_attributions(text)
    assert time.perf_counter() - started < 20
    _offsets_hold(text, found)


def test_non_text_gives_nothing():
    assert find_attributions(None) == [] and find_attributions(b"said") == []


def test_a_quotation_split_by_its_cue_is_one_content():
    text = "“We will appeal the ruling,” said Dana Whitfield, the group’s lawyer, “and we expect to win.”"
    attribution = _only(text)
    assert attribution.cue.text == "said"
    assert "Dana Whitfield" in attribution.source.text
    assert "appeal the ruling" in attribution.content.text and "expect to win" in attribution.content.text


def test_the_per_cue_tagger_finds_the_subject_of_a_participle():
    from workers.attribution import crf
    from workers.attribution.features import token_features
    from workers.attribution.sources import source_for_cue
    from workers.attribution.text import paragraphs

    text = "The minister criticised the budget on Monday, calling it a gift to landlords."
    tokens = paragraphs(text)[0]
    cue = next(i for i, t in enumerate(tokens) if t.text == "calling")
    cue_tags = ["B" if i == cue else "O" for i in range(len(tokens))]
    found = source_for_cue(tokens, token_features(tokens, crf.cue_lexicon()), cue_tags, (cue, cue))
    assert found is not None
    assert text[tokens[found[0]].start:tokens[found[1]].end] == "The minister"


def test_a_cue_ending_its_paragraph_with_a_colon_takes_the_next_paragraph():
    text = ("The harbour master, Ines Calloway, added:\n\n"
            "“The quay will stay closed until the divers have checked every pier.”")
    found = [a for a in find_attributions(text) if a.cue.text.startswith("added")]
    assert found, [a.as_dict() for a in find_attributions(text)]
    assert "divers have checked every pier" in found[0].content.text


def test_linker_rules_for_passive_and_according_to_cues():
    from workers.attribution.pipeline import _according_to, _by_agent, _passive, _words_after
    from workers.attribution.text import paragraphs

    tokens = paragraphs("The mayor was criticized by local farmers for the delay.")[0]
    words = [t.text for t in tokens]
    cue = (words.index("was"), words.index("criticized"))
    assert _passive(tokens, cue)
    first, last = _by_agent(tokens, cue)
    assert " ".join(words[first:last + 1]) == "local farmers for the delay"
    active = paragraphs("The mayor criticized the farmers.")[0]
    assert not _passive(active, (2, 2))
    according = paragraphs("Prices rose, according to the port authority, by two percent.")[0]
    words = [t.text for t in according]
    cue = (words.index("according"), words.index("to"))
    assert _according_to(according, cue)
    first, last = _words_after(according, cue[1] + 1)
    assert " ".join(words[first:last + 1]) == "the port authority"
