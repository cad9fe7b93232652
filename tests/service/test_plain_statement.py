"""schemas.plain_statement, the cached POST's validator without marshmallow, against
StatementSchema: whatever it accepts, marshmallow accepts and loads to the same statement (keys
in the same order); whatever else, it leaves to marshmallow (None)."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from marshmallow import ValidationError

from service.schemas import STANCES, StatementSchema, plain_statement

DEFAULT = StatementSchema()
# Small limits, so that generated bodies cross them.
TIGHT = StatementSchema(max_text_chars=12, max_evidence=3, max_quotes=1, max_statement_chars=30)

def mostly(usual, *odd):
    """Usually (9 in 10) a valid value, now and then an odd one: both kinds of body get tested."""
    return st.integers(0, 9).flatmap(lambda draw: usual if draw else st.one_of(*odd))


texts = mostly(st.sampled_from(["A claim.", " A claim ", "x" * 12, "Ünïcode claim"]),
               st.text(max_size=16), st.sampled_from(["", " ", " \t", "x" * 13]), st.integers(), st.none())
source_ids = mostly(st.sampled_from(["wire", " wire ", "x" * 200, " " + "x" * 200 + " "]),
                    st.sampled_from(["", " ", "x" * 201]), st.text(max_size=8), st.integers(), st.none(),
                    st.fixed_dictionaries({"id": st.just("wire")}))
stances = mostly(st.sampled_from(STANCES), st.sampled_from(["CONFIRMS", "", "maybe"]), st.none(), st.integers())
quotes = mostly(st.sampled_from(["They said so.", " q ", "q" * 10_000]),
                st.sampled_from(["", "  ", "q" * 10_001]), st.text(max_size=12), st.none(), st.integers())
cites = mostly(st.lists(st.sampled_from(["wire", "ap", "x" * 200]), max_size=4),
               st.lists(st.one_of(st.sampled_from(["", " ", "x" * 201]), st.text(max_size=4), st.integers()),
                        max_size=4),
               st.lists(st.just("c"), min_size=50, max_size=51), st.just("wire"), st.none())
extra = st.one_of(st.just("url"), st.just("published_at"), st.just("documents"), st.just("Stance"),
                  st.text(max_size=5))
values = st.one_of(st.just("https://example.org/a"), st.just("2024-01-02T03:04:05Z"), st.none(), st.text(max_size=5))


@st.composite
def evidence_items(draw):
    item = {}
    for name, strategy in (("source", source_ids), ("stance", stances), ("quote", quotes), ("cites", cites)):
        if draw(st.integers(0, 19)) < (19 if name == "source" else 10):
            item[name] = draw(strategy)
    if draw(st.integers(0, 19)) == 0:
        item[draw(extra)] = draw(values)
    keys = list(item)
    order = draw(st.permutations(keys))
    return {key: item[key] for key in order} if draw(st.booleans()) else item


@st.composite
def bodies(draw):
    body = {}
    if draw(st.integers(0, 9)) > 0:
        body["text"] = draw(texts)
    if draw(st.integers(0, 9)) > 0:
        body["evidence"] = draw(mostly(st.lists(evidence_items(), max_size=4),
                                       st.lists(st.one_of(evidence_items(), st.just("wire"), st.none()), max_size=4),
                                       st.none(), st.just({})))
    if draw(st.integers(0, 9)) == 0:
        body[draw(extra)] = draw(values)
    if draw(st.booleans()):
        body = dict(reversed(list(body.items())))
    return body if draw(st.integers(0, 19)) > 0 else draw(st.one_of(st.lists(st.integers(), max_size=2), st.text(max_size=3)))


def marshmallow(raw, schema):
    try:
        return schema.dump(schema.load(raw))
    except ValidationError:
        return None


def ordered(value) -> str:
    return json.dumps(value)  # not sorted: the order of keys counts


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=bodies(), tight=st.booleans())
@example(raw={"text": "A claim.", "evidence": [{"stance": "confirms", "source": " wire "}]}, tight=False)
@example(raw={"text": "A claim.", "evidence": [{"source": "wire", "quote": " "}]}, tight=False)
@example(raw={"text": "A claim.", "evidence": [{"source": "a", "quote": "q"}, {"source": "b", "quote": "q"}]}, tight=True)
def test_what_the_plain_validator_accepts_marshmallow_loads_the_same(raw, tight):
    schema = TIGHT if tight else DEFAULT
    plain = plain_statement(raw, schema)
    if plain is not None:
        assert ordered(plain) == ordered(marshmallow(raw, schema))


COMMON = [
    {"text": "The harbour reopened on Monday."},
    {"text": "The harbour reopened.", "evidence": []},
    {"text": "The harbour reopened.", "evidence": [
        {"source": "reuters", "stance": "confirms", "quote": "It reopened, officials said."},
        {"source": " ap ", "stance": "denies"},
        {"quote": "A quote to infer a stance from.", "source": "wire"},
        {"source": "daily-planet", "stance": "neutral", "cites": ["reuters", "reuters"]},
    ]},
]


def test_the_common_statements_take_the_plain_path_to_the_same_statement():
    for raw in COMMON:
        assert plain_statement(raw, DEFAULT) is not None, raw
        assert ordered(plain_statement(raw, DEFAULT)) == ordered(marshmallow(raw, DEFAULT))


def test_anything_unusual_is_left_to_marshmallow():
    statement = {"text": "The harbour reopened.", "evidence": [{"source": "wire", "stance": "confirms"}]}
    unusual = [
        {**statement, "documents": []},
        {**statement, "evidence": [{"source": {"id": "wire"}, "stance": "confirms"}]},
        {**statement, "evidence": [{"source": "wire", "stance": "confirms", "url": "https://example.org"}]},
        {**statement, "evidence": [{"source": "wire"}]},  # invalid: no stance, no quote
        {**statement, "text": " "},
        {**statement, "surprise": 1},
    ]
    for raw in unusual:
        assert plain_statement(raw, DEFAULT) is None, raw
