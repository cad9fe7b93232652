"""statement ids are cache keys and saved with every result: the canonical JSON they hash must
stay byte for byte what json.dumps made before the encoder was kept for reuse."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from service.fingerprint import _canonical_json, statement_id

leaves = st.one_of(st.text(), st.integers(), st.floats(allow_nan=False), st.booleans(), st.none(),
                   st.just(datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)))
trees = st.recursive(leaves, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                     st.dictionaries(st.text(max_size=6), inner, max_size=4)),
                     max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(trees)
def test_the_canonical_json_is_what_json_dumps_made(value):
    expected = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    assert _canonical_json(value) == expected


def test_a_statement_id_is_unchanged():
    statement = {"text": "The harbour  reopened.", "evidence": [{"source": "wire", "stance": "confirms"}]}
    # Computed before this change (commit 3f9fbe3).
    assert statement_id(statement, "v1", "secret") == EXPECTED


EXPECTED = "st_9a6b6144d3fccc2c45d60d870118c029c80d96de"
