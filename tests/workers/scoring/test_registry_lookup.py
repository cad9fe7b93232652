"""Scoring through a registry looked up by key gives the result the whole registry gives."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workers.scoring import score_statement
from workers.scoring.sources import RegistryIndex, SourceDirectory, fold_source_key, index_entries, mention_keys

from .registries import worlds

COMPUTED_AT = datetime(2026, 1, 1, tzinfo=timezone.utc)


class CountingIndex(RegistryIndex):
    """A RegistryIndex that remembers which records it handed out."""

    def __init__(self, records):
        super().__init__(records)
        self.handed_out: set[str] = set()

    def find(self, keys, states):
        found = super().find(keys, states)
        self.handed_out |= {record["id"] for record in found}
        return found


@settings(max_examples=300, deadline=None)
@given(world=worlds())
def test_a_lookup_scores_as_the_whole_registry_does(world):
    registry, statement = world
    whole = score_statement(statement, registry=registry, computed_at=COMPUTED_AT)
    looked_up = score_statement(statement, registry=RegistryIndex(registry), computed_at=COMPUTED_AT)
    assert looked_up == whole


@settings(max_examples=100, deadline=None)
@given(world=worlds(), order=st.randoms())
def test_the_order_records_are_found_in_changes_nothing(world, order):
    registry, statement = world
    # A repeated id keeps its last copy, as in the whole list; shuffling would change which.
    unique = list({record["id"]: record for record in registry}.values())
    order.shuffle(unique)
    assert (score_statement(statement, registry=RegistryIndex(unique), computed_at=COMPUTED_AT)
            == score_statement(statement, registry=list(reversed(unique)), computed_at=COMPUTED_AT))


def test_a_lookup_fetches_only_what_the_statement_names():
    registry = [{"id": f"outlet-{n}", "name": f"Outlet {n}", "kind": "outlet"} for n in range(500)]
    registry += [{"id": "russia", "name": "Russia", "kind": "government"},
                 {"id": "rt", "name": "RT", "kind": "outlet", "affiliations": ["Russia"]}]
    index = CountingIndex(registry)
    statement = {"text": "Outlet 7 reported that troops were sent.", "evidence": [
        {"source": "outlet-3", "stance": "confirms"}, {"source": "rt", "stance": "denies"},
        {"source": "Moscow", "stance": "denies"}]}

    result = score_statement(statement, registry=index, computed_at=COMPUTED_AT)

    assert result == score_statement(statement, registry=registry, computed_at=COMPUTED_AT)
    assert index.handed_out == {"outlet-3", "outlet-7", "rt", "russia"}


def test_records_sharing_a_folded_id_are_fetched_together():
    # "AP" and "ap" fold to one key, which the later of the two wins, names and all: the whole
    # registry knows no "Associated Press", though a lookup finds a record by that name.
    registry = [{"id": "AP", "name": "Associated Press"}, {"id": "ap", "name": "A.P. wire", "kind": "agency"}]

    for directory in SourceDirectory(registry), SourceDirectory(RegistryIndex(registry)):
        assert not directory.resolve("Associated Press").registered
        assert directory.resolve("AP").name == "A.P. wire"


def test_a_record_the_statement_mentions_is_fetched_for_the_names_it_shares():
    # Only the mention of "Port Authority" fetches the record that shares "HP" with the source,
    # which makes the source an interested party.
    registry = [{"id": "harbour-press", "name": "Harbour Press", "aliases": ["HP"]},
                {"id": "port-authority", "name": "Port Authority", "aliases": ["HP"]}]
    statement = {"text": "The Port Authority let the shipment leave.",
                 "evidence": [{"source": "harbour-press", "stance": "denies"}]}

    result = score_statement(statement, registry=RegistryIndex(registry), computed_at=COMPUTED_AT)

    assert result == score_statement(statement, registry=registry, computed_at=COMPUTED_AT)
    assert result["clusters"][0]["interested"]


def test_the_state_index_holds_every_state_a_record_names():
    names, states, word_counts = index_entries(
        {"id": "mod-ru", "name": "Russian Ministry of Defence", "aliases": ["Pyongyang", "!!"]})

    assert names == {fold_source_key(name) for name in ("mod-ru", "Russian Ministry of Defence", "Pyongyang")}
    assert states == {"government:ru", "government:kp"}
    assert sorted(word_counts) == [1, 2, 4]


def test_mention_keys_are_the_folded_word_ngrams():
    assert mention_keys("The Daily Planet's report.", [2]) == {"the daily", "daily planet", "planet report"}
    assert mention_keys("One.", [0, 3]) == set()


def test_a_lookup_refuses_a_context_country():
    # Its state index was filed without one, so it could miss a state's record.
    with pytest.raises(ValueError):
        SourceDirectory(RegistryIndex([]), context_country="pt")
