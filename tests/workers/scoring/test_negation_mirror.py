"""Metamorphic: a statement and its negation, read from the same evidence, get mirrored counts."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from workers.scoring import score_statement

SUBJECTS = ["The Harlan dam", "The Orsk refinery", "Mayor Ilsa Brandt", "The Tesmar regiment"]
EVENTS = [("release", "released", "floodwater into the valley"),
          ("close", "closed", "its northern gate on Monday"),
          ("sign", "signed", "the grain export agreement"),
          ("move", "moved", "heavy artillery towards the border")]
QUOTES = [
    "{speaker} said {subject} {past} {rest}.",
    "{speaker} confirmed that {subject} had {past} {rest}.",
    "{speaker} denied that {subject} {past} {rest}.",
    "{speaker} said {subject} did not {verb} {rest}.",
    "{speaker} declined to comment on whether {subject} {past} {rest}.",
    "“{subject} {past} {rest},” {speaker} said.",
    "{subject} {past} {rest}, according to {speaker}.",
]
SPEAKERS = ["Engineers", "The water authority", "Police chief Anna Vey", "A local newspaper",
            "The defence ministry", "Residents", "Sources close to the talks"]
NEGATIONS = ["{subject} did not {verb} {rest}.", "{subject} never {past} {rest}."]
VERDICT_MIRROR = {"corroborated": "refuted", "refuted": "corroborated"}
MIRROR = {"confirming": "denying", "denying": "confirming", "neutral": "neutral",
          "unattributed": "unattributed", "independent": "independent", "reports": "reports"}


@settings(max_examples=40, deadline=None)
@given(
    subject=st.sampled_from(SUBJECTS),
    event=st.sampled_from(EVENTS),
    negation=st.sampled_from(NEGATIONS),
    quotes=st.lists(st.tuples(st.sampled_from(SPEAKERS), st.sampled_from(QUOTES)), min_size=1, max_size=6),
)
def test_a_statement_and_its_negation_get_mirrored_counts(subject, event, negation, quotes):
    verb, past, rest = event
    affirmative = f"{subject} {past} {rest}."
    negated = negation.format(subject=subject, verb=verb, past=past, rest=rest)
    evidence = [{"source": f"outlet-{n}", "quote": template.format(speaker=speaker, subject=subject,
                                                                    verb=verb, past=past, rest=rest)}
                for n, (speaker, template) in enumerate(quotes)]

    yes = score_statement({"text": affirmative, "evidence": evidence})
    no = score_statement({"text": negated, "evidence": evidence})

    assert {MIRROR[k]: v for k, v in yes["counts"].items()} == no["counts"]
    # One source never corroborates: "not X" after X is refuted by one denial stays unverified.
    assert no["verdict"] in ({"corroborated", "unverified"} if yes["verdict"] == "refuted"
                             else {VERDICT_MIRROR.get(yes["verdict"], yes["verdict"])})
    assert abs(yes["score"] - (1 - no["score"])) < 1e-6
    for a, b in zip(yes["evidence"], no["evidence"]):
        assert {"confirms": "denies", "denies": "confirms"}.get(a["stance"], a["stance"]) == b["stance"]


def test_given_stances_are_not_mirrored_the_caller_judged_them_against_the_statement():
    evidence = [{"source": "a", "stance": "confirms"}, {"source": "b", "stance": "confirms"}]

    result = score_statement({"text": "The dam did not release water.", "evidence": evidence})

    assert result["counts"]["confirming"] == 2


def test_an_interested_partys_side_weighs_less_whichever_way_the_statement_is_worded():
    # The regulator finds the mill polluted the river; the mill (the accused) says it did not.
    evidence = [{"source": "Tarn River Authority", "quote": "The Tarn River Authority said the Brenna Mill polluted the river."},
                {"source": "Brenna Mill", "quote": "Brenna Mill denied that the Brenna Mill polluted the river."}]

    yes = score_statement({"text": "The Brenna Mill polluted the river.", "evidence": evidence})
    no = score_statement({"text": "The Brenna Mill did not pollute the river.", "evidence": evidence})

    assert (yes["counts"]["confirming"], yes["counts"]["denying"]) == (1, 1)
    assert (no["counts"]["confirming"], no["counts"]["denying"]) == (1, 1)
    assert yes["verdict"] == no["verdict"] == "contested"


def test_one_independent_denial_does_not_corroborate_the_negation():
    evidence = [{"source": "Tarn River Authority", "quote": "The Tarn River Authority denied that the Brenna Mill polluted the river."}]

    yes = score_statement({"text": "The Brenna Mill polluted the river.", "evidence": evidence})
    no = score_statement({"text": "The Brenna Mill did not pollute the river.", "evidence": evidence})

    assert yes["verdict"] == "refuted" and no["verdict"] == "unverified"
